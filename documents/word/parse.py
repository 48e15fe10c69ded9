"""Import a Word plan (nhập kế hoạch từ tệp Word): ``parse_docx(file) -> ParsedDocument``.

The reading relies only on the structure Nghị định 30/2020/NĐ-CP imposes:
the header table (issuing body, ``Số:``, Quốc hiệu, place and date), the type
name, the numbered body, the signature table with "Nơi nhận", and the
annexes after it (PHỤ LỤC, ĐỀ CƯƠNG, DANH MỤC, BẢNG TỔNG HỢP) with their
tables found by their header words. Pieces live in:

- :mod:`.package`    safe loading (size, corrupt zip, zip bomb);
- :mod:`.ooxml`, :mod:`.styles`  the blocks of the body (text, bold, tables);
- :mod:`.header`     header table and type name;
- :mod:`.body`       title, Kính gửi, sections, closing;
- :mod:`.citations`  legal bases and proposal;
- :mod:`.signature`  Nơi nhận and signer;
- :mod:`.annexes`, :mod:`.tables`  annexes, assignment and indicator tables.

``ParsedDocument.content`` is the structured content (``documents.content``)
from which a draft can be created; ``ParsedDocument.to_contract()`` is the
import contract (the JSON printed by ``manage.py import_plan --json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from documents.content import empty_content, normalized
from documents.dates.deadlines import find_deadlines

from . import citations
from .annexes import read_annexes
from .body import _PREAMBLE_START_RE, build_sections, is_annex_start, is_closing, read_addressees, read_title, text_of
from .errors import WordImportError
from .header import is_draft_mark, read_header, urgency_mark
from .ooxml import Block, Para, Reader, Table, collapse, is_rule
from .package import open_package
from .signature import SignatureBlock, find_signature, read_signature, signer_before

__all__ = ["ParsedDocument", "contract_of", "parse_docx"]


@dataclass
class ParsedDocument:
    """A Word document read into structured content (schema of ``documents.content``)."""

    content: dict
    filename: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def doc_type(self) -> str:
        return self.content["doc_type"]

    @property
    def title(self) -> str:
        return self.content["title"]

    @property
    def is_draft(self) -> bool:
        return bool(self.content["is_draft"])

    def to_contract(self) -> dict:
        """The import contract: a JSON-serialisable dict with a fixed set of keys."""
        return contract_of(self.content)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _texts_for_deadlines(sections: list[dict]):
    for section in sections:
        if section.get("title"):
            yield section["title"]
        yield from section.get("paragraphs", [])
        yield from _texts_for_deadlines(section.get("children", []))


def contract_of(content: dict) -> dict:
    """The import contract of a content dict: every key always present, ``None``/``[]`` when absent.

    ``{"doc_type", "is_draft", "urgency", "number", "symbol", "issuer", "place", "date", "title",
    "legal_bases": [{"text", "symbol", "date"}], "proposal": {"symbol", "date"} | None,
    "signer": {"authority", "title", "name"}, "recipients": [{"text", "archive"}],
    "outline": [{"number", "title"}], "deadlines": [{"text", "date"}],
    "tasks": [{"stt", "content", "lead", "cooperating", "deadline_text", "due_date"}],
    "indicators": [{"stt", "label", "unit"}]}`` — dates ISO. Deadlines are the
    phrases of the preamble, the body and the closing, dated with the issue date; ``urgency`` is the
    printed dấu chỉ mức độ khẩn ("HỎA TỐC", "THƯỢNG KHẨN", "KHẨN") or None.
    """
    c = normalized(content)
    issued_on = date.fromisoformat(c["date"]) if c["date"] else None
    deadlines = []
    texts = [p for p in c["preamble"] if p] + list(_texts_for_deadlines(c["sections"]))
    if c["closing"]:
        texts.append(c["closing"])
    for text in texts:
        for d in find_deadlines(text, issued_on=issued_on):
            deadlines.append({"text": d.text, "date": _iso(d.due_date)})
    proposal = c["proposal"]
    signer = c["signer"] or {}
    number = c["number"]
    return {
        "doc_type": c["doc_type"] or None,
        "is_draft": bool(c["is_draft"]),
        "urgency": c.get("urgency") or None,
        "number": number,
        "symbol": (c["symbol"] or None) if number is not None else None,
        "issuer": c["issuer"] or None,
        "place": c["place"] or None,
        "date": c["date"],
        "title": collapse(c["title"]) or None,
        "legal_bases": [{"text": b.get("text"), "symbol": b.get("symbol"), "date": b.get("date")}
                        for b in c["legal_bases"]],
        "proposal": {"symbol": proposal.get("symbol"), "date": proposal.get("date")} if proposal else None,
        "signer": {"authority": signer.get("authority") or None, "title": signer.get("title") or None,
                   "name": signer.get("name") or None},
        "recipients": [{"text": r["text"], "archive": bool(r.get("archive"))} for r in c["recipients"]],
        "outline": [{"number": s.get("number", ""), "title": s.get("title", "")}
                    for s in c["sections"] if s.get("number") or s.get("title")],
        "deadlines": deadlines,
        "tasks": [{key: row.get(key) for key in ("stt", "content", "lead", "cooperating", "deadline_text", "due_date")}
                  for row in c["tasks"]],
        "indicators": [{"stt": row.get("stt"), "label": row.get("label"), "unit": row.get("unit")}
                       for annex in c["annexes"] if annex.get("kind") == "indicators" for row in annex.get("rows", [])],
    }


def _doc_type(header) -> str:
    if header.symbol_type and header.symbol_type != "CV":
        return header.symbol_type
    if header.type_code:
        return header.type_code
    return "CV"


def _split_preamble(lead: list[str], sections: list[dict]) -> tuple[list[str], list[dict]]:
    """Without numbered sections, the preamble is the run of "Căn cứ …" paragraphs; the rest is the body."""
    if sections:
        return lead, sections
    preamble: list[str] = []
    rest = list(lead)
    while rest and _PREAMBLE_START_RE.match(rest[0]):
        preamble.append(rest.pop(0))
    if rest:
        sections = [{"number": "", "title": "", "paragraphs": rest, "children": [], "inline": False}]
    return preamble, sections


def _body_end(blocks: list[Block], start: int) -> int:
    for i in range(start, len(blocks)):
        block = blocks[i]
        if isinstance(block, Para) and is_annex_start(block) and (block.page_break or block.align == "center"):
            return i
    return len(blocks)


def parse_docx(source, *, filename: str = "") -> ParsedDocument:
    """Read a .docx (bytes or a file object) into a :class:`ParsedDocument`.

    Raises :class:`~documents.word.errors.WordImportError` (a Django
    ``ValidationError`` with a Vietnamese message) for anything it cannot
    read; nothing else.
    """
    try:
        return _parse(source, filename)
    except WordImportError:
        raise
    except RecursionError:
        raise WordImportError(_("Tệp Word có cấu trúc lồng nhau quá sâu, không đọc được."), code="corrupt") from None
    except Exception:
        raise WordImportError(
            _("Không đọc được nội dung tệp Word. Hãy kiểm tra tệp là văn bản hành chính theo Nghị định 30/2020/NĐ-CP."),
            code="unreadable",
        ) from None


def _parse(source, filename: str) -> ParsedDocument:
    package = open_package(source)
    blocks = Reader(package).blocks()
    header = read_header(blocks)
    if not header.recognised:
        raise WordImportError(
            _("Không nhận ra phần đầu văn bản (tên cơ quan ban hành, số ký hiệu, Quốc hiệu) theo Nghị định "
              "30/2020/NĐ-CP. Tệp có phải là văn bản hành chính không?"),
            code="no_header",
        )
    content = empty_content(_doc_type(header))
    content.update({
        "type_name": header.type_name,
        "parent_body": header.parent_body,
        "issuer": header.issuer,
        "issuer_code": header.issuer_code,
        "number": header.number,
        "symbol": header.symbol if header.number is not None else None,
        "place": header.place,
        "date": _iso(header.date),
        "draft_month": header.draft_month if header.date is None else None,
        "urgency": header.urgency,
    })
    content["is_draft"] = header.draft_mark or header.number is None or header.date is None

    i = header.end
    leading = []
    for block in blocks[i:]:
        if not isinstance(block, Para):
            break
        leading.append(block)
    if header.type_code or header.title_lines:
        title, used = read_title(leading, header.title_lines)
        i += used
    else:
        title = ""
    content["title"] = title or header.letter_subject
    while i < len(blocks) and isinstance(blocks[i], Para) and (
        is_draft_mark(blocks[i].plain) or is_rule(blocks[i].plain) or urgency_mark(blocks[i].plain)
    ):
        i += 1
    addressees, used = read_addressees([b for b in blocks[i:i + 12] if isinstance(b, Para)])
    if used:
        content["addressees"] = addressees
        i += used

    sig_at = find_signature(blocks, i)
    body_end = sig_at if sig_at is not None else _body_end(blocks, i)
    early_signer = (None, None, None)
    if sig_at is not None and isinstance(blocks[sig_at], Para):
        body_end, early_signer = signer_before(blocks, sig_at)

    body_paras: list[Para] = []
    body_tables: list[Table] = []
    for block in blocks[i:body_end]:
        if isinstance(block, Table):
            body_tables.append(block)
        elif not is_draft_mark(block.plain):
            body_paras.append(block)
    while body_paras and not text_of(body_paras[-1]):
        body_paras.pop()
    if body_paras and is_closing(text_of(body_paras[-1])):
        content["closing"] = text_of(body_paras.pop())
    lead, sections = build_sections(body_paras)
    content["preamble"], content["sections"] = _split_preamble(lead, sections)
    content["legal_bases"] = citations.legal_bases(content["preamble"])
    content["proposal"] = citations.proposal(content["preamble"])

    after = body_end
    sig = SignatureBlock()
    if sig_at is not None:
        sig, after = read_signature(blocks, sig_at)
        if not any(sig.signer.values()) and any(early_signer):
            sig.authority, sig.title, sig.name = early_signer
    content["recipients"] = sig.recipients
    content["signer"] = sig.signer
    content["drafter_mark"] = sig.drafter_mark

    annexes: list[dict] = []
    tasks: list[dict] = []
    if body_tables:
        body_annexes, body_tasks = read_annexes(body_tables, issued_on=header.date)
        annexes.extend(body_annexes)
        tasks.extend(body_tasks)
    more_annexes, more_tasks = read_annexes(blocks[after:], issued_on=header.date)
    annexes.extend(more_annexes)
    tasks.extend(more_tasks)
    content["annexes"] = annexes
    content["tasks"] = tasks
    warnings = []
    if not content["title"]:
        warnings.append(_("Không tìm thấy trích yếu của văn bản."))
    if sig_at is None:
        warnings.append(_("Không tìm thấy phần Nơi nhận và chữ ký."))
    return ParsedDocument(content=content, filename=filename, warnings=warnings)

