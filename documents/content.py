"""The structured content of a document (nội dung có cấu trúc của văn bản).

One JSON-serialisable dict holds everything needed to render a document per
Nghị định 30/2020/NĐ-CP and everything the Word import reports. The drafting
form (``documents.plaintext``), the Word import (``documents.word.parse``) and
the renderer (``documents.word.render``) all speak this schema.

Schema (every key is present in :func:`empty_content`; ``None`` = not known)::

    {
      "schema": 1,
      "doc_type": "KH",              # KH, TTr, BC, QĐ, TB, HD, CT, NQ, GM, CTr, … ; "CV" = công văn
      "type_name": "KẾ HOẠCH",       # tên loại as printed; "" → derived from doc_type
      "parent_body": "",             # cơ quan chủ quản, e.g. "UBND TỈNH THÁI NGUYÊN" above "SỞ NỘI VỤ";
                                     # "" for a UBND
      "issuer": "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",   # cơ quan ban hành, one line, as printed
      "issuer_code": "UBND",         # the code in the symbol (SNV, UBND, BNV-CCHC for a letter)
      "number": 72,                  # int, None for a draft
      "symbol": "72/KH-UBND",        # None for a draft (rendered "Số:      /KH-UBND")
      "place": "Thái Nguyên",        # địa danh
      "date": "2025-03-16",          # ISO, None while the day is blank
      "draft_month": "2025-04",      # "YYYY-MM" printed when the day is blank, or None
      "title": "…",                  # trích yếu, one line
      "addressees": [],              # Kính gửi (Tờ trình, công văn), one entry per addressee
      "legal_bases": [{"text": "…", "symbol": "76/NQ-CP", "date": "2021-07-15"}],
                                     # căn cứ: each document cited by a "Căn cứ …",
                                     # "Thực hiện …" or "Triển khai thực hiện …" paragraph
      "proposal": {"symbol": "174/TTr-SNV", "date": "2025-03-13", "text": "Theo đề nghị …"} | None,
      "preamble": ["Căn cứ …;", …],  # the paragraphs before the body, verbatim; when empty the
                                     # renderer writes one "Căn cứ …;" per legal base + the proposal
      "sections": [                  # the body (nội dung), nested
        {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": ["…"], "children": [ … ],
         "inline": False}            # inline: the title runs into its first paragraph
      ],                             #   ("2. Yêu cầu: Các cơ quan …"); a Tờ trình's four parts also carry
                                     #   "part" (reasons, grounds, summary, proposal) and "generated"
                                     #   (written from the plan, not typed): workflows/drafting.py
      "closing": "Trên đây là …./.", # the closing paragraph (may be "")
      "recipients": [{"text": "Các sở, ban, ngành", "archive": False},
                     {"text": "Lưu: VT, HCC", "archive": True}],       # Nơi nhận, without "- " and ";"
      "signer": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Thị Loan"},
                                     # authority may hold two lines: "TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH";
                                     # any of the three may be None
      "drafter_mark": "Chintk.3/2025",   # ký hiệu người soạn thảo, số bản
      "is_draft": False,             # DỰ THẢO: blank number and day
      "urgency": "HỎA TỐC",          # dấu chỉ mức độ khẩn under the số, ký hiệu: "", KHẨN, THƯỢNG KHẨN, HỎA TỐC
      "tasks": [                     # the assignment table (Phụ lục / Danh mục nhiệm vụ), every row
        {"stt": "1", "content": "…", "lead": "Sở Nội vụ", "cooperating": "…",
         "deadline_text": "Quý I/2024", "due_date": "2024-03-31"}    # group rows: only stt + content
      ],
      "annexes": [                   # what follows the signature, in order
        {"kind": "outline",          # ĐỀ CƯƠNG BÁO CÁO
         "label": "PHỤ LỤC SỐ 01",   # line above the heading, or ""
         "heading": "ĐỀ CƯƠNG BÁO CÁO",
         "title": "…", "notes": ["(Kèm theo Kế hoạch số …)"],
         "paragraphs": ["…"], "sections": [ …same shape as the body… ]},
        {"kind": "tasks", "label": "", "heading": "DANH MỤC", "title": "…", "notes": [],
         "paragraphs": []},          # its rows are content["tasks"]
        {"kind": "indicators", "label": "", "heading": "BẢNG TỔNG HỢP", "title": "…", "notes": [],
         "paragraphs": [], "period_group": "Kết quả",
         "periods": ["Năm 2021", …, "Năm 2025 (tính đến 31/3)"], "has_note": True,
         "rows": [{"stt": "1.1", "label": "…", "unit": "%", "values": [None, …], "note": None}]},
        {"kind": "table", …, "header": ["…"], "cells": [["…"]]},        # any other table
        {"kind": "text", …}          # an annex of paragraphs/sections only
      ]                              # every annex may also hold "after": paragraphs under its table
                                     # ("Ghi chú: …")
    }

Text values are NFC strings, whitespace collapsed except the ``\\n`` of a
two-line authority or a paragraph with line breaks. Dates are ISO strings.
"""

