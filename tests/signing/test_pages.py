"""The page "Kiểm tra chữ ký số", the document's download serving its signed PDF."""

from __future__ import annotations

import datetime
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import services
from documents.signing.services import document_sign_agency, document_sign_person

from .conftest import PIN

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed")


@pytest.fixture
def issued(keys, plan, pct, clerk):
    document_sign_person(document=plan, user=pct, pin=PIN)
    services.document_issue(document=plan, clerk=clerk, issued_on=datetime.date(2025, 3, 16))
    return document_sign_agency(document=plan, user=clerk, pin=PIN)


def test_signature_check_page_shows_both_signatures_and_a_tampered_copy_as_invalid(client, issued, clerk, settings):
    with issued.file.open("rb") as handle:
        pdf = handle.read()
    client.force_login(clerk)
    page = client.post(reverse("signature_check"), {"file": SimpleUploadedFile("72.pdf", pdf, "application/pdf")})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-valid="true"' in html and "Nguyễn Thị Loan" in html and "OCSP/CRL" in html
    at = pdf.index(b"stream", pdf.index(b"/FlateDecode")) + 20
    broken = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]
    page = client.post(reverse("signature_check"), {"file": SimpleUploadedFile("x.pdf", broken, "application/pdf")})
    assert 'data-valid="false"' in page.content.decode()
    settings.KEHOACH_SIGNATURE_CHECK_MAX_BYTES = 1000
    page = client.post(reverse("signature_check"), {"file": SimpleUploadedFile("72.pdf", pdf, "application/pdf")})
    assert page.status_code == 400 and "vượt quá" in page.content.decode()


def test_signature_check_needs_a_login(client, db):
    assert client.get(reverse("signature_check")).status_code == 302


def test_document_page_shows_the_signatures_and_the_download_serves_the_signed_pdf(client, issued, plan):
    client.force_login(get_superuser())
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "kh-document-signatures" in page and 'data-valid="true"' in page
    assert "Nguyễn Thị Loan" in page and "Ủy ban nhân dân tỉnh Thái Nguyên" in page
    response = client.get(reverse("document_pdf", args=[plan.pk]))
    assert response.status_code == 200
    with issued.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def get_superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root-signing", "r@example.org", "x")
