"""The pages that are not a step of a flow (the flows' own pages come from viewflow's site in ``config/urls.py``)."""

from django.urls import path

from workflows.web import drilldown, extensions, figures, pages

urlpatterns = [
    path("notifications/", pages.NotificationsView.as_view(), name="notifications"),
    path("notifications/discipline/<int:pk>/", pages.discipline_list, name="discipline_list"),
    path("dashboard/", pages.DashboardView.as_view(), name="dashboard"),
    path("dashboard/plan/<int:pk>/", pages.DashboardView.as_view(), name="dashboard_plan"),
    path("dashboard/list/", drilldown.DrillListView.as_view(), name="dashboard_list"),
    path("dashboard/plan/<int:pk>/list/", drilldown.DrillListView.as_view(), name="dashboard_plan_list"),
    path("dashboard/plan/<int:pk>/xlsx/", pages.dashboard_xlsx, name="dashboard_xlsx"),
    path("dashboard/plan/<int:pk>/urge/", pages.dashboard_urge, name="dashboard_urge"),
    path("dashboard/plan/<int:pk>/escalation/", pages.dashboard_escalation, name="dashboard_escalation"),
    path("dashboard/plan/<int:pk>/consolidated/", figures.ConsolidatedView.as_view(), name="consolidated"),
    path("dashboard/plan/<int:pk>/consolidated/xlsx/", figures.consolidated_xlsx, name="consolidated_xlsx"),
    path("dashboard/plan/<int:pk>/consolidated/report/", figures.consolidated_report_start,
         name="consolidated_report_start"),
    path("reports/<int:pk>/figures.xlsx", figures.report_figures_xlsx, name="report_figures_xlsx"),
    path("reports/<int:pk>/figures/upload/", figures.report_figures_upload, name="report_figures_upload"),
    path("reports/<int:pk>/extension/", extensions.extension_request, name="extension_request"),
    path("extensions/<int:pk>/", extensions.extension_decide, name="extension_decide"),
    path("dashboard/unit/<int:pk>/", pages.UnitDashboardView.as_view(), name="dashboard_unit"),
    path("", pages.MyWorkView.as_view(), name="my_work"),
]