from __future__ import annotations

import copy
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SCHEMA_VERSION = 1

#: Type codes (ND30 Phụ lục III) and the type name printed under the header.
TYPE_NAMES: dict[str, str] = {
    "NQ": "NGHỊ QUYẾT",
    "QĐ": "QUYẾT ĐỊNH",
    "CT": "CHỈ THỊ",
    "QC": "QUY CHẾ",
    "QyĐ": "QUY ĐỊNH",
    "TC": "THÔNG CÁO",
    "TB": "THÔNG BÁO",
    "HD": "HƯỚNG DẪN",
    "CTr": "CHƯƠNG TRÌNH",
    "KH": "KẾ HOẠCH",
    "PA": "PHƯƠNG ÁN",
    "ĐA": "ĐỀ ÁN",
    "DA": "DỰ ÁN",
    "BC": "BÁO CÁO",
    "BB": "BIÊN BẢN",
    "TTr": "TỜ TRÌNH",
    "HĐ": "HỢP ĐỒNG",
    "CĐ": "CÔNG ĐIỆN",
    "GN": "BẢN GHI NHỚ",
    "TTh": "BẢN THỎA THUẬN",
    "GUQ": "GIẤY ỦY QUYỀN",
    "GM": "GIẤY MỜI",
    "GGT": "GIẤY GIỚI THIỆU",
    "GNP": "GIẤY NGHỈ PHÉP",
    "PG": "PHIẾU GỬI",
    "PC": "PHIẾU CHUYỂN",
    "PB": "PHIẾU BÁO",
    "CV": "",  # công văn: no type name, no type code in the symbol
}

ANNEX_KINDS = ("outline", "tasks", "indicators", "table", "text")
_SECTION_KEYS = ("number", "title", "paragraphs", "children")
_TASK_KEYS = ("stt", "content", "lead", "cooperating", "deadline_text", "due_date")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def type_name(doc_type: str) -> str:
    """``KH`` → ``KẾ HOẠCH``; ``CV`` (công văn) → ``""``."""
    return TYPE_NAMES.get(doc_type, "")


def empty_content(doc_type: str = "KH") -> dict:
    """A new, empty content dict with every key of the schema."""
    return {
        "schema": SCHEMA_VERSION,
        "doc_type": doc_type,
        "type_name": "",
        "parent_body": "",
        "issuer": "",
        "issuer_code": "",
        "number": None,
        "symbol": None,
        "place": "",
        "date": None,
        "draft_month": None,
        "title": "",
        "addressees": [],
        "legal_bases": [],
        "proposal": None,
        "preamble": [],
        "sections": [],
        "closing": "",
        "recipients": [],
        "signer": {"authority": None, "title": None, "name": None},
        "drafter_mark": "",
        "is_draft": True,
        "urgency": "",
        "tasks": [],
        "annexes": [],
    }


def empty_section(number: str = "", title: str = "") -> dict:
    return {"number": number, "title": title, "paragraphs": [], "children": [], "inline": False}


def empty_annex(kind: str) -> dict:
    annex = {"kind": kind, "label": "", "heading": "", "title": "", "notes": [], "paragraphs": [], "sections": [],
             "after": []}
    if kind == "indicators":
        annex.update({"period_group": "", "periods": [], "has_note": False, "rows": []})
    elif kind == "table":
        annex.update({"header": [], "cells": []})
    return annex


