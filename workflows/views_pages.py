"""Pages outside the task screens: the plan page (history, diff, who has acknowledged)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views import generic

from . import selectors


class PlanDetailView(LoginRequiredMixin, generic.TemplateView):
    template_name = "workflows/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = selectors.plan_processes_visible_to(user=self.request.user).select_related(
            "plan", "submission", "department", "division", "province", "field", "drafter").filter(pk=kwargs["pk"]).first()
        if process is None:
            raise Http404("Không tìm thấy kế hoạch hoặc bạn không có quyền xem.")
        context.update(selectors.plan_context(process=process))
        context["process"] = process
        return context
