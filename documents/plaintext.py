"""Structured content from the plain text a drafter types, and back.

The draft form shows one text box per part of a plan; these functions turn
them into the structured content (and the content back into text for a
revision), so that what a drafter types and what the Word import produces
are the same structure.

- legal bases: one "Căn cứ …" per line;
- body: a line "I. MỤC ĐÍCH, YÊU CẦU" opens a section, "1. Mục đích" a
  subsection, any other line is a paragraph of the current (sub)section;
- tasks (Phụ lục): one row per line, cells separated by "|" or a tab:
  STT | nội dung | chủ trì | phối hợp | thời gian;
- recipients: one Nơi nhận line per line; "Lưu: …" is the archive line.
"""

from __future__ import annotations

import re

from orgchart.selectors import recipient_line_clean, recipient_line_is_archive, recipient_line_purpose

_ROMAN = re.compile(r"^(?P<number>[IVXLC]+)\.\s+(?P<title>.+)$")
_ARABIC = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<title>.+)$")
_SYMBOL = re.compile(r"\b(\d+[\w/-]*/[A-ZĐa-zđ\-]+(?:-[A-ZĐ]+)*)")
_SHORT_DATE = re.compile(r"\bngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def legal_bases_from_text(text: str) -> list[dict]:
    bases = []
    for line in _lines(text):
        symbol = _SYMBOL.search(line)
        date = _SHORT_DATE.search(line)
        bases.append({
            "text": line.rstrip(";"),
            "symbol": symbol.group(1) if symbol else None,
            "date": f"{int(date.group(3)):04d}-{int(date.group(2)):02d}-{int(date.group(1)):02d}" if date else None,
        })
    return bases


def sections_from_text(text: str) -> list[dict]:
    sections: list[dict] = []
    current: dict | None = None
    sub: dict | None = None
    for line in _lines(text):
        roman = _ROMAN.match(line)
        arabic = _ARABIC.match(line)
        if roman:
            current = {"number": roman["number"], "title": roman["title"].strip(), "paragraphs": [], "children": []}
            sections.append(current)
            sub = None
        elif arabic and current is not None and len(line) < 160:
            sub = {"number": arabic["number"], "title": arabic["title"].strip(), "paragraphs": [], "children": []}
            current["children"].append(sub)
        else:
            target = sub or current
            if target is None:
                target = {"number": "", "title": "", "paragraphs": [], "children": []}
                sections.append(target)
                current = target
            target["paragraphs"].append(line)
    return sections


def sections_to_text(sections: list[dict]) -> str:
    out: list[str] = []
    for section in sections or []:
        if section.get("number") or section.get("title"):
            out.append(f"{section.get('number')}. {section.get('title')}".strip(". "))
        out.extend(section.get("paragraphs", []))
        for child in section.get("children", []):
            out.append(f"{child.get('number')}. {child.get('title')}")
            out.extend(child.get("paragraphs", []))
    return "\n".join(out)


def tasks_from_text(text: str) -> list[dict]:
    rows = []
    for line in _lines(text):
        cells = [c.strip() for c in re.split(r"\t|\|", line)]
        cells += [""] * (5 - len(cells))
        rows.append({"stt": cells[0], "content": cells[1], "lead": cells[2], "cooperating": cells[3],
                     "deadline_text": cells[4], "due_date": None})
    return rows


def tasks_to_text(rows: list[dict]) -> str:
    return "\n".join(" | ".join(str(r.get(k) or "") for k in ("stt", "content", "lead", "cooperating", "deadline_text"))
                     for r in rows or [])


def recipients_from_text(text: str) -> list[dict]:
    """One Nơi nhận per line; what the copy is for ("(để biết)", "(b/c)", "Phối hợp: …") stays in its text."""
    return [{"text": _recipient_text(line), "archive": recipient_line_is_archive(line)}
            for line in _lines(text) if recipient_line_clean(line)]


def _recipient_text(line: str) -> str:
    clean = recipient_line_clean(line)
    purpose = recipient_line_purpose(line)
    if not purpose or recipient_line_is_archive(line):
        return clean
    if re.match(r"^[-–•+]?\s*(?:cơ\s+quan\s+|đơn\s+vị\s+)?" + re.escape(purpose) + r"\s*:", line.strip(), re.IGNORECASE):
        return f"{purpose[:1].upper()}{purpose[1:]}: {clean}"
    return f"{clean} ({purpose})"


def recipients_to_text(recipients: list[dict]) -> str:
    return "\n".join(r["text"] for r in recipients or [])


def legal_bases_to_text(bases: list[dict]) -> str:
    return "\n".join(b["text"] for b in bases or [])
