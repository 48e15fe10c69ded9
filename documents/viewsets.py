"""Documents in viewflow's Material frontend: the user sees only what their units may see."""

from django.contrib.auth.decorators import login_required
from django.db.models import IntegerField, Value
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.urls import ReadonlyModelViewset
from viewflow.views import DetailModelView
from viewflow.views.base import Action
from viewflow.views.filters import FilterableViewMixin
from viewflow.views.list import (
    BaseListModelView,
    BulkActionsMixin,
    OrderableListViewMixin,
)
from viewflow.views.search import SearchableViewMixin

from . import selectors
from .models import Document
from .search import document_search


class DocumentSearchMixin(SearchableViewMixin):
    """The list's search box: number/symbol, or words of the trích yếu with or without diacritics (search.py)."""

    def get_queryset(self):
        queryset = super(SearchableViewMixin, self).get_queryset()  # everything but viewflow's icontains search
        term = self.get_search_term()
        return document_search(queryset=queryset, term=term) if term else queryset


@method_decorator(login_required, name="dispatch")
class DocumentListView(BulkActionsMixin, FilterableViewMixin, OrderableListViewMixin, DocumentSearchMixin,
                       BaseListModelView):
    pass


def _icon(name: str):
    """viewflow's card menu prints ``icon`` as it is: give it the Material icon element, not its bare name."""
    return format_html('<i class="material-icons">{}</i>', name)


class DocumentDetailView(DetailModelView):
    """The document as it reads (the issued text once issued) beside its facts."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["document_content"] = (document.snapshot if document.is_issued and document.snapshot
                                       else document.content) or {}
        return context


class DocumentViewset(ReadonlyModelViewset):
    model = Document
    title = _("Văn bản")
    icon = "description"
    # "title" would be this viewset's own title ("Văn bản"): the trích yếu is the ``summary`` column;
    # the first column links to the document, so a draft (no number yet) reads "Dự thảo".
    list_columns = ("number", "summary", "doc_type", "issuer", "issued_on", "status")
    list_filter_fields = ("doc_type", "status")
    detail_view_class = DocumentDetailView
    list_search_fields = ("symbol", "title")  # shows the search box; DocumentSearchMixin does the search
    list_view_class = DocumentListView

    def number(self, obj):
        return obj.symbol or _("Dự thảo")

    number.short_description = _("Số, ký hiệu")

    def summary(self, obj):
        return obj.title

    summary.short_description = _("Trích yếu")

    def get_queryset(self, request):
        # Each row remembers whom the rule let it through for: the list links every row without asking again
        visible = selectors.documents_visible_to(user=request.user).select_related("issuer")
        return visible.annotate(_visible_to=Value(request.user.pk, output_field=IntegerField()))

    def has_view_permission(self, user, obj=None):
        if not user.is_authenticated:
            return False
        if obj is None:
            return True
        if getattr(obj, "_visible_to", None) == user.pk:
            return True  # read through documents_visible_to(user=user) in this request (get_queryset)
        return selectors.document_visible_to(user=user, document=obj)  # the same rule as the downloads

    def get_detail_page_actions(self, request, obj, *actions):
        """Tải bản Word / PDF on every document page."""
        downloads = (
            Action(name=_("Tải Word"), url=reverse("document_word", args=[obj.pk]), icon=_icon("description")),
            Action(name=_("Tải PDF"), url=reverse("document_pdf", args=[obj.pk]), icon=_icon("picture_as_pdf")),
        )
        return super().get_detail_page_actions(request, obj, *downloads, *actions)