def normalized(content: dict | None) -> dict:
    """``content`` completed with the defaults of :func:`empty_content` (a deep copy; input untouched)."""
    out = empty_content((content or {}).get("doc_type") or "KH")
    for key, value in (content or {}).items():
        out[key] = copy.deepcopy(value)
    if not isinstance(out.get("signer"), dict):
        out["signer"] = {"authority": None, "title": None, "name": None}
    return out


def symbol_of(content: dict) -> str:
    """The symbol as printed after "Số:": ``72/KH-UBND``, or ``/KH-UBND`` with the number left blank."""
    if content.get("symbol") and not content.get("is_draft"):
        return content["symbol"]
    doc_type, code = content.get("doc_type") or "", content.get("issuer_code") or ""
    tail = code if doc_type == "CV" or not doc_type else f"{doc_type}-{code}" if code else doc_type
    number = content.get("number")
    prefix = "" if number is None or content.get("is_draft") else str(number)
    return f"{prefix}/{tail}"


# --- validation --------------------------------------------------------------------------


def _is_iso_date(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str):
        self.errors.setdefault(field, []).append(message)


def _check_text(errors: _Errors, field: str, value, *, required=False, nullable=False):
    if value is None and (nullable or not required):
        if required:
            errors.add(field, _("Trường này không được để trống."))
        return
    if not isinstance(value, str):
        errors.add(field, _("Giá trị phải là chuỗi ký tự."))
    elif required and not value.strip():
        errors.add(field, _("Trường này không được để trống."))


def _check_date(errors: _Errors, field: str, value):
    if value is not None and not _is_iso_date(value):
        errors.add(field, _("Ngày không hợp lệ (định dạng YYYY-MM-DD): “%(value)s”.") % {"value": value})


def _check_sections(errors: _Errors, field: str, sections, depth: int = 0):
    if not isinstance(sections, list):
        errors.add(field, _("Các mục phải là một danh sách."))
        return
    if depth > 8:
        errors.add(field, _("Các mục lồng nhau quá sâu."))
        return
    for i, section in enumerate(sections):
        where = f"{field}[{i}]"
        if not isinstance(section, dict):
            errors.add(where, _("Mỗi mục phải có số, tiêu đề, đoạn văn và mục con."))
            continue
        for key in ("number", "title"):
            _check_text(errors, f"{where}.{key}", section.get(key, ""))
        paragraphs = section.get("paragraphs", [])
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
            errors.add(f"{where}.paragraphs", _("Các đoạn văn phải là danh sách chuỗi ký tự."))
        _check_sections(errors, f"{where}.children", section.get("children", []), depth + 1)


def _check_rows(errors: _Errors, field: str, rows, keys: tuple[str, ...], date_key: str | None = None):
    if not isinstance(rows, list):
        errors.add(field, _("Các dòng của bảng phải là một danh sách."))
        return
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            errors.add(f"{field}[{i}]", _("Mỗi dòng của bảng phải là một đối tượng."))
            continue
        for key in keys:
            if key == date_key:
                _check_date(errors, f"{field}[{i}].{key}", row.get(key))
            else:
                _check_text(errors, f"{field}[{i}].{key}", row.get(key), nullable=True)


