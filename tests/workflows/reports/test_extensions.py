"""Deadline extensions (gia hạn): who may ask and decide (attacks first), then the happy path; the due date,
the reminders and the dashboard follow the approved date; a refusal keeps the old one; the history is kept."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from viewflow.workflow.status import STATUS

from tests.journey import issued_obligation
from workflows.flows import UnitReportFlow
from workflows.models import AuditEntry, DeadlineExtension, Notification, NotificationKind, UnitReport
from workflows.notifications.reminders import reminders_plan
from workflows.reports import dashboard, extensions

D = datetime.date
ASKED_ON = D(2025, 4, 21)
ASKED_FOR = D(2025, 6, 15)


@pytest.fixture
def report(journey, on_day, users):
    """Sở Tư pháp's report, due 9/5/2025, consolidated by Phòng CCHC (Sở Nội vụ: gd.snv decides), assigned to cv.stp."""
    from workflows.flows import actions

    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Sở Tư pháp"],
                                   due_date=D(2025, 5, 9))
    report = UnitReport.objects.get(obligation=obligation)
    with on_day(D(2025, 4, 1)):
        for step, username, action, data in [("acknowledge", "vt.stp", "acknowledge", {}),
                                             ("assign", "gd.stp", "assign", {"assignee": "cv.stp"})]:
            report.refresh_from_db()
            task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, step),
                                               status__in=[STATUS.NEW, STATUS.ASSIGNED])
            actions.task_perform(task_id=task.pk, user=users[username], action=action, data=data)
    report.refresh_from_db()
    assert report.assignee.username == "cv.stp" and report.obligation.consolidator.key == "tn-snv-cchc"
    return report


@pytest.fixture
def asked_day(on_day):
    with on_day(ASKED_ON):
        yield


def ask(report, user, new=ASKED_FOR, reason="Chờ số liệu của các phòng chuyên môn"):
    return extensions.extension_request(report=report, user=user, new_due_date=new, reason=reason)


# --- the attacker first --------------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["cv.cchc", "gd.snv", "th.snv", "vt.stp", "cv.khason", "pct.loan"])
def test_another_unit_or_a_clerk_may_not_ask(report, users, asked_day, login):
    with pytest.raises(PermissionDenied):
        ask(report, users[login])
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("login", ["gd.stp", "cv.stp", "tp.cchc", "th.snv", "cv.cchc", "pgd.snv", "ct.hung"])
def test_only_the_consolidating_body_head_decides(report, users, asked_day, login):
    extension = ask(report, users["cv.stp"])
    with pytest.raises(PermissionDenied):
        extensions.extension_decide(extension=extension, user=users[login], approve=True)
    report.refresh_from_db()
    extension.refresh_from_db()
    assert report.due_date == D(2025, 5, 9) and extension.state == "pending"
    assert not extensions.extensions_to_decide(user=users[login]).exists()


def test_pages_refuse_anonymous_other_units_and_forged_ids(report, users, client, asked_day):
    assert client.get(f"/reports/{report.pk}/extension/").status_code == 302  # to the login page
    extension = ask(report, users["cv.stp"])
    assert client.post(f"/extensions/{extension.pk}/", {"decision": "approve"}).status_code == 302
    client.force_login(users["cv.cchc"])
    assert client.post(f"/reports/{report.pk}/extension/", {"new_due_date": "2025-06-20", "reason": "x"}).status_code == 404
    client.force_login(users["gd.stp"])  # a head, but of the asking unit, not of the consolidating body
    assert client.post(f"/extensions/{extension.pk}/", {"decision": "approve"}).status_code == 404
    assert client.get(f"/extensions/{extension.pk + 1000}/").status_code == 404
    client.force_login(users["gd.snv"])
    assert client.get(f"/extensions/{extension.pk + 1000}/").status_code == 404
    assert client.get(f"/reports/{report.pk + 1000}/extension/").status_code == 404
    report.refresh_from_db()
    assert report.due_date == D(2025, 5, 9)


def test_api_refuses_anonymous_other_units_and_forged_ids(report, users, client, asked_day):
    url = f"/api/reports/{report.pk}/extensions/"
    assert client.post(url, {"new_due_date": "2025-06-20", "reason": "x"}, content_type="application/json").status_code in (401, 403)
    client.force_login(users["cv.khason"])
    assert client.get(url).status_code == 404
    client.force_login(users["gd.snv"])  # sees the report (consolidating body) but may not ask for the unit
    response = client.post(url, {"new_due_date": "2025-06-20", "reason": "x"}, content_type="application/json")
    assert response.status_code == 403 and "đề nghị gia hạn" in response.json()["detail"]
    extension = ask(report, users["cv.stp"])
    client.force_login(users["gd.stp"])
    response = client.post(f"/api/extensions/{extension.pk}/decide/", {"decision": "approve"}, content_type="application/json")
    assert response.status_code == 404
    client.force_login(users["gd.snv"])
    response = client.post(f"/api/extensions/{extension.pk + 1000}/decide/", {"decision": "approve"},
                           content_type="application/json")
    assert response.status_code == 404
    assert DeadlineExtension.objects.get().state == "pending"


