"""Documents in viewflow's Material frontend: the user sees only what their units may see."""

from django.utils.translation import gettext_lazy as _
from django.urls import reverse
from viewflow.urls import ReadonlyModelViewset
from viewflow.views.base import Action

from . import selectors
from .models import Document


class DocumentViewset(ReadonlyModelViewset):
    model = Document
    title = _("Văn bản")
    icon = "description"
    list_columns = ("symbol", "title", "doc_type", "issuer", "issued_on", "status")
    list_filter_fields = ("doc_type", "status")
    list_search_fields = ("symbol", "title")

    def get_queryset(self, request):
        return selectors.documents_visible_to(user=request.user).select_related("issuer")

    def has_view_permission(self, user, obj=None):
        if not user.is_authenticated:
            return False
        if obj is None:
            return True
        return selectors.document_visible_to(user=user, document=obj)  # the same rule as the downloads

    def get_detail_page_actions(self, request, obj, *actions):
        """Tải bản Word / PDF on every document page."""
        downloads = (
            Action(name=_("Tải Word"), url=reverse("document_word", args=[obj.pk]), icon="description"),
            Action(name=_("Tải PDF"), url=reverse("document_pdf", args=[obj.pk]), icon="picture_as_pdf"),
        )
        return super().get_detail_page_actions(request, obj, *downloads, *actions)
