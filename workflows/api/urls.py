from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from workflows.api import views as api

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves Swagger UI's start-up script as a file: no inline script (CSP)
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("plans/", api.PlanList.as_view(), name="api-plans"),
    path("plans/<int:pk>/", api.PlanDetail.as_view(), name="api-plan"),
    path("tasks/", api.TaskList.as_view(), name="api-tasks"),
    path("tasks/<int:pk>/<str:action>/", api.task_action, name="api-task-action"),
    path("reports/<int:pk>/", api.report_detail, name="api-report"),
    path("reports/<int:pk>/figures/", api.report_figures, name="api-report-figures"),
    path("reports/<int:pk>/extensions/", api.report_extensions, name="api-report-extensions"),
    path("extensions/<int:pk>/decide/", api.extension_decide, name="api-extension-decide"),
    path("plans/<int:pk>/consolidated/", api.plan_consolidated, name="api-plan-consolidated"),
]
