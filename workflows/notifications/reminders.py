"""Reminders and escalation (Nhắc việc, Đôn đốc) for unit reports, one beat tick at a time.

Windows, not instants, so that a tick missed during a broker outage is made
up by the next one; each reminder has a key (report, kind, due date) with a
unique constraint, so a second tick, a retried task or two beats never send
it twice. Moving a due date (an amendment) makes new keys.

- 3 working days before the due day → the person holding the work (Sắp đến hạn);
- on the due day → the same person (Đến hạn hôm nay);
- after the due day → the unit's head (Quá hạn);
- N working days after it → the consolidator's staff (Quá hạn, báo cơ quan tổng hợp);
- the plan's escalation levels (``PlanProcess.escalation``, else ``KEHOACH_ESCALATION_LEVELS``), in working days
  after the due day: nhắc nhở (the reminders above), phê bình (the unit's head and the holder are told the unit is
  criticised), kiểm điểm (the head of the unit's superior, the nearest unit above it with a head, else the
  consolidator's staff, receives the unit on the list for kiểm điểm). Each level once per report, due date and person.

The kiểm điểm level is one list per plan and recipient per tick (``notifications.discipline``): one notification
naming every unit that reached it, linking to a page with the list; a unit listed once is not listed again.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.dates.working_days import WorkingCalendar
from orgchart import selectors as org
from orgchart.models import Delegation, Holding, Position, Unit
from workflows import flowrefs
from workflows.heads import HEAD_KINDS
from workflows.models import (
    CalendarOverride,
    DisciplineEntry,
    EmailState,
    EscalationLevel,
    Notification,
    NotificationKind,
    Obligation,
    ReportCycle,
    ReportState,
    UnitReport,
)
from workflows.notifications.delivery import mark_addressless
from workflows.notifications.discipline import Listed, discipline_lists_create

#: What a tick writes (the bell also carries what ``notify`` writes as steps complete).
REMINDER_KINDS = [NotificationKind.DUE_SOON, NotificationKind.DUE_TODAY, NotificationKind.OVERDUE, NotificationKind.ESCALATED,
                  NotificationKind.CRITICIZED, NotificationKind.DISCIPLINE]

DUE_SOON_WORKING_DAYS = 3

#: nhắc nhở at the due date, phê bình 3 working days after it, kiểm điểm 5 working days after it.
DEFAULT_ESCALATION = [{"after_days": 0, "level": EscalationLevel.REMIND}, {"after_days": 3, "level": EscalationLevel.CRITICIZE},
                      {"after_days": 5, "level": EscalationLevel.DISCIPLINE}]
LEVEL_KINDS = {EscalationLevel.CRITICIZE: NotificationKind.CRITICIZED, EscalationLevel.DISCIPLINE: NotificationKind.DISCIPLINE}


def calendar() -> WorkingCalendar:
    """The working-day calendar: `holidays` + announced days + the admin's table (which wins)."""
    return WorkingCalendar({o.day: o.is_working_day for o in CalendarOverride.objects.all()})


def _escalate_after() -> int:
    return int(getattr(settings, "KEHOACH_ESCALATE_AFTER_WORKING_DAYS", 3))


def escalation_levels(configured) -> list[tuple[int, str]]:
    """(after working days, level) of a plan, sorted; the plan's own list, else the setting, else the default."""
    from django.core.exceptions import ValidationError

    from workflows.models.notifications import validate_escalation

    for candidate in (configured, getattr(settings, "KEHOACH_ESCALATION_LEVELS", None), DEFAULT_ESCALATION):
        if not candidate:
            continue
        try:
            validate_escalation(candidate)
        except ValidationError:
            continue  # a bad setting never stops the tick: the next candidate applies
        return sorted((int(item["after_days"]), str(item["level"])) for item in candidate)
    return []


def _superior_heads(unit_ids, on) -> tuple[dict, dict]:
    """Per unit, its superior's id (the nearest unit above it, ``org.unit_ancestors``, that has a head), and the
    heads of those superiors: unit id → user."""
    chains = {unit.pk: org.unit_ancestors(unit=unit, on=on) for unit in Unit.objects.filter(pk__in=list(unit_ids))}
    heads = _unit_heads({above.pk for chain in chains.values() for above in chain}, on)
    superiors = {}
    for unit_id, chain in chains.items():
        above = next((unit for unit in chain if heads.get(unit.pk)), None)
        if above is not None:
            superiors[unit_id] = above.pk
    return superiors, heads


