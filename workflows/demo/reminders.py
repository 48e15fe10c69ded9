"""The demo's reminders: the beat's tick run on 2/7/2025 over the 2021–2025 review plan (its units were due 15/5; the
districts had ended on 1/7, so no reminder goes to a post that no longer exists),
and one reminder whose e-mail could not be delivered: sent to a mail server that refuses the connection, retried
with backoff until it is shown as failed, with the reason, on the unit's page (Theo dõi → the unit)."""

from __future__ import annotations

import datetime

from django.core.mail import get_connection

from workflows.models import EmailState, Notification, NotificationKind
from workflows.notifications.delivery import max_attempts, notifications_email
from workflows.notifications.reminders import reminders_tick

D = datetime.date
TICK_DAY = D(2025, 7, 2)
#: Nothing listens on the discard port: the connection is refused, as by a mail server that is down.
UNREACHABLE = {"backend": "django.core.mail.backends.smtp.EmailBackend", "host": "127.0.0.1", "port": 9, "timeout": 2}


def load_reminders() -> str:
    """Idempotent: the tick makes each reminder once; the failed one is made once."""
    reminders_tick(today=TICK_DAY)
    failed = Notification.objects.filter(email_state=EmailState.FAILED, kind=NotificationKind.OVERDUE).first()
    if failed is None:
        failed = (Notification.objects.filter(kind=NotificationKind.OVERDUE, email_state=EmailState.QUEUED)
                  .exclude(user__email="").select_related("unit_report__unit").order_by("pk").first())
        if failed is None:
            return "Nhắc việc: không có đơn vị quá hạn"
        connection = get_connection(UNREACHABLE["backend"], host=UNREACHABLE["host"], port=UNREACHABLE["port"],
                                    timeout=UNREACHABLE["timeout"], fail_silently=False)
        clock = failed.created
        for _attempt in range(max_attempts()):
            notifications_email(ids=[failed.pk], connection=connection, now=clock)
            failed.refresh_from_db()
            if failed.email_state != EmailState.QUEUED:
                break
            clock = failed.next_attempt_at
    failed = Notification.objects.select_related("unit_report__unit").get(pk=failed.pk)
    unit = failed.unit_report.unit if failed.unit_report else None
    return (f"Nhắc việc ngày {TICK_DAY:%d/%m/%Y}: 1 thư {failed.get_email_state_display().lower()} "
            f"({failed.email_error}) — xem Theo dõi → {unit}")
