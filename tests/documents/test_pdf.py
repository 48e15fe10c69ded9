"""PDF through LibreOffice: the first page of a rendered Kế hoạch shows its ND30 header."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from documents import pdf
from documents.bench import sample_plan_content
from documents.pdf import PdfConversionError, docx_to_pdf
from documents.word.render import render_docx

needs_soffice = pytest.mark.skipif(pdf.soffice_path() is None, reason="LibreOffice (soffice) chưa được cài trên máy này")


def _first_page_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) chưa được cài trên máy này")
    path = tmp_path / "kehoach.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


@needs_soffice
def test_first_page_of_a_plan(tmp_path):
    content = sample_plan_content(40)
    data = docx_to_pdf(render_docx(content))
    assert data.startswith(b"%PDF")
    text = _first_page_text(data, tmp_path)
    flat = " ".join(text.split())
    assert "ỦY BAN NHÂN DÂN" in text and "TỈNH THÁI NGUYÊN" in text
    assert "Số: 72/KH-UBND" in flat
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert "Thái Nguyên, ngày 16 tháng 3 năm 2025" in flat
    assert "KẾ HOẠCH" in flat
    assert content["title"] in flat
    # the page number starts on page 2: none on the first page
    assert not any(line.strip() == "1" for line in text.splitlines())


@needs_soffice
def test_parallel_conversions_do_not_collide(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    content = sample_plan_content(3)
    drafts = []
    for number in (11, 12):
        item = dict(content, number=number, symbol=f"{number}/KH-UBND")
        drafts.append(render_docx(item))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(docx_to_pdf, drafts))
    for number, data in zip((11, 12), results):
        assert f"Số: {number}/KH-UBND" in " ".join(_first_page_text(data, tmp_path).split())


def test_missing_libreoffice_gives_a_vietnamese_message(monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    with pytest.raises(PdfConversionError) as info:
        docx_to_pdf(b"PK")
    assert "Chưa cài LibreOffice" in str(info.value)


@needs_soffice
def test_empty_input_is_refused():
    with pytest.raises(PdfConversionError) as info:
        docx_to_pdf(b"")
    assert "rỗng" in str(info.value)


@needs_soffice
def test_timeout_gives_a_vietnamese_message():
    with pytest.raises(PdfConversionError) as info:
        docx_to_pdf(render_docx(sample_plan_content(1)), timeout=0.01)
    assert "quá thời gian" in str(info.value)
