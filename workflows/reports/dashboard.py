"""The compliance dashboard (theo dõi, đôn đốc): who reported, who is late, and since when.

Every figure is an aggregate query over ``UnitReport``; nothing loads every row.
"""

from __future__ import annotations

import datetime
import io

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from documents.xlsx import row_append
from workflows.models import PlanProcess, ReportState, UnitReport, UnitRole
from workflows.plans import clocks, cycles

OVERDUE = "overdue"


def _open_late(today: datetime.date) -> Q:
    return Q(due_date__lt=today) & ~Q(state=ReportState.ACCEPTED)


def late_reports(*, reports, today: datetime.date):
    """The reports among ``reports`` that are late on ``today`` (due before it, not accepted)."""
    return reports.filter(_open_late(today))


def state_counts(*, reports, today: datetime.date) -> dict[str, int]:
    """Units by state, plus the overdue ones (one GROUP BY and one COUNT)."""
    counts = {value: 0 for value, _label in ReportState.choices}
    counts.update(dict(reports.values_list("state").annotate(n=Count("id")).order_by()))
    counts[OVERDUE] = reports.filter(_open_late(today)).count()
    counts["total"] = sum(counts[value] for value, _label in ReportState.choices)
    return counts


def state_labels() -> list[tuple[str, str]]:
    return [*ReportState.choices, (OVERDUE, _("Quá hạn"))]


def late_units(*, reports, today: datetime.date, limit: int = 500) -> list[dict]:
    """The late units with days late and who holds the work (assignee, else the open task's owner).

    Up to ``limit`` rows in two queries; the words every row repeats (its state, "(chưa nhận)", the link's
    path) are looked up once, not once per row (a 1 000-unit plan's dashboard prints hundreds of rows)."""
    from django.urls import reverse
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    late = list(reports.filter(_open_late(today)).select_related("unit", "assignee")
                .only("process_id", "state", "due_date", "role", "unit__key", "unit__name", "unit__short_name",
                      "assignee__username", "assignee__first_name", "assignee__last_name")
                .order_by("due_date", "unit__name")[:limit])
    owners = dict(
        Task.objects.filter(process_id__in=[r.process_id for r in late], status__in=[STATUS.NEW, STATUS.ASSIGNED],
                            flow_task_type="HUMAN")
        .values_list("process_id", "owner__first_name")
    )
    from workflows.reports.extensions import extended_report_ids

    extended = extended_report_ids(reports=[r.pk for r in late]) if late else set()
    states = {value: str(label) for value, label in ReportState.choices}
    roles = {value: str(label) for value, label in UnitRole.choices}
    nobody = _("(chưa nhận)")
    head, _mid, tail = reverse("dashboard_unit", args=[1]).rpartition("/1/")
    return [{
        "report": report,
        "unit": report.unit,
        "unit_url": f"{head}/{report.unit_id}/{tail}",
        "state": states.get(report.state, report.state),
        "due_date": report.due_date,
        "due_text": report.due_date.strftime("%d/%m/%Y"),
        "days_late": (today - report.due_date).days,
        "holder": (report.assignee.get_full_name() if report.assignee else owners.get(report.process_id)) or nobody,
        "extended": report.pk in extended,
        "role": report.role,
        "role_label": roles.get(report.role, report.role),
    } for report in late]


def extended_units(*, reports) -> list[dict]:
    """The units granted a later due date (đã gia hạn): the last approved extension of each report, in two queries."""
    from workflows.models import DeadlineExtension, ExtensionState

    approved = (DeadlineExtension.objects.filter(unit_report__in=reports, state=ExtensionState.APPROVED)
                .select_related("unit_report__unit").order_by("unit_report_id", "decided_at", "id"))
    last = {e.unit_report_id: e for e in approved}  # the latest approval of each report wins
    return [{"report": e.unit_report, "unit": e.unit_report.unit, "old_due_date": e.old_due_date,
             "due_date": e.unit_report.due_date, "decided_at": e.decided_at}
            for e in sorted(last.values(), key=lambda e: (e.unit_report.due_date or datetime.date.max, e.unit_report_id))]


def progress(*, reports) -> list[dict]:
    """Reports submitted and accepted per day, with running totals (tiến độ theo thời gian)."""
    submitted = dict(reports.filter(submitted_at__isnull=False).annotate(day=TruncDate("submitted_at"))
                     .values_list("day").annotate(n=Count("id")).order_by())
    accepted = dict(reports.filter(accepted_at__isnull=False).annotate(day=TruncDate("accepted_at"))
                    .values_list("day").annotate(n=Count("id")).order_by())
    rows, total_submitted, total_accepted = [], 0, 0
    for day in sorted(set(submitted) | set(accepted)):
        total_submitted += submitted.get(day, 0)
        total_accepted += accepted.get(day, 0)
        rows.append({"day": day, "submitted": total_submitted, "accepted": total_accepted})
    return rows


