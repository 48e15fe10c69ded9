from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import Application, Site

from documents.views import attachment_download
from documents.viewsets import DocumentViewset
from workflows.flows import PlanFlow, ReceiptFlow
from workflows.viewsets import KehoachWorkflowApp, PlanFlowViewset, ScopedFlowViewset

site = Site(
    title=_("Kehoach"),
    viewsets=[
        KehoachWorkflowApp(
            title=_("Công việc"),
            icon="assignment",
            flow_viewsets=[
                PlanFlowViewset(PlanFlow, icon="description"),
                ScopedFlowViewset(ReceiptFlow, icon="move_to_inbox"),
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
    path("admin/", admin.site.urls),
    path("api/", include("workflows.urls_api")),
    path("documents/attachment/<int:pk>/", attachment_download, name="attachment_download"),
    path("accounts/", AuthViewset(with_profile_view=False).urls),
    path("", site.urls),
]

handler403 = "workflows.views.forbidden"