def validate_content(content) -> None:
    """Raise ``ValidationError`` (a dict: field → Vietnamese messages) when ``content`` breaks the schema.

    Missing keys take their defaults (see :func:`normalized`); what is checked
    is the type and shape of each value, the ISO dates, the type code, the
    presence of an issuer and a title, and the consistency of number, symbol
    and draft flag.
    """
    if not isinstance(content, dict):
        raise ValidationError(_("Nội dung văn bản phải là một đối tượng JSON."), code="invalid")
    c = normalized(content)
    errors = _Errors()
    if c["doc_type"] not in TYPE_NAMES:
        errors.add("doc_type", _("Loại văn bản không hợp lệ: “%(value)s”.") % {"value": c["doc_type"]})
    _check_text(errors, "issuer", c["issuer"], required=True)
    _check_text(errors, "title", c["title"], required=c["doc_type"] != "CV" or not c["issuer"])
    for key in ("type_name", "parent_body", "issuer_code", "place", "closing", "drafter_mark", "urgency"):
        _check_text(errors, key, c[key])
    number = c["number"]
    if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number <= 0):
        errors.add("number", _("Số văn bản phải là số nguyên dương."))
    _check_text(errors, "symbol", c["symbol"], nullable=True)
    if isinstance(number, int) and c["symbol"] and not str(c["symbol"]).split("/")[0].strip().lstrip("0") == str(number):
        errors.add("symbol", _("Ký hiệu “%(symbol)s” không khớp với số %(number)s.") % {"symbol": c["symbol"], "number": number})
    if not isinstance(c["is_draft"], bool):
        errors.add("is_draft", _("Giá trị phải là đúng hoặc sai."))
    elif not c["is_draft"] and (number is None or c["date"] is None):
        errors.add("is_draft", _("Văn bản đã ban hành phải có số và ngày ban hành."))
    _check_date(errors, "date", c["date"])
    if c["draft_month"] is not None and not (isinstance(c["draft_month"], str) and _MONTH_RE.match(c["draft_month"])):
        errors.add("draft_month", _("Tháng dự kiến phải có dạng YYYY-MM."))
    for key in ("addressees", "preamble"):
        if not isinstance(c[key], list) or not all(isinstance(v, str) for v in c[key]):
            errors.add(key, _("Giá trị phải là danh sách chuỗi ký tự."))
    bases = c["legal_bases"]
    if not isinstance(bases, list):
        errors.add("legal_bases", _("Căn cứ phải là một danh sách."))
    else:
        for i, base in enumerate(bases):
            if not isinstance(base, dict):
                errors.add(f"legal_bases[{i}]", _("Mỗi căn cứ phải có nội dung, ký hiệu và ngày."))
                continue
            _check_text(errors, f"legal_bases[{i}].text", base.get("text"), required=True)
            _check_text(errors, f"legal_bases[{i}].symbol", base.get("symbol"), nullable=True)
            _check_date(errors, f"legal_bases[{i}].date", base.get("date"))
    proposal = c["proposal"]
    if proposal is not None:
        if not isinstance(proposal, dict):
            errors.add("proposal", _("Đề nghị phải có ký hiệu, ngày và nội dung."))
        else:
            _check_text(errors, "proposal.symbol", proposal.get("symbol"), nullable=True)
            _check_text(errors, "proposal.text", proposal.get("text"), nullable=True)
            _check_date(errors, "proposal.date", proposal.get("date"))
    _check_sections(errors, "sections", c["sections"])
    recipients = c["recipients"]
    if not isinstance(recipients, list):
        errors.add("recipients", _("Nơi nhận phải là một danh sách."))
    else:
        for i, r in enumerate(recipients):
            if not isinstance(r, dict) or not isinstance(r.get("text"), str) or not r["text"].strip():
                errors.add(f"recipients[{i}]", _("Mỗi nơi nhận phải có nội dung."))
            elif not isinstance(r.get("archive", False), bool):
                errors.add(f"recipients[{i}].archive", _("Giá trị phải là đúng hoặc sai."))
    signer = c["signer"]
    for key in ("authority", "title", "name"):
        _check_text(errors, f"signer.{key}", signer.get(key), nullable=True)
    _check_rows(errors, "tasks", c["tasks"], _TASK_KEYS, date_key="due_date")
    annexes = c["annexes"]
    if not isinstance(annexes, list):
        errors.add("annexes", _("Phụ lục phải là một danh sách."))
    else:
        for i, annex in enumerate(annexes):
            where = f"annexes[{i}]"
            if not isinstance(annex, dict) or annex.get("kind") not in ANNEX_KINDS:
                errors.add(where, _("Loại phụ lục không hợp lệ."))
                continue
            for key in ("label", "heading", "title"):
                _check_text(errors, f"{where}.{key}", annex.get(key, ""))
            _check_sections(errors, f"{where}.sections", annex.get("sections", []))
            if annex["kind"] == "indicators":
                periods = annex.get("periods", [])
                if not isinstance(periods, list) or not all(isinstance(p, str) for p in periods):
                    errors.add(f"{where}.periods", _("Các cột kỳ báo cáo phải là danh sách chuỗi ký tự."))
                _check_rows(errors, f"{where}.rows", annex.get("rows", []), ("stt", "label", "unit", "note"))
            if annex["kind"] == "tasks" and "rows" in annex:
                _check_rows(errors, f"{where}.rows", annex["rows"], _TASK_KEYS, date_key="due_date")
    if errors.errors:
        raise ValidationError(errors.errors)
