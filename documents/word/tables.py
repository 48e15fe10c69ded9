"""Annex tables: the assignment table (bảng phân công nhiệm vụ) and the indicator table (bảng tổng hợp).

Columns are found by the words of their header, never by position:
``STT``/``TT``, ``Nội dung``/``Nhiệm vụ``, ``chủ trì``, ``phối hợp``,
``Thời gian``/``Thời hạn``/``hoàn thành``; for indicators ``Chỉ tiêu``,
``Đơn vị tính``/``ĐVT``, ``Ghi chú`` and the period columns (``Năm 2021`` …),
possibly under a merged group header (``Kết quả``). Headers may take two
rows; a header repeated on each page and a row of column numbers
(``(1) (2) (3)``) are skipped. Cells merged down (``vMerge``) repeat the
value above; a group row merged across the columns (``I. NÂNG CAO NHẬN
THỨC …``) gives its number and its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ooxml import Cell, Table, collapse, fold

_NUM_RE = re.compile(r"^\(?\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]?\s*\)?$")
_LEADING_NUM_RE = re.compile(r"^(?P<stt>[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z])\s*[.)\-–:]\s*(?P<rest>\S.*)$")
_COLUMN_NUMBER_RE = re.compile(r"^\(?\s*(?:\d{1,2}|[A-Z])\s*\)?(?:\s*=\s*.*)?$")


def _is_stt(folded: str) -> bool:
    return folded in {"STT", "TT", "SO TT", "SO THU TU", "S TT"} or folded.startswith(("STT", "SO TT"))


@dataclass
class Layout:
    """Where each field of a table sits (grid column indices) and how many rows the header takes."""

    kind: str  # "tasks" or "indicators"
    header_rows: int
    ncols: int
    columns: dict[str, int] = field(default_factory=dict)
    periods: list[int] = field(default_factory=list)
    period_labels: list[str] = field(default_factory=list)
    period_group: str = ""
    header_keys: set[str] = field(default_factory=set)


def _column_headers(table: Table, header_rows: int, ncols: int) -> list[list[str]]:
    """For each grid column, the header texts from top to bottom (merged cells counted once per column)."""
    cols: list[list[str]] = [[] for _ in range(ncols)]
    for row in table.rows[:header_rows]:
        for cell in row:
            if cell.vmerge == "continue" or not cell.text:
                continue
            for col in range(cell.col, min(cell.col + cell.span, ncols)):
                cols[col].append(cell.text)
    return cols


def _header_row_count(table: Table) -> int:
    """Header rows: the first row, and up to two more under it that only name sub-columns
    (their first two columns empty or merged down from the row above)."""
    if not table.rows:
        return 0
    count = 1
    def text_at(row, col):
        cell = next((c for c in row if c.col <= col < c.col + c.span), None)
        return "" if cell is None or cell.vmerge == "continue" else cell.text

    for row in table.rows[1:3]:
        if text_at(row, 0) or text_at(row, 1) or not any(c.text for c in row if c.vmerge != "continue"):
            break
        count += 1
    return count


def _row_key(row: list[Cell]) -> str:
    return " ".join(c.text for c in row if c.vmerge != "continue" and c.text)


def layout_of(table: Table) -> Layout | None:
    """The layout of an assignment or indicator table, or None for any other table."""
    if len(table.rows) < 1:
        return None
    ncols = table.ncols
    header_rows = _header_row_count(table)
    headers = _column_headers(table, header_rows, ncols)
    folded = [fold(" ".join(h)) for h in headers]
    deepest = [collapse(h[-1]) if h else "" for h in headers]
    columns: dict[str, int] = {}
    is_tasks = any("CHU TRI" in f for f in folded)
    is_indicators = any("DON VI TINH" in f or re.search(r"\bDVT\b", f) for f in folded)
    if not is_tasks and not is_indicators:
        return None
    for col, f in enumerate(folded):
        if not f:
            continue
        if "stt" not in columns and _is_stt(f):
            columns["stt"] = col
        elif is_tasks and "lead" not in columns and "CHU TRI" in f:
            columns["lead"] = col
        elif is_tasks and "cooperating" not in columns and "PHOI HOP" in f:
            columns["cooperating"] = col
        elif is_tasks and re.search(r"THOI GIAN|THOI HAN|HOAN THANH|TIEN DO|THOI DIEM", f):
            if "BAT DAU" in f:
                continue  # "Thời gian bắt đầu": not the deadline
            best = columns.get("deadline")
            if best is None or (re.search(r"HOAN THANH|THOI HAN|KET THUC", f)
                                and not re.search(r"HOAN THANH|THOI HAN|KET THUC", folded[best])):
                columns["deadline"] = col
        elif is_indicators and "unit" not in columns and ("DON VI TINH" in f or re.search(r"\bDVT\b", f)):
            columns["unit"] = col
        elif "note" not in columns and "GHI CHU" in f:
            columns["note"] = col
        elif is_tasks and "content" not in columns and re.search(r"NOI DUNG|NHIEM VU|CONG VIEC|TEN |HOAT DONG|DE AN", f):
            columns["content"] = col
        elif is_indicators and "label" not in columns and re.search(r"CHI TIEU|NOI DUNG|TIEU CHI|TEN |CHI SO|LINH VUC", f):
            columns["label"] = col
    text_key = "content" if is_tasks else "label"
    if text_key not in columns:  # the widest unnamed column after STT holds the text
        free = [c for c in range(ncols) if c not in columns.values() and folded[c]]
        if not free:
            return None
        columns[text_key] = free[0]
    layout = Layout("tasks" if is_tasks else "indicators", header_rows, ncols, columns)
    layout.header_keys = {_row_key(r) for r in table.rows[:header_rows] if _row_key(r)}
    if not is_tasks:
        used = set(columns.values())
        layout.periods = [c for c in range(ncols) if c not in used and folded[c]]
        layout.period_labels = [deepest[c] for c in layout.periods]
        if header_rows > 1 and layout.periods:
            tops = {collapse(headers[c][0]) for c in layout.periods if len(headers[c]) > 1}
            if len(tops) == 1:
                layout.period_group = tops.pop()
    return layout


def _is_column_numbers(values: list[str]) -> bool:
    filled = [v for v in values if v]
    return len(filled) >= 3 and all(_COLUMN_NUMBER_RE.match(v) for v in filled)


def _value(text: str) -> str | None:
    text = collapse(text)
    return text or None


def _clean_stt(text: str | None) -> str | None:
    if not text:
        return None
    return text.strip().rstrip(".").strip() or None


def rows_of(table: Table, layout: Layout, *, skip_header: bool = True) -> list[dict[str, str | None]]:
    """Every data row as a dict of the layout's fields (``None`` for an empty cell)."""
    out = []
    ncols = layout.ncols
    above: list[str] = [""] * ncols
    start = layout.header_rows if skip_header else 0
    field_cols = {c: name for name, c in layout.columns.items()}
    for row in table.rows[start:]:
        if not row:
            continue
        if _row_key(row) in layout.header_keys:
            continue  # the header repeated at the top of a page
        values = [""] * ncols
        owner: list[Cell | None] = [None] * ncols
        for cell in row:
            for col in range(cell.col, min(cell.col + cell.span, ncols)):
                owner[col] = cell
                values[col] = above[col] if cell.vmerge == "continue" else cell.text
        above = values
        if not any(values) or _is_column_numbers(values):
            continue
        # a group row: one cell across the columns ("I. NÂNG CAO NHẬN THỨC …")
        record: dict[str, str | None] = {}
        seen: set[int] = set()
        for col in range(ncols):
            cell = owner[col]
            name = field_cols.get(col)
            if cell is None or name is None:
                continue
            if id(cell) in seen:
                record.setdefault(name, None)
                continue
            seen.add(id(cell))
            record[name] = _value(values[col])
        text_key = "content" if layout.kind == "tasks" else "label"
        stt_col = layout.columns.get("stt")
        stt_owner = owner[stt_col] if stt_col is not None else None
        text_owner = owner[layout.columns[text_key]]
        if stt_owner is not None and stt_owner is text_owner and record.get("stt"):
            m = _LEADING_NUM_RE.match(record["stt"] or "")
            if m:
                record["stt"], record[text_key] = m.group("stt"), collapse(m.group("rest"))
            else:
                record[text_key], record["stt"] = record["stt"], None
        record["stt"] = _clean_stt(record.get("stt"))
        if layout.kind == "indicators":
            record["values"] = [_value(values[c]) for c in layout.periods]  # type: ignore[assignment]
        out.append(record)
    return out
