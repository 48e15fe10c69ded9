"""Chủ trì / phối hợp / để biết (issue 17, point 1): read from the Nơi nhận and the annex columns, corrected by the
drafter, carried by the fan-out (roles, earlier deadlines of phối hợp, no report for để biết), the row done rule,
and shown on the plan page, the dashboard and the API."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import plaintext
from orgchart.models import Unit, UnitKind
from workflows.flows import fanout
from workflows.models import AuditEntry, Obligation, ObligationKind, PlanProcess, ReportState, UnitReport, UnitRole
from workflows.plans import roles
from workflows.reports import selectors as report_selectors

D = datetime.date

# Real phrasings: seed 000's and 003's Nơi nhận (with the purposes plans of other provinces add), seed 003's
# annex columns, seed 002's "Cơ quan phối hợp: …" lines.
SEED_RECIPIENTS = """- Bộ Nội vụ (b/c);
- TT. Tỉnh ủy (để biết);
- TT. HĐND tỉnh;
- Các sở, ban, ngành (t/h);
- Phối hợp: Các cơ quan Trung ương đóng trên địa bàn tỉnh;
- UBND các huyện, thành phố (p/h);
- Lưu: VT, HCC."""


def test_purpose_of_a_recipient_line_gives_its_role():
    lines = plaintext.recipients_from_text(SEED_RECIPIENTS)
    assert [r["text"] for r in lines][:3] == ["Bộ Nội vụ (b/c)", "TT. Tỉnh ủy (để biết)", "TT. HĐND tỉnh"]
    assert [roles.purpose_role(r["text"]) for r in lines] == [
        UnitRole.FOR_INFORMATION, UnitRole.FOR_INFORMATION, None, UnitRole.LEAD, UnitRole.COOPERATING,
        UnitRole.COOPERATING, None]
    assert lines[-1] == {"text": "Lưu: VT, HCC", "archive": True}
    # the purpose is the line's, not the units': the key is the same with or without it
    assert roles.line_key("- Bộ Nội vụ (b/c);") == roles.line_key("Bộ Nội vụ")
    assert roles.line_key("Phối hợp: Các sở, ban, ngành") == roles.line_key("Các sở, ban, ngành")


@pytest.mark.parametrize(("text", "phrases"), [
    # seed 003's Cơ quan phối hợp column
    ("Văn phòng UBND tỉnh, các sở, ban, ngành, UBND cấp huyện",
     ["Văn phòng UBND tỉnh", "các sở, ban, ngành", "UBND cấp huyện"]),
    ("Các sở, ban, ngành liên quan; UBND cấp huyện", ["UBND cấp huyện"]),
    ("Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông; Sở Tư pháp; UBND cấp huyện, UBND cấp xã",
     ["Văn phòng UBND tỉnh", "Sở Thông tin và Truyền thông", "Sở Tư pháp", "UBND cấp huyện", "UBND cấp xã"]),
    ("Sở Nội vụ, UBND huyện, thành phố", ["Sở Nội vụ", "UBND huyện, thành phố"]),
    # seed 003's Cơ quan chủ trì column
    ("- Sở Y tế, Sở Giáo dục và Đào tạo - UBND cấp huyện", ["Sở Y tế", "Sở Giáo dục và Đào tạo", "UBND cấp huyện"]),
    # seed 002: "- Cơ quan phối hợp: Văn phòng Ủy ban nhân dân tỉnh và các sở, ban, ngành, Ủy ban nhân dân huyện, …"
    ("Cơ quan phối hợp: Văn phòng Ủy ban nhân dân tỉnh và các sở, ban, ngành, Ủy ban nhân dân huyện, thành phố.",
     ["Văn phòng Ủy ban nhân dân tỉnh", "các sở, ban, ngành", "Ủy ban nhân dân huyện, thành phố"]),
    ("Phối hợp: Các sở, ban, ngành", ["Các sở, ban, ngành"]),
])
def test_annex_columns_split_into_the_units_they_name(chart, text, phrases):
    assert roles.unit_phrases(text, on=D(2024, 1, 1)) == phrases


def test_a_row_reads_lead_and_cooperating_columns(chart):
    row = {"stt": "16", "content": "Nghiên cứu, xây dựng một số mô hình điểm", "lead": "Sở Nội vụ",
           "cooperating": "Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông; Sở Tư pháp; UBND cấp huyện, UBND cấp xã"}
    result = roles.row_roles(row=row, index=0, on=D(2024, 1, 1))
    assert result.phrases(UnitRole.LEAD) == ["Sở Nội vụ"]
    assert result.phrases(UnitRole.COOPERATING)[:3] == ["Văn phòng UBND tỉnh", "Sở Thông tin và Truyền thông", "Sở Tư pháp"]
    corrected = roles.row_roles(row=row, index=0, on=D(2024, 1, 1),
                                corrections={roles.line_key("Sở Tư pháp"): UnitRole.LEAD,
                                             roles.line_key("UBND cấp xã"): UnitRole.FOR_INFORMATION})
    assert corrected.phrases(UnitRole.LEAD) == ["Sở Nội vụ", "Sở Tư pháp"]
    assert corrected.phrases(UnitRole.FOR_INFORMATION) == ["UBND cấp xã"]


def test_cooperating_deadline_counts_working_days_back_over_holidays():
    # 06/5/2025 (Tue): back over 5/5, the weekend, 2/5 (day off), 1/5 and 30/4 (holidays), 29/4, 28/4
    assert roles.cooperating_due(due_date=D(2025, 5, 6), days=3) == D(2025, 4, 28)
    assert roles.cooperating_due(due_date=D(2025, 5, 6), days=0) == D(2025, 5, 6)
    assert roles.cooperating_due(due_date=None, days=3) is None


# --- through the real flow -------------------------------------------------------------------------------


def _issue(journey, on_day, capture, **draft):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(**draft)
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp"), ("decide", "pct.loan")]:
            journey.approve(process, step, user)
        with capture(execute=True):
            journey.issue(process)
    return PlanProcess.objects.get(pk=process.pk)


def test_fanout_gives_the_row_lead_and_its_cooperating_units_their_roles(journey, on_day, django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks, groups=["Các sở, ban, ngành"])
    task = Obligation.objects.get(plan=process, kind=ObligationKind.TASK)  # "Sở Nội vụ | Các sở, ban, ngành"
    assert task.task_row["roles"]["lead"] == ["Sở Nội vụ"] and task.task_row["roles"]["cooperating"] == ["Các sở, ban, ngành"]
    reports = UnitReport.objects.filter(obligation=task)
    lead = reports.get(unit__key="tn-snv")
    assert lead.role == UnitRole.LEAD and lead.receiver.key == "tn-snv-cchc"
    cooperating = reports.get(unit__key="tn-stp")
    assert cooperating.role == UnitRole.COOPERATING and cooperating.receiver.key == "tn-snv" and cooperating.parent == lead
    departments = Unit.objects.valid_on(D(2025, 3, 16)).filter(
        parent__key="tn-ubnd", kind__in=[UnitKind.DEPARTMENT, UnitKind.PROVINCIAL_OFFICE]).exclude(key="tn-snv")
    assert reports.filter(role=UnitRole.COOPERATING).count() == departments.count() > 10


def test_cooperating_units_are_due_n_working_days_before_the_lead(journey, on_day, django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks)
    PlanProcess.objects.filter(pk=process.pk).update(cooperation_days=3)
    row = {"stt": "1", "content": "Tổng kết", "lead": "Sở Nội vụ", "cooperating": "Sở Tư pháp, Sở Tài chính",
           "roles": {"lead": ["Sở Nội vụ"], "cooperating": ["Sở Tư pháp", "Sở Tài chính"]}}
    obligation = Obligation.objects.create(plan=process, kind=ObligationKind.TASK, title="Tổng kết", recipients=["Sở Nội vụ"],
                                           consolidator=Unit.objects.get(key="tn-snv-cchc"), due_date=D(2025, 5, 6),
                                           task_row=row)
    fanout.fanout_obligation(obligation_id=obligation.pk)
    due = dict(UnitReport.objects.filter(obligation=obligation).values_list("unit__key", "due_date"))
    assert due == {"tn-snv": D(2025, 5, 6), "tn-stp": D(2025, 4, 28), "tn-stc": D(2025, 4, 28)}
    PlanProcess.objects.filter(pk=process.pk).update(cooperation_days=5)
    UnitReport.objects.filter(obligation=obligation).delete()
    fanout.fanout_obligation(obligation_id=obligation.pk)
    # 5 back: 5/5, 29/4, 28/4, Saturday 26/4 (worked, in exchange for 2/5), 25/4
    assert UnitReport.objects.get(obligation=obligation, unit__key="tn-stp").due_date == D(2025, 4, 25)


def test_for_information_units_get_a_receipt_and_no_report(journey, on_day, django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks,
                     recipients="Bộ Nội vụ (b/c)\nCác sở, ban, ngành (để biết)\nUBND các huyện, thành phố (t/h)\nLưu: VT, HCC")
    receipts = set(process.plan.receipts.values_list("unit__key", flat=True))
    assert {"bnv", "tn-stp", "tn-h-phubinh"} <= receipts  # every line gets the văn bản đến
    obligation = Obligation.objects.create(
        plan=process, title="Báo cáo tổng kết", recipients=["Các sở, ban, ngành", "UBND các huyện, thành phố"],
        consolidator=Unit.objects.get(key="tn-snv-cchc"), due_date=D(2025, 5, 1))
    fanout.fanout_obligation(obligation_id=obligation.pk)
    units = set(UnitReport.objects.filter(obligation=obligation).values_list("unit__key", flat=True))
    assert "tn-stp" not in units and "tn-snv" not in units  # để biết: no obligation
    assert "tn-h-phubinh" in units and len(units) == 9
    assert set(UnitReport.objects.filter(obligation=obligation).values_list("role", flat=True)) == {UnitRole.LEAD}


def test_a_unit_named_on_a_lead_line_too_keeps_its_report(journey, on_day, django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks,
                     recipients="Sở Tư pháp (để biết)\nCác sở, ban, ngành\nLưu: VT, HCC")
    obligation = Obligation.objects.create(plan=process, title="Báo cáo", recipients=["Các sở, ban, ngành"],
                                           consolidator=Unit.objects.get(key="tn-snv-cchc"), due_date=D(2025, 5, 1))
    fanout.fanout_obligation(obligation_id=obligation.pk)
    assert UnitReport.objects.get(obligation=obligation, unit__key="tn-stp").role == UnitRole.LEAD


def _many_communes(n):
    province = Unit.objects.get(key="tn-ubnd")
    Unit.objects.bulk_create([Unit(key=f"roles-x-{i}", code="UBND", name=f"Ủy ban nhân dân xã Vai Trò {i}",
                                   kind=UnitKind.COMMUNE, parent=province, valid_from=D(2025, 7, 1)) for i in range(n)])


@pytest.mark.parametrize("n", [50, 500])
def test_roles_and_cooperating_dates_are_written_set_wise(journey, on_day, django_capture_on_commit_callbacks, n):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks)
    _many_communes(n)
    row = {"lead": "Sở Nội vụ", "cooperating": "UBND các xã, phường, thị trấn",
           "roles": {"lead": ["Sở Nội vụ"], "cooperating": ["UBND các xã, phường, thị trấn"]}}
    obligation = Obligation.objects.create(plan=process, kind=ObligationKind.TASK, title="Rà soát", recipients=["Sở Nội vụ"],
                                           consolidator=Unit.objects.get(key="tn-snv-cchc"), due_date=D(2025, 9, 3),
                                           task_row=row)
    with CaptureQueriesContext(connection) as ctx:
        created = fanout.fanout_obligation(obligation_id=obligation.pk, on=D(2025, 8, 1))
    assert created == n + 4 + 1
    writes = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len(writes) <= 10, [q["sql"][:80] for q in writes]
    assert len(ctx.captured_queries) <= 30
    cooperating = UnitReport.objects.filter(obligation=obligation, role=UnitRole.COOPERATING)
    assert cooperating.count() == n + 4 and set(cooperating.values_list("due_date", flat=True)) == {D(2025, 8, 27)}


# --- the row done rule -----------------------------------------------------------------------------------


def test_a_row_is_done_when_its_lead_units_are_not_waiting_for_cooperating_ones(journey, on_day,
                                                                                 django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks, groups=["Các sở, ban, ngành"])
    task = Obligation.objects.get(plan=process, kind=ObligationKind.TASK)
    assert report_selectors.obligations_done(obligations=[task]) == {task.pk: False}
    UnitReport.objects.filter(obligation=task, role=UnitRole.LEAD).update(state=ReportState.ACCEPTED)
    assert UnitReport.objects.filter(obligation=task, role=UnitRole.COOPERATING).exclude(state=ReportState.ACCEPTED).exists()
    assert report_selectors.obligations_done(obligations=[task]) == {task.pk: True}
    rows = report_selectors.task_rows(process=process)
    assert [r["done"] for r in rows] == [True]
    UnitReport.objects.filter(obligation=task, role=UnitRole.LEAD).update(state=ReportState.SUBMITTED)
    UnitReport.objects.filter(obligation=task, role=UnitRole.COOPERATING).update(state=ReportState.ACCEPTED)
    assert report_selectors.obligations_done(obligations=[task]) == {task.pk: False}


# --- the drafter's corrections ---------------------------------------------------------------------------


def _returned_draft(journey, on_day, **draft):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(**draft)
        journey.give_back(process, "review", "tp.cchc")
    return process


def _post_roles(client, process, data):
    return client.post(reverse("workflow:flows:plan:plan_roles", args=[process.pk]), data)


def test_the_drafter_corrects_roles_on_the_draft_step_and_the_fanout_follows(journey, on_day, client,
                                                                              django_capture_on_commit_callbacks):
    process = _returned_draft(journey, on_day, groups=["Các sở, ban, ngành"])
    with on_day(D(2025, 3, 13)):
        journey.login("cv.cchc")
        page = client.get(journey.task(process, "revise").reverse("execute"))
        assert page.status_code == 200 and "kh-role-editor" in page.content.decode()
        response = _post_roles(client, process, {
            "recipient__" + roles.line_key("Bộ Nội vụ"): UnitRole.FOR_INFORMATION,
            "task__0__" + roles.line_key("Các sở, ban, ngành"): UnitRole.FOR_INFORMATION,
            "task__0__" + roles.line_key("Sở Nội vụ"): UnitRole.LEAD,
            "cooperation_days": "5"})
        assert response.status_code == 302
    process.refresh_from_db()
    assert process.unit_roles == {"recipients": {"bo noi vu": "for_information"},
                                  "tasks": {"0": {"cac so ban nganh": "for_information"}}}
    assert process.cooperation_days == 5
    assert AuditEntry.objects.filter(process=process, action="roles").exists()
    assert {line.text: line.role for line in roles.recipient_roles(process=process)}["Bộ Nội vụ"] == UnitRole.FOR_INFORMATION
    with on_day(D(2025, 3, 13)):
        journey.revise(process)
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp"), ("decide", "pct.loan")]:
            journey.approve(process, step, user)
        with django_capture_on_commit_callbacks(execute=True):
            journey.issue(process)
    # journey.revise sends an empty annex: the rows come from the content as sent; the Nơi nhận correction holds
    assert roles.recipient_roles(process=PlanProcess.objects.get(pk=process.pk))[0].role == UnitRole.FOR_INFORMATION


def test_the_corrected_row_leaves_cooperating_units_out(journey, on_day, client, django_capture_on_commit_callbacks):
    process = _returned_draft(journey, on_day, groups=["Các sở, ban, ngành"])
    with on_day(D(2025, 3, 13)):
        journey.login("cv.cchc")
        assert _post_roles(client, process, {
            "task__0__" + roles.line_key("Các sở, ban, ngành"): UnitRole.FOR_INFORMATION}).status_code == 302
        # sent again as it was (the revise form posts the same annex row)
        journey.act(process, "revise", "cv.cchc", {
            "title": "Tổng kết Chương trình", "legal_bases": "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
            "body": "I. MỤC ĐÍCH\nĐánh giá.", "tasks": "1 | Tổng kết | Sở Nội vụ | Các sở, ban, ngành | trước ngày 01/5/2025",
            "recipients": "Bộ Nội vụ\nLưu: VT, HCC", "comment": "Đã sửa"})
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp"), ("decide", "pct.loan")]:
            journey.approve(process, step, user)
        with django_capture_on_commit_callbacks(execute=True):
            journey.issue(process)
    task = Obligation.objects.get(plan=process, kind=ObligationKind.TASK)
    assert task.task_row["roles"]["for_information"] == ["Các sở, ban, ngành"]
    assert list(UnitReport.objects.filter(obligation=task).values_list("unit__key", "role")) == [("tn-snv", UnitRole.LEAD)]


def test_only_the_drafter_may_correct_roles_and_only_before_sending(journey, on_day, client,
                                                                    django_capture_on_commit_callbacks):
    process = _returned_draft(journey, on_day, groups=["Các sở, ban, ngành"])
    forged = {"recipient__" + roles.line_key("Bộ Nội vụ"): UnitRole.FOR_INFORMATION, "cooperation_days": "9"}
    with on_day(D(2025, 3, 13)):
        for username in ["cv.stp", "tp.cchc", "gd.snv"]:  # another unit's user; the drafter's own head; the sở's head
            journey.login(username)
            assert _post_roles(client, process, forged).status_code == 403
        client.logout()
        assert _post_roles(client, process, forged).status_code in (302, 403)
        journey.login("cv.stp")
        assert client.post(reverse("workflow:flows:plan:plan_roles", args=[999999]), forged).status_code == 404
        # the drafter: a role that is none of the three, a line the plan does not have, a bad number: nothing saved
        journey.login("cv.cchc")
        for bad in [{"recipient__" + roles.line_key("Bộ Nội vụ"): "boss"}, {"recipient__so tai chinh": "lead"},
                    {"task__7__so noi vu": "cooperating"}, {"cooperation_days": "-1"}, {"cooperation_days": "ba"}]:
            assert _post_roles(client, process, bad).status_code == 302
    process.refresh_from_db()
    assert process.unit_roles == {} and process.cooperation_days == 3
    # sent: nothing changes any more
    with on_day(D(2025, 3, 13)):
        journey.revise(process)
        journey.login("cv.cchc")
        assert _post_roles(client, process, forged).status_code == 403
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp"), ("decide", "pct.loan")]:
            journey.approve(process, step, user)
        with django_capture_on_commit_callbacks(execute=True):
            journey.issue(process)
        journey.login("cv.cchc")
        assert _post_roles(client, process, forged).status_code == 403
    process.refresh_from_db()
    assert process.unit_roles == {} and process.cooperation_days == 3
    assert not AuditEntry.objects.filter(process=process, action="roles").exists()


# --- pages and API ---------------------------------------------------------------------------------------


def test_plan_page_and_dashboard_show_the_roles(journey, on_day, client, django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks, groups=["Các sở, ban, ngành"],
                     recipients="Bộ Nội vụ (b/c)\nLưu: VT, HCC")
    task = Obligation.objects.get(plan=process, kind=ObligationKind.TASK)
    UnitReport.objects.filter(obligation=task, role=UnitRole.LEAD).update(state=ReportState.ACCEPTED)
    journey.login("cv.cchc")
    page = client.get(process.get_absolute_url()).content.decode()
    assert 'class="kh-role kh-role-lead"' in page and 'class="kh-role kh-role-cooperating"' in page
    assert 'class="kh-role kh-role-for_information"' in page and "Để biết" in page  # Bộ Nội vụ (b/c)
    assert "Chủ trì" in page and "Phối hợp" in page and "kh-task-rows" in page
    journey.login("th.snv")
    dashboard = client.get(reverse("dashboard_plan", args=[process.pk])).content.decode()
    assert "kh-task-rows" in dashboard and 'kh-role kh-role-cooperating' in dashboard
    assert 'class="kh-row-done"><b style="color:#2e7d32">Hoàn thành' in dashboard


def test_dashboard_late_units_carry_their_role(journey, on_day, client, django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks, groups=["Các sở, ban, ngành"])
    task = Obligation.objects.get(plan=process, kind=ObligationKind.TASK)
    UnitReport.objects.filter(obligation=task).update(due_date=D(2025, 3, 20))
    from workflows.reports import dashboard

    late = dashboard.late_units(reports=UnitReport.objects.filter(obligation=task), today=D(2025, 4, 1))
    by_unit = {row["unit"].key: row for row in late}
    assert by_unit["tn-snv"]["role_label"] == "Chủ trì" and by_unit["tn-stp"]["role_label"] == "Phối hợp"


def test_api_unit_report_exposes_its_role(journey, on_day, client, django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, django_capture_on_commit_callbacks, groups=["Các sở, ban, ngành"])
    report = UnitReport.objects.get(obligation__plan=process, obligation__kind=ObligationKind.TASK, unit__key="tn-stp")
    journey.login("cv.stp")
    data = client.get(reverse("api-report", args=[report.pk])).json()
    assert data["role"] == "cooperating" and data["role_label"] == "Phối hợp" and data["receiver"] == report.receiver.name
    journey.login("ct.phubinh")  # another unit's user: no hint that it exists
    assert client.get(reverse("api-report", args=[report.pk])).status_code == 404


def test_plan_flow_start_is_unchanged_for_a_plan_without_roles(journey, on_day, django_capture_on_commit_callbacks):
    """A plan whose Nơi nhận states no purpose: every unit an obligation names is chủ trì, as before."""
    process = _issue(journey, on_day, django_capture_on_commit_callbacks)
    assert roles.recipient_unit_roles(process=process, on=D(2025, 3, 16)) == {}


def test_the_lead_does_not_wait_for_its_cooperating_units(journey, on_day, users, django_capture_on_commit_callbacks):
    from tests.journey import unit_step
    from workflows.flows import UnitReportFlow

    process = _issue(journey, on_day, django_capture_on_commit_callbacks, groups=["Các sở, ban, ngành"])
    lead = UnitReport.objects.get(obligation__plan=process, obligation__kind=ObligationKind.TASK, unit__key="tn-snv")
    assert lead.children.filter(role=UnitRole.COOPERATING).count() > 10  # their reports come to the lead
    with on_day(D(2025, 3, 17)):
        unit_step(lead, "acknowledge", "vt.snv", "acknowledge", users)
        unit_step(lead, "assign", "gd.snv", "assign", users, assignee="cv.cchc")
    assert lead.process.task_set.filter(flow_task=UnitReportFlow.draft_report).exists()
    assert not lead.process.task_set.filter(flow_task=UnitReportFlow.wait_children).exists()
