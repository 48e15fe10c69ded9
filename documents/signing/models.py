"""Signing keys (per holding, per agency) and the signed PDFs of documents.

Declared here and imported by ``documents.models`` so that Django registers them in the ``documents`` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class KeyKind(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp khóa PKCS#12 (khóa mềm)")
    PKCS11 = "pkcs11", _("Thiết bị ký số PKCS#11 (USB token)")
    REMOTE = "remote", _("Dịch vụ ký số từ xa")


class SigningKey(models.Model):
    """Which key a person (for one holding) or an agency (its seal) signs with.

    The PIN is never stored: it is asked at signing. A PKCS#12 file is named relative to
    ``KEHOACH_SIGNING_DIR``; a token by its PKCS#11 module, slot or token label and key label.
    """

    holding = models.OneToOneField("orgchart.Holding", verbose_name=_("bổ nhiệm (người ký)"), on_delete=models.CASCADE,
                                   null=True, blank=True, related_name="signing_key")
    unit = models.OneToOneField("orgchart.Unit", verbose_name=_("cơ quan (chữ ký số cơ quan)"), on_delete=models.CASCADE,
                                null=True, blank=True, related_name="signing_key")
    kind = models.CharField(_("loại khóa"), max_length=10, choices=KeyKind.choices, default=KeyKind.PKCS12)
    pkcs12_file = models.CharField(_("tệp PKCS#12"), max_length=255, blank=True,
                                   help_text=_("Đường dẫn trong thư mục khóa ký số (KEHOACH_SIGNING_DIR)."))
    pkcs11_module = models.CharField(_("thư viện PKCS#11"), max_length=255, blank=True,
                                     help_text=_("Ví dụ /usr/lib/softhsm/libsofthsm2.so hoặc thư viện của USB token."))
    token_slot = models.PositiveIntegerField(_("khe (slot)"), null=True, blank=True)
    token_label = models.CharField(_("nhãn token"), max_length=64, blank=True)
    key_label = models.CharField(_("nhãn khóa"), max_length=64, blank=True)
    image = models.CharField(_("hình ảnh chữ ký / con dấu (PNG)"), max_length=255, blank=True,
                             help_text=_("PNG nền trong suốt, trong thư mục khóa ký số."))

    class Meta:
        verbose_name = _("khóa ký số")
        verbose_name_plural = _("khóa ký số")
        constraints = [models.CheckConstraint(
            condition=(Q(holding__isnull=False) & Q(unit__isnull=True)) | (Q(holding__isnull=True) & Q(unit__isnull=False)),
            name="signing_key_for_holding_or_unit")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.holding or self.unit}"


class SignatureStage(models.TextChoices):
    PERSON = "person", _("Chữ ký số của người có thẩm quyền")
    AGENCY = "agency", _("Chữ ký số của cơ quan")


class SignedPdf(models.Model):
    """One signed state of a document's PDF: after the person signed, then after the agency signed."""

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="signed_pdfs",
                                 verbose_name=_("văn bản"))
    stage = models.CharField(_("chữ ký"), max_length=8, choices=SignatureStage.choices)
    version = models.PositiveIntegerField(_("phiên bản đã duyệt"))
    content_sha256 = models.CharField(_("dấu nội dung đã duyệt"), max_length=64)
    file = models.FileField(_("tệp PDF đã ký"), upload_to="signed/%Y/")
    sha256 = models.CharField(_("SHA-256 của tệp"), max_length=64)
    signer_name = models.CharField(_("người / cơ quan ký"), max_length=255)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("người thực hiện"))
    signed_at = models.DateTimeField(_("thời điểm ký"))

    class Meta:
        verbose_name = _("bản PDF đã ký số")
        verbose_name_plural = _("bản PDF đã ký số")
        constraints = [models.UniqueConstraint(fields=["document", "stage"], name="one_signed_pdf_per_stage")]

    def __str__(self):
        return f"{self.document} — {self.get_stage_display()}"
