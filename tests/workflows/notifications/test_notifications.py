"""Notifications that arrive: through a whole journey, the bell and the mailbox tell each person what reached them."""

import datetime

from django.core import mail

from orgchart.models import Holding, RecipientGroup
from tests.journey import BODY, issued_obligation, unit_step
from workflows.models import Notification, UnitReport

D = datetime.date
TASKS = "1 | Tổng kết | Sở Nội vụ | Các sở, ban, ngành | trước ngày 01/5/2025"


def told(username, kind=None):
    qs = Notification.objects.filter(user__username=username)
    return list((qs.filter(kind=kind) if kind else qs).order_by("created", "id"))


def test_a_plan_journey_tells_each_actor_in_the_bell_and_by_mail(journey, on_day, client, users,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with on_day(D(2025, 3, 13)):
            process = journey.draft(groups=["Các sở, ban, ngành"])
            # the head of division: a task assigned to them
            [arrived] = told("tp.cchc", "task_arrived")
            assert "Trưởng phòng xem xét" in arrived.title and arrived.url.endswith("/")
            # returned with a comment: the drafter is told once, with the reason (not also "a new task")
            response = journey.give_back(process, "review", "tp.cchc", comment="Cần bổ sung số liệu năm 2024")
            assert f"Đã trả lại dự thảo cho {users['cv.cchc'].get_full_name()}" in client.get(response.url).content.decode()
            [returned] = told("cv.cchc")
            assert returned.kind == "draft_returned" and "Cần bổ sung số liệu năm 2024" in returned.body
            journey.act(process, "revise", "cv.cchc", {
                "title": process.plan.title, "legal_bases": "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
                "body": BODY + "\nBổ sung số liệu năm 2024.", "tasks": TASKS, "recipients": "Bộ Nội vụ\nLưu: VT, HCC",
                "recipient_groups": [RecipientGroup.objects.get(name="Các sở, ban, ngành").pk], "comment": "Đã bổ sung"})
            assert len(told("tp.cchc", "task_arrived")) == 2
            journey.approve(process, "review", "tp.cchc")
            assert told("gd.snv", "task_arrived")
            response = journey.approve(process, "sign_submission", "gd.snv")
            assert "Đã ký Tờ trình 1/TTr-SNV" in client.get(response.url).content.decode()
            # a unit queue (Văn phòng UBND vets): its staff who may take it on the day, no one else
            queue = {n.user for n in Notification.objects.filter(kind="task_arrived", body="Văn phòng UBND thẩm định")}
            assert users["cv.vp"] in queue
            for user in queue:
                assert user.has_perm("orgchart.act_for_unit", process.office)
                assert Holding.objects.filter(user=user, position__unit=process.office).valid_on(D(2025, 3, 13)).exists()
            assert users["cv.cchc"] not in queue and users["vt.stp"] not in queue
            journey.approve(process, "vet", "cv.vp")
            journey.approve(process, "decide", "pct.loan")
            assert users["vt.ubnd"] in {n.user for n in Notification.objects.filter(body="Văn thư cấp số, phát hành")}
        with on_day(D(2025, 3, 16)):
            response = journey.issue(process)
            toast = client.get(response.url).content.decode()
    assert "Đã phát hành 1/KH-UBND" in toast
    # the drafter: their document issued, with its number
    [issued] = told("cv.cchc", "document_issued")
    assert issued.title == "Đã phát hành 1/KH-UBND"
    # a recipient unit's văn thư: the document that arrived (the receipt) ...
    # (Sở Tư pháp is also told of its phối hợp part in "Tổng kết": the row's Cơ quan phối hợp is "Các sở, ban, ngành")
    arrivals = told("vt.stp", "document_arrived")
    assert sorted(n.title for n in arrivals) == [f"Văn bản đến: 1/KH-UBND — {process.plan.title}",
                                                 "Văn bản đến: 1/KH-UBND — nhiệm vụ “Tổng kết”"]
    [arrival] = [n for n in arrivals if "/receipt/" in n.url]
    assert arrival.title == f"Văn bản đến: 1/KH-UBND — {process.plan.title}"
    assert not told("cv.stp", "document_arrived")  # only the văn thư
    # ... and, for the unit the plan gives a duty (Sở Nội vụ leads "Tổng kết"), the duty too (the bulk fan-out)
    duties = told("vt.snv", "document_arrived")
    assert sorted(n.title for n in duties) == [f"Văn bản đến: 1/KH-UBND — {process.plan.title}",
                                               "Văn bản đến: 1/KH-UBND — nhiệm vụ “Tổng kết”"]
    # the same words by e-mail, once each, to each person's address, sent after commit by the Celery task
    subjects = {(m.to[0], m.subject) for m in mail.outbox}
    assert ("cv.cchc@thainguyen.gov.vn", "Đã phát hành 1/KH-UBND") in subjects
    assert ("cv.cchc@thainguyen.gov.vn", returned.title) in subjects
    assert sum(1 for to, subject in subjects if to == "vt.snv@thainguyen.gov.vn" and subject.startswith("Văn bản đến")) == 2
    assert len(mail.outbox) == Notification.objects.exclude(emailed_at=None).count() == Notification.objects.count()
    # the bell
    journey.login("vt.snv")
    page = client.get("/workflow/inbox/").content.decode()
    assert 'class="kh-unread"' in page and ">2<" in page.split('class="kh-unread"')[1][:120]
    listing = client.get("/notifications/").content.decode()
    assert "Văn bản đến: 1/KH-UBND" in listing
    journey.login("cv.cchc")
    listing = client.get("/notifications/").content.decode()
    assert "Dự thảo bị trả lại" in listing and "Cần bổ sung số liệu năm 2024" in listing  # the return, with its reason
    assert "Đã phát hành 1/KH-UBND" in listing


def test_a_units_report_returned_then_accepted_tells_its_writer_and_head(journey, on_day, users,
                                                                          django_capture_on_commit_callbacks):
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Sở Tư pháp"])
    report = UnitReport.objects.get(obligation=obligation)
    assert told("vt.stp", "document_arrived")  # the fan-out told the unit's văn thư
    with django_capture_on_commit_callbacks(execute=True), on_day(D(2025, 4, 1)):
        unit_step(report, "acknowledge", "vt.stp", "acknowledge", users)
        assert told("gd.stp", "task_arrived")
        unit_step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
        assert told("cv.stp", "task_arrived")
        unit_step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo", sections=[])
        unit_step(report, "sign_report", "gd.stp", "return", users, comment="Thiếu kết quả quý I")
        [returned] = told("cv.stp", "draft_returned")
        assert "Thiếu kết quả quý I" in returned.body
        assert len(told("cv.stp", "task_arrived")) == 1  # the return told them already
        unit_step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo", sections=[])
        unit_step(report, "sign_report", "gd.stp", "sign", users)
        symbol = report.report.symbol
        [signed] = told("cv.stp", "document_issued")  # the writer's report has its number
        assert signed.title == f"Đã phát hành {symbol}"
        unit_step(report, "receive", "th.snv", "return", users, comment="Đề nghị bổ sung biểu số liệu")
        for username in ("cv.stp", "gd.stp"):
            [back] = told(username, "report_returned")
            assert back.title == f"Báo cáo {symbol} bị {report.receiver} trả lại" and back.body == "Đề nghị bổ sung biểu số liệu"
        unit_step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo", sections=[])
        unit_step(report, "sign_report", "gd.stp", "sign", users)
        unit_step(report, "receive", "th.snv", "approve", users)
    report.refresh_from_db()
    assert report.state == "accepted"
    for username in ("cv.stp", "gd.stp"):
        [accepted] = told(username, "report_accepted")
        assert accepted.title == f"Báo cáo {report.report.symbol} được {report.receiver} chấp nhận"
    assert {m.subject for m in mail.outbox if m.to == ["gd.stp@thainguyen.gov.vn"]} >= {
        f"Báo cáo {report.report.symbol} được {report.receiver} chấp nhận"}
