"""The header of an ND30 document (phần đầu văn bản): issuing body, number, Quốc hiệu, place and date, type name.

Nghị định 30/2020/NĐ-CP puts them in a borderless two-column table: on the
left the parent body (not bold) over the issuing body (bold), a short rule
and ``Số: 72/KH-UBND``; on the right the Quốc hiệu, the Tiêu ngữ and the
place-date line in italics. The type name (``KẾ HOẠCH``) follows, centred.
Older or hand-made files put the same lines in paragraphs separated by tabs,
which is read as well.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from documents.content import TYPE_NAMES
from documents.dates.vndates import parse_date

from .ooxml import Block, Line, Para, Table, collapse, fold, is_rule, upper_share

_TYPE_BY_FOLDED = {fold(name): code for code, name in TYPE_NAMES.items() if name}
_TYPE_CODES = {code.upper(): code for code in TYPE_NAMES if code != "CV"}
_TYPE_BY_NAME = {name: code for code, name in TYPE_NAMES.items() if name}

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

_NUMBER_LINE_RE = re.compile(r"^S[ốỐ]\s*(?:[:.]|\s)\s*(?P<rest>.*)$")
_SYMBOL_REST_RE = re.compile(
    r"^(?P<num>\d{1,6})?[\s.…_,]*(?:/\s*(?P<year>\d{4})\s*)?/\s*(?P<tail>[A-Za-zĐđ][\w\s.\-–]*?)\s*[.;]?\s*$"
)
_PLACE_DATE_RE = re.compile(r"^(?P<place>[^,]{1,80}?)\s*,?\s+(?P<rest>ngày\b.*\btháng\b.*\bnăm\b.*)$", re.IGNORECASE)
_DATE_PARTS_RE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*năm\s*(?P<y>\d{4})?", re.IGNORECASE
)
_DRAFT_RE = re.compile(r"^\(?\s*D[ỰựUu]\s*TH[ẢảAa]O\b.*$", re.IGNORECASE)
#: The dấu chỉ mức độ khẩn (ND30 Phụ lục I), folded, as a line of its own: under the số, ký hiệu or near the header.
_URGENCY_MARKS = {"HOA TOC": "HỎA TỐC", "THUONG KHAN": "THƯỢNG KHẨN", "KHAN": "KHẨN"}
_LETTER_SUBJECT_RE = re.compile(r"^(?:V/v|V/V|Về\s+việc)\b\s*:?\s*", re.IGNORECASE)
_ORG_WORDS = (
    "SỞ", "BAN", "VĂN PHÒNG", "PHÒNG", "TRUNG TÂM", "CHI CỤC", "THANH TRA", "CỤC", "TỔNG CỤC", "VỤ",
    "TRƯỜNG", "BỆNH VIỆN", "ỦY BAN", "UỶ BAN", "UBND", "HỘI ĐỒNG", "HĐND", "BỘ", "ĐÀI", "BÁO", "ĐẢNG ỦY",
    "ĐẢNG UỶ", "TỔ", "BẢO HIỂM", "KHO BẠC", "CÔNG AN", "QUỸ", "VIỆN", "HỌC VIỆN", "ĐOÀN", "HỘI",
)
_ORG_FOLDED = tuple(sorted((fold(w) for w in _ORG_WORDS), key=len, reverse=True))


@dataclass
class Header:
    """What the header says (blank number or day = a draft)."""

    parent_body: str = ""
    issuer: str = ""
    number: int | None = None
    symbol: str | None = None
    symbol_type: str | None = None  # the type code of the symbol, "CV" for a letter
    issuer_code: str = ""
    number_line: bool = False
    place: str = ""
    date: datetime.date | None = None
    blank_day: bool = False
    draft_month: str | None = None
    draft_mark: bool = False
    urgency: str = ""  # the dấu chỉ mức độ khẩn: "", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"
    national_title: bool = False
    letter_subject: str = ""
    type_code: str | None = None  # from the type name
    type_name: str = ""
    title_lines: list[str] | None = None  # title lines printed with the type name (same paragraph)
    end: int = 0  # index of the first block after the type name

    @property
    def blank_number(self) -> bool:
        return self.number_line and self.number is None

    @property
    def recognised(self) -> bool:
        return self.national_title or (bool(self.issuer) and self.number_line)


def is_draft_mark(text: str) -> bool:
    return bool(_DRAFT_RE.match(collapse(text))) and len(collapse(text)) <= 30


def urgency_mark(text: str) -> str:
    """``HỎA TỐC``, ``THƯỢNG KHẨN`` or ``KHẨN`` when the line is only that mark (a box, brackets forgiven), else ""."""
    text = collapse(text)
    if text != text.upper():  # a stamp is in capitals; "Khẩn" in a sentence is not one
        return ""
    folded = fold(re.sub(r"[\[\](){}*\-–.:]", " ", text))
    return _URGENCY_MARKS.get(folded, "") if len(folded) <= 14 else ""


def type_from_name(text: str) -> str | None:
    """``KẾ HOẠCH`` → ``KH`` (accents and spacing forgiven)."""
    return _TYPE_BY_FOLDED.get(fold(text))


def split_symbol(tail: str) -> tuple[str, str]:
    """``KH-UBND`` → (``KH``, ``UBND``); ``BNV-CCHC`` (a letter) → (``CV``, ``BNV-CCHC``)."""
    tail = re.sub(r"\s+", "", tail).replace("–", "-").strip(".-")
    first, _, rest = tail.partition("-")
    code = _TYPE_CODES.get(first.upper())
    if code and rest:
        return code, rest
    return "CV", tail


def _parse_number(rest: str, header: Header) -> None:
    header.number_line = True
    m = _SYMBOL_REST_RE.match(unicodedata.normalize("NFC", rest))
    if not m:
        return
    tail = re.sub(r"\s+", "", m.group("tail"))
    header.symbol_type, header.issuer_code = split_symbol(tail)
    if m.group("num"):
        header.number = int(m.group("num"))
        year = f"{m.group('year')}/" if m.group("year") else ""
        header.symbol = f"{m.group('num')}/{year}{tail}"


def _place_date(text: str, header: Header) -> bool:
    text = collapse(text)
    m = _PLACE_DATE_RE.match(text)
    if not m:
        return False
    header.place = m.group("place").strip()
    rest = m.group("rest")
    parts = _DATE_PARTS_RE.search(rest)
    header.date = parse_date(rest)
    if header.date is None:
        header.blank_day = True
        if parts and parts.group("m") and parts.group("y") and 1 <= int(parts.group("m")) <= 12:
            header.draft_month = f"{int(parts.group('y')):04d}-{int(parts.group('m')):02d}"
    return True


def _split_bodies(lines: list[Line]) -> tuple[list[str], list[str]]:
    """Parent body lines (not bold) and issuing body lines (bold)."""
    texts = [collapse(line.text) for line in lines]
    bold = [line.bold for line in lines]
    if any(bold) and not all(bold):
        first = bold.index(True)
        last = len(bold) - 1 - bold[::-1].index(True)
        return texts[:first], texts[first:last + 1]
    for i in range(1, len(texts)):
        folded = fold(texts[i])
        if any(folded == w or folded.startswith(w + " ") for w in _ORG_FOLDED):
            return texts[:i], texts[i:]
    return [], texts


def _read_left(lines: list[Line], header: Header) -> None:
    body: list[Line] = []
    subject: list[str] = []
    for line in lines:
        text = collapse(line.text)
        if not text or is_rule(text):
            continue
        if is_draft_mark(text):
            header.draft_mark = True
            continue
        if urgency_mark(text):
            header.urgency = header.urgency or urgency_mark(text)
            continue
        m = _NUMBER_LINE_RE.match(text)
        if m and not header.number_line:
            _parse_number(m.group("rest"), header)
            continue
        if _LETTER_SUBJECT_RE.match(text) or subject:
            subject.append(text)
            continue
        if not header.number_line:
            body.append(line)
    parent, issuer = _split_bodies(body)
    header.parent_body = " ".join(parent)
    header.issuer = " ".join(issuer)
    if subject:
        header.letter_subject = " ".join(subject).strip()


def _read_right(lines: list[Line], header: Header) -> None:
    pending = []
    for line in lines:
        text = collapse(line.text)
        if not text or is_rule(text):
            continue
        folded = fold(text)
        if "CONG HOA XA HOI CHU NGHIA" in folded:
            header.national_title = True
            continue
        if "DOC LAP" in folded and "HANH PHUC" in folded:
            continue
        if is_draft_mark(text):
            header.draft_mark = True
            continue
        if urgency_mark(text):
            header.urgency = header.urgency or urgency_mark(text)
            continue
        pending.append(text)
        if _place_date(" ".join(pending), header):
            pending = []


def _cell_lines(cells) -> list[Line]:
    return [line for cell in cells for line in cell.lines()]


def _header_table(table: Table, header: Header) -> None:
    qh_col = None
    for row in table.rows:
        for cell in row:
            if "CONG HOA XA HOI" in fold(cell.text):
                qh_col = cell.col
    left, right = [], []
    for row in table.rows:
        for cell in row:
            if qh_col is not None:
                (left if cell.col < qh_col else right).append(cell)
            else:
                (left if cell.col == 0 else right).append(cell)
    _read_left(_cell_lines(left), header)
    _read_right(_cell_lines(right), header)


def _type_line(para: Para) -> tuple[str | None, str, list[str]]:
    """(type code, type name, remaining lines) when the paragraph opens with a type name."""
    lines = [collapse(line.text) for line in para.lines()]
    lines = [t for t in lines if t]
    if not lines:
        return None, "", []
    code = type_from_name(lines[0])
    if code:
        return code, lines[0], lines[1:]
    # "KẾ HOẠCH Tổng kết …" on one line: a type name in capitals, then the title
    for name, code in _TYPE_BY_NAME.items():
        if lines[0].startswith(name + " ") and (para.bold >= 0.5 or para.align == "center"):
            return code, name, [lines[0][len(name):].strip(), *lines[1:]]
    return None, "", []


def _is_header_table(block: Block) -> bool:
    if not isinstance(block, Table) or len(block.rows) > 4:
        return False
    folded = fold(block.text)
    return "CONG HOA XA HOI" in folded or ("DOC LAP" in folded and "HANH PHUC" in folded) or (
        bool(re.search(r"\bSO\s*:", folded)) and block.ncols <= 3
    )


def _paragraph_header(paras: list[Para], header: Header) -> None:
    """Header lines laid out with tabs instead of a table."""
    left: list[Line] = []
    right: list[Line] = []
    for para in paras:
        for line in para.lines():
            parts = [p for p in re.split(r"\t+|\s{4,}", line.text) if p.strip()]
            if len(parts) >= 2:
                left.append(Line(parts[0], line.bold, line.italic))
                right.append(Line(" ".join(parts[1:]), line.bold, line.italic))
                continue
            text = collapse(line.text)
            folded = fold(text)
            if ("CONG HOA XA HOI" in folded or ("DOC LAP" in folded and "HANH PHUC" in folded)
                    or _PLACE_DATE_RE.match(text)):
                right.append(line)
            else:
                left.append(line)
    _read_left(left, header)
    _read_right(right, header)


def read_header(blocks: list[Block], *, scan: int = 14) -> Header:
    """Read the header and the type name from the first blocks of the body."""
    header = Header()
    limit = min(len(blocks), scan)
    table_at = next((i for i in range(limit) if _is_header_table(blocks[i])), None)
    type_at = None
    for i in range(0 if table_at is None else table_at + 1, limit):
        block = blocks[i]
        if isinstance(block, Para):
            code, name, rest = _type_line(block)
            if code:
                type_at = i
                header.type_code, header.type_name, header.title_lines = code, name, rest
                break
        elif table_at is not None:
            break
    for at, block in enumerate(blocks[:limit]):
        if isinstance(block, Para) and (is_draft_mark(block.plain) or is_draft_mark(block.boxed_text)):
            header.draft_mark = True
        if isinstance(block, Para) and not header.urgency and (type_at is None or at < type_at):
            # a mark printed above or below the header table, before the type name
            header.urgency = urgency_mark(block.plain) or urgency_mark(block.boxed_text)
    if table_at is not None:
        _header_table(blocks[table_at], header)
        after = table_at + 1
        stop = type_at if type_at is not None else min(len(blocks), after + 3)
        if not header.place:  # the place-date line printed under the table
            for block in blocks[after:stop]:
                if isinstance(block, Para) and _place_date(block.plain, header):
                    break
    else:
        stop = type_at if type_at is not None else _paragraph_header_end(blocks, limit)
        _paragraph_header([b for b in blocks[:stop] if isinstance(b, Para)], header)
    if type_at is not None:
        header.end = type_at + 1
    elif table_at is None:
        header.end = stop
    elif table_at is not None:
        header.end = table_at + 1
        # a letter (công văn) has no type name; skip a place-date paragraph under the table
        while header.end < len(blocks) and isinstance(blocks[header.end], Para) and (
            not blocks[header.end].plain or _PLACE_DATE_RE.match(blocks[header.end].plain)
            or is_draft_mark(blocks[header.end].plain)
        ):
            header.end += 1
    return header


def _is_header_line(para: Para, seen_number: bool) -> bool:
    text = collapse(para.plain)
    if not text or is_rule(text) or is_draft_mark(text) or urgency_mark(text) or re.search(r"\t|\s{4,}", para.text.strip()):
        return True
    folded = fold(text)
    if "CONG HOA XA HOI" in folded or ("DOC LAP" in folded and "HANH PHUC" in folded):
        return True
    if _NUMBER_LINE_RE.match(text) or _PLACE_DATE_RE.match(text) or _LETTER_SUBJECT_RE.match(text):
        return True
    return not seen_number and len(text) <= 60 and upper_share(text) >= 0.8


def _paragraph_header_end(blocks: list[Block], limit: int) -> int:
    """Where a header typed as paragraphs (tabs between its columns) ends."""
    seen_number = False
    for i in range(limit):
        block = blocks[i]
        if not isinstance(block, Para) or not _is_header_line(block, seen_number):
            return i
        seen_number = seen_number or bool(_NUMBER_LINE_RE.search(block.plain))
    return limit
