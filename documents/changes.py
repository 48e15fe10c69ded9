"""What changed between two versions of a document, word by word, named as a reader names it.

A drafter, a trưởng phòng or a giám đốc reads a revision by its parts: "Trích yếu", "Căn cứ",
"I. MỤC ĐÍCH, YÊU CẦU", "Phụ lục nhiệm vụ", "Nơi nhận"… :func:`content_changes` compares two
versions part by part and returns, for every part that changed, the words kept, removed and
added (``equal`` / ``delete`` / ``insert`` segments), which a template shows as plain text,
``<del>`` and ``<ins>``. A part added or removed as a whole (a new căn cứ, a new section) shows
entirely inserted or deleted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import plaintext

_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass
class Segment:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass
class PartChange:
    label: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def added(self) -> bool:
        return all(s.op == "insert" for s in self.segments)

    @property
    def removed(self) -> bool:
        return all(s.op == "delete" for s in self.segments)


def words_diff(old: str, new: str) -> list[Segment]:
    """``old`` → ``new`` as segments of whole words (spaces and punctuation are tokens of their own)."""
    a, b = _TOKEN_RE.findall(old or ""), _TOKEN_RE.findall(new or "")
    segments: list[Segment] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1].text += text
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            push("equal", "".join(a[i1:i2]))
        else:
            push("delete", "".join(a[i1:i2]))
            push("insert", "".join(b[j1:j2]))
    return segments


def _section_text(section: dict) -> str:
    lines = list(section.get("paragraphs") or [])
    for child in section.get("children") or []:
        head = " ".join(x for x in [f"{child.get('number')}." if child.get("number") else "", child.get("title") or ""] if x)
        if head:
            lines.append(head)
        lines.append(_section_text(child))
    return "\n".join(line for line in lines if line)


def _section_label(section: dict) -> str:
    number, title = (section.get("number") or "").strip(), (section.get("title") or "").strip()
    return f"{number}. {title}" if number and title else (title or number or _("Nội dung"))


def content_parts(*, title: str, content: dict | None) -> list[tuple[str, str]]:
    """A version as (part label, text) pairs, in reading order; a part's label is its key for the comparison."""
    content = content or {}
    parts: list[tuple[str, str]] = [(_("Trích yếu"), title or "")]
    addressees = [a for a in content.get("addressees") or [] if a]
    if addressees:
        parts.append((_("Kính gửi"), "\n".join(addressees)))
    for index, base in enumerate(content.get("legal_bases") or [], start=1):
        parts.append((_("Căn cứ %(n)s") % {"n": index}, (base.get("text") or "").strip()))
    preamble = [p for p in content.get("preamble") or [] if p]
    if preamble:
        parts.append((_("Đoạn mở đầu"), "\n".join(preamble)))
    for section in content.get("sections") or []:
        parts.append((_section_label(section), _section_text(section)))
    if content.get("closing"):
        parts.append((_("Đoạn kết"), content["closing"]))
    tasks = plaintext.tasks_to_text(content.get("tasks") or [])
    if tasks:
        parts.append((_("Phụ lục nhiệm vụ"), tasks))
    for annex in content.get("annexes") or []:
        heading = annex.get("heading") or annex.get("kind") or _("Phụ lục")
        if annex.get("kind") == "indicators":
            text = "\n".join([" ; ".join(annex.get("periods") or [])]
                             + [" | ".join([r.get("stt") or "", r.get("label") or "", r.get("unit") or ""])
                                for r in annex.get("rows") or []])
        else:
            text = plaintext.sections_to_text(annex.get("sections") or [])
        parts.append((heading.capitalize() if heading.isupper() else heading, text))
    recipients = [r.get("text") or "" for r in content.get("recipients") or []]
    if recipients:
        parts.append((_("Nơi nhận"), "\n".join(recipients)))
    return parts


def _keyed(parts: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(key, label, text): căn cứ are keyed by their text, so that one added in the middle shows as added."""
    keyed, seen = [], set()
    for label, text in parts:
        key = f"base:{text}" if label.startswith(_("Căn cứ")) else label
        while key in seen:
            key += "'"
        seen.add(key)
        keyed.append((key, label, text))
    return keyed


def content_changes(*, old_title: str, old_content: dict | None, new_title: str, new_content: dict | None) -> list[PartChange]:
    """Every part that differs between two versions, word by word, in the new version's order,
    then the parts removed."""
    old = _keyed(content_parts(title=old_title, content=old_content))
    new = _keyed(content_parts(title=new_title, content=new_content))
    old_by_key = {key: text for key, _label, text in old}
    new_keys = {key for key, _label, _text in new}
    changes: list[PartChange] = []
    base_label = _("Căn cứ")
    for key, label, text in new:
        shown = base_label if key.startswith("base:") else label
        if key in old_by_key:
            if old_by_key[key] != text:
                changes.append(PartChange(shown, words_diff(old_by_key[key], text)))
        else:
            changes.append(PartChange(shown, [Segment("insert", text)] if text else []))
    for key, label, text in old:
        if key not in new_keys:
            shown = base_label if key.startswith("base:") else label
            changes.append(PartChange(shown, [Segment("delete", text)] if text else []))
    return [c for c in changes if c.segments]


def version_changes(*, old, new) -> list[PartChange]:
    """:func:`content_changes` of two ``DocumentVersion`` rows."""
    return content_changes(old_title=old.title, old_content=old.content, new_title=new.title, new_content=new.content)
