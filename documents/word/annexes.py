"""Annexes (phụ lục) after the signature: report outline, assignment table, indicator table, others.

An annex opens with a heading line (PHỤ LỤC, ĐỀ CƯƠNG, DANH MỤC, BẢNG TỔNG
HỢP, BIỂU MẪU …), possibly two ("PHỤ LỤC SỐ 01" over "ĐỀ CƯƠNG BÁO CÁO"),
then its title in bold and notes in brackets ("(Kèm theo Kế hoạch số …)"),
then its content: numbered sections and paragraphs, or a table.
"""

from __future__ import annotations

from datetime import date

from documents.content import empty_annex
from documents.dates.deadlines import parse_deadline

from .body import build_sections, heading_of, is_annex_start, text_of
from .ooxml import Block, Para, collapse, fold, is_rule, upper_share
from .tables import Layout, layout_of, rows_of


def task_record(row: dict, issued_on: date | None) -> dict:
    deadline = row.get("deadline")
    due = parse_deadline(deadline, issued_on=issued_on).due_date if deadline else None
    return {
        "stt": row.get("stt"),
        "content": row.get("content"),
        "lead": row.get("lead"),
        "cooperating": row.get("cooperating"),
        "deadline_text": deadline,
        "due_date": due.isoformat() if due else None,
    }


def indicator_record(row: dict) -> dict:
    return {"stt": row.get("stt"), "label": row.get("label"), "unit": row.get("unit"),
            "values": row.get("values") or [], "note": row.get("note")}


class _Annex:
    def __init__(self):
        self.names: list[str] = []
        self.title: list[str] = []
        self.notes: list[str] = []
        self.note_open = False
        self.paras: list[Para] = []
        self.after: list[str] = []  # paragraphs under the table ("Ghi chú: …")
        self.header_done = False
        self.kind: str | None = None
        self.layout: Layout | None = None
        self.indicator_rows: list[dict] = []
        self.periods: list[str] = []
        self.period_group = ""
        self.has_note = False
        self.table_header: list[str] = []
        self.table_cells: list[list[str]] = []

    @property
    def has_content(self) -> bool:
        return bool(self.paras or self.kind)

    def add_header_line(self, text: str) -> None:
        if self.note_open or text.startswith("("):
            if self.note_open:
                self.notes[-1] = f"{self.notes[-1]} {text}"
            else:
                self.notes.append(text)
            self.note_open = not self.notes[-1].rstrip().endswith(")")
        else:
            self.title.append(text)

    def finish(self) -> dict:
        kind = self.kind
        lead, sections = build_sections(self.paras)
        if len(self.names) >= 2:
            label, heading = self.names[0], " ".join(self.names[1:])
        else:
            label, heading = "", (self.names[0] if self.names else "")
        if kind is None:
            folded = fold(f"{label} {heading}")
            kind = "outline" if ("DE CUONG" in folded or sections) else "text"
        annex = empty_annex(kind)
        annex.update({"label": label, "heading": heading, "title": collapse(" ".join(self.title)),
                      "notes": [collapse(n) for n in self.notes], "paragraphs": lead, "sections": sections,
                      "after": self.after})
        if kind == "indicators":
            annex.update({"period_group": self.period_group, "periods": self.periods, "has_note": self.has_note,
                          "rows": self.indicator_rows})
        elif kind == "table":
            annex.update({"header": self.table_header, "cells": self.table_cells})
        return annex


def _is_header_para(para: Para, annex: _Annex) -> bool:
    """Title and notes under an annex heading: a bracketed note, a bold/centred/capital line, or the first line."""
    text = collapse(para.plain)
    if not text or heading_of(para) is not None or text.startswith(("-", "+", "–")) or len(text) > 400:
        return False
    if text.startswith("(") or para.bold >= 0.5 or para.align == "center" or upper_share(text) >= 0.7:
        return True
    return not annex.title and not annex.notes and len(text) <= 300 and not text.endswith((";", ":"))


def read_annexes(blocks: list[Block], *, issued_on: date | None) -> tuple[list[dict], list[dict]]:
    """(annexes, task rows) from the blocks after the signature."""
    annexes: list[dict] = []
    tasks: list[dict] = []
    current: _Annex | None = None
    last_layout: Layout | None = None

    def close():
        nonlocal current
        if current is not None and (current.names or current.has_content or current.title):
            annexes.append(current.finish())
        current = None

    for block in blocks:
        if isinstance(block, Para):
            text = text_of(block)
            if not text or is_rule(text):
                continue
            if is_annex_start(block):
                if current is None or current.has_content or current.header_done:
                    close()
                    current = _Annex()
                lines = [collapse(line.text) for line in block.lines() if collapse(line.text)]
                current.names.append(lines[0])
                for line in lines[1:]:
                    current.add_header_line(line)
                continue
            if current is None:
                current = _Annex()
                current.header_done = True
            if not current.header_done and current.names and _is_header_para(block, current):
                for line in block.lines():
                    if collapse(line.text):
                        current.add_header_line(collapse(line.text))
                continue
            current.header_done = True
            if current.kind is not None:
                current.after.append(text)
            else:
                current.paras.append(block)
            continue
        # a table
        if current is None:
            current = _Annex()
        current.header_done = True
        layout = layout_of(block)
        continuation = False
        if layout is None and last_layout is not None and block.ncols == last_layout.ncols:
            layout, continuation = last_layout, True
        if layout is None:
            if current.kind is None:
                current.kind = "table"
                rows = [[c.text for c in row] for row in block.rows]
                current.table_header, current.table_cells = (rows[0], rows[1:]) if rows else ([], [])
            last_layout = None
            continue
        last_layout = layout
        rows = rows_of(block, layout, skip_header=not continuation)
        if layout.kind == "tasks":
            tasks.extend(task_record(r, issued_on) for r in rows)
            current.kind = current.kind or "tasks"
        else:
            current.kind = current.kind or "indicators"
            if not continuation:
                current.periods = layout.period_labels
                current.period_group = layout.period_group
                current.has_note = "note" in layout.columns
            current.indicator_rows.extend(indicator_record(r) for r in rows)
    close()
    return annexes, tasks
