"""Reminders on the right days, once each; escalation; an amendment moving open due dates."""

import datetime

import pytest
import time_machine
from django.core import mail

from documents import services as document_services
from tests.journey import issued_obligation
from workflows.flows import UnitReportFlow
from workflows.models import AuditEntry, Notification, UnitReport
from workflows.notifications.reminders import notifications_email, reminders_tick
from workflows.reports.services import obligation_amend_deadline

D = datetime.date


@pytest.fixture
def report(journey, on_day, users):
    from viewflow.workflow.status import STATUS

    from workflows.flows import actions

    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Sở Tư pháp"],
                                   due_date=D(2025, 5, 9))  # a Friday
    report = UnitReport.objects.get(obligation=obligation)
    with on_day(D(2025, 4, 1)):
        for step, username, action, data in [("acknowledge", "vt.stp", "acknowledge", {}),
                                             ("assign", "gd.stp", "assign", {"assignee": "cv.stp"})]:
            report.refresh_from_db()
            task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
            actions.task_perform(task_id=task.pk, user=users[username], action=action, data=data)
    report.refresh_from_db()
    return report


def tick(day):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 8, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))):
        return reminders_tick(today=day)


#: The reminders' kinds (the bell also tells of tasks and documents that arrive: tests/workflows/notifications/test_notifications.py).
REMINDERS = ["due_soon", "due_today", "overdue", "escalated"]


def sent(kind=None):
    qs = Notification.objects.filter(kind__in=REMINDERS)
    return sorted((n.kind, n.user.username) for n in (qs.filter(kind=kind) if kind else qs))


def test_reminders_come_on_the_right_days_once_each(report):
    assert tick(D(2025, 5, 5)) == []  # four working days before: nothing yet
    assert len(tick(D(2025, 5, 6))) == 1 and sent() == [("due_soon", "cv.stp")]
    assert tick(D(2025, 5, 6)) == [] and tick(D(2025, 5, 7)) == []  # a second tick, the next day: no duplicate
    tick(D(2025, 5, 9))
    assert sent("due_today") == [("due_today", "cv.stp")]
    tick(D(2025, 5, 12))  # Monday after: overdue, to the head of the unit
    assert sent("overdue") == [("overdue", "gd.stp")] and sent("escalated") == []
    tick(D(2025, 5, 14))  # three working days late: the consolidator's staff are told
    assert sent("escalated") == [("escalated", "cv.cchc"), ("escalated", "th.snv"), ("escalated", "tp.cchc")]
    assert Notification.objects.filter(kind__in=REMINDERS).count() == 6


def test_a_missed_tick_is_made_up_by_the_next(report):
    """The broker was down on 6/5: the reminder due then goes out on 7/5, once."""
    assert tick(D(2025, 5, 7)) and sent() == [("due_soon", "cv.stp")]
    tick(D(2025, 5, 8))
    assert Notification.objects.filter(kind__in=REMINDERS).count() == 1


def test_emails_are_sent_once_even_when_the_task_is_retried(report, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ids = tick(D(2025, 5, 6))
    assert notifications_email(ids=ids) == 1 and notifications_email(ids=ids) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cv.stp@thainguyen.gov.vn"] and "Sắp đến hạn (09/05/2025)" in message.subject
    assert "/workflow/flows/unitreport/" in message.body


def test_working_days_follow_the_admins_table(report):
    from workflows.models import CalendarOverride

    CalendarOverride.objects.create(day=D(2025, 5, 7), is_working_day=False, source="Thông báo nghỉ bù (thử)")
    tick(D(2025, 5, 5))  # with 7/5 off, 5/5 is now three working days before 9/5 (6, 8, 9)
    assert sent() == [("due_soon", "cv.stp")]


def test_an_amendment_moves_the_open_due_dates(report, users, journey, on_day):
    plan = report.obligation.plan.plan
    ubnd = plan.issuer
    with on_day(D(2025, 4, 20)):
        amendment = document_services.document_create(doc_type="CV", issuer=ubnd, title="Về việc gia hạn báo cáo", cites=plan)
        with pytest.raises(Exception, match="văn bản đã ban hành"):
            obligation_amend_deadline(obligation=report.obligation, amendment=amendment, new_due_date=D(2025, 5, 30),
                                      user=users["vt.ubnd"])
        amendment = document_services.document_issue(document=amendment, clerk=users["vt.ubnd"])
        moved = obligation_amend_deadline(obligation=report.obligation, amendment=amendment, new_due_date=D(2025, 5, 30),
                                          user=users["vt.ubnd"])
    report.refresh_from_db()
    assert moved == 1 and report.due_date == D(2025, 5, 30)
    entry = AuditEntry.objects.get(action="amend_deadline")
    assert entry.data["from"] == "2025-05-09" and entry.data["to"] == "2025-05-30" and entry.data["by"] == amendment.symbol
    assert tick(D(2025, 5, 12)) == []  # no longer overdue


def test_the_bell_shows_unread_reminders_and_the_page_lists_them(report, client, users):
    tick(D(2025, 5, 6))
    client.force_login(users["cv.stp"])
    page = client.get("/workflow/inbox/").content.decode()
    # the reminder, and the task that arrived when gd.stp assigned the report to cv.stp
    assert Notification.objects.filter(user=users["cv.stp"], read_at__isnull=True).count() == 2
    assert 'class="kh-unread"' in page and ">2<" in page.split('class="kh-unread"')[1][:120]
    listing = client.get("/notifications/").content.decode()
    assert "Sắp đến hạn (09/05/2025)" in listing
    client.post("/notifications/", {"read_all": "1"})
    assert 'class="kh-unread"' not in client.get("/workflow/inbox/").content.decode()
    client.force_login(users["cv.khason"])
    assert "Sắp đến hạn" not in client.get("/notifications/").content.decode()
