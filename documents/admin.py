from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Attachment, Document, DocumentVersion, Register, RegisterCounter, Rendition


class ReadOnlyAdmin:
    """An admin that shows and never writes: what a download serves (renditions, signed PDFs) or a chain of
    records (the audit log) is written by the services alone, with its fingerprint."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_issued  # an issued document and its sealed files stay

    @admin.display(description=_("trạng thái"))
    def state(self, obj):
        return obj.get_status_display()


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "document", "size", "uploaded_by", "uploaded"]
    search_fields = ["name", "document__symbol", "document__title"]
    raw_id_fields = ["document", "uploaded_by"]
    readonly_fields = ["sha256"]

    # an issued document's files are frozen with it (their SHA-256 is checked at every download)
    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.document.is_issued

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.document.is_issued


@admin.register(Rendition)
class RenditionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Renditions are built by the worker (documents.rendering); one of an issued document is sealed."""

    list_display = ["document", "version", "kind", "issued", "created", "error"]
    list_filter = ["kind", "issued"]
    search_fields = ["document__symbol", "document__title"]
    raw_id_fields = ["document"]
    readonly_fields = ["document", "version", "kind", "file", "issued", "sha256", "created"]



from .signing.models import SignedPdf, SigningKey  # noqa: E402


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    """Which key a holding (a person in a position) or an agency signs with; the PIN is never stored here."""

    list_display = ("__str__", "kind", "pkcs12_file", "token_label", "key_label")
    list_filter = ("kind",)
    raw_id_fields = ("holding", "unit")


@admin.register(SignedPdf)
class SignedPdfAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only like the renditions: a signed PDF is what a download of an issued document serves."""

    list_display = ("document", "stage", "signer_name", "signed_at", "sha256")
    list_filter = ("stage",)
    readonly_fields = [f.name for f in SignedPdf._meta.fields]