def plans_overview(*, plans, today: datetime.date) -> list[dict]:
    """Across plans: one row per plan with its totals in units, not obligations (a unit with two duties
    of one plan counts once; it is done when all of them are accepted, late when one is late)."""
    plans = list(plans.select_related("plan"))
    reports = UnitReport.objects.filter(obligation__plan__in=plans)
    by_state = {}
    for plan_id, state, n in reports.values_list("obligation__plan_id", "state").annotate(n=Count("id")).order_by():
        by_state.setdefault(plan_id, {})[state] = n

    def units_per_plan(queryset) -> dict[int, int]:
        return dict(queryset.values_list("obligation__plan_id").annotate(n=Count("unit_id", distinct=True)).order_by())

    total = units_per_plan(reports)
    open_units = units_per_plan(reports.exclude(state=ReportState.ACCEPTED))
    late = units_per_plan(reports.filter(_open_late(today)))
    rows = []
    for plan in plans:
        if not total.get(plan.pk):
            continue
        rows.append({"process": plan, "total": total[plan.pk], "accepted": total[plan.pk] - open_units.get(plan.pk, 0),
                     "late": late.get(plan.pk, 0), "states": by_state.get(plan.pk, {})})
    return rows


def clock_counts(*, plans, today: datetime.date) -> dict[str, int]:
    """ND30's clocks over ``plans`` (plan processes): copies of their documents not registered in time by the
    receiving units (văn bản đến chưa vào sổ quá hạn), and signed ones not issued in time (chưa phát hành quá hạn).
    Two COUNT queries."""
    return {
        "receipts_overdue": receipts_overdue(plans=plans, today=today).count(),
        "issues_overdue": issues_overdue(plans=plans, today=today).count(),
    }


def receipts_overdue(*, plans, today: datetime.date):
    """The open Tiếp nhận tasks of copies of ``plans``' documents past ND30's clock (the count and its list)."""
    return clocks.receipts_overdue(today=today).filter(
        process__receiptprocess__document__plan_process__in=plans.values("pk"))


def issues_overdue(*, plans, today: datetime.date):
    """The open Cấp số, phát hành tasks of ``plans`` past ND30's clock (the count and its list)."""
    return clocks.issues_overdue(today=today).filter(process_id__in=plans.values("pk"))


def plan_reports(*, process: PlanProcess, cycle=None):
    """The plan's unit reports; of one report cycle of a recurring duty with ``cycle``."""
    return cycles.reports_of_cycle(UnitReport.objects.filter(obligation__plan=process), cycle)


def cycle_choice(*, process: PlanProcess, value: str | None, today: datetime.date) -> dict:
    """The report cycles a plan's dashboard offers (``cycles``: those opened, latest first), the one chosen by
    ``?cycle=`` (else the current one; None for every report) and how many recurring duties they belong to."""
    def unasked():  # one-off duties' reports beside the recurring ones': the page opens on all of them
        return cycles.ALL if UnitReport.objects.filter(obligation__plan=process, cycle__isnull=True).exists() else None

    return cycles.cycles_offered(process=process, value=value, today=today, unasked=unasked)


def xlsx_export(*, process: PlanProcess, today: datetime.date, cycle=None) -> bytes:
    """The dashboard as an Excel workbook: the counts, then every unit with its role (Vai trò: chủ trì, phối hợp),
    state and lateness. Every row goes through ``documents.xlsx.row_append``: text a user typed stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    reports = plan_reports(process=process, cycle=cycle)
    counts = state_counts(reports=reports, today=today)
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    row_append(summary, [_("Kế hoạch"), f"{process.plan.symbol} — {process.plan.title}"])
    if cycle is not None:
        row_append(summary, [_("Kỳ báo cáo"), f"{cycle.label} (hạn {cycle.due_date:%d/%m/%Y})"])
    row_append(summary, [_("Ngày lập"), today.strftime("%d/%m/%Y")])
    row_append(summary, [])
    row_append(summary, [_("Trạng thái"), _("Số đơn vị")])
    header = summary.max_row
    for value, label in state_labels():
        row_append(summary, [str(label), counts[value]])
    row_append(summary, [_("Tổng số"), counts["total"]])
    for cell in summary[header]:
        cell.font = Font(bold=True)
    units = book.create_sheet("Đơn vị")
    row_append(units, [_("STT"), _("Đơn vị"), _("Vai trò"), _("Nhiệm vụ"), _("Trạng thái"), _("Hạn"), _("Số ngày quá hạn"),
                       _("Nơi nhận báo cáo"), _("Báo cáo")])
    for cell in units[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    rows = reports.select_related("unit", "obligation", "receiver", "report").order_by("unit__name", "obligation_id")
    for index, report in enumerate(rows, start=1):
        late = (today - report.due_date).days if report.due_date and report.due_date < today and report.state != ReportState.ACCEPTED else 0
        row_append(units, [index, str(report.unit), report.get_role_display(), report.obligation.title, report.get_state_display(),
                      report.due_date.strftime("%d/%m/%Y") if report.due_date else "", late, str(report.receiver),
                      report.report.symbol if report.report else ""])
    for sheet, widths in ((summary, [28, 70]), (units, [6, 40, 12, 50, 22, 12, 16, 30, 18])):
        for column, width in zip("ABCDEFGHI", widths):
            sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
