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
from workflows.flows import ConsolidatedReportFlow, PlanFlow, ReceiptFlow, UnitReportFlow
from workflows.web.viewsets import KehoachWorkflowApp, PlanFlowViewset, ScopedFlowViewset

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
    path("api/", include("workflows.api.urls")),
    path("documents/attachment/<int:pk>/", document_views.attachment_download, name="attachment_download"),
    path("documents/<int:pk>/word/", document_views.document_word, name="document_word"),
    path("documents/<int:pk>/pdf/", document_views.document_pdf, name="document_pdf"),
    path("documents/signature-check/", signature_check, name="signature_check"),
    path("", include("workflows.web.urls")),  # my work, dashboards, figures, notifications (workflows/web/urls.py)
    path("accounts/two-factor/", TwoFactorView.as_view(), name="two_factor"),
    # viewflow's scripts translate through window.gettext when a URL has this name (locale/vi/.../djangojs.po)
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("accounts/", AuthViewset(with_profile_view=False).urls),
    path("", site.urls),
]

handler403 = "workflows.flows.views.forbidden"
handler500 = "ops.views.server_error"
