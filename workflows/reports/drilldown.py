"""Dashboards that click through: every number a dashboard shows opens the list of units, reports or tasks behind it.

Each number is named by a *drill* (``?show=<name>`` on the list page). A drill's rows are computed by the same
function of ``workflows.reports.dashboard`` that the dashboard counts with (late reports, ND30's clocks), or by the
same filter on the same column (a state, a day of the progress table), so the number and its list cannot drift;
``tests/workflows/reports/test_drilldown.py`` follows every number of every dashboard and compares.

Three kinds of rows:
- ``reports``: one unit's report under one obligation of one plan (the per-plan dashboard counts these);
- ``units``: the units of one plan, each once (the across-plans table counts units, not obligations);
- ``tasks``: the open Tiếp nhận / Cấp số, phát hành steps past ND30's clock, of one plan or of every plan the
  viewer may see.

Who sees what: the caller passes the plans the viewer may open (``selectors.plan_processes_visible_to``), the same
rule as the dashboard; nothing here widens it.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from orgchart.models import Unit
from workflows.models import DeadlineExtension, ExtensionState, ReportState
from workflows.reports import dashboard

REPORTS, UNITS, TASKS = "reports", "units", "tasks"


@dataclasses.dataclass(frozen=True)
class Drill:
    name: str
    label: str
    kind: str
    rows: Callable  # (*, reports | plans, today, day) -> QuerySet
    needs_day: bool = False

    @property
    def per_plan(self) -> bool:
        """Report and unit drills are read within one plan; task drills also across plans."""
        return self.kind != TASKS


def _state(value: str):
    return lambda *, reports, today, day: reports.filter(state=value)


def _until(field: str):
    return lambda *, reports, today, day: reports.filter(**{f"{field}__date__lte": day})


def _extended(*, reports, today, day):
    approved = DeadlineExtension.objects.filter(unit_report__in=reports, state=ExtensionState.APPROVED)
    return reports.filter(pk__in=approved.values("unit_report_id"))


def _units_of(reports) -> QuerySet:
    return Unit.objects.filter(pk__in=reports.values("unit_id"))


def _units_accepted(*, reports, today, day):
    """Units every report of which is accepted (the across-plans table: total units minus units still open)."""
    return _units_of(reports).exclude(pk__in=reports.exclude(state=ReportState.ACCEPTED).values("unit_id"))


DRILLS: dict[str, Drill] = {d.name: d for d in [
    Drill("all", _("Tất cả báo cáo của đơn vị"), REPORTS, lambda *, reports, today, day: reports),
    *(Drill(value, label, REPORTS, _state(value)) for value, label in ReportState.choices),
    Drill(dashboard.OVERDUE, _("Quá hạn"), REPORTS,
          lambda *, reports, today, day: dashboard.late_reports(reports=reports, today=today)),
    Drill("extended", _("Đã gia hạn"), REPORTS, _extended),
    Drill("submitted_until", _("Đã gửi đến ngày"), REPORTS, _until("submitted_at"), needs_day=True),
    Drill("accepted_until", _("Đã chấp nhận đến ngày"), REPORTS, _until("accepted_at"), needs_day=True),
    Drill("units", _("Đơn vị thực hiện"), UNITS, lambda *, reports, today, day: _units_of(reports)),
    Drill("units_accepted", _("Đơn vị đã được chấp nhận toàn bộ báo cáo"), UNITS, _units_accepted),
    Drill("units_overdue", _("Đơn vị có báo cáo quá hạn"), UNITS,
          lambda *, reports, today, day: _units_of(dashboard.late_reports(reports=reports, today=today))),
    Drill("receipts_overdue", _("Văn bản đến chưa vào sổ quá hạn"), TASKS,
          lambda *, plans, today, day: dashboard.receipts_overdue(plans=plans, today=today)),
    Drill("issues_overdue", _("Chưa phát hành quá hạn"), TASKS,
          lambda *, plans, today, day: dashboard.issues_overdue(plans=plans, today=today)),
]}


def drill(name: str) -> Drill | None:
    return DRILLS.get(name)


def parse_day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _found(*, drill: Drill, process, plans, today, day, cycle=None):
    if drill.kind == TASKS:
        return drill.rows(plans=plans, today=today, day=day), None
    reports = dashboard.plan_reports(process=process, cycle=cycle)  # the dashboard's own set of reports of the plan
    return drill.rows(reports=reports, today=today, day=day), reports


def rows(*, drill: Drill, process=None, plans=None, today: datetime.date, day: datetime.date | None = None,
         cycle=None) -> QuerySet:
    """The rows behind the number ``drill``: of the plan ``process`` (report and unit drills), or of ``plans`` (task
    drills: a queryset of the plan processes the viewer may open, or one of them), ordered, with what the list prints."""
    found, reports = _found(drill=drill, process=process, plans=plans, today=today, day=day, cycle=cycle)
    if drill.kind == TASKS:
        return (found.select_related("owner", "process__receiptprocess__unit", "process__receiptprocess__document",
                                     "process__planprocess__plan")
                .order_by("created", "pk"))
    if drill.kind == UNITS:
        return found.annotate(n=Count("unit_reports", filter=Q(unit_reports__in=reports))).order_by("name", "pk")
    return found.select_related("unit", "obligation", "assignee").order_by("due_date", "unit__name", "obligation_id", "pk")


def count(*, drill: Drill, process=None, plans=None, today: datetime.date, day: datetime.date | None = None,
          cycle=None) -> int:
    """How many rows ``rows`` lists (tests compare it with the dashboard's own aggregate)."""
    return _found(drill=drill, process=process, plans=plans, today=today, day=day, cycle=cycle)[0].count()
