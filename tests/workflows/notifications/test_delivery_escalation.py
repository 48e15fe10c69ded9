"""Reminders that arrive: delivery state (queued, sent, failed with the reason, read), retries with backoff,
escalation levels per plan at the right working days, once each."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from tests.workflows.notifications.test_reminders import report, tick  # noqa: F401  (the late report fixture)
from workflows.models import EmailState, Notification, PlanProcess
from workflows.notifications.outbox import outbox_pending
from workflows.notifications.reminders import notifications_email

D = datetime.date
REFUSING = "tests.workflows.notifications.failing_mail.RefusingBackend"
ICT = datetime.timezone(datetime.timedelta(hours=7))


def at(day, hour=8, minute=0, second=0):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=ICT), tick=False)


def test_a_reminder_goes_queued_then_sent_then_read(report, settings, client, users):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ids = tick(D(2025, 5, 6))
    row = Notification.objects.get(pk__in=ids)
    assert row.email_state == EmailState.QUEUED and row.delivery_display == "Đang chờ gửi"
    assert notifications_email(ids=ids) == 1
    row.refresh_from_db()
    assert (row.email_state, row.email_attempts, row.email_error) == (EmailState.SENT, 1, "") and row.emailed_at
    assert row.delivery_display == "Đã gửi thư" and len(mail.outbox) == 1
    client.force_login(users["cv.stp"])
    client.post("/notifications/")
    row.refresh_from_db()
    assert row.read_at and row.delivery_display == "Đã đọc"


def test_a_failed_email_is_retried_with_backoff_then_shown_failed_with_its_reason(report, settings, client, users):  # noqa: F811
    settings.EMAIL_BACKEND = REFUSING
    settings.KEHOACH_EMAIL_MAX_ATTEMPTS = 3
    settings.KEHOACH_EMAIL_RETRY_SECONDS = 60
    day = D(2025, 5, 6)
    ids = tick(day)
    with at(day, 8, 1):
        assert notifications_email(ids=ids) == 0
    row = Notification.objects.get(pk__in=ids)
    assert row.email_state == EmailState.QUEUED and row.email_attempts == 1
    assert row.email_error == "SMTPException: 550 5.1.1 mailbox unavailable"
    assert row.next_attempt_at == datetime.datetime(2025, 5, 6, 1, 2, tzinfo=datetime.UTC)  # 60 s later
    with at(day, 8, 1, 30):  # before the backoff has passed: neither the sweep nor a retried task tries again
        assert row.pk not in outbox_pending()[1]
        notifications_email(ids=ids)
    row.refresh_from_db()
    assert row.email_attempts == 1
    with at(day, 8, 2, 1):
        assert row.pk in outbox_pending()[1]
        notifications_email(ids=outbox_pending()[1])
    row.refresh_from_db()
    assert row.email_attempts == 2 and row.next_attempt_at == datetime.datetime(2025, 5, 6, 1, 4, 1, tzinfo=datetime.UTC)
    with at(day, 8, 4, 2):
        notifications_email(ids=outbox_pending()[1])
    row.refresh_from_db()
    assert (row.email_state, row.email_attempts, row.next_attempt_at) == (EmailState.FAILED, 3, None)
    assert row.delivery_display == "Gửi thư thất bại" and "550" in row.email_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(day, 10):  # given up: no longer pending, never sent behind anyone's back
        assert row.pk not in outbox_pending()[1]
        assert notifications_email(ids=[row.pk]) == 0
    assert mail.outbox == []
    # the consolidator sees it failed, with the reason, where the unit's reminders are listed
    client.force_login(users["cv.cchc"])
    with at(day, 10):
        page = client.get(f"/dashboard/unit/{report.unit_id}/").content.decode()
    assert "Nhắc việc, đôn đốc đã gửi" in page and 'data-state="failed"' in page
    assert "Gửi thư thất bại" in page and "SMTPException: 550 5.1.1 mailbox unavailable" in page
    # and its recipient's bell says the e-mail failed, and why
    client.force_login(row.user)
    with at(day, 10):
        bell = client.get("/notifications/").content.decode()
    assert 'kh-delivery-failed' in bell and "550 5.1.1 mailbox unavailable" in bell


def test_a_recipient_without_an_address_is_told_by_the_bell_only(report, users):  # noqa: F811
    users["cv.stp"].email = ""
    users["cv.stp"].save(update_fields=["email"])
    assert tick(D(2025, 5, 6)) == []  # nothing to e-mail
    row = Notification.objects.get(kind="due_soon")
    assert row.email_state == EmailState.NO_ADDRESS and row.delivery_display == "Không có địa chỉ thư"


def levels(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_the_plans_escalation_levels_come_on_their_working_days_once_each(report, users):  # noqa: F811
    PlanProcess.objects.filter(pk=report.obligation.plan_id).update(escalation=[
        {"after_days": 0, "level": "nhac_nho"}, {"after_days": 1, "level": "phe_binh"}, {"after_days": 2, "level": "kiem_diem"}])
    tick(D(2025, 5, 9))  # the due day (a Friday): nhắc nhở only
    assert levels("criticized") == [] and levels("discipline") == []
    tick(D(2025, 5, 10))
    tick(D(2025, 5, 11))  # the weekend is not a working day late
    assert levels("criticized") == []
    tick(D(2025, 5, 12))  # one working day late: phê bình to the unit's head and the person holding the work
    assert levels("criticized") == ["cv.stp", "gd.stp"] and levels("discipline") == []
    tick(D(2025, 5, 13))  # two: the unit goes on the kiểm điểm list sent to its superior's head
    superior = levels("discipline")
    assert len(superior) == 1 and superior[0] not in ("cv.stp", "gd.stp")
    listed = Notification.objects.get(kind="discipline")
    # the superior opens the plan's kiểm điểm list (tests/workflows/notifications/test_discipline_lists.py), which
    # links to the unit's page, not to its report
    assert listed.url == f"/notifications/discipline/{listed.discipline_list_id}/"
    assert listed.title.startswith("Đề nghị kiểm điểm: 1 đơn vị quá hạn")
    assert "Sở Tư pháp" in listed.body and "Báo cáo tổng kết" in listed.body and "09/05/2025" in listed.body
    assert tick(D(2025, 5, 13)) == []  # a repeated tick sends nothing twice
    tick(D(2025, 5, 14))  # the next day: the levels already reached are not sent again
    assert levels("criticized") == ["cv.stp", "gd.stp"] and len(levels("discipline")) == 1


def test_without_a_plan_setting_the_default_levels_apply(report):  # noqa: F811
    tick(D(2025, 5, 13))  # two working days late: not yet phê bình (default: 3)
    assert levels("criticized") == []
    tick(D(2025, 5, 14))
    assert levels("criticized") == ["cv.stp", "gd.stp"] and levels("discipline") == []
    tick(D(2025, 5, 16))  # five working days late: kiểm điểm
    assert len(levels("discipline")) == 1


def test_the_setting_overrides_the_default_and_the_plan_overrides_the_setting(report, settings):  # noqa: F811
    settings.KEHOACH_ESCALATION_LEVELS = [{"after_days": 10, "level": "phe_binh"}]
    tick(D(2025, 5, 16))
    assert levels("criticized") == [] and levels("discipline") == []
    PlanProcess.objects.filter(pk=report.obligation.plan_id).update(escalation=[{"after_days": 4, "level": "kiem_diem"}])
    tick(D(2025, 5, 16))
    assert levels("criticized") == [] and len(levels("discipline")) == 1


@pytest.mark.parametrize("bad", [{"after_days": 1}, [{"after_days": -1, "level": "phe_binh"}],
                                 [{"after_days": "3", "level": "phe_binh"}], [{"after_days": 3, "level": "khien_trach"}]])
def test_bad_escalation_levels_are_refused_in_vietnamese(report, bad):  # noqa: F811
    process = PlanProcess.objects.get(pk=report.obligation.plan_id)
    process.escalation = bad
    with pytest.raises(ValidationError) as refused:
        process.clean_fields(exclude=[f.name for f in PlanProcess._meta.fields if f.name != "escalation"])
    assert "Các mức đôn đốc phải là danh sách" in " ".join(refused.value.messages)
