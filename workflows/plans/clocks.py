"""ND30's clocks (Nghị định 30/2020/NĐ-CP, Điều 21–22 as offices apply them; DOMAIN.md 6c).

- An incoming document (văn bản đến) is registered and presented on the working day it arrives; a Hỏa tốc
  or Thượng khẩn one at once: it is due the day it arrives, whatever day that is, and flagged urgent.
- A signed document is issued (phát hành) on the day of signing or, at the latest, the next working day.

The clock of a task starts when its task is created: the receipt's Tiếp nhận when the document arrives,
the văn thư's Cấp số, phát hành when the leader's signature approves it. Days are those of
``documents.dates.working_days``; counts are one query each, whatever the number of tasks.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from documents.dates.working_days import WorkingCalendar, default_calendar
from documents.models import URGENCY_AT_ONCE, URGENCY_RANK, Urgency
from workflows import flowrefs

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
RECEIPT_STEP = flowrefs.step(flowrefs.RECEIPT, "acknowledge")
ISSUE_STEPS = tuple(flowrefs.step(flow, "issue") for flow in flowrefs.PLAN_FLOWS)


def with_urgency(tasks: QuerySet) -> QuerySet:
    """Tasks annotated with the độ khẩn of the document they are about (``level``: the plan's, the document
    received, or the plan a unit reports on) and its inbox rank (``rank``: 0 for Hỏa tốc … 3 for thường)."""
    level = Coalesce("process__planprocess__plan__urgency", "process__receiptprocess__document__urgency",
                     "process__unit_report__obligation__plan__plan__urgency", Value(Urgency.NORMAL))
    rank = Case(*(When(level=value, then=Value(n)) for value, n in URGENCY_RANK.items()),
                default=Value(URGENCY_RANK[Urgency.NORMAL]), output_field=IntegerField())
    return tasks.annotate(level=level).annotate(rank=rank)


def task_urgency(task) -> str:
    """The độ khẩn of one task's document, as ``with_urgency`` annotates lists (for one task outside a list, e.g.
    the answer to an action): one query."""
    return with_urgency(Task.objects.filter(pk=task.pk)).values_list("level", flat=True).first() or Urgency.NORMAL


def receipt_due(*, arrived: datetime.date, urgency: str = "", calendar: WorkingCalendar | None = None) -> datetime.date:
    """The day an incoming document must be registered and presented by: the day it arrives if urgent
    (Hỏa tốc, Thượng khẩn), else that day when it is a working day, or the next working day."""
    if urgency in URGENCY_AT_ONCE:
        return arrived
    return (calendar or default_calendar()).next_working_day(arrived)


def issue_due(*, signed: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The last day to issue a document signed on ``signed``: the next working day."""
    return (calendar or default_calendar()).add_working_days(signed, 1)


def task_clock(task, *, urgency: str = "") -> datetime.date | None:
    """The ND30 due day of an open Tiếp nhận or Cấp số, phát hành task, else None."""
    from viewflow.workflow.fields import get_task_ref

    ref = get_task_ref(task.flow_task)
    started = timezone.localdate(task.created)
    if ref == RECEIPT_STEP:
        return receipt_due(arrived=started, urgency=urgency)
    if ref in ISSUE_STEPS:
        return issue_due(signed=started)
    return None


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def receipts_overdue(*, today: datetime.date, tasks: QuerySet | None = None) -> QuerySet:
    """Open Tiếp nhận tasks past their clock on ``today`` (văn bản đến chưa vào sổ quá hạn).

    Normal ones arrived on or before the last working day before today; urgent ones arrived before today."""
    last_working = default_calendar().add_working_days(today, -1)
    tasks = Task.objects.all() if tasks is None else tasks
    urgent = Q(process__receiptprocess__document__urgency__in=URGENCY_AT_ONCE)
    return tasks.filter(flow_task=RECEIPT_STEP, status__in=OPEN).filter(
        Q(created__lt=_midnight(last_working + datetime.timedelta(days=1))) | (urgent & Q(created__lt=_midnight(today))))


def issues_overdue(*, today: datetime.date, tasks: QuerySet | None = None) -> QuerySet:
    """Open Cấp số, phát hành tasks past their clock on ``today`` (chưa phát hành quá hạn): signed before the
    last working day before today, so that the next working day after the signature has passed."""
    last_working = default_calendar().add_working_days(today, -1)
    tasks = Task.objects.all() if tasks is None else tasks
    return tasks.filter(flow_task__in=ISSUE_STEPS, status__in=OPEN, created__lt=_midnight(last_working))
