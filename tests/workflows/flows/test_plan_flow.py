"""The plan process, driven through viewflow's task URLs."""

import datetime

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from workflows.flows import PlanFlow, ReceiptFlow
from workflows.models import AuditEntry, ReceiptProcess

D = datetime.date


def test_whole_path_from_draft_to_dissemination(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(groups=["Các sở, ban, ngành", "UBND các huyện, thành phố"])
        assert process.plan.status == "draft" and process.submission.doc_type == "TTr"
        assert journey.task(process, "review").owner.username == "tp.cchc"
        journey.approve(process, "review", "tp.cchc")
        journey.approve(process, "sign_submission", "gd.snv")
        process.submission.refresh_from_db()
        assert process.submission.symbol == "1/TTr-SNV" and process.submission.issued_on == D(2025, 3, 13)
        process.plan.refresh_from_db()
        assert process.plan.content["proposal"]["text"] == (
            "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 1/TTr-SNV ngày 13/3/2025")
        journey.approve(process, "vet", "cv.vp")
        assert journey.task(process, "decide").owner.username == "pct.loan"
    with on_day(D(2025, 3, 16)):
        journey.approve(process, "decide", "pct.loan")
        process.plan.refresh_from_db()
        assert process.plan.content["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Thị Loan"}
        journey.issue(process)
    process.plan.refresh_from_db()
    # issued and sent: the units it obliges now report, and the plan's process waits for them
    assert process.task_set.get(flow_task=PlanFlow.wait_reports).status == STATUS.NEW
    assert process.obligations.count() == 1 and process.status != PROCESS.DONE
    assert process.plan.symbol == "1/KH-UBND" and process.plan.issued_on == D(2025, 3, 16)
    assert process.plan.snapshot_sha256 and process.plan.snapshot["signer"]["name"] == "Nguyễn Thị Loan"
    # dissemination as of the issue date: the 9 districts still exist on 16/3/2025, the merged sở no longer
    units = set(ReceiptProcess.objects.filter(document=process.plan).values_list("unit__key", flat=True))
    assert "tn-h-phubinh" in units and "bnv" in units and "tn-snv" in units and "tn-skhdt" not in units
    assert len([u for u in units if u.startswith("tn-h-")]) == 9
    assert set(process.plan.archive_copies.values_list("unit__key", flat=True)) == {"tn-ubnd", "tn-vp-hcc"}
    receipt_tasks = [t for t in ReceiptProcess.objects.get(document=process.plan, unit__key="tn-stp").task_set.all()
                     if t.flow_task == ReceiptFlow.acknowledge]
    assert receipt_tasks[0].status == STATUS.NEW and receipt_tasks[0].flow_task_type == "HUMAN"
    actions = list(AuditEntry.objects.filter(process=process).values_list("action", flat=True))
    assert actions == ["draft", "review:approve", "sign_submission", "vet:approve", "sign", "issue", "disseminate"]


def test_a_plan_without_obligations_ends_when_sent(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        process.plan.content["tasks"] = []
        process.plan.save(update_fields=["content"])
        journey.run_to_issue(process)
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.task_set.filter(flow_task=PlanFlow.issued).exists()


def test_the_plan_moves_on_when_every_unit_report_is_accepted(journey, on_day, users, django_capture_on_commit_callbacks):
    from tests.journey import perform
    from workflows.flows import UnitReportFlow
    from workflows.models import UnitReport

    with on_day(D(2025, 3, 13)):
        process = journey.draft()  # its annex row: "Tổng kết", lead Sở Nội vụ, cooperating các sở, ban, ngành
        process.plan.content["tasks"][0]["cooperating"] = ""
        process.plan.save(update_fields=["content"])
        with django_capture_on_commit_callbacks(execute=True):
            journey.run_to_issue(process)
        report = UnitReport.objects.get(obligation__plan=process)
        for step, username, action, data in [
            ("acknowledge", "vt.snv", "acknowledge", {}), ("assign", "gd.snv", "assign", {"assignee": "cv.cchc"}),
            ("draft_report", "cv.cchc", "submit", {"title": "Kết quả tổng kết"}), ("sign_report", "gd.snv", "sign", {}),
            ("receive", "th.snv", "approve", {})]:
            report.refresh_from_db()
            task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
            perform(task, username, action, users, **data)
    process.refresh_from_db()
    assert process.task_set.get(flow_task=PlanFlow.wait_reports).status == STATUS.DONE
    assert process.status == PROCESS.DONE and process.task_set.filter(flow_task=PlanFlow.reports_closed).exists()


def test_dissemination_after_the_reform_uses_the_two_level_chart(journey, on_day):
    with on_day(D(2025, 8, 1)):
        # the pre-reform phrase, typed as a line (the group itself is no longer offered), names no one
        process = journey.draft(groups=["UBND các xã, phường, thị trấn"],
                                recipients="UBND các huyện, thành phố\nLưu: VT, HCC")
        journey.run_to_issue(process, on="01/08/2025")
    units = set(ReceiptProcess.objects.filter(document=process.plan).values_list("unit__key", flat=True))
    assert not [u for u in units if u.startswith("tn-h-")]
    assert {"tn-x-khason-2025", "tn-x-phubinh-2025"} <= units and "tn-x-khason" not in units


def test_a_clerk_acknowledges_and_the_plan_page_shows_who_has_not(journey, on_day, client):
    with on_day(D(2025, 8, 1)):
        process = journey.draft(groups=["UBND các xã, phường, thị trấn"])
        journey.run_to_issue(process, on="01/08/2025")
        receipt = ReceiptProcess.objects.get(document=process.plan, unit__key="tn-x-khason-2025")
        journey.login("vt.khason")
        task = receipt.task_set.get(flow_task=ReceiptFlow.acknowledge)
        assert client.post(task.reverse("assign")).status_code == 302
        assert client.post(task.reverse("execute"), {"seen": "on"}).status_code == 302
        receipt.refresh_from_db()
        assert receipt.acknowledged_by.username == "vt.khason"
        journey.login("cv.cchc")
        page = client.get(process.get_absolute_url()).content.decode()
    assert "Tiếp nhận: 1/5" in page and "Chưa tiếp nhận" in page


@pytest.mark.parametrize("step, user, resume_at", [
    ("review", "tp.cchc", "review"),
    ("sign_submission", "gd.snv", "review"),
    ("vet", "cv.vp", "vet"),
    ("decide", "pct.loan", "decide"),
])
def test_every_step_can_return_to_the_drafter_and_the_revision_goes_back(journey, on_day, step, user, resume_at):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        order = ["review", "sign_submission", "vet", "decide"]
        approvers = {"review": "tp.cchc", "sign_submission": "gd.snv", "vet": "cv.vp", "decide": "pct.loan"}
        for previous in order[: order.index(step)]:
            journey.approve(process, previous, approvers[previous])
        journey.give_back(process, step, user, comment="Đề nghị bổ sung số liệu năm 2024")
        assert journey.task(process, "revise").owner.username == "cv.cchc"
        journey.revise(process)
        assert journey.task(process, resume_at)
    versions = list(process.plan.versions.values_list("number", flat=True))
    assert len(versions) >= 2
    entry = AuditEntry.objects.get(process=process, action=f"{step}:return")
    assert entry.comment == "Đề nghị bổ sung số liệu năm 2024" and entry.actor.username == user
    assert process.plan.title == "Tổng kết Chương trình (bản sửa)"


def test_a_return_without_a_reason_is_refused(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        response = journey.act(process, "review", "tp.cchc", {"decision": "return", "comment": ""}, expect=200)
    assert "Trả lại cần ghi rõ lý do" in response.content.decode()
    assert journey.task(process, "review")


def test_pct_returns_to_the_provincial_office(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp")]:
            journey.approve(process, step, user)
        journey.give_back(process, "decide", "pct.loan", decision="return_previous", comment="VP kiểm tra lại thể thức")
        assert journey.task(process, "vet").status == STATUS.NEW


def test_routing_follows_the_field_and_the_collective_flag(journey, on_day):
    with on_day(D(2025, 3, 13)):
        economic = journey.draft(field="kinh-te")
        collective = journey.draft(collective=True)
        for process in (economic, collective):
            for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp")]:
                journey.approve(process, step, user)
        assert journey.task(economic, "decide").owner.username == "pct.truong"
        assert journey.task(collective, "decide").owner.username == "ct.hung"
        journey.approve(collective, "decide", "ct.hung")
        collective.plan.refresh_from_db()
        assert collective.plan.content["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Trịnh Việt Hùng"}


def test_a_substitute_receives_and_signs_with_their_own_name(journey, on_day):
    """PCT Nguyễn Thị Loan is away 21–31/12/2026; PCT Đặng Xuân Trường acts for her."""
    with on_day(D(2026, 12, 22)):
        process = journey.draft()
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp")]:
            journey.approve(process, step, user)
        assert journey.task(process, "decide").owner.username == "pct.truong"
        journey.approve(process, "decide", "pct.truong")
    process.plan.refresh_from_db()
    assert process.plan.content["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Đặng Xuân Trường"}
    entry = AuditEntry.objects.get(process=process, action="sign")
    assert entry.actor.username == "pct.truong" and entry.on_behalf_of.username == "pct.loan"


def test_only_the_clerk_issues(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp"), ("decide", "pct.loan")]:
            journey.approve(process, step, user)
        journey.login("pct.truong")
        task = journey.task(process, "issue")
        response = journey.client.post(task.reverse("assign"))
        assert response.status_code == 403
    process.plan.refresh_from_db()
    assert not process.plan.is_issued and process.plan.number is None
