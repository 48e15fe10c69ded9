"""Hole 9, wrongly refused: the consolidator reads the reports submitted to it, and a document's page and its
downloads answer from one rule (``documents.selectors.documents_visible_to``)."""

import datetime

import pytest

from documents.models import Document
from tests.journey import issued_obligation
from tests.journey import unit_step as step
from workflows.models import UnitReport

D = datetime.date


@pytest.fixture
def submitted(journey, on_day, users):
    """Sở Tư pháp's report, signed (45/BC-STP…) and submitted to Sở Nội vụ's CCHC division, the consolidator."""
    obligation = issued_obligation(journey, on_day, title="Báo cáo CCHC", recipients=["Các sở, ban, ngành"],
                                   due_date=D(2025, 5, 15), outline=[{"number": "I", "title": "KẾT QUẢ"}])
    reports = {r.unit.key: r for r in UnitReport.objects.filter(obligation=obligation).select_related("unit")}
    report = reports["tn-stp"]
    with on_day(D(2025, 4, 2)):
        step(report, "acknowledge", "vt.stp", "acknowledge", users)
        step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
        step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo kết quả CCHC",
             sections=[{"title": "I. KẾT QUẢ", "text": "Đã rà soát 12 thủ tục."}])
        step(report, "sign_report", "gd.stp", "sign", users)
    report.refresh_from_db()
    assert report.state == "submitted" and report.report.is_issued
    return report, reports["tn-snnmt"]


def test_the_consolidator_downloads_the_reports_submitted_to_it(submitted, client, users):
    report, _other = submitted
    client.force_login(users["th.snv"])  # Sở Nội vụ, phòng CCHC: the consolidator
    assert client.get(f"/documents/{report.report.pk}/word/").status_code == 200  # was 404
    assert client.get(f"/documents/document/{report.report.pk}/detail/").status_code == 200


def test_a_unit_that_is_not_the_receiver_still_cannot(submitted, client, users):
    report, _other = submitted
    for outsider in ("cv.snnmt", "cv.phubinh", "vt.khason"):
        if outsider not in users:
            continue
        client.force_login(users[outsider])
        assert client.get(f"/documents/{report.report.pk}/word/").status_code == 404
        assert client.get(f"/documents/document/{report.report.pk}/detail/").status_code in (403, 404)


def test_a_draft_report_is_not_shown_to_the_consolidator_before_it_is_submitted(journey, on_day, users, client):
    obligation = issued_obligation(journey, on_day, title="Báo cáo", recipients=["Các sở, ban, ngành"],
                                   due_date=D(2025, 5, 15), outline=[{"number": "I", "title": "KẾT QUẢ"}])
    report = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    with on_day(D(2025, 4, 2)):
        step(report, "acknowledge", "vt.stp", "acknowledge", users)
        step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
        step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo nháp",
             sections=[{"title": "I. KẾT QUẢ", "text": "Nháp."}])
    report.refresh_from_db()
    client.force_login(users["th.snv"])
    assert client.get(f"/documents/{report.report.pk}/word/").status_code == 404


def test_every_document_page_answers_as_its_download(submitted, client, users, journey, on_day):
    """For each demo identity and each document, the page is open exactly when the Word download is."""
    with on_day(D(2025, 4, 3)):
        journey.draft(title="Dự thảo riêng của phòng CCHC")
    documents = list(Document.objects.order_by("pk"))
    assert len(documents) >= 4
    disagreements = []
    for username, user in users.items():
        client.force_login(user)
        for document in documents:
            download = client.get(f"/documents/{document.pk}/word/").status_code
            page = client.get(f"/documents/document/{document.pk}/detail/").status_code
            if (download == 200) != (page == 200):
                disagreements.append((username, document.pk, page, download))
    assert disagreements == []
