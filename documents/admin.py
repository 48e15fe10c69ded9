from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Attachment, Document, DocumentVersion, Register, RegisterCounter, Rendition


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "doc_type"]
    list_filter = ["kind", "doc_type"]
    search_fields = ["name", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]


@admin.register(RegisterCounter)
class RegisterCounterAdmin(admin.ModelAdmin):
    list_display = ["register", "year", "last_number"]
    list_filter = ["year"]
    search_fields = ["register__name", "register__unit__name"]

    def has_change_permission(self, request, obj=None):
        return False  # numbers are only taken by issuing a document

    def has_add_permission(self, request):
        return False


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "title", "author", "comment", "created"]
    readonly_fields = fields
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "doc_type", "issuer", "issued_on", "status"]
    list_filter = ["doc_type", "status", "year"]
    search_fields = ["symbol", "title", "issuer__name"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuer", "drafting_unit", "cites", "parent"]
    readonly_fields = ["register", "number", "year", "symbol", "issued_by", "issued_at", "snapshot_sha256", "version"]
    inlines = [VersionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_issued:
            # Issued means frozen (ND30): every field is read-only.
            return [f.name for f in self.model._meta.fields]
        return self.readonly_fields

    @admin.display(description=_("trạng thái"))
    def state(self, obj):
        return obj.get_status_display()


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "document", "size", "uploaded_by", "uploaded"]
    search_fields = ["name", "document__symbol", "document__title"]
    raw_id_fields = ["document", "uploaded_by"]


@admin.register(Rendition)
class RenditionAdmin(admin.ModelAdmin):
    list_display = ["document", "version", "kind", "created", "error"]
    list_filter = ["kind"]
    search_fields = ["document__symbol", "document__title"]
    raw_id_fields = ["document"]
