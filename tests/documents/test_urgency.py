"""Độ khẩn (ND30 Phụ lục I): the dấu chỉ mức độ khẩn printed under the số, ký hiệu, and read back by the import."""

from __future__ import annotations

import io

import docx
import pytest

from documents.bench import sample_plan_content
from documents.word.parse import parse_docx
from documents.word.render import render_docx


def _left_column(data: bytes) -> list:
    header = docx.Document(io.BytesIO(data)).tables[0]
    return header.rows[0].cells[0].paragraphs


@pytest.mark.parametrize("mark", ["HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"])
def test_the_mark_is_printed_under_the_number_in_bold_capitals(mark):
    content = {**sample_plan_content(3), "urgency": mark}
    paragraphs = _left_column(render_docx(content))
    texts = [p.text.strip() for p in paragraphs]
    number_at = next(i for i, text in enumerate(texts) if text.startswith("Số:"))
    assert texts[number_at] == "Số: 72/KH-UBND"
    assert texts[number_at + 1] == mark  # directly under the số, ký hiệu, in the left column
    urgent = paragraphs[number_at + 1]
    assert all(r.bold for r in urgent.runs if r.text.strip())
    assert urgent.text == urgent.text.upper()
    borders = urgent._p.pPr.find(docx.oxml.ns.qn("w:pBdr"))
    assert borders is not None  # a single-line box, as ND30's stamp
    normal = [p.text.strip() for p in _left_column(render_docx({**content, "urgency": ""}))]
    assert normal == texts[:number_at + 1] + texts[number_at + 2:]  # thường: nothing printed, the rest unchanged


@pytest.mark.parametrize("mark", ["HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"])
def test_the_import_reads_the_mark_back(mark):
    parsed = parse_docx(render_docx({**sample_plan_content(3), "urgency": mark}))
    assert parsed.content["urgency"] == mark
    contract = parsed.to_contract()
    assert contract["urgency"] == mark
    assert contract["symbol"] == "72/KH-UBND" and contract["title"] == sample_plan_content(3)["title"]


def test_the_import_reads_a_mark_typed_above_the_header():
    """A hand-made file: "THƯỢNG KHẨN" in a paragraph of its own before the header table."""
    document = docx.Document(io.BytesIO(render_docx(sample_plan_content(3))))
    table = document.tables[0]._tbl
    mark = document.add_paragraph("THƯỢNG KHẨN")
    table.addprevious(mark._p)
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_docx(buffer.getvalue())
    assert parsed.to_contract()["urgency"] == "THƯỢNG KHẨN"
    assert parsed.to_contract()["title"] == sample_plan_content(3)["title"]


def test_a_normal_document_imports_without_urgency():
    assert parse_docx(render_docx(sample_plan_content(3))).to_contract()["urgency"] is None


def test_khan_in_the_body_is_not_a_mark():
    content = sample_plan_content(3)
    content["sections"][0]["paragraphs"].append("Khẩn")
    assert parse_docx(render_docx(content)).to_contract()["urgency"] is None


def test_khan_in_capitals_in_the_body_is_not_a_mark():
    content = sample_plan_content(3)
    content["sections"][0]["paragraphs"].insert(0, "KHẨN")
    assert parse_docx(render_docx(content)).to_contract()["urgency"] is None
