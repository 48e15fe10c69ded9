"""Figures pages: a unit's Excel template and upload; the consolidated table (Bảng tổng hợp) and its report."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from documents.uploads import upload_size_check
from workflows.figures.entry import consolidated_xlsx as build
from workflows.figures.entry import (
    entries_from_xlsx,
    report_figures_check,
    report_figures_save,
    report_period,
    template_xlsx,
)
from workflows.flows import runtime
from workflows.models import UnitReport
from workflows.reports import consolidated as reports
from workflows.reports import selectors as report_selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit_report(request, pk: int) -> UnitReport:
    """The report if the user's unit owes it or receives it; 404 otherwise (no hint that it exists)."""
    report = report_selectors.unit_report_for(user=request.user, pk=pk)
    if report is None:
        raise Http404(_("Không tìm thấy báo cáo."))
    return report


def _table_of(report: UnitReport):
    table = reports.plan_indicator_table(process=report.obligation.plan)
    if table is None:
        raise Http404(_("Kế hoạch này không có bảng số liệu."))
    return table


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_figures_xlsx(request, pk: int):
    """The unit's table as Excel, formatted like the annex, with what it has entered so far."""
    report = _unit_report(request, pk)
    data = template_xlsx(table=_table_of(report), report=report)
    return _xlsx_response(data, f"so-lieu-{report.unit.code or report.unit.pk}.xlsx".replace("/", "-"))


@login_required
@require_POST
def report_figures_upload(request, pk: int):
    """Save a filled template: every cell right, or nothing saved and every wrong cell listed."""
    report = _unit_report(request, pk)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    try:
        report_figures_check(report=report, user=request.user)  # before reading a file it would refuse anyway
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError(_("Chưa chọn tệp Excel để tải lên."))
        upload_size_check(size=upload.size, limit=settings.KEHOACH_XLSX_UPLOAD_MAX_BYTES)
        table = _table_of(report)
        saved = report_figures_save(report=report, table=table, user=request.user, source="excel",
                                    entries=entries_from_xlsx(table=table, data=upload.read(),
                                                              period=report_period(report=report, table=table)))
    except (ValidationError, PermissionDenied) as exc:
        problems = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        messages.error(request, _("Chưa lưu số liệu (%(n)s lỗi): %(list)s") % {"n": len(problems), "list": " • ".join(problems)})
        status = 403 if isinstance(exc, PermissionDenied) else 400
        if back:
            return HttpResponseRedirect(back)
        return HttpResponse("\n".join(problems), status=status, content_type="text/plain; charset=utf-8")
    messages.success(request, _("Đã lưu %(n)s ô số liệu từ tệp Excel.") % {"n": saved})
    return HttpResponseRedirect(back or "/")


def _plan_and_level(request, pk: int):
    try:
        return report_selectors.consolidation_level(user=request.user, pk=pk, unit=request.GET.get("unit"))
    except ObjectDoesNotExist as exc:
        raise Http404(str(exc)) from None


class ConsolidatedView(LoginRequiredMixin, generic.TemplateView):
    """Bảng tổng hợp: the figures of the units that have reported, at the user's level, and the report on them."""

    template_name = "workflows/consolidated.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process, levels, level = _plan_and_level(self.request, kwargs["pk"])
        table = reports.plan_indicator_table(process=process)
        choice = reports.consolidation_cycles(process=process, value=self.request.GET.get("cycle"),
                                              today=timezone.localdate())
        result, obligation = reports.consolidation_at(process=process, level=level, table=table, cycle=choice["cycle"])
        # a plan with report cycles has one Báo cáo tổng hợp per cycle: the chosen cycle's (none for "every cycle")
        per_cycle = bool(choice["cycles"])
        report = reports.chosen_report(process=process, choice=choice)
        context.update(
            **choice, process=process, plan=process.plan, levels=levels, level=level, table=table, result=result,
            obligation=obligation, rows=reports.consolidated_rows(table=table, result=result) if table and result else [],
            report=report, per_cycle=per_cycle, period=result.period if result else None,
            can_start=report is None and obligation is not None and process.plan.is_issued
            and (choice["cycle"] is not None or not per_cycle)
            and reports.user_can_consolidate(user=self.request.user, process=process)
            and level.pk == obligation.consolidator_id,
        )
        return context


@login_required
def consolidated_xlsx(request, pk: int):
    process, _levels, level = _plan_and_level(request, pk)
    table = reports.plan_indicator_table(process=process)
    if table is None:
        raise Http404(_("Kế hoạch này không có bảng số liệu."))
    cycle = reports.consolidation_cycles(process=process, value=request.GET.get("cycle"), today=timezone.localdate())["cycle"]
    result, _obligation = reports.consolidation_at(process=process, level=level, table=table, cycle=cycle)
    data = build(table=table, rows=reports.consolidated_rows(table=table, result=result), result=result, level=level)
    return _xlsx_response(data, f"tong-hop-{(process.plan.symbol or str(process.pk)).replace('/', '-')}.xlsx")


@login_required
@require_POST
def consolidated_report_start(request, pk: int):
    """Lập báo cáo tổng hợp: open the report process now (late units are listed as not reporting), of the report
    cycle posted (``cycle``: the one chosen on the Bảng tổng hợp; 404 for one that is not this plan's)."""
    process, _levels, _level = _plan_and_level(request, pk)
    value = request.POST.get("cycle") or None
    back = reverse("consolidated", args=[pk]) + (f"?cycle={value}" if value and value.isdigit() else "")
    try:
        cycle = reports.consolidation_cycle(process=process, value=value, today=timezone.localdate())
    except ObjectDoesNotExist as exc:
        raise Http404(str(exc)) from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(back)
    try:
        report = runtime.consolidated_report_start(process=process, user=request.user, cycle=cycle)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return HttpResponseRedirect(back)
    task = report.task_set.filter(status__in=["NEW", "ASSIGNED"]).order_by("-pk").first()
    messages.success(request, _("Đã lập dự thảo báo cáo tổng hợp từ báo cáo của %(n)s đơn vị.")
                     % {"n": len(report.plan.content.get("consolidation", {}).get("included", []))})
    if task is not None and task.owner_id == request.user.pk:
        return HttpResponseRedirect(task.reverse("execute"))
    return HttpResponseRedirect(back)
