"""Kehoach's flows in viewflow's Material frontend, with lists scoped to the user's units."""

from __future__ import annotations

from django.urls import path
from django.views.generic import RedirectView
from viewflow.utils import viewprop
from viewflow.workflow.flow import FlowViewset, WorkflowAppViewset
from viewflow.workflow.flow.views import DashboardProcessListView, DashboardTaskListView
from viewflow.workflow.flow.views.list import WorkflowArchiveListView, WorkflowInboxListView, WorkflowQueueListView

from . import selectors, views_pages


class ScopedProcessListView(DashboardProcessListView):
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


class ScopedFlowViewset(FlowViewset):
    process_list_view_class = ScopedProcessListView
    task_list_view_class = ScopedTaskListView
    dashboard_view_class = DashboardRedirect


class PlanFlowViewset(ScopedFlowViewset):
    @property
    def plan_detail_path(self):
        return path("plan/<int:pk>/", views_pages.PlanDetailView.as_view(), name="plan_detail")


#: The rows of a task list show the plan's symbol and title: fetch them in the same query, not one per row.
TASK_LIST_RELATED = (
    "owner",
    "process__planprocess__plan",
    "process__receiptprocess__document",
    "process__receiptprocess__unit",
)


class InboxView(WorkflowInboxListView):
    @viewprop
    def queryset(self):
        return super().queryset.select_related(*TASK_LIST_RELATED).order_by("created", "pk")


class QueueView(WorkflowQueueListView):
    @viewprop
    def queryset(self):
        return super().queryset.select_related(*TASK_LIST_RELATED).order_by("created", "pk")


class ArchiveView(WorkflowArchiveListView):
    @viewprop
    def queryset(self):
        return super().queryset.select_related(*TASK_LIST_RELATED).order_by("-finished", "-pk")


class KehoachWorkflowApp(WorkflowAppViewset):
    """viewflow's inbox, queue and archive over all of Kehoach's flows."""

    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView
