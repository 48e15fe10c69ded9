"""The body of a document (nội dung): trích yếu, Kính gửi, preamble, numbered sections, closing.

Headings are recognised by their numbering, the way ND30 documents number
their parts: ``Phần thứ nhất`` / ``PHẦN I`` / ``Chương I`` (level 0), ``I.``
(level 1), ``Điều 1.`` and ``1.`` (level 2), ``1.1.`` (3), ``1.1.1.`` (4).
A roman heading is in bold or in capitals; an arabic one is in bold, or short
and unpunctuated. A bold lead-in ("**2. Yêu cầu:** Các cơ quan …") is a
run-in heading (``inline``). ``a)``, ``-`` and ``+`` items stay paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from documents.content import empty_section

from .ooxml import Para, collapse, fold, is_rule, upper_share

_ROMAN_RE = re.compile(r"^(?P<num>[IVXLC]{1,7})\s*[.):\-–]\s*(?P<title>\S.*)$", re.S)
_ARABIC_RE = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})(?!\d)\.?\s+(?P<title>\S.*)$"
    r"|^(?P<num1>\d{1,2})\s*[.)]\s*(?P<title1>(?!\d)\S.*)$",
    re.S,
)
_ARTICLE_RE = re.compile(r"^(?P<num>Điều\s+\d{1,3})\s*[.:]\s*(?P<title>.*)$", re.S)
_PART_RE = re.compile(
    r"^(?P<num>(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:(?:thứ|THỨ)\s+\w+|[IVXLC]{1,6}|\d{1,2}))(?![\w])"
    r"\s*[.:\-–*]*\s*(?P<title>.*)$",
    re.S,
)
_PREAMBLE_START_RE = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Trên\s+cơ\s+sở|Kính\s+gửi|Tiếp\s+tục)\b",
    re.IGNORECASE,
)
_ADDRESSEE_RE = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<rest>.*)$", re.IGNORECASE | re.S)
_CLOSING_END_RE = re.compile(r"\./\.?(?:\s*\S{1,8})?\s*$")


@dataclass
class Heading:
    level: int
    number: str
    title: str
    rest: str = ""  # text after a run-in heading
    needs_title: bool = False  # "Phần thứ nhất" alone: the title is the next paragraph


def text_of(para: Para) -> str:
    """The paragraph's text: spaces collapsed inside each line, line breaks kept."""
    lines = [collapse(line) for line in para.text.replace("\t", " ").split("\n")]
    return "\n".join(line for line in lines if line)


def _split_inline(title: str, para: Para, number: str) -> tuple[str, str]:
    """A run-in heading: the bold lead-in is the title, the rest a paragraph."""
    prefix = collapse(para.bold_prefix())
    full = collapse(para.plain)
    if para.bold < 0.95 and prefix and len(prefix) < len(full):
        head = prefix[len(number):].lstrip(" .)")
        if head and full.startswith(prefix):
            return head.strip(), full[len(prefix):].strip()
    colon = title.find(": ")
    if 0 < colon <= 200:
        return title[: colon + 1].strip(), title[colon + 1:].strip()
    return "", ""


def heading_of(para: Para) -> Heading | None:
    """The heading a paragraph is, or None for an ordinary paragraph."""
    text = text_of(para)
    if not text:
        return None
    one_line = collapse(text)
    is_styled = para.style.lower().startswith(("heading", "tiêu đề", "title"))
    bold = para.bold
    m = _PART_RE.match(text)
    if m and len(one_line) <= 250:
        title = collapse(m.group("title")).lstrip("*:.-– ")
        return Heading(0, collapse(m.group("num")), title, needs_title=not title)
    m = _ROMAN_RE.match(one_line)
    if m and len(one_line) <= 300 and (
        bold >= 0.5 or upper_share(m.group("title")) >= 0.6 or is_styled
        or (len(one_line) <= 150 and not one_line.endswith((";", ",")))
    ):
        return Heading(1, m.group("num"), collapse(m.group("title")))
    m = _ARTICLE_RE.match(one_line)
    if m and (bold > 0 or is_styled):
        title, rest = collapse(m.group("title")), ""
        prefix = collapse(para.bold_prefix())
        if 0 < len(prefix) < len(one_line) and one_line.startswith(prefix):
            title, rest = prefix[len(m.group("num")):].lstrip(" .:"), one_line[len(prefix):].strip()
        return Heading(2, collapse(m.group("num")), title, rest)
    m = _ARABIC_RE.match(one_line)
    if not m:
        return None
    number = m.group("num") or m.group("num1")
    title = collapse(m.group("title") or m.group("title1"))
    level = 1 + number.count(".") + 1
    prefix_bold = collapse(para.bold_prefix())
    if bold >= 0.95 or is_styled:
        if len(one_line) <= 250:
            return Heading(level, number, title)
        head, rest = _split_inline(title, para, number)
        return Heading(level, number, head, rest) if head else None
    if len(prefix_bold) > len(number) + 2:
        head, rest = _split_inline(title, para, number)
        if head:
            return Heading(level, number, head, rest)
    if len(one_line) <= 120 and not one_line.endswith((";", ".", ",")):
        return Heading(level, number, title)
    return None


