"""Report cycles of a plan's recurring duties (kỳ báo cáo): which exist, which are due to open, which one a page shows.

A recurring obligation (``Obligation.recurring``: "hằng năm", "định kỳ 6 tháng", "hằng quý", "trước ngày 01/6
và 15/11 hằng năm", "Thường xuyên" with the plan's ``default_cycle``) has one ``ReportCycle`` per period from the
plan's issue to its end (``Obligation.cycles_until``, else ``PlanProcess.cycles_until``, else the last year of the
period its title names, else the issue year). Each cycle opens — one report process per obliged unit, written by
``workflows.flows.cycles`` — ``KEHOACH_CYCLE_OPEN_WORKING_DAYS`` working days before its due date.
"""

from __future__ import annotations

import datetime

from django.conf import settings

from documents.dates.cycles import plan_years, recurring_cycles
from documents.dates.deadlines import Deadline, DeadlineKind
from workflows.models import Obligation, PlanProcess, ReportCycle
from workflows.notifications.reminders import calendar as working_calendar

DEFAULT_OPEN_WORKING_DAYS = 10


def open_working_days() -> int:
    return int(getattr(settings, "KEHOACH_CYCLE_OPEN_WORKING_DAYS", DEFAULT_OPEN_WORKING_DAYS))


def recurrence_of(*, deadline: Deadline, process: PlanProcess) -> tuple[list[str], list[list[int]]]:
    """(cycle_periods, cycle_dates) of an obligation stated with ``deadline``; ([], []) for a one-off duty.
    "Thường xuyên" (an ongoing duty) reports on the plan's default cycle."""
    if deadline.recurring and deadline.annual_dates:
        return ["year"], [[day, month] for day, month in deadline.annual_dates]
    if deadline.recurring and deadline.periods:
        return list(deadline.periods), []
    if deadline.kind == DeadlineKind.ONGOING:
        return [process.default_cycle or "half_year"], []
    return [], []


def cycles_end(*, obligation: Obligation) -> datetime.date | None:
    """The last day a cycle of ``obligation`` may fall due."""
    process = obligation.plan
    if obligation.cycles_until or process.cycles_until:
        return obligation.cycles_until or process.cycles_until
    plan = process.plan
    years = plan_years(plan.title, issued_on=plan.issued_on)
    return datetime.date(years[1], 12, 31) if years else None


def cycles_start(*, obligation: Obligation) -> datetime.date | None:
    """The first day a cycle may fall due: the issue date, not before the first year the plan's title names."""
    plan = obligation.plan.plan
    years = plan_years(plan.title, issued_on=plan.issued_on)
    starts = [d for d in (plan.issued_on, datetime.date(years[0], 1, 1) if years else None) if d]
    return max(starts) if starts else None


def obligation_cycles_ensure(*, obligation: Obligation) -> list[ReportCycle]:
    """Create the cycles of a recurring obligation that do not exist yet (idempotent: a cycle is its sequence
    number, unique per obligation); return them all. One SELECT, at most one INSERT."""
    if not obligation.recurring:
        return []
    start, until = cycles_start(obligation=obligation), cycles_end(obligation=obligation)
    existing = {c.sequence: c for c in ReportCycle.objects.filter(obligation=obligation)}
    if start is None or until is None:
        return sorted(existing.values(), key=lambda c: c.sequence)
    missing = [ReportCycle(obligation=obligation, sequence=c.sequence, label=c.label, period_start=c.period_start,
                           period_end=c.period_end, due_date=c.due_date)
               for c in recurring_cycles(periods=obligation.cycle_periods, annual_dates=obligation.cycle_dates,
                                         start=start, until=until) if c.sequence not in existing]
    if missing:
        ReportCycle.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {c.sequence: c for c in ReportCycle.objects.filter(obligation=obligation)}
    return sorted(existing.values(), key=lambda c: c.sequence)


def opens_on(*, due_date: datetime.date, working_days: int | None = None) -> datetime.date:
    """The day a cycle due on ``due_date`` opens: ``working_days`` working days before it."""
    n = open_working_days() if working_days is None else working_days
    return working_calendar().add_working_days(due_date, -n)


def cycles_to_open(*, today: datetime.date, obligations=None):
    """Cycles not opened yet whose opening day has come (``opens_on(due) <= today``): a missed tick is made up by the
    next one, which opens every cycle it finds, the oldest first. Only cycles of issued plans."""
    horizon = working_calendar().add_working_days(today, open_working_days())
    cycles = ReportCycle.objects.filter(opened_at__isnull=True, due_date__lte=horizon,
                                        obligation__plan__plan__issued_on__isnull=False)
    if obligations is not None:
        cycles = cycles.filter(obligation__in=obligations)
    return cycles.select_related("obligation").order_by("due_date", "obligation_id", "sequence")


# --- which cycle a page shows -------------------------------------------------------

ALL = "all"


def plan_cycles(*, process: PlanProcess, opened: bool = True):
    """The cycles of a plan's duties (those opened, by default), latest due first."""
    cycles = ReportCycle.objects.filter(obligation__plan=process)
    if opened:
        cycles = cycles.filter(opened_at__isnull=False)
    return cycles.select_related("obligation").order_by("-due_date", "-obligation_id", "-sequence")


def cycle_chosen(*, process: PlanProcess, value: str | None, today: datetime.date,
                 obligations=None) -> ReportCycle | None:
    """The cycle a page asks for (``?cycle=<id>``, ``?cycle=all`` for none), else the current one: the open cycle
    due soonest on or after ``today``, else the latest opened. None for a plan without cycles, for ``all``, and
    for an id that is not an opened cycle of this plan (never another plan's)."""
    cycles = plan_cycles(process=process)
    if obligations is not None:
        cycles = cycles.filter(obligation__in=obligations)
    if value == ALL:
        return None
    if value:
        if not value.isdigit() or int(value) > 2**63 - 1:  # typed by hand: not an id, or beyond any id
            return None
        return cycles.filter(pk=int(value)).first()
    return cycles.filter(due_date__gte=today).order_by("due_date", "obligation_id").first() or cycles.first()


def cycles_offered(*, process: PlanProcess, value: str | None, today: datetime.date, obligations=None,
                   unasked=None) -> dict:
    """What a page's cycle selector shows: the opened cycles (of ``obligations`` only, if given; latest first), the
    one chosen (``cycle_chosen``; None: every report) and how many duties they belong to. ``unasked``: asked only
    when there are cycles and the page named none, the value to use instead (e.g. ``ALL``) or None."""
    offered = plan_cycles(process=process)
    if obligations is not None:
        offered = offered.filter(obligation__in=obligations)
    offered = list(offered)
    if offered and not value and unasked is not None:
        value = unasked()
    chosen = cycle_chosen(process=process, value=value, today=today, obligations=obligations) if offered else None
    return {"cycles": offered, "cycle": chosen, "cycle_duties": len({c.obligation_id for c in offered})}


def reports_of_cycle(reports, cycle: ReportCycle | None):
    """``reports`` (UnitReports) narrowed to one cycle; all of them without one."""
    return reports if cycle is None else reports.filter(cycle=cycle)

