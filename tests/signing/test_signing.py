"""Signed PDFs: both signatures verify with poppler's pdfsig and verify_pdf; a flipped byte fails both;
every bad input is refused with a Vietnamese message and nothing signed."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess

import pytest
from django.core.management import call_command

from documents import services
from documents.signing.errors import SigningError
from documents.signing.models import SignedPdf
from documents.signing.services import document_sign_agency, document_sign_person
from documents.signing.verify import pdf_verify

from .conftest import PIN

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfsig") is None,
                                reason="LibreOffice and poppler-utils are needed")


def _pdfsig(path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def _read(row) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def signed(keys, plan, pct, clerk):
    document_sign_person(document=plan, user=pct, pin=PIN)
    services.document_issue(document=plan, clerk=clerk, issued_on=datetime.date(2025, 3, 16))
    return document_sign_agency(document=plan, user=clerk, pin=PIN)


def test_both_signatures_valid_in_pdfsig_and_verify_pdf_and_a_flipped_byte_fails_both(signed, tmp_path, capsys):
    pdf = _read(signed)
    path = tmp_path / "72.pdf"
    path.write_bytes(pdf)
    report = _pdfsig(path)
    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert "NguoiKy" in report and "CoQuan" in report

    call_command("verify_pdf", str(path), "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is True
    assert [(s["kind"], s["intact"], s["trusted"]) for s in result["signatures"]] == [("person", True, True),
                                                                                    ("agency", True, True)]
    assert result["signatures"][0]["changes"] == "allowed"  # the number and the date, filled in after
    assert result["signatures"][1]["changes"] == "none"

    # one byte of the signed content changed (inside the first page's content stream)
    at = pdf.index(b"stream", pdf.index(b"/FlateDecode")) + 20
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:])
    assert "Signature is Valid." not in _pdfsig(tampered)
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_pdf", str(tampered), "--json")
    assert exit_.value.code == 1
    assert json.loads(capsys.readouterr().out)["valid"] is False


def test_wrong_pin_is_refused_and_nothing_signed(keys, plan, pct):
    with pytest.raises(SigningError) as error:
        document_sign_person(document=plan, user=pct, pin="000000")
    assert error.value.code == "wrong_pin" and "PIN" in error.value.messages[0]
    assert not SignedPdf.objects.exists()


def test_certificate_of_someone_else_is_refused(keys, plan, pct):
    plan.content["signer"]["name"] = "Trần Văn Khác"
    services.document_save_draft(document=plan, content=plan.content)
    with pytest.raises(SigningError) as error:
        document_sign_person(document=plan, user=pct, pin=PIN)
    assert error.value.code == "cert_name_mismatch"
    assert not SignedPdf.objects.exists()


@pytest.mark.parametrize("days, for_signing, code", [
    ((-400, -10), True, "cert_expired"), ((10, 400), True, "cert_not_yet_valid"), ((-1, 400), False, "cert_not_for_signing")])
def test_expired_future_or_non_signing_certificate_is_refused(keys, plan, pct, days, for_signing, code):
    from documents.signing.democa import demo_ca, issue_certificate, write_pkcs12
    from documents.signing.keys import signing_dir
    from documents.signing.services import person_signing_key

    now = datetime.datetime.now(datetime.UTC)
    ca = demo_ca()
    cert, key = issue_certificate(ca=ca, common_name="Nguyễn Thị Loan", not_before=now + datetime.timedelta(days=days[0]),
                                  not_after=now + datetime.timedelta(days=days[1]), for_signing=for_signing)
    write_pkcs12(path=signing_dir() / "other.p12", cert=cert, key=key, ca=ca, pin=PIN)
    signing_key = person_signing_key(user=pct)
    signing_key.pkcs12_file = "other.p12"
    signing_key.save()
    with pytest.raises(SigningError) as error:
        document_sign_person(document=plan, user=pct, pin=PIN)
    assert error.value.code == code
    assert not SignedPdf.objects.exists()


def test_content_changed_after_approval_is_refused(keys, plan, pct):
    from documents.models import Document

    Document.objects.filter(pk=plan.pk).update(content={**plan.content, "closing": "Một câu thêm sau khi duyệt."})
    with pytest.raises(SigningError) as error:
        document_sign_person(document=plan, user=pct, pin=PIN)
    assert error.value.code == "fingerprint_mismatch"
    assert not SignedPdf.objects.exists()


def test_pdf_changed_after_the_person_signed_refuses_the_agency_signature(keys, plan, pct, clerk):
    from django.core.files.base import ContentFile

    row = document_sign_person(document=plan, user=pct, pin=PIN)
    services.document_issue(document=plan, clerk=clerk, issued_on=datetime.date(2025, 3, 16))
    pdf = _read(row)
    at = pdf.index(b"stream", pdf.index(b"/FlateDecode")) + 20
    row.file.save("changed.pdf", ContentFile(pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]), save=True)
    with pytest.raises(SigningError) as error:
        document_sign_agency(document=plan, user=clerk, pin=PIN)
    assert error.value.code == "changed_after_signing"
    assert "bị sửa" in error.value.messages[0]  # the change is shown
    assert not SignedPdf.objects.filter(stage="agency").exists()


def test_annex_in_a_separate_file_gets_the_agency_signature_at_the_top_right_of_its_first_page(keys, plan, clerk, tmp_path):
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    from documents.pdf import docx_to_pdf
    from documents.signing.services import annex_sign_agency
    from documents.word.render import render_docx

    services.document_issue(document=plan, clerk=clerk, issued_on=datetime.date(2025, 3, 16))
    plan.refresh_from_db()
    annex = docx_to_pdf(render_docx({"doc_type": "KH", "is_draft": False, "title": "Phụ lục", "sections": [
        {"number": "", "title": "PHỤ LỤC", "paragraphs": ["Danh mục nhiệm vụ."], "children": []}]}))
    signed = annex_sign_agency(pdf=annex, document=plan, pin=PIN)
    result = pdf_verify(signed)
    assert result["valid"] and result["signatures"][0]["kind"] == "agency"
    reader = PdfFileReader(io.BytesIO(signed))
    page = reader.root["/Pages"]["/Kids"][0].get_object()
    width, height = (float(page["/MediaBox"][i]) for i in (2, 3))
    annots = page["/Annots"]
    annots = annots.get_object() if hasattr(annots, "get_object") else annots
    widget = next(a.get_object() for a in annots if a.get_object().get("/FT") == "/Sig")
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    assert x1 > width * 0.6 and y1 > height * 0.85  # top right
    path = tmp_path / "annex.pdf"
    path.write_bytes(signed)
    assert "Signature is Valid." in _pdfsig(path)
    words = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=False).stdout
    assert "Phụ lục" in words or "PHỤ LỤC" in words
