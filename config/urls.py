from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import Application, Site

from documents.viewsets import DocumentViewset

site = Site(
    title=_("Kehoach"),
    viewsets=[
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
    path("accounts/", AuthViewset(with_profile_view=False).urls),
    path("", site.urls),
]
