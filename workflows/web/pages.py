"""Pages outside the task screens: the plan page (history, diff, who has acknowledged)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST, require_safe

from orgchart.models import Unit
from orgchart.selectors import user_units
from workflows import selectors
from workflows.authorization import PLAN_NOT_FOUND
from workflows.flows import PlanFlow
from workflows.models import Notification, ReportState
from workflows.notifications.reminders import unread_count
from workflows.plans.services import user_can_draft
from workflows.reports import dashboard
from workflows.reports import selectors as report_selectors
from workflows.web import imports_ui
from workflows.web.my_work import DUE_SOON_DAYS, LIMIT, SHOW, my_work, task_subject


class PlanDetailView(LoginRequiredMixin, generic.TemplateView):
    template_name = "workflows/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = selectors.plan_processes_visible_to(user=self.request.user).select_related(
            "plan", "submission", "department", "division", "province", "field", "drafter").filter(pk=kwargs["pk"]).first()
        if process is None:
            raise Http404(PLAN_NOT_FOUND)
        context.update(selectors.plan_context(process=process))
        context["process"] = process

        state = self.request.GET.get("state", "")
        context["unit_reports"], context["state_counts"] = selectors.unit_reports_page(
            process=process, state=state, page=self.request.GET.get("page") or 1)
        context["state_filter"] = state
        context["report_states"] = [(value, label, context["state_counts"].get(value, 0)) for value, label in ReportState.choices]
        if not process.consolidates_id:
            context.update(report_selectors.plan_roles(process=process))  # chủ trì / phối hợp / để biết
        return context


class PlanImportView(LoginRequiredMixin, generic.TemplateView):
    """Nhập từ Word: upload, see what was understood, then create (a draft, or the issued plan's record)."""

    template_name = "workflows/plan_import.html"

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied
        from django.utils import timezone


        # Importing is drafting or recording for a unit: only for someone who holds a post today
        if request.user.is_authenticated and not request.user.is_superuser and \
                not user_units(user=request.user, on=timezone.localdate()):
            raise PermissionDenied(_("Bạn không giữ chức vụ nào tại thời điểm này nên không thể nhập văn bản."))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.shortcuts import redirect


        try:
            if request.POST.get("token"):
                created = imports_ui.import_confirm(user=request.user, token=request.POST["token"],
                                                    division_id=request.POST.get("division"))
                from workflows.plans import drafting

                task = drafting.draft_task(process=created, user=request.user) if hasattr(created, "drafter_id") else None
                return redirect(task.reverse("execute") if task is not None else created.get_absolute_url())
            upload = request.FILES.get("file")
            preview = imports_ui.import_preview(user=request.user, upload=upload)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            status = 400 if isinstance(exc, ValidationError) else 403
            return self.render_to_response(self.get_context_data(error=message), status=status)
        return self.render_to_response(self.get_context_data(**preview))

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        from orgchart.selectors import user_units

        context = super().get_context_data(**kwargs)
        context["units"] = user_units(user=self.request.user, on=timezone.localdate())
        return context


class NotificationsView(LoginRequiredMixin, generic.TemplateView):
    """Thông báo: the user's reminders, newest first; reading the page marks nothing, a button does."""

    template_name = "workflows/notifications.html"

    def post(self, request, *args, **kwargs):
        from django.shortcuts import redirect
        from django.utils import timezone


        Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")

    def get_context_data(self, **kwargs):
        from workflows.models import Notification

        context = super().get_context_data(**kwargs)
        context["notifications"] = Notification.objects.filter(user=self.request.user)[:200]
        return context


def unread_notifications(request):
    """Context processor: the bell's count, computed only when a page shows it."""
    from django.utils.functional import SimpleLazyObject


    return {"kehoach_unread": SimpleLazyObject(lambda: unread_count(user=request.user))}


class DashboardView(LoginRequiredMixin, generic.TemplateView):
    """Theo dõi thực hiện: across plans, or one plan (with a chart, the late units, progress over time)."""

    template_name = "workflows/dashboard.html"

    def get_context_data(self, **kwargs):
        import json

        from django.utils import timezone

        from workflows.reports import dashboard
        from workflows.reports.consolidated import chosen_report
        from workflows.reports.urge import urge_allowed

        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        visible = selectors.plan_processes_visible_to(user=self.request.user)
        context["today"] = today
        if "pk" not in kwargs:
            context["plans"] = dashboard.plans_overview(plans=visible, today=today)
            context["clocks"] = dashboard.clock_counts(plans=visible, today=today)
            return context
        process = visible.select_related("plan").filter(pk=kwargs["pk"]).first()
        if process is None:
            raise Http404(PLAN_NOT_FOUND)
        choice = dashboard.cycle_choice(process=process, value=self.request.GET.get("cycle"), today=today)
        reports = dashboard.plan_reports(process=process, cycle=choice["cycle"])
        counts = dashboard.state_counts(reports=reports, today=today)
        labels = dashboard.state_labels()
        context.update(
            **choice, cycle_q=f"&cycle={choice['cycle'].pk}" if choice["cycle"] else "",
            process=process, counts=counts, clocks=dashboard.clock_counts(plans=visible.filter(pk=process.pk), today=today),
            rows=[(value, label, counts[value]) for value, label in labels],
            late=dashboard.late_units(reports=reports, today=today),
            extended=dashboard.extended_units(reports=reports),
            can_urge=urge_allowed(user=self.request.user, process=process),
            # the Báo cáo tổng hợp of the chosen cycle (one per cycle), of the plan when it has no cycles
            consolidated_report=chosen_report(process=process, choice=choice),
            progress=dashboard.progress(reports=reports),
            **(report_selectors.plan_roles(process=process) if not process.consolidates_id else {}),
            chart=json.dumps({"labels": [str(label) for _v, label in labels], "values": [counts[v] for v, _l in labels]},
                             ensure_ascii=False),
        )
        return context


def dashboard_xlsx(request, pk: int):
    from django.http import HttpResponse
    from django.utils import timezone


    process = selectors.plan_processes_visible_to(user=request.user).select_related("plan").filter(pk=pk).first()
    if process is None:
        raise Http404(PLAN_NOT_FOUND)
    today = timezone.localdate()
    cycle = dashboard.cycle_choice(process=process, value=request.GET.get("cycle"), today=today)["cycle"]
    data = dashboard.xlsx_export(process=process, today=today, cycle=cycle)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = (process.plan.symbol or f"ke-hoach-{process.pk}").replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="theo-doi-{name}.xlsx"'
    return response


@login_required
@require_POST
def dashboard_urge(request, pk: int):
    """Đôn đốc: the consolidator's message to the late units selected on the plan's dashboard."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import timezone

    from workflows.reports.urge import urge_allowed, urge_late_units

    process = selectors.plan_processes_visible_to(user=request.user).select_related("plan").filter(pk=pk).first()
    if process is None or not urge_allowed(user=request.user, process=process):
        raise Http404(PLAN_NOT_FOUND)
    try:
        sent = urge_late_units(user=request.user, process=process, report_ids=request.POST.getlist("report"),
                               message=request.POST.get("message", ""), today=timezone.localdate())
    except PermissionDenied:
        raise Http404(PLAN_NOT_FOUND) from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("dashboard_plan", pk=pk)
    text = _("Đã gửi đôn đốc đến %(n)s đơn vị (%(people)s người nhận).") % {
        "n": len(sent.reports), "people": len(sent.notifications)}
    if sent.unreached:  # one message: the page shows one snackbar
        text += " " + _("Không có người nhận (chưa có thủ trưởng, chưa giao việc) tại: %(units)s.") % {
            "units": ", ".join(sent.unreached)}
    (messages.warning if sent.unreached else messages.success)(request, text)
    return redirect("dashboard_plan", pk=pk)


@login_required
def dashboard_escalation(request, pk: int):
    """Cài đặt đôn đốc: the plan's levels (phê bình, kiểm điểm after N working days), for whoever may send Đôn đốc."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.shortcuts import render

    from workflows.reports.escalation import MAX_DAYS, escalation_allowed, escalation_choice, escalation_set

    process = selectors.plan_processes_visible_to(user=request.user).select_related("plan").filter(pk=pk).first()
    if process is None or not escalation_allowed(user=request.user, process=process):
        raise Http404(PLAN_NOT_FOUND)
    if request.method == "POST":
        try:
            escalation_set(user=request.user, process=process, inherit=request.POST.get("inherit") == "1",
                           criticize_after=request.POST.get("criticize_after"),
                           discipline_after=request.POST.get("discipline_after"))
        except PermissionDenied:
            raise Http404(PLAN_NOT_FOUND) from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return render(request, "workflows/dashboard_escalation.html", {
                "process": process, "max_days": MAX_DAYS, "posted": request.POST,
                "choice": escalation_choice(process=process)}, status=400)
        messages.success(request, _("Đã lưu các mức đôn đốc của kế hoạch."))
        return redirect("dashboard_plan", pk=pk)
    return render(request, "workflows/dashboard_escalation.html", {
        "process": process, "max_days": MAX_DAYS, "choice": escalation_choice(process=process)})


@login_required
@require_safe
def discipline_list(request, pk: int):
    """Đề nghị kiểm điểm: the late units of one plan on the list sent to their superior's head (read only)."""
    from django.shortcuts import render

    from workflows.models import DisciplineList
    from workflows.notifications.discipline import discipline_list_entries, discipline_list_for_reader

    try:
        found = discipline_list_for_reader(user=request.user, pk=pk)
    except DisciplineList.DoesNotExist as exc:
        raise Http404(str(exc)) from None
    return render(request, "workflows/discipline_list.html", {
        "discipline_list": found, "entries": discipline_list_entries(discipline_list=found)})


class UnitDashboardView(LoginRequiredMixin, generic.TemplateView):
    """Drill down to a unit: every report it owes under the plans the user may see."""

    template_name = "workflows/dashboard_unit.html"

    def get_context_data(self, **kwargs):
        from django.utils import timezone



        context = super().get_context_data(**kwargs)
        unit = Unit.objects.filter(pk=kwargs["pk"]).first()
        if unit is None:
            raise Http404(_("Không có đơn vị này."))
        reports = selectors.unit_dashboard_reports(user=self.request.user, unit=unit)
        if reports is None:  # neither the user's unit (or one above it) nor a unit reporting to them
            raise Http404(_("Không có đơn vị này hoặc bạn không có quyền xem."))
        context.update(unit=unit, today=timezone.localdate(), reports=reports.select_related(
            "obligation__plan__plan", "report", "assignee").order_by("due_date"))
        from workflows.reports.extensions import extended_report_ids

        context["extended"] = extended_report_ids(reports=reports)
        from workflows.notifications.reminders import reminders_history

        context["reminders"] = reminders_history(reports=reports)
        return context


class MyWorkView(LoginRequiredMixin, generic.TemplateView):
    """Việc của tôi: where everyone lands after login (my tasks and my units' unclaimed ones, urgent first)."""

    template_name = "workflows/my_work.html"

    def get_context_data(self, **kwargs):
        from django.utils import timezone


        context = super().get_context_data(**kwargs)
        work = my_work(user=self.request.user, today=timezone.localdate())
        show = self.request.GET.get("show", "")
        if show in SHOW:  # a counter of the heading clicked: the rows it counts (mine, unclaimed: at most LIMIT each)
            work.rows = [row for row in work.rows if SHOW[show](row)]
            context.update(show=show, shown=getattr(work, show))
        for row in work.rows:
            row["subject"] = task_subject(row["task"])
        context.update(work=work, due_soon_days=DUE_SOON_DAYS, limit=LIMIT)
        if user_can_draft(self.request.user):  # a drafter starts a plan from here, not three menus away
            context.update(draft_url=PlanFlow.start.reverse("execute"),
                           import_url=reverse("workflow:flows:plan:plan_import"))
        return context