def test_bad_input_is_refused_in_vietnamese(report, users, client, asked_day):
    url = f"/api/reports/{report.pk}/extensions/"
    client.force_login(users["cv.stp"])
    before = client.post(url, {"new_due_date": "2025-05-09", "reason": "Chờ số liệu"}, content_type="application/json")
    assert before.status_code == 400 and "Hạn mới phải sau hạn hiện tại (09/05/2025)" in before.json()["new_due_date"][0]
    empty = client.post(url, {"new_due_date": "2025-06-15", "reason": "  "}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["reason"] == ["Vui lòng nêu lý do đề nghị gia hạn."]
    page = client.post(f"/reports/{report.pk}/extension/", {"new_due_date": "2025-05-01", "reason": "x"})
    assert page.status_code == 400 and "Hạn mới phải sau hạn hiện tại" in page.content.decode()
    assert not DeadlineExtension.objects.exists()
    assert client.post(url, {"new_due_date": "2025-06-15", "reason": "Chờ số liệu"}, content_type="application/json").status_code == 201
    twice = client.post(url, {"new_due_date": "2025-06-30", "reason": "Lần nữa"}, content_type="application/json")
    assert twice.status_code == 400 and "đang chờ quyết định" in twice.json()["new_due_date"][0]
    client.force_login(users["gd.snv"])
    extension = DeadlineExtension.objects.get()
    no_reason = client.post(f"/api/extensions/{extension.pk}/decide/", {"decision": "refuse"}, content_type="application/json")
    assert no_reason.status_code == 400 and no_reason.json()["comment"] == ["Vui lòng nêu lý do không đồng ý gia hạn."]
    bad = client.post(f"/api/extensions/{extension.pk}/decide/", {"decision": "maybe"}, content_type="application/json")
    assert bad.status_code == 400


def test_an_accepted_report_may_not_be_extended(report, users, asked_day):
    UnitReport.objects.filter(pk=report.pk).update(state="accepted")
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        ask(report, users["cv.stp"])


# --- the happy path ------------------------------------------------------------------------------------


def test_approval_moves_the_due_date_reminders_and_dashboard(report, users, client, asked_day):
    client.force_login(users["cv.stp"])
    form = client.get(f"/reports/{report.pk}/extension/")
    assert form.status_code == 200 and "09/05/2025" in form.content.decode()
    response = client.post(f"/reports/{report.pk}/extension/", {"new_due_date": "2025-06-13", "reason": "Chờ số liệu quý II"})
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get()
    assert (extension.old_due_date, extension.new_due_date, extension.state) == (D(2025, 5, 9), D(2025, 6, 13), "pending")
    asked = Notification.objects.get(kind=NotificationKind.EXTENSION_REQUESTED)
    assert asked.user == users["gd.snv"] and asked.url == f"/extensions/{extension.pk}/"

    client.force_login(users["gd.snv"])  # in his Việc của tôi, as work to do
    page = client.get("/").content.decode()
    assert "Đề nghị gia hạn chờ quyết định" in page and f"/extensions/{extension.pk}/" in page
    assert client.get(f"/extensions/{extension.pk}/").status_code == 200
    assert client.post(f"/extensions/{extension.pk}/", {"decision": "approve", "comment": "Đồng ý"}).status_code == 302

    report.refresh_from_db()
    extension.refresh_from_db()
    assert report.due_date == D(2025, 6, 13)
    assert extension.state == "approved" and extension.decided_by == users["gd.snv"] and extension.decided_at
    assert f"/extensions/{extension.pk}/" not in client.get("/").content.decode()
    told = Notification.objects.get(kind=NotificationKind.EXTENSION_DECIDED)
    assert told.user == users["cv.stp"] and "13/06/2025" in told.title
    entries = list(AuditEntry.objects.filter(process_id=report.process_id, action__startswith="extension_")
                   .order_by("id").values_list("action", "actor__username"))
    assert entries == [("extension_request", "cv.stp"), ("extension_approve", "gd.snv")]
    assert AuditEntry.objects.get(action="extension_approve").data["capacity"] == "holder"

    # reminders follow the approved date: none around the old one, the due-soon one before the new one
    near_old = [n for n in reminders_plan(today=D(2025, 5, 7)) if n.unit_report_id == report.pk]
    assert near_old == []
    near_new = [n for n in reminders_plan(today=D(2025, 6, 11)) if n.unit_report_id == report.pk]
    assert near_new and {n.kind for n in near_new} == {NotificationKind.DUE_SOON} and "2025-06-13" in near_new[0].key
    # dashboards: not late after the old date, "đã gia hạn" shown
    reports = dashboard.plan_reports(process=report.obligation.plan)
    assert dashboard.state_counts(reports=reports, today=D(2025, 5, 20))["overdue"] == 0
    assert [(r["unit"].key, r["old_due_date"], r["due_date"]) for r in dashboard.extended_units(reports=reports)] == [
        ("tn-stp", D(2025, 5, 9), D(2025, 6, 13))]
    late = dashboard.late_units(reports=reports, today=D(2025, 6, 20))
    assert [r["extended"] for r in late] == [True]
    client.force_login(users["th.snv"])
    page = client.get(f"/dashboard/plan/{report.obligation.plan_id}/").content.decode()
    assert "đã gia hạn" in page and "13/06/2025" in page
    unit_page = client.get(f"/dashboard/unit/{report.unit_id}/").content.decode()
    assert "13/06/2025 <span class=\"kh-extended\">(đã gia hạn)</span>" in unit_page


def test_refusal_keeps_the_old_date_and_the_history(report, users, client, asked_day):
    first = ask(report, users["gd.stp"])  # the unit's head asks too
    extensions.extension_decide(extension=first, user=users["gd.snv"], approve=False, comment="Không có căn cứ")
    report.refresh_from_db()
    assert report.due_date == D(2025, 5, 9)
    told = Notification.objects.get(kind=NotificationKind.EXTENSION_DECIDED)
    assert told.user == users["gd.stp"] and "09/05/2025" in told.title and told.body == "Không có căn cứ"
    with pytest.raises(ValidationError):  # decided once: never again, never edited
        extensions.extension_decide(extension=first, user=users["gd.snv"], approve=True)
    second = ask(report, users["cv.stp"], new=D(2025, 5, 30))
    extensions.extension_decide(extension=second, user=users["gd.snv"], approve=True)
    report.refresh_from_db()
    assert report.due_date == D(2025, 5, 30)
    client.force_login(users["cv.stp"])
    history = client.get(f"/api/reports/{report.pk}/extensions/").json()
    assert [(h["state"], h["old_due_date"], h["new_due_date"], h["decision_comment"]) for h in history] == [
        ("approved", "2025-05-09", "2025-05-30", ""), ("refused", "2025-05-09", "2025-06-15", "Không có căn cứ")]
    assert all(h["due_date"] == "2025-05-30" for h in history)
    first.refresh_from_db()
    assert first.state == "refused" and first.decided_by == users["gd.snv"]


def test_the_api_happy_path(report, users, client, asked_day):
    client.force_login(users["cv.stp"])
    created = client.post(f"/api/reports/{report.pk}/extensions/", {"new_due_date": "2025-06-13", "reason": "Chờ số liệu"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "pending"
    client.force_login(users["gd.snv"])
    decided = client.post(f"/api/extensions/{created.json()['id']}/decide/", {"decision": "approve"},
                          content_type="application/json")
    assert decided.status_code == 200 and decided.json()["state"] == "approved" and decided.json()["due_date"] == "2025-06-13"
    again = client.post(f"/api/extensions/{created.json()['id']}/decide/", {"decision": "refuse", "comment": "x"},
                        content_type="application/json")
    assert again.status_code == 400 and "đã được quyết định" in again.json()["detail"][0]


def test_the_substitute_of_the_head_decides_while_the_delegation_runs(report, users, asked_day):
    from orgchart import services as org_services
    from workflows.heads import unit_body, unit_head_position

    extension = ask(report, users["cv.stp"])
    position = unit_head_position(unit=unit_body(report.obligation.consolidator))
    org_services.delegation_create(position=position, substitute=users["pgd.snv"], start=ASKED_ON, end=D(2025, 4, 25),
                                   reason="Đi công tác")
    assert list(extensions.extensions_to_decide(user=users["pgd.snv"])) == [extension]
    assert not extensions.extensions_to_decide(user=users["gd.snv"]).exists()  # delegated away that week
    extensions.extension_decide(extension=extension, user=users["pgd.snv"], approve=True)
    entry = AuditEntry.objects.get(action="extension_approve")
    assert entry.data["capacity"] == "delegate" and entry.on_behalf_of == users["gd.snv"]
    with time_machine.travel(datetime.datetime(2025, 4, 28, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))):
        second = ask(report, users["cv.stp"], new=D(2025, 7, 1))
        with pytest.raises(PermissionDenied):  # the delegation has ended
            extensions.extension_decide(extension=second, user=users["pgd.snv"], approve=True)


def test_the_task_screen_offers_the_request_only_to_who_may_ask(report, users, client, asked_day):
    task = report.process.task_set.get(flow_task=UnitReportFlow.draft_report, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
    client.force_login(users["cv.stp"])
    page = client.get(url, follow=True).content.decode()
    assert f"/reports/{report.pk}/extension/" in page
    UnitReport.objects.filter(pk=report.pk).update(state="accepted")  # the same screen, nothing left to extend
    response = client.get(url, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "Báo cáo tổng kết" in page
    assert f"/reports/{report.pk}/extension/" not in page
