"""The annex tables of the renderer: assignment table, indicator table, any other table (bảng phụ lục)."""

from __future__ import annotations

import re

from .xmlbuild import CM, Style, TableCell, paragraph, run, table

_ROMAN_RE = re.compile(r"^[IVXLC]+$")


def task_table(rows: list[dict], width: int) -> str:
    """The assignment table: STT, Nội dung, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian hoàn thành."""
    widths = [int(1.2 * CM), 0, int(3.1 * CM), int(3.1 * CM), int(2.5 * CM)]
    widths[1] = width - sum(widths)
    head = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    cell_style = Style(align="center", before=2, after=2)
    text_style = Style(align="left", before=2, after=2)
    out = [[TableCell(paragraph(run(h, bold=True, size=12), cell_style)) for h in head]]
    for row in rows:
        values = [row.get(k) or "" for k in ("stt", "content", "lead", "cooperating", "deadline_text")]
        if not any(values[2:]) and values[1]:
            text = f"{values[0]}. {values[1]}" if values[0] else values[1]
            out.append([TableCell(paragraph(run(text, bold=True, size=12), text_style), span=5)])
            continue
        out.append([
            TableCell(paragraph(run(values[0], size=12), cell_style)),
            TableCell(paragraph(run(values[1], size=12), text_style)),
            *(TableCell(paragraph(run(v, size=12), cell_style)) for v in values[2:]),
        ])
    return table(widths, out, borders=True, header_rows=1)


def indicator_table(annex: dict, width: int) -> str:
    """The indicator table: STT, Chỉ tiêu, Đơn vị tính, one column per period (under a group header), Ghi chú."""
    periods = list(annex.get("periods") or [])
    note = bool(annex.get("has_note"))
    n = len(periods)
    small = int(2.1 * CM) if n > 2 else int(2.5 * CM)
    widths = [int(1.2 * CM), 0, int(2.2 * CM)] + [small] * n + ([small] if note else [])
    widths[1] = max(int(4 * CM), width - sum(widths))
    cs = Style(align="center", before=2, after=2)
    ts = Style(align="left", before=2, after=2)

    def head(text):
        return paragraph(run(text, bold=True, size=12), cs)

    group = annex.get("period_group") or ""
    if group and n:
        top = [TableCell(head("STT"), vmerge="restart"), TableCell(head("Chỉ tiêu"), vmerge="restart"),
               TableCell(head("Đơn vị tính"), vmerge="restart"), TableCell(head(group), span=n)]
        bottom = [TableCell("", vmerge="continue") for _ in range(3)] + [TableCell(head(p)) for p in periods]
        if note:
            top.append(TableCell(head("Ghi chú"), vmerge="restart"))
            bottom.append(TableCell("", vmerge="continue"))
        rows = [top, bottom]
    else:
        rows = [[TableCell(head(h)) for h in ["STT", "Chỉ tiêu", "Đơn vị tính", *periods] + (["Ghi chú"] if note else [])]]
    header_rows = len(rows)
    for item in annex.get("rows") or []:
        stt = item.get("stt") or ""
        bold = bool(_ROMAN_RE.match(stt))
        values = list(item.get("values") or [])[:n]
        values += [None] * (n - len(values))
        cells = [
            TableCell(paragraph(run(stt, bold=bold, size=12), cs)),
            TableCell(paragraph(run(item.get("label") or "", bold=bold, size=12), ts)),
            TableCell(paragraph(run(item.get("unit") or "", size=12), cs)),
            *(TableCell(paragraph(run(v or "", size=12), cs)) for v in values),
        ]
        if note:
            cells.append(TableCell(paragraph(run(item.get("note") or "", size=12), cs)))
        rows.append(cells)
    return table(widths, rows, borders=True, header_rows=header_rows)


def plain_table(annex: dict, width: int) -> str:
    """Any other annex table: a header row and its cells."""
    header = list(annex.get("header") or [])
    cells = [list(r) for r in annex.get("cells") or []]
    ncols = max([len(header)] + [len(r) for r in cells] + [1])
    widths = [width // ncols] * ncols
    cs = Style(align="center", before=2, after=2)
    rows = []
    if header:
        rows.append([TableCell(paragraph(run(h or "", bold=True, size=12), cs)) for h in header + [""] * (ncols - len(header))])
    for r in cells:
        rows.append([TableCell(paragraph(run(v or "", size=12), cs)) for v in r + [""] * (ncols - len(r))])
    return table(widths, rows, borders=True, header_rows=1 if header else 0)
