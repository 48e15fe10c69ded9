"""Documents (văn bản) and their number registers (sổ đăng ký văn bản đi).

A document is drafted in versions; on issue it takes the next number of its
register, and its content is frozen as a snapshot with a SHA-256
fingerprint. A correction is a new document that cites the old one.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    """Type codes of ND30 (tên loại văn bản). A letter (công văn) has no type code in its symbol."""

    PLAN = "KH", _("Kế hoạch")
    SUBMISSION = "TTr", _("Tờ trình")
    REPORT = "BC", _("Báo cáo")
    DECISION = "QĐ", _("Quyết định")
    NOTICE = "TB", _("Thông báo")
    GUIDANCE = "HD", _("Hướng dẫn")
    DIRECTIVE = "CT", _("Chỉ thị")
    RESOLUTION = "NQ", _("Nghị quyết")
    INVITATION = "GM", _("Giấy mời")
    PROGRAM = "CTr", _("Chương trình")
    LETTER = "CV", _("Công văn")


#: The type name printed under the header (tên loại), upper case.
DOC_TYPE_TITLES = {
    DocType.PLAN: "KẾ HOẠCH",
    DocType.SUBMISSION: "TỜ TRÌNH",
    DocType.REPORT: "BÁO CÁO",
    DocType.DECISION: "QUYẾT ĐỊNH",
    DocType.NOTICE: "THÔNG BÁO",
    DocType.GUIDANCE: "HƯỚNG DẪN",
    DocType.DIRECTIVE: "CHỈ THỊ",
    DocType.RESOLUTION: "NGHỊ QUYẾT",
    DocType.INVITATION: "GIẤY MỜI",
    DocType.PROGRAM: "CHƯƠNG TRÌNH",
    DocType.LETTER: "",
}


class RegisterKind(models.TextChoices):
    OUTGOING = "outgoing", _("Sổ văn bản đi")
    INCOMING = "incoming", _("Sổ văn bản đến")


class Register(models.Model):
    """A number register of a unit: sổ văn bản đi (issuing) or sổ văn bản đến (receiving).

    An outgoing register serves one document type, or every type when ``doc_type``
    is blank; an incoming register serves every document the unit receives.
    Numbers run from 1 each calendar year, without gap or duplicate.
    """

    unit = models.ForeignKey("orgchart.Unit", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT,
                             related_name="registers")
    kind = models.CharField(_("loại sổ"), max_length=10, choices=RegisterKind.choices, default=RegisterKind.OUTGOING)
    name = models.CharField(_("tên sổ"), max_length=120)
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocType.choices, blank=True)

    class Meta:
        verbose_name = _("sổ văn bản")
        verbose_name_plural = _("sổ văn bản")
        ordering = ["unit", "kind", "doc_type"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "doc_type"], name="register_unique_per_unit_kind_type")]

    def __str__(self):
        return f"{self.name} — {self.unit}"


class RegisterCounter(models.Model):
    """The last number taken in a register in a year; the row that issuing locks."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="counters", verbose_name=_("sổ"))
    year = models.PositiveIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số")
        verbose_name_plural = _("bộ đếm số")
        constraints = [models.UniqueConstraint(fields=["register", "year"], name="counter_unique_per_year")]

    def __str__(self):
        return f"{self.register} {self.year}: {self.last_number}"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class Urgency(models.TextChoices):
    """Độ khẩn (ND30, Phụ lục I): printed under the số, ký hiệu; an urgent document comes first in every inbox.

    ``thường`` (normal) prints nothing."""

    NORMAL = "", _("Thường")
    URGENT = "khan", _("Khẩn")
    VERY_URGENT = "thuong_khan", _("Thượng khẩn")
    FLASH = "hoa_toc", _("Hỏa tốc")