def build_sections(paras: list[Para]) -> tuple[list[str], list[dict]]:
    """(paragraphs before the first heading, the tree of sections)."""
    lead: list[str] = []
    roots: list[dict] = []
    stack: list[tuple[int, dict]] = []
    waiting_title: dict | None = None
    for para in paras:
        text = text_of(para)
        if not text or is_rule(text):
            continue
        if waiting_title is not None:
            if heading_of(para) is None and (para.bold >= 0.5 or upper_share(text) >= 0.6):
                waiting_title["title"] = collapse(text)
                waiting_title = None
                continue
            waiting_title = None
        heading = heading_of(para)
        if heading is None:
            target = stack[-1][1]["paragraphs"] if stack else lead
            target.append(text)
            continue
        section = empty_section(heading.number, heading.title)
        if heading.rest:
            section["inline"] = True
            section["paragraphs"].append(heading.rest)
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        (stack[-1][1]["children"] if stack else roots).append(section)
        stack.append((heading.level, section))
        if heading.needs_title:
            waiting_title = section
    return lead, roots


def read_title(paras: list[Para], start_lines: list[str] | None = None) -> tuple[str, int]:
    """The trích yếu under the type name: (title on one line, paragraphs used).

    The first paragraph is the title when it is bold or centred (a title may
    well begin with "Thực hiện …"); further bold paragraphs continue it; a
    rule, an empty line, a heading or the preamble ends it.
    """
    lines = list(start_lines or [])
    used = 0
    for para in paras:
        text = collapse(para.plain)
        if not text or is_rule(text):
            used += 1
            if lines:
                break
            continue
        prominent = para.bold >= 0.5 or para.align == "center"
        if not lines:
            if _PREAMBLE_START_RE.match(text) and not prominent:
                break
        elif para.bold < 0.5 or len(lines) >= 4 or _PREAMBLE_START_RE.match(text) or heading_of(para) is not None:
            break
        if text.startswith("(") and lines:
            break
        lines.append(text)
        used += 1
    return collapse(" ".join(lines)), used


def read_addressees(paras: list[Para]) -> tuple[list[str], int]:
    """The Kính gửi block of a Tờ trình or a letter: (addressees, paragraphs used)."""
    if not paras:
        return [], 0
    m = _ADDRESSEE_RE.match(text_of(paras[0]))
    if not m:
        return [], 0
    out = []
    first = [collapse(line) for line in m.group("rest").split("\n") if collapse(line)]
    out.extend(first)
    used = 1
    for para in paras[1:]:
        text = collapse(para.plain)
        if not text:
            used += 1
            continue
        if text.startswith(("-", "+", "–")) and (not first or len(out) > 0):
            out.append(text)
            used += 1
            continue
        break
    return [re.sub(r"^[-–+•]\s*", "", a).rstrip(" ;.,") for a in out if a.strip(" -;.")], used


def is_closing(text: str) -> bool:
    """The closing paragraph: "Trên đây là …", or a text ending with "./." that does not open with a citation."""
    t = collapse(text)
    if t.startswith("Trên đây"):
        return True
    return bool(_CLOSING_END_RE.search(t)) and len(t) > 20 and not _PREAMBLE_START_RE.match(t)


def is_annex_start(para: Para) -> bool:
    """A heading that opens an annex: PHỤ LỤC, ĐỀ CƯƠNG, DANH MỤC, BẢNG TỔNG HỢP, BIỂU MẪU, MẪU."""
    lines = [collapse(line.text) for line in para.lines() if collapse(line.text)]
    if not lines:
        return False
    first = lines[0]
    if len(first) > 160:
        return False
    folded = fold(first)
    if not re.match(r"^(PHU LUC|DE CUONG|DANH MUC|BANG TONG HOP|BANG THONG KE|BIEU MAU|BIEU SO|BIEU|MAU SO)\b", folded):
        return False
    return upper_share(first.split("(")[0]) >= 0.7 or para.bold >= 0.5 or para.align == "center"
