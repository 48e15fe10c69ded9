"""The lists behind the dashboards' numbers (``workflows.reports.drilldown``): ``?show=<drill>``.

Of one plan (``dashboard/plan/<pk>/list/``): only a plan the viewer may open, else 404, as its dashboard; across
plans (``dashboard/list/``): the task drills over every plan the viewer may open, as the across-plans dashboard.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from workflows import selectors
from workflows.authorization import PLAN_NOT_FOUND
from workflows.plans import cycles
from workflows.reports import drilldown

PER_PAGE = 100


class DrillListView(LoginRequiredMixin, generic.TemplateView):
    template_name = "workflows/dashboard_list.html"

    def get(self, request, *args, **kwargs):
        if "pk" not in kwargs and not request.GET.get("show"):
            return redirect("dashboard")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        drill = drilldown.drill(self.request.GET.get("show") or "all")  # a plan's list, nothing chosen: all its reports
        if drill is None or (drill.per_plan and "pk" not in kwargs):
            raise Http404(_("Không có danh sách này."))
        day = drilldown.parse_day(self.request.GET.get("day", "")) if drill.needs_day else None
        if drill.needs_day and day is None:
            raise Http404(_("Ngày không hợp lệ."))
        today = timezone.localdate()
        plans = selectors.plan_processes_visible_to(user=self.request.user)
        process = None
        if "pk" in kwargs:
            process = plans.select_related("plan").filter(pk=kwargs["pk"]).first()
            if process is None:
                raise Http404(PLAN_NOT_FOUND)
            plans = plans.filter(pk=process.pk)
        # the dashboard's links name the cycle they counted; without one, every report of the plan
        cycle = (cycles.cycle_chosen(process=process, value=self.request.GET["cycle"], today=today)
                 if process is not None and self.request.GET.get("cycle") else None)
        rows = drilldown.rows(drill=drill, process=process, plans=plans, today=today, day=day, cycle=cycle)
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("page") or 1)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(drill=drill, process=process, cycle=cycle, day=day, today=today, page=page, rows=page.object_list,
                       count=page.paginator.count, query=query.urlencode())
        return context
