from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import Application, Site

from documents import views as document_views
from documents.signing.views import signature_check
from documents.viewsets import DocumentViewset
from ops.views import healthz
from orgchart.views import TwoFactorView
from workflows import views_figures, views_pages
from workflows.flows import ConsolidatedReportFlow, PlanFlow, ReceiptFlow, UnitReportFlow
from workflows.views_pages import NotificationsView
from workflows.viewsets import KehoachWorkflowApp, PlanFlowViewset, ScopedFlowViewset

site = Site(
    title=_("Kehoach"),
    viewsets=[
        KehoachWorkflowApp(
            title=_("Công việc"),
            icon="assignment",
            flow_viewsets=[
                PlanFlowViewset(PlanFlow, icon="description"),
                ScopedFlowViewset(ConsolidatedReportFlow, icon="summarize"),
                ScopedFlowViewset(ReceiptFlow, icon="move_to_inbox"),
                ScopedFlowViewset(UnitReportFlow, icon="assignment_turned_in"),
            ],
        ),
        Application(
            title=_("Văn bản"),
            icon="folder_open",
            app_name="documents",
            viewsets=[DocumentViewset()],
        ),
    ],
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("workflows.urls_api")),
    path("documents/attachment/<int:pk>/", document_views.attachment_download, name="attachment_download"),
    path("documents/<int:pk>/word/", document_views.document_word, name="document_word"),
    path("documents/<int:pk>/pdf/", document_views.document_pdf, name="document_pdf"),
    path("documents/signature-check/", signature_check, name="signature_check"),
    path("notifications/", NotificationsView.as_view(), name="notifications"),
    path("dashboard/", views_pages.DashboardView.as_view(), name="dashboard"),
    path("dashboard/plan/<int:pk>/", views_pages.DashboardView.as_view(), name="dashboard_plan"),
    path("dashboard/plan/<int:pk>/xlsx/", views_pages.dashboard_xlsx, name="dashboard_xlsx"),
    path("dashboard/plan/<int:pk>/consolidated/", views_figures.ConsolidatedView.as_view(), name="consolidated"),
    path("dashboard/plan/<int:pk>/consolidated/xlsx/", views_figures.consolidated_xlsx, name="consolidated_xlsx"),
    path("dashboard/plan/<int:pk>/consolidated/report/", views_figures.consolidated_report_start,
         name="consolidated_report_start"),
    path("reports/<int:pk>/figures.xlsx", views_figures.report_figures_xlsx, name="report_figures_xlsx"),
    path("reports/<int:pk>/figures/upload/", views_figures.report_figures_upload, name="report_figures_upload"),
    path("dashboard/unit/<int:pk>/", views_pages.UnitDashboardView.as_view(), name="dashboard_unit"),
    path("accounts/two-factor/", TwoFactorView.as_view(), name="two_factor"),
    # viewflow's scripts translate through window.gettext when a URL has this name (locale/vi/.../djangojs.po)
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("accounts/", AuthViewset(with_profile_view=False).urls),
    path("", views_pages.MyWorkView.as_view(), name="my_work"),
    path("", site.urls),
]

handler403 = "workflows.views.forbidden"
handler500 = "ops.views.server_error"
