"""Việc của tôi: the one list a civil servant lands on after login.

My tasks (assigned to me) and my units' unclaimed ones (viewflow's queue), urgent first: by the
document's độ khẩn (Hỏa tốc, Thượng khẩn, Khẩn, thường), then overdue, then due within
``DUE_SOON_DAYS`` days, then by due date; with the counts the heading shows. A Tiếp nhận or
Cấp số, phát hành task is due by ND30's clock (``workflows.plans.clocks``) and marked when past it.
A step assigned to one person never appears as "unclaimed" here: only tasks offered to a unit
through a permission are (deny by default).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from documents.models import Urgency
from workflows.flows import FLOWS
from workflows.plans import clocks
from workflows.reports.extensions import extensions_to_decide

DUE_SOON_DAYS = 3
LIMIT = 200

RELATED = (
    "process__planprocess__plan",
    "process__receiptprocess__document",
    "process__receiptprocess__unit",
    "process__unit_report__unit",
    "process__unit_report__obligation",
)


#: The heading's counters, each one a filter of the list under it (``/?show=<name>``): one predicate counts and lists.
SHOW = {
    "mine": lambda row: row["claimed"],
    "unclaimed": lambda row: not row["claimed"],
    "overdue": lambda row: row["urgency"] == 0,
    "due_soon": lambda row: row["urgency"] == 1,
}


@dataclass
class MyWork:
    rows: list[dict] = field(default_factory=list)
    mine: int = 0
    unclaimed: int = 0
    overdue: int = 0
    due_soon: int = 0
    extensions: list = field(default_factory=list)  # deadline extension requests waiting for my decision


def _with_due(queryset):
    return clocks.with_urgency(queryset).annotate(
        due=Coalesce("process__unit_report__due_date", "process__planprocess__due_date"))


def _urgency(due: datetime.date | None, today: datetime.date) -> int:
    if due is None:
        return 3
    if due < today:
        return 0
    if due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return 1
    return 2


def my_work(*, user, today: datetime.date) -> MyWork:
    mine = _with_due(Task.objects.inbox(FLOWS, user))
    unclaimed = _with_due(Task.objects.queue(FLOWS, user).filter(owner_permission__isnull=False))
    result = MyWork(mine=mine.count(), unclaimed=unclaimed.count())
    rows = []
    for claimed, queryset in ((True, mine), (False, unclaimed)):
        for task in queryset.select_related(*RELATED).order_by("rank", F("due").asc(nulls_last=True), "created")[:LIMIT]:
            clock = clocks.task_clock(task, urgency=task.level)  # ND30: Tiếp nhận the same day, phát hành the next
            due = min(d for d in (task.due, clock) if d) if (task.due or clock) else None
            urgency = _urgency(due, today)
            rows.append({"task": task, "claimed": claimed, "due": due, "urgency": urgency,
                         "overdue_days": (today - due).days if urgency == 0 else 0,
                         "level": task.level, "level_label": Urgency(task.level).label if task.level else "",
                         "rank": task.rank, "clock_overdue": clock is not None and clock < today,
                         "url": task.flow_task.reverse("index" if claimed else "assign", args=[task.process_id, task.pk])})
    rows.sort(key=lambda r: (r["rank"], r["urgency"], r["due"] or datetime.date.max, r["task"].created))
    result.rows = rows
    result.overdue = sum(1 for r in rows if SHOW["overdue"](r))
    result.due_soon = sum(1 for r in rows if SHOW["due_soon"](r))
    result.extensions = list(extensions_to_decide(user=user, on=today)[:LIMIT])
    return result


def task_subject(task) -> str:
    """What the task is about, in a line: the plan, the document received, or the unit's report."""
    report = getattr(task.process, "unit_report", None)
    if report is not None:
        return f"{report.unit} — {report.obligation.title}"
    plan = getattr(task.process, "planprocess", None)
    if plan is not None:
        return f"{plan.plan.symbol or _('Dự thảo')} — {plan.plan.title}"
    receipt = getattr(task.process, "receiptprocess", None)
    if receipt is not None:
        return f"{receipt.document.symbol} — {receipt.document.title}"
    return str(task.process.brief)
