"""Word and PDF of a plan, from its page and its signing screen; PDF built by a Celery task."""

import datetime
import io

import docx
import pytest

from documents.models import Rendition
from documents.word.parse import parse_docx

D = datetime.date


@pytest.fixture
def issued(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(groups=["Các sở, ban, ngành"])
        journey.run_to_issue(process)
    process.plan.refresh_from_db()
    return process


def test_word_download_is_the_issued_plan(issued, client, users):
    client.force_login(users["cv.cchc"])
    response = client.get(f"/documents/{issued.plan.pk}/word/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('1-KH-UBND.docx"')
    data = b"".join(response.streaming_content)
    contract = parse_docx(data).to_contract()
    assert contract["symbol"] == "1/KH-UBND" and contract["date"] == "2025-03-16" and not contract["is_draft"]
    assert contract["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Thị Loan"}
    assert contract["proposal"]["symbol"] == "1/TTr-SNV"


def test_a_draft_downloads_as_a_draft(journey, client, users, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
    client.force_login(users["tp.cchc"])
    data = b"".join(client.get(f"/documents/{process.plan.pk}/word/").streaming_content)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "DỰ THẢO" in text
    assert parse_docx(data).to_contract()["is_draft"] is True


def test_outsiders_cannot_download(issued, client, users, journey, on_day):
    with on_day(D(2025, 3, 13)):
        draft = journey.draft(title="Bản nháp riêng của Sở Nội vụ")
    client.force_login(users["cv.stp"])
    assert client.get(f"/documents/{draft.plan.pk}/word/").status_code == 404
    assert client.get(f"/documents/{draft.plan.pk}/pdf/").status_code == 404
    # the issued plan was sent to Sở Tư pháp: it may download that one
    assert client.get(f"/documents/{issued.plan.pk}/word/").status_code == 200


def test_pdf_is_built_by_a_task_then_served(issued, client, users, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(users["cv.cchc"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = client.get(f"/documents/{issued.plan.pk}/pdf/")
    assert first.status_code == 202 and "Đang tạo bản PDF" in first.content.decode()
    assert len(callbacks) == 1
    rendition = Rendition.objects.get(document=issued.plan)
    assert rendition.error == "" and rendition.file.name.endswith(".pdf")
    second = client.get(f"/documents/{issued.plan.pk}/pdf/")
    assert second.status_code == 200 and second["Content-Type"] == "application/pdf"
    assert b"".join(second.streaming_content).startswith(b"%PDF")


def test_missing_libreoffice_gives_a_clear_message(issued, client, users, settings, tmp_path, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    from documents import pdf

    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    client.force_login(users["cv.cchc"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/documents/{issued.plan.pk}/pdf/")
    response = client.get(f"/documents/{issued.plan.pk}/pdf/")
    assert response.status_code == 503
    assert "Chưa cài LibreOffice" in response.content.decode()


def test_the_signing_screen_shows_the_pdf(journey, client, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp")]:
            journey.approve(process, step, user)
        journey.login("pct.loan")
        page = client.get(journey.task(process, "decide").reverse("execute")).content.decode()
    assert f'/documents/{process.plan.pk}/pdf/?inline=1' in page and "KT. CHỦ TỊCH" in page


def test_every_document_page_offers_word_and_pdf(issued, client, users):
    client.force_login(users["cv.cchc"])
    for document in (issued.plan, issued.submission):
        page = client.get(document.get_absolute_url())
        assert page.status_code == 200, document
        html = page.content.decode()
        assert f"/documents/{document.pk}/word/" in html and f"/documents/{document.pk}/pdf/" in html
    client.force_login(users["vt.khason"])
    assert client.get(issued.submission.get_absolute_url()).status_code in (403, 404)
