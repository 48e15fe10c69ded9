"""Process data of Kehoach's flows, on top of viewflow's Process and Task."""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from workflows.models.notifications import validate_escalation


class Decision(models.TextChoices):
    APPROVE = "approve", _("Đồng ý, chuyển bước tiếp")
    RETURN = "return", _("Trả lại người soạn thảo")
    RETURN_PREVIOUS = "return_previous", _("Trả lại bước trước")


class PlanProcess(Process):
    """One plan (Kế hoạch) and its submission (Tờ trình), from drafting to dissemination."""

    plan = models.OneToOneField("documents.Document", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="plan_process")
    submission = models.OneToOneField(
        "documents.Document", verbose_name=_("tờ trình"), on_delete=models.PROTECT, related_name="submission_process"
    )
    province = models.ForeignKey("orgchart.Unit", verbose_name=_("UBND ban hành"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("orgchart.Unit", verbose_name=_("sở trình"), on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey("orgchart.Unit", verbose_name=_("phòng soạn thảo"), on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("orgchart.Unit", verbose_name=_("Văn phòng UBND"), on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey("orgchart.Field", verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, null=True, blank=True)
    collective = models.BooleanField(_("trình tập thể UBND"), default=False)
    drafter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người soạn thảo"), on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    last_decision = models.CharField(_("ý kiến gần nhất"), max_length=20, choices=Decision.choices, blank=True)
    returned_from = models.CharField(_("bước trả lại"), max_length=40, blank=True)
    consolidates = models.ForeignKey(
        "self", verbose_name=_("tổng hợp kết quả kế hoạch"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="consolidated_reports",
        help_text=_("Báo cáo tổng hợp: kế hoạch mà báo cáo này tổng hợp kết quả thực hiện."))
    consolidates_cycle = models.ForeignKey(
        "workflows.ReportCycle", verbose_name=_("kỳ báo cáo được tổng hợp"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="consolidated_reports",
        help_text=_("Báo cáo tổng hợp của một kỳ báo cáo định kỳ; để trống: nhiệm vụ báo cáo một lần."))
    default_cycle = models.CharField(
        _("chu kỳ báo cáo mặc định"), max_length=10, default="half_year",
        choices=[("month", _("Hằng tháng")), ("quarter", _("Hằng quý")), ("half_year", _("6 tháng")), ("year", _("Hằng năm"))],
        help_text=_("Chu kỳ của nhiệm vụ \"Thường xuyên\" (không ghi kỳ báo cáo)."))
    cycles_until = models.DateField(
        _("các kỳ báo cáo đến ngày"), null=True, blank=True,
        help_text=_("Để trống: đến hết năm cuối của kế hoạch (giai đoạn ghi trong trích yếu, hoặc năm ban hành)."))
    escalation = models.JSONField(
        _("các mức đôn đốc"), default=list, blank=True, validators=[validate_escalation],
        help_text=_("Ví dụ: [{\"after_days\": 3, \"level\": \"phe_binh\"}, {\"after_days\": 5, \"level\": \"kiem_diem\"}] "
                    "(số ngày làm việc sau hạn); để trống: theo cấu hình chung."))
    cooperation_days = models.PositiveSmallIntegerField(
        _("đơn vị phối hợp gửi trước (ngày làm việc)"), default=3,
        help_text=_("Hạn của đơn vị phối hợp: bấy nhiêu ngày làm việc trước hạn của đơn vị chủ trì."))
    unit_roles = models.JSONField(
        _("vai trò đơn vị do người soạn điều chỉnh"), default=dict, blank=True,
        help_text=_("{\"recipients\": {dòng nơi nhận: vai trò}, \"tasks\": {số dòng phụ lục: {đơn vị: vai trò}}}"))

    class Meta:
        verbose_name = _("quy trình kế hoạch")
        verbose_name_plural = _("quy trình kế hoạch")

    def get_absolute_url(self):
        return reverse("workflow:flows:plan:plan_detail", args=[self.pk])


class ConsolidatedReportProcess(PlanProcess):
    """Báo cáo tổng hợp: the consolidator's report on a plan (``plan`` is the BC, ``submission`` its Tờ trình).

    It climbs the plan's own approval steps (``ConsolidatedReportFlow`` inherits them from ``PlanFlow``);
    ``consolidates`` points at the plan whose units' reports it consolidates, ``consolidates_cycle`` at the report
    cycle (kỳ báo cáo) of a recurring duty it consolidates: one live report per plan and cycle
    (``workflows.flows.runtime.consolidated_report_start`` checks it under the plan's row lock; a cancelled one may be
    started again, so no unique constraint: the process's status lives in viewflow's own table).
    """

    class Meta:
        proxy = True
        verbose_name = _("quy trình báo cáo tổng hợp")
        verbose_name_plural = _("quy trình báo cáo tổng hợp")

    def get_absolute_url(self):
        return reverse("workflow:flows:plan:plan_detail", args=[self.pk])


class ReceiptProcess(Process):
    """An issued document arriving at a recipient unit (văn bản đến): acknowledge (tiếp nhận)."""

    document = models.ForeignKey("documents.Document", verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="receipts")
    unit = models.ForeignKey("orgchart.Unit", verbose_name=_("đơn vị nhận"), on_delete=models.PROTECT, related_name="receipts")
    line = models.CharField(_("dòng nơi nhận"), max_length=255, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    # Vào sổ văn bản đến: the number in the unit's incoming register, gapless per year, and the day received
    incoming_register = models.ForeignKey("documents.Register", verbose_name=_("sổ văn bản đến"), on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="receipts")
    incoming_year = models.PositiveIntegerField(_("năm vào sổ"), null=True, blank=True)
    incoming_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)
    received_on = models.DateField(_("ngày đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        constraints = [
            models.UniqueConstraint(fields=["document", "unit"], name="one_receipt_per_unit"),
            models.UniqueConstraint(fields=["incoming_register", "incoming_year", "incoming_number"],
                                    name="one_receipt_per_incoming_number"),
        ]


class ArchiveCopy(models.Model):
    """A "Lưu" line: the copy kept by the clerk or the drafting division."""

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="archive_copies")
    unit = models.ForeignKey("orgchart.Unit", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản lưu")
        verbose_name_plural = _("bản lưu")
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="one_archive_copy_per_unit")]

    def __str__(self):
        return f"{self.document_id} — {self.unit_id}"


#: This thread's audit entries appended inside ``workflows.audit.chain.audit_deferred`` and not yet written
#: (``entries``: a list, or None outside such a block).
AUDIT_PENDING = threading.local()


class AuditEntry(models.Model):
    """Who did what, when, as whom, with which comment (nhật ký xử lý).

    The log is a hash chain (``workflows.audit.chain``): ``hash`` is the SHA-256 of the entry's canonical JSON, which
    includes ``prev_hash``, the hash of the entry before it. Entries are only appended, by ``audit.audit_append``.
    ``process`` is empty for what concerns no process (an integrity alarm on a document recorded alone).
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="audit_entries", verbose_name=_("quy trình"),
                                null=True, blank=True)
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("công việc"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("người thực hiện"))
    position = models.ForeignKey("orgchart.Position", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("với chức vụ"))
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("thay cho"))
    action = models.CharField(_("thao tác"), max_length=60)
    comment = models.TextField(_("ý kiến"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    prev_hash = models.CharField(_("dấu của mục trước"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("dấu SHA-256"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("nhật ký xử lý")
        verbose_name_plural = _("nhật ký xử lý")
        ordering = ["created", "id"]
        constraints = [models.UniqueConstraint(fields=["prev_hash"], name="audit_chain_never_forks")]

    def __str__(self):
        return f"{self.created:%d/%m/%Y %H:%M} {self.actor} {self.action}"

    @property
    def action_label(self) -> str:
        step, _sep, decision = self.action.partition(":")
        label = ACTION_LABELS.get(step, step)
        return f"{label} — {Decision(decision).label}" if decision in Decision.values else label


class AuditChainHead(models.Model):
    """The last link of the audit chain: one row, locked by every writer so that the chain never forks."""

    last_hash = models.CharField(_("dấu của mục cuối"), max_length=64, blank=True)
    last_entry_id = models.BigIntegerField(_("mục cuối"), null=True, blank=True)
    length = models.BigIntegerField(_("số mục"), default=0)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        verbose_name_plural = _("đầu chuỗi nhật ký")

    def __str__(self):
        return f"{self.length}: {self.last_hash[:12]}"


ACTION_LABELS = {
    "draft": _("Soạn thảo, trình duyệt"),
    "create": _("Soạn thảo, lưu nháp"),
    "revise": _("Chỉnh sửa dự thảo"),
    "review": _("Trưởng phòng xem xét"),
    "sign_submission": _("Ký Tờ trình"),
    "vet": _("Văn phòng UBND thẩm định"),
    "decide": _("Lãnh đạo UBND xem xét"),
    "sign": _("Ký duyệt kế hoạch"),
    "issue": _("Cấp số, phát hành"),
    "disseminate": _("Gửi nơi nhận"),
    "consolidate": _("Lập báo cáo tổng hợp"),
    "refresh": _("Cập nhật số liệu tổng hợp"),
    "acknowledge": _("Tiếp nhận văn bản"),
    "integrity_mismatch": _("Phát hiện văn bản sai lệch dấu SHA-256"),
    "figures_save": _("Lưu số liệu chỉ tiêu"),
    "extension_request": _("Đề nghị gia hạn"),
    "extension_approve": _("Đồng ý gia hạn"),
    "extension_refuse": _("Không đồng ý gia hạn"),
    "urge": _("Đôn đốc đơn vị chậm báo cáo"),
    "escalation_set": _("Cài đặt các mức đôn đốc"),
    "roles": _("Điều chỉnh vai trò chủ trì, phối hợp, để biết"),
}
