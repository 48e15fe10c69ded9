"""Notifications caused by a step of a process (as opposed to the reminders of ``reminders.py``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from orgchart import selectors as org
from workflows import queues
from workflows.models import Notification, NotificationKind


def report_submitted_notify(*, report, document) -> list[int]:
    """Tell the staff of the receiving unit that a report came in; e-mailed by a worker after commit.

    The rows are written in the signing transaction (the outbox): if the broker is down the
    e-mail goes out with the next outbox sweep; the key makes each notice exist once per signed
    document and person, whatever is retried.
    """
    staff = list(org.unit_staff(unit=report.receiver, on=timezone.localdate()))
    if not staff:
        return []
    unit = report.unit.short_name or report.unit.name
    title = _("%(unit)s đã gửi báo cáo %(symbol)s: %(what)s") % {
        "unit": unit, "symbol": document.symbol, "what": report.obligation.title}
    url = report.process.flow_class.instance.reverse("process_detail", args=[report.process_id])
    rows = [Notification(user=user, kind=NotificationKind.REPORT_SUBMITTED, key=f"{report.pk}:submitted:{document.pk}:{user.pk}",
                         title=title[:255], body=_("Báo cáo chờ tiếp nhận, xem xét."), url=url, unit_report=report)
            for user in staff]
    from workflows.models import EmailState
    from workflows.notifications.delivery import mark_addressless

    Notification.objects.bulk_create(mark_addressless(rows), ignore_conflicts=True)
    queued = [r.key for r in rows if r.email_state == EmailState.QUEUED]  # nobody with an address: nothing to look up
    ids = list(Notification.objects.filter(key__in=queued, email_state=EmailState.QUEUED)
               .values_list("pk", flat=True)) if queued else []
    if ids:
        queues.enqueue_on_commit(queues.SEND_NOTIFICATION_EMAILS, ids=ids)
    return ids
