"""Kehoach's flows in viewflow's Material frontend, with lists scoped to the user's units."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.utils import viewprop
from viewflow.workflow.flow import FlowViewset, WorkflowAppViewset
from viewflow.workflow.flow.views import DashboardProcessListView, DashboardTaskListView, mixins
from viewflow.workflow.flow.views.chart import FlowChartView
from viewflow.workflow.flow.views.filters import FlowUserTaskListFilter
from viewflow.workflow.flow.views.list import WorkflowArchiveListView, WorkflowInboxListView, WorkflowQueueListView
from viewflow.workflow.models import Process

from workflows import authorization, selectors
from workflows.flows import FLOWS
from workflows.flows.views_drafts import PlanAutosaveView, PlanRolesView
from workflows.web import pages as views_pages


class ScopedProcessListView(DashboardProcessListView):
    """viewflow's process list, scoped, with Vietnamese column headings (its own are the method names)."""

    def process_id(self, process):
        return super().process_id(process)

    process_id.short_description = _("Mã hồ sơ")

    def brief(self, process):
        return process.brief

    brief.short_description = _("Nội dung")

    def active_tasks(self, process):
        return super().active_tasks(process)

    active_tasks.short_description = _("Việc đang mở")

    def get_queryset(self):
        visible = selectors.visible_processes(user=self.request.user, flow_class=self.flow_class)
        return super().get_queryset().filter(pk__in=visible.values("pk"))


class ScopedTaskListView(DashboardTaskListView):
    def get_queryset(self):
        visible = selectors.visible_processes(user=self.request.user, flow_class=self.flow_class)
        return super().get_queryset().filter(process_id__in=visible.values("pk"))


class DashboardRedirect(RedirectView):
    """viewflow's dashboard lists every process of a flow; Kehoach shows the scoped list instead."""

    viewset = None
    flow_class = None

    def get_redirect_url(self, *args, **kwargs):
        return self.request.resolver_match.flow_viewset.reverse("process_list")


class ScopedChartView(FlowChartView):
    """The flow's chart for anyone signed in; a process's chart (its state) only for those who may see it."""

    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None and request.user.is_authenticated:
            process = Process.objects.filter(pk=process_pk, flow_class=self.flow_class).first()
            if process is None or not authorization.process_allowed(user=request.user, process=process):
                raise Http404(_("Không tìm thấy quy trình hoặc bạn không có quyền xem."))
        return super().dispatch(request, *args, **kwargs)


class ScopedFlowViewset(FlowViewset):
    process_list_view_class = ScopedProcessListView
    task_list_view_class = ScopedTaskListView
    dashboard_view_class = DashboardRedirect
    chart_view_class = ScopedChartView


class PlanFlowViewset(ScopedFlowViewset):
    @property
    def plan_detail_path(self):
        return path("plan/<int:pk>/", views_pages.PlanDetailView.as_view(), name="plan_detail")

    @property
    def plan_import_path(self):
        return path("import/", views_pages.PlanImportView.as_view(), name="plan_import")

    @property
    def plan_autosave_path(self):
        return path("plan/<int:pk>/autosave/", PlanAutosaveView.as_view(), name="plan_autosave")

    @property
    def plan_roles_path(self):
        return path("plan/<int:pk>/roles/", PlanRolesView.as_view(), name="plan_roles")


#: The rows of a task list show the plan's symbol and title: fetch them in the same query, not one per row.
TASK_LIST_RELATED = (
    "owner",
    "process__planprocess__plan",
    "process__planprocess__drafter",
    "process__planprocess__department",
    "process__receiptprocess__document__issuer",
    "process__receiptprocess__unit",
    "process__unit_report__unit",
    "process__unit_report__obligation",
)


class PlanColumnsMixin:
    """Columns a leader needs in the inbox: due date, drafter, department (Hạn xử lý, Người soạn, Đơn vị)."""

    def _plan(self, task):
        return getattr(task.process, "planprocess", None)

    def due(self, task):
        """Hạn xử lý: the unit report's due date, or the plan's, or ND30's clock (Tiếp nhận, phát hành); overdue in red."""
        from django.utils import timezone

        from workflows.plans.clocks import task_clock

        clock = task_clock(task, urgency=getattr(task, "level", "")) if task.status != "DONE" else None
        due = min((d for d in (getattr(task, "due", None), clock) if d), default=None)
        if due is None:
            return ""
        text = due.strftime("%d/%m/%Y")
        if due < timezone.localdate():
            return mark_safe(f'<span class="kh-due kh-overdue" style="color:#b00020">{text} ({_("Quá hạn")})</span>')
        return mark_safe(f'<span class="kh-due">{text}</span>')

    due.short_description = _("Hạn xử lý")

    def urgency(self, task):
        """Độ khẩn: a badge for Hỏa tốc, Thượng khẩn, Khẩn (the list is ordered by it)."""
        from documents.models import Urgency

        level = getattr(task, "level", "")
        if not level:
            return ""
        return mark_safe(f'<span class="kh-urgency kh-urgency-{level}" style="border:1px solid #b00020;color:#b00020;'
                         f'font-weight:bold;padding:0 4px;text-transform:uppercase">{escape(Urgency(level).label)}</span>')

    urgency.short_description = _("Độ khẩn")

    def received(self, task):
        from django.utils import timezone

        return timezone.localtime(task.created).strftime("%H:%M %d/%m/%Y")

    received.short_description = _("Ngày giao")

    def drafter(self, task):
        plan = self._plan(task)
        return plan.drafter.get_full_name() if plan else ""

    drafter.short_description = _("Người soạn thảo")

    def department(self, task):
        plan = self._plan(task)
        if plan is not None:
            return plan.department.short_name
        receipt = getattr(task.process, "receiptprocess", None)
        return receipt.document.issuer.short_name if receipt else ""

    department.short_description = _("Đơn vị")

    def document(self, task):
        report = getattr(task.process, "unit_report", None)
        if report is not None:
            return f"{report.unit} — {report.obligation.title[:90]}"
        plan = self._plan(task)
        if plan is not None:
            doc = plan.plan
            url = plan.get_absolute_url()
            return mark_safe(f'<a href="{url}">{escape(doc.symbol or _("Dự thảo"))} — {escape(doc.title[:90])}</a>')
        receipt = getattr(task.process, "receiptprocess", None)
        if receipt is not None:
            return f"{receipt.document.symbol} — {receipt.document.title[:90]}"
        return ""

    document.short_description = _("Văn bản")