#: What the dấu chỉ mức độ khẩn says, in capitals, as printed and as read back by the Word import.
URGENCY_MARKS = {Urgency.URGENT: "KHẨN", Urgency.VERY_URGENT: "THƯỢNG KHẨN", Urgency.FLASH: "HỎA TỐC"}
#: The level a printed mark names (the Word import reads the mark).
URGENCY_BY_MARK = {mark: level for level, mark in URGENCY_MARKS.items()}
#: Inbox order: Hỏa tốc first, then Thượng khẩn, Khẩn, thường.
URGENCY_RANK = {Urgency.FLASH: 0, Urgency.VERY_URGENT: 1, Urgency.URGENT: 2, Urgency.NORMAL: 3}
#: Levels that must be dealt with at once (ND30: Hỏa tốc and Thượng khẩn are registered and presented at once).
URGENCY_AT_ONCE = (Urgency.FLASH, Urgency.VERY_URGENT)


class DocumentQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=DocumentStatus.ISSUED)

    def drafts(self):
        return self.filter(status=DocumentStatus.DRAFT)


class Document(models.Model):
    """One administrative document: a plan, a submission, a report…

    ``content`` is the structured body (schema in ``documents.content``):
    legal bases, sections, annexes, recipients, signer block.
    """

    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocType.choices)
    issuer = models.ForeignKey("orgchart.Unit", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT,
                               related_name="documents")
    drafting_unit = models.ForeignKey(
        "orgchart.Unit",
        verbose_name=_("đơn vị soạn thảo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafted_documents",
    )
    register = models.ForeignKey(Register, verbose_name=_("sổ văn bản"), on_delete=models.PROTECT, null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    year = models.PositiveIntegerField(_("năm"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, db_index=True)
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    urgency = models.CharField(_("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL, blank=True)
    content = models.JSONField(_("nội dung"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated = models.DateTimeField(_("cập nhật"), auto_now=True)

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cấp số"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+"
    )
    issued_at = models.DateTimeField(_("thời điểm phát hành"), null=True, blank=True)
    snapshot = models.JSONField(_("bản chốt khi ban hành"), null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(_("dấu SHA-256"), max_length=64, blank=True, editable=False)

    cites = models.ForeignKey(
        "self",
        verbose_name=_("văn bản được dẫn chiếu / đính chính"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("văn bản cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Kế hoạch cấp trên mà văn bản này triển khai."),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "number"],
                condition=Q(number__isnull=False),
                name="document_number_unique_per_register_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(number__isnull=False) & Q(issued_on__isnull=False)),
                name="document_issued_has_number_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["issuer", "doc_type", "status"]),
            # the search box: a bare number ("15") finds the documents numbered 15 in every register and year
            models.Index(fields=["number"], name="document_number_search"),
        ]
        permissions = [("receive_integrity_alerts", _("Nhận cảnh báo sai lệch dấu SHA-256 của văn bản đã ban hành"))]

    def __str__(self):
        return f"{self.symbol or _('Dự thảo')} — {self.title[:80]}"

    def get_absolute_url(self):
        return reverse("documents:document:detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED

    @property
    def type_title(self) -> str:
        return DOC_TYPE_TITLES.get(self.doc_type, "")


class DocumentVersion(models.Model):
    """A saved draft of a document, kept for history and diffs."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("văn bản"))
    number = models.PositiveIntegerField(_("phiên bản"))
    title = models.TextField(_("trích yếu"))
    content = models.JSONField(_("nội dung"), default=dict)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               verbose_name=_("người lưu"))
    comment = models.TextField(_("ghi chú"), blank=True)
    created = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="version_unique_per_document")]

    def __str__(self):
        return f"{self.document_id} v{self.number}"


class Attachment(models.Model):
    """A file attached to a document (tài liệu kèm theo): a draft's annex, a unit's evidence."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("văn bản"))
    file = models.FileField(_("tệp"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("người tải lên"))
    uploaded = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    sha256 = models.CharField(_("dấu SHA-256 của tệp"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["document", "uploaded"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self._state.adding and self.file and not self.sha256:
            # the fingerprint of the bytes as uploaded; downloads of an issued document compare with it
            digest = hashlib.sha256()
            for chunk in self.file.chunks():
                digest.update(chunk)
            self.file.seek(0)
            self.sha256 = digest.hexdigest()
        super().save(*args, **kwargs)


class RenditionSealed(Exception):
    """A rendition of an issued document was about to be rewritten or deleted."""


class Rendition(models.Model):
    """A rendered file of one version of a document (bản PDF), built by a worker.

    ``sha256`` is the fingerprint of the file's bytes, taken when they are
    written. A rendition built from an issued document (``issued``) is sealed
    once it has its file: it is never rewritten nor deleted (see
    ``documents.integrity``), and every download compares its bytes with
    ``sha256``.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("văn bản"))
    version = models.PositiveIntegerField(_("phiên bản"))
    kind = models.CharField(_("định dạng"), max_length=16, default="pdf")
    file = models.FileField(_("tệp"), upload_to="renditions/%Y/", blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    issued = models.BooleanField(_("bản của văn bản đã ban hành"), default=False, editable=False)
    sha256 = models.CharField(_("dấu SHA-256 của tệp"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("bản kết xuất")
        verbose_name_plural = _("bản kết xuất")
        constraints = [models.UniqueConstraint(fields=["document", "version", "kind"], name="one_rendition_per_version")]

    def __str__(self):
        return f"{self.document_id} v{self.version} {self.kind}"

    def save(self, *args, **kwargs):
        # The guard of last resort; services never try this, the admin cannot.
        if self.pk is not None and Rendition.objects.filter(pk=self.pk, issued=True).exclude(sha256="").exists():
            raise RenditionSealed(_("Bản kết xuất của văn bản đã ban hành không thể thay thế."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and Rendition.objects.filter(pk=self.pk, issued=True).exclude(sha256="").exists():
            raise RenditionSealed(_("Bản kết xuất của văn bản đã ban hành không thể xóa."))
        return super().delete(*args, **kwargs)

    @property
    def is_sealed(self) -> bool:
        return self.issued and bool(self.sha256)


class IndicatorTable(models.Model):
    """A plan's table of indicators (Bảng tổng hợp), with its period columns."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="indicator_tables", verbose_name=_("văn bản"))
    title = models.CharField(_("tên bảng"), max_length=500, blank=True)
    periods = models.JSONField(_("các kỳ số liệu"), default=list)

    class Meta:
        verbose_name = _("bảng chỉ tiêu")
        verbose_name_plural = _("bảng chỉ tiêu")

    def __str__(self):
        return self.title or f"Bảng chỉ tiêu {self.pk}"


class IndicatorKind(models.TextChoices):
    """What a row of an indicator table holds, and so how it is entered and consolidated (``documents.indicators``)."""

    COUNT = "count", _("Số lượng")  # entered, summed
    RATIO = "ratio", _("Tỷ lệ (tính từ hai chỉ tiêu)")  # computed from two count rows, never typed
    PERCENT = "percent", _("Tỷ lệ nhập trực tiếp")  # typed as such, never summed
    CODED = "coded", _("Mã hóa")  # an answer coded as a number (Có = 1; Không = 0)
    TEXT = "text", _("Văn bản")
    GROUP = "group", _("Nhóm")  # a heading over its sub-rows


class Indicator(models.Model):
    """One row of an indicator table: count, ratio of two rows, typed percent, coded answer, text or heading."""

    table = models.ForeignKey(IndicatorTable, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("bảng"))
    position = models.PositiveIntegerField(_("thứ tự"))
    stt = models.CharField(_("số thứ tự"), max_length=40)
    label = models.TextField(_("chỉ tiêu"))
    unit = models.CharField(_("đơn vị tính"), max_length=255, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=IndicatorKind.choices)
    codes = models.JSONField(_("mã trả lời"), default=dict, blank=True)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    numerator = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    denominator = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["table", "position"]
        constraints = [models.UniqueConstraint(fields=["table", "stt"], name="indicator_unique_stt")]

    def __str__(self):
        return f"{self.stt}. {self.label[:60]}"


from .signing.models import SignatureStage, SignedPdf, SigningKey  # noqa: E402,F401  (registered in this app)
