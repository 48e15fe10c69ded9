"""Reminders and escalation (Nhắc việc, Đôn đốc) for unit reports, one beat tick at a time.

Windows, not instants, so that a tick missed during a broker outage is made
up by the next one; each reminder has a key (report, kind, due date) with a
unique constraint, so a second tick, a retried task or two beats never send
it twice. Moving a due date (an amendment) makes new keys.

- 3 working days before the due day → the person holding the work (Sắp đến hạn);
- on the due day → the same person (Đến hạn hôm nay);
- after the due day → the unit's head (Quá hạn);
- N working days after it → the consolidator's staff (Quá hạn, báo cơ quan tổng hợp).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgchart import selectors as org

from .models import CalendarOverride, Notification, NotificationKind, ReportState, UnitReport
from .working_days import WorkingCalendar

DUE_SOON_WORKING_DAYS = 3


def calendar() -> WorkingCalendar:
    """The working-day calendar: `holidays` + announced days + the admin's table (which wins)."""
    return WorkingCalendar({o.day: o.is_working_day for o in CalendarOverride.objects.all()})


def _escalate_after() -> int:
    return int(getattr(settings, "KEHOACH_ESCALATE_AFTER_WORKING_DAYS", 3))


def _holder(report: UnitReport, heads: dict):
    return report.assignee or heads.get(report.unit_id)


def _unit_heads(unit_ids, on) -> dict:
    from .services_reports import HEAD_KINDS

    heads = {}
    for unit_id in unit_ids:
        for kind in HEAD_KINDS:
            from orgchart.models import Position

            position = Position.objects.filter(unit_id=unit_id, kind=kind).valid_on(on).first()
            if position is not None:
                user = org.position_actor(position=position, on=on).user
                if user is not None:
                    heads[unit_id] = user
                    break
    return heads


def _message(kind: str, report: UnitReport) -> tuple[str, str]:
    due = report.due_date.strftime("%d/%m/%Y")
    what = report.obligation.title
    titles = {
        NotificationKind.DUE_SOON: _("Sắp đến hạn (%(due)s): %(what)s") % {"due": due, "what": what},
        NotificationKind.DUE_TODAY: _("Hôm nay đến hạn: %(what)s") % {"what": what},
        NotificationKind.OVERDUE: _("Quá hạn từ %(due)s: %(what)s — %(unit)s") % {"due": due, "what": what, "unit": report.unit},
        NotificationKind.ESCALATED: _("Đơn vị %(unit)s quá hạn báo cáo từ %(due)s: %(what)s")
        % {"unit": report.unit, "due": due, "what": what},
    }
    body = _("Kế hoạch %(plan)s. Trạng thái hiện tại: %(state)s.") % {
        "plan": report.obligation.plan.plan.symbol, "state": report.get_state_display()}
    return titles[kind], body


def reminders_plan(*, today: datetime.date) -> list[Notification]:
    """Unsaved notifications due on ``today`` (a pure computation over the open reports)."""
    cal = calendar()
    horizon = cal.add_working_days(today, DUE_SOON_WORKING_DAYS)
    reports = list(
        UnitReport.objects.filter(due_date__isnull=False, due_date__lte=horizon, process__isnull=False)
        .exclude(state=ReportState.ACCEPTED)
        .select_related("unit", "assignee", "obligation__plan__plan", "obligation__consolidator", "process")
    )
    heads = _unit_heads({r.unit_id for r in reports}, today)
    consolidators: dict[int, list] = {}
    planned: list[Notification] = []
    escalate_after = _escalate_after()
    for report in reports:
        due = report.due_date
        wanted: list[tuple[str, object]] = []
        if today < due:
            wanted.append((NotificationKind.DUE_SOON, _holder(report, heads)))
        else:
            wanted.append((NotificationKind.DUE_TODAY, _holder(report, heads)))
            if today > due:
                wanted.append((NotificationKind.OVERDUE, heads.get(report.unit_id)))
                if cal.working_days_between(due, today) >= escalate_after:
                    cid = report.obligation.consolidator_id
                    if cid not in consolidators:
                        consolidators[cid] = list(org.unit_staff(unit=report.obligation.consolidator, on=today))
                    for user in consolidators[cid]:
                        wanted.append((NotificationKind.ESCALATED, user))
        for kind, user in wanted:
            if user is None:
                continue
            title, body = _message(kind, report)
            planned.append(Notification(
                user=user, kind=kind, key=f"{report.pk}:{kind}:{due.isoformat()}:{user.pk}"[:120], title=title, body=body,
                url=report.process.flow_class.instance.reverse("process_detail", args=[report.process_id])
                if report.process_id else "", unit_report=report))
    return planned


@transaction.atomic
def reminders_tick(*, today: datetime.date | None = None) -> list[int]:
    """Create today's reminders that do not exist yet; return the ids created (for the e-mail task)."""
    today = today or timezone.localdate()
    planned = reminders_plan(today=today)
    keys = [n.key for n in planned]
    existing = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [n for n in planned if n.key not in existing]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=2000)
    return list(Notification.objects.filter(key__in=[n.key for n in fresh], emailed_at__isnull=True).values_list("pk", flat=True))


def notifications_email(*, ids: list[int]) -> int:
    """E-mail the notifications not e-mailed yet (a retry sends nothing twice)."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("user"):
        with transaction.atomic():
            locked = Notification.objects.select_for_update().get(pk=notification.pk)
            if locked.emailed_at is not None or not notification.user.email:
                continue
            link = f"{getattr(settings, 'KEHOACH_SITE_URL', 'http://127.0.0.1:8000')}{notification.url}"
            send_mail(notification.title, f"{notification.body}\n\n{_('Xem và xử lý')}: {link}",
                      settings.DEFAULT_FROM_EMAIL, [notification.user.email])
            locked.emailed_at = timezone.now()
            locked.save(update_fields=["emailed_at"])
            sent += 1
    return sent


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