class QuietPinMixin:
    """viewflow pins the last list visited in the session on every request; write only when it changes.

    Saves the session UPDATE (three statements) on every reload of the inbox.
    """

    def dispatch(self, request, *args, **kwargs):
        path = request.get_full_path()
        if request.session.get("vf-pin-location") == path:
            return super(mixins.StoreRequestPathMixin, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


def by_due_date(queryset):
    """Urgent first, then soonest due (a unit report's due date, else the plan's), undated last."""
    from django.db.models import F
    from django.db.models.functions import Coalesce

    from workflows.plans.clocks import with_urgency

    # urgent documents first (Hỏa tốc, Thượng khẩn, Khẩn), then the soonest due
    return with_urgency(queryset).annotate(
        due=Coalesce("process__unit_report__due_date", "process__planprocess__due_date")).order_by(
        "rank", F("due").asc(nulls_last=True), "created", "pk")


class TaskListFilter(FlowUserTaskListFilter):
    """viewflow's filter without the process drop-down (one option per open process) and with the
    step choices read from the flows themselves instead of a DISTINCT query on every page."""

    process = None

    class Meta(FlowUserTaskListFilter.Meta):
        fields = ("flow_task", "created")

    def __init__(self, *args, **kwargs):
        from django_filters import FilterSet

        FilterSet.__init__(self, *args, **kwargs)
        self.filters["flow_task"].field.choices = human_step_choices()


def human_step_choices() -> list[tuple[str, str]]:
    from viewflow.workflow.fields import get_task_ref


    return [(get_task_ref(node), f"{flow.process_title} / {node.task_title or node.name}")
            for flow in FLOWS for node in flow.instance.nodes()
            if getattr(node, "task_type", "") == "HUMAN"]


class InboxView(QuietPinMixin, PlanColumnsMixin, WorkflowInboxListView):
    """The user's tasks that they may still execute today (``authorization.tasks_inbox``)."""

    filterset_class = TaskListFilter
    columns = ("task_id", "urgency", "flow_task", "document", "department", "drafter", "due", "received")

    @viewprop
    def queryset(self):
        tasks = authorization.tasks_inbox(user=self.request.user, flow_classes=self.flow_classes)
        return by_due_date(tasks.select_related(*TASK_LIST_RELATED))


class QueueView(QuietPinMixin, PlanColumnsMixin, WorkflowQueueListView):
    """What the user may take today (``authorization.tasks_queue``): never a person's step."""

    filterset_class = TaskListFilter
    columns = ("task_id", "urgency", "flow_task", "document", "department", "due", "received")

    @viewprop
    def queryset(self):
        tasks = authorization.tasks_queue(user=self.request.user, flow_classes=self.flow_classes)
        return by_due_date(tasks.select_related(*TASK_LIST_RELATED))


class ArchiveView(QuietPinMixin, PlanColumnsMixin, WorkflowArchiveListView):
    columns = ("task_id", "flow_task", "document", "department", "received", "done_at")

    def done_at(self, task):
        from django.utils import timezone

        return timezone.localtime(task.finished).strftime("%H:%M %d/%m/%Y") if task.finished else ""

    done_at.short_description = _("Hoàn thành lúc")

    @viewprop
    def queryset(self):
        return super().queryset.select_related(*TASK_LIST_RELATED).order_by("-finished", "-pk")


class KehoachWorkflowApp(WorkflowAppViewset):
    """viewflow's inbox, queue and archive over all of Kehoach's flows."""

    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView

    def get_context_data(self, request):
        """The menu's counts: the same lists as the pages (the one rule), not viewflow's guardian-only queue."""
        return {
            "user_inbox": authorization.tasks_inbox(user=request.user, flow_classes=self.flow_classes),
            "user_queue": authorization.tasks_queue(user=request.user, flow_classes=self.flow_classes),
        }