def _task_holders(process_ids) -> dict:
    """Who holds each process's open human task (one query)."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    holders = {}
    rows = (Task.objects.filter(process_id__in=list(process_ids), status__in=[STATUS.ASSIGNED, STATUS.STARTED],
                                flow_task_type="HUMAN", owner__isnull=False).select_related("owner"))
    for task in rows:
        holders.setdefault(task.process_id, task.owner)
    return holders


def _unit_heads(unit_ids, on) -> dict:
    """The head of each unit on ``on``, or whoever acts for them (three queries for any number of units)."""
    rank = {kind: i for i, kind in enumerate(HEAD_KINDS)}
    positions = {}
    for position in Position.objects.filter(unit_id__in=list(unit_ids), kind__in=HEAD_KINDS).valid_on(on):
        best = positions.get(position.unit_id)
        if best is None or rank[position.kind] < rank[best.kind]:
            positions[position.unit_id] = position
    ids = [p.pk for p in positions.values()]
    holders = {h.position_id: h.user for h in Holding.objects.filter(position_id__in=ids).valid_on(on).select_related("user")}
    acting = {d.position_id: d.substitute for d in Delegation.objects.filter(position_id__in=ids, start__lte=on, end__gte=on)
              .select_related("substitute")}
    return {unit_id: acting.get(p.pk) or holders.get(p.pk) for unit_id, p in positions.items()
            if acting.get(p.pk) or holders.get(p.pk)}


def unit_heads(*, unit_ids, on) -> dict:
    """The head (or acting head) of each unit on ``on``: unit id → user."""
    return _unit_heads(unit_ids, on)


class _Messages:
    """Titles and bodies, translated once per (kind, obligation, due date, state), not once per unit."""

    def __init__(self):
        self._cache: dict = {}

    def __call__(self, kind: str, report: UnitReport, obligation, unit_name: str, cycle: str = "") -> tuple[str, str]:
        key = (kind, obligation.pk, report.due_date, report.state, cycle)
        if key not in self._cache:
            due = report.due_date.strftime("%d/%m/%Y")
            titles = {
                NotificationKind.DUE_SOON: _("Sắp đến hạn (%(due)s): %(what)s"),
                NotificationKind.DUE_TODAY: _("Hôm nay đến hạn: %(what)s"),
                NotificationKind.OVERDUE: _("Quá hạn từ %(due)s: %(what)s — %(unit)s"),
                NotificationKind.ESCALATED: _("Đơn vị %(unit)s quá hạn báo cáo từ %(due)s: %(what)s"),
                NotificationKind.CRITICIZED: _("Phê bình: %(unit)s chậm thực hiện “%(what)s” (hạn %(due)s)"),
            }
            body = _("Kế hoạch %(plan)s. Trạng thái hiện tại: %(state)s.") % {
                "plan": obligation.plan.plan.symbol, "state": report.get_state_display()}
            what = f"{obligation.title} ({cycle})" if cycle else obligation.title  # a recurring duty: which cycle
            self._cache[key] = (titles[kind], {"due": due, "what": what}, body)
        template, values, body = self._cache[key]
        return template % {**values, "unit": unit_name}, body


def reminders_plan(*, today: datetime.date) -> list[Notification]:
    """Unsaved notifications due on ``today`` about one report each (the kiểm điểm lists aside: ``reminders_due``)."""
    return reminders_due(today=today)[0]


def reminders_due(*, today: datetime.date) -> tuple[list[Notification], list[Listed]]:
    """The unsaved notifications due on ``today``, and the reports that reached the kiểm điểm level with the person
    each goes to (a pure computation over the open reports; a fixed number of queries)."""
    from django.contrib.auth import get_user_model
    from django.urls import get_resolver


    cal = calendar()
    horizon = cal.add_working_days(today, DUE_SOON_WORKING_DAYS)
    reports = list(
        UnitReport.objects.filter(due_date__isnull=False, due_date__lte=horizon, process__isnull=False)
        .exclude(state=ReportState.ACCEPTED)
        .only("id", "unit_id", "assignee_id", "obligation_id", "process_id", "due_date", "state", "cycle_id")
    )
    cycles = dict(ReportCycle.objects.filter(pk__in={r.cycle_id for r in reports if r.cycle_id}).values_list("pk", "label"))
    obligations = {o.pk: o for o in Obligation.objects.filter(pk__in={r.obligation_id for r in reports})
                   .select_related("plan__plan", "consolidator")
                   .only("id", "title", "consolidator", "plan__escalation", "plan__plan__symbol")}
    unit_names = dict(Unit.objects.filter(pk__in={r.unit_id for r in reports}).values_list("pk", "short_name"))
    assignees = get_user_model().objects.in_bulk({r.assignee_id for r in reports if r.assignee_id})
    heads = _unit_heads({r.unit_id for r in reports}, today)
    levels = {o.plan_id: escalation_levels(o.plan.escalation) for o in obligations.values()}
    disciplined = {r.unit_id for r in reports if r.due_date < today and any(
        level == EscalationLevel.DISCIPLINE and cal.working_days_between(r.due_date, today) >= after
        for after, level in levels[obligations[r.obligation_id].plan_id])}
    superiors, superior_heads = _superior_heads(disciplined, today) if disciplined else ({}, {})
    holders = _task_holders(r.process_id for r in reports)
    consolidators: dict[int, list] = {}
    planned: list[Notification] = []
    listed: list[Listed] = []
    escalate_after = _escalate_after()
    message = _Messages()
    get_resolver().url_patterns  # noqa: B018 — viewflow links flows to their URLs when the URLconf is built (outside a request too)
    sentinel = "987654321"  # reverse once, then fill in each process id
    detail_url = flowrefs.flow(flowrefs.UNIT_REPORT).instance.reverse("process_detail", args=[int(sentinel)])
    for report in reports:
        due = report.due_date
        obligation = obligations[report.obligation_id]
        wanted: list[tuple[str, object]] = []
        holder = assignees.get(report.assignee_id) or holders.get(report.process_id) or heads.get(report.unit_id)
        if today < due:
            wanted.append((NotificationKind.DUE_SOON, holder))
        else:
            wanted.append((NotificationKind.DUE_TODAY, holder))
            if today > due:
                wanted.append((NotificationKind.OVERDUE, heads.get(report.unit_id)))
                if cal.working_days_between(due, today) >= escalate_after:
                    cid = obligation.consolidator_id
                    if cid not in consolidators:
                        consolidators[cid] = list(org.unit_staff(unit=obligation.consolidator, on=today))
                    wanted.extend((NotificationKind.ESCALATED, user) for user in consolidators[cid])
                late_days = cal.working_days_between(due, today)
                for after, level in levels[obligation.plan_id]:
                    if level not in LEVEL_KINDS or late_days < after:
                        continue
                    if level == EscalationLevel.CRITICIZE:
                        wanted.extend((NotificationKind.CRITICIZED, user) for user in dict.fromkeys(
                            [heads.get(report.unit_id), holder]))
                    else:
                        if report.unit_id in superiors:
                            above, to_head = superiors[report.unit_id], True
                            people = [superior_heads[above]]
                        else:  # no unit above with a head: the list goes to the consolidator's staff
                            above, to_head = obligation.consolidator_id, False
                            if above not in consolidators:
                                consolidators[above] = list(org.unit_staff(unit=obligation.consolidator, on=today))
                            people = consolidators[above]
                        listed.extend(Listed(
                            plan_id=obligation.plan_id, unit_id=above, to_head=to_head, user=user, report=report,
                            obligation=obligation, cycle=cycles.get(report.cycle_id, ""),
                            unit_name=unit_names.get(report.unit_id, ""), late_days=late_days,
                            key=f"{report.pk}:{NotificationKind.DISCIPLINE}:{due.isoformat()}:{user.pk}"[:120])
                            for user in people)
        for kind, user in wanted:
            if user is None:
                continue
            title, body = message(kind, report, obligation, unit_names.get(report.unit_id, ""), cycles.get(report.cycle_id, ""))
            url = detail_url.replace(sentinel, str(report.process_id))
            planned.append(Notification(
                user=user, kind=kind, key=f"{report.pk}:{kind}:{due.isoformat()}:{user.pk}"[:120], title=title, body=body,
                url=url, unit_report_id=report.pk))
    return planned, listed


@transaction.atomic
def reminders_tick(*, today: datetime.date | None = None) -> list[int]:
    """Create today's reminders that do not exist yet; return the ids created (for the e-mail task)."""
    today = today or timezone.localdate()
    started = timezone.now()
    planned, listed = reminders_due(today=today)
    obligations = set(UnitReport.objects.filter(pk__in={n.unit_report_id for n in planned}).values_list("obligation_id", flat=True)
                      .distinct()) if planned else set()
    obligations |= {item.obligation.pk for item in listed}
    existing = set(Notification.objects.filter(unit_report__obligation_id__in=obligations).values_list("key", flat=True))
    if listed:  # the units already on a kiểm điểm list
        existing |= set(DisciplineEntry.objects.filter(unit_report__obligation_id__in=obligations)
                        .values_list("key", flat=True))
    fresh = [n for n in planned if n.key not in existing]
    Notification.objects.bulk_create(mark_addressless(fresh), ignore_conflicts=True, batch_size=2000)
    # a unit already listed (or told of one by one before the lists) is not listed again
    listed_ids = discipline_lists_create(listed=[item for item in listed if item.key not in existing], today=today)
    if not fresh:
        return listed_ids
    # What this tick created (a concurrent tick's rows may show too: the e-mail step is idempotent).
    return list(Notification.objects.filter(unit_report__obligation_id__in=obligations, created__gte=started,
                                            kind__in=REMINDER_KINDS,
                                            email_state=EmailState.QUEUED).values_list("pk", flat=True)) + listed_ids


def notifications_email(*, ids: list[int]) -> int:
    """E-mail the notifications not e-mailed yet (a retry sends nothing twice; failures are retried with backoff)."""
    from workflows.notifications.delivery import notifications_email as deliver

    return deliver(ids=ids)


#: What the reminders history of a unit lists: the tick's reminders and escalations, and the consolidator's đôn đốc.
HISTORY_KINDS = [*REMINDER_KINDS, NotificationKind.URGED]


def reminders_history(*, reports, limit: int = 200):
    """The reminders sent about ``reports`` (a queryset the caller may see), newest first, with their delivery state;
    the kiểm điểm lists that name one of them too."""
    listed = DisciplineEntry.objects.filter(unit_report__in=reports.values("pk")).values("discipline_list_id")
    return (Notification.objects.filter(Q(unit_report__in=reports.values("pk")) | Q(discipline_list__in=listed),
                                        kind__in=HISTORY_KINDS)
            .select_related("user").order_by("-created", "-pk")[:limit])


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
