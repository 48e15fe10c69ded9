"""Obligations of an issued plan and the per-unit report processes they open.

An *obligation* (nghĩa vụ) is what the plan asks of a group of units: report
on an outline by a deadline to a consolidator, build an implementing plan
within N days, carry out a row of the assignment table. Fan-out opens one
``UnitReport`` per (obligation, unit), each driven by a viewflow process of
``UnitReportFlow`` (a proxy of viewflow's Process, so that processes and
their first tasks can be written in bulk).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class ObligationKind(models.TextChoices):
    REPORT = "report", _("Báo cáo theo đề cương")
    IMPLEMENTING_PLAN = "implementing_plan", _("Xây dựng kế hoạch triển khai")
    TASK = "task", _("Nhiệm vụ theo phụ lục")


class Route(models.TextChoices):
    DIRECT = "direct", _("Gửi thẳng cơ quan tổng hợp")
    VIA_PARENT = "via_parent", _("Gửi qua đơn vị cấp trên")


class Obligation(models.Model):
    """What an issued plan asks of a group of units (nhiệm vụ, thời hạn)."""

    plan = models.ForeignKey("workflows.PlanProcess", on_delete=models.CASCADE, related_name="obligations",
                             verbose_name=_("kế hoạch"))
    kind = models.CharField(_("loại"), max_length=20, choices=ObligationKind.choices, default=ObligationKind.REPORT)
    title = models.CharField(_("nội dung"), max_length=500)
    recipients = models.JSONField(_("đơn vị thực hiện (dòng nơi nhận)"), default=list,
                                  help_text=_("Ví dụ: [\"Các sở, ban, ngành\", \"UBND các xã, phường, thị trấn\"]"))
    consolidator = models.ForeignKey("orgchart.Unit", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("cơ quan tổng hợp"))
    route = models.CharField(_("đường gửi"), max_length=12, choices=Route.choices, default=Route.DIRECT)
    via_unit = models.ForeignKey(
        "orgchart.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cấp trung gian"),
        help_text=_("Gửi qua đơn vị cấp trên: các huyện báo cáo đơn vị này trước (ví dụ sở chủ trì), rồi đơn vị này báo cáo "
                    "cơ quan tổng hợp."))
    deadline_text = models.CharField(_("thời hạn (như ghi trong văn bản)"), max_length=255, blank=True)
    due_date = models.DateField(_("hạn"), null=True, blank=True)
    requires_plan_days = models.PositiveIntegerField(_("xây dựng kế hoạch trong (ngày)"), null=True, blank=True)
    task_row = models.JSONField(_("dòng phụ lục"), null=True, blank=True)
    outline = models.JSONField(_("đề cương báo cáo"), default=list, blank=True)
    fanout_total = models.PositiveIntegerField(_("số đơn vị"), default=0)
    fanout_done = models.PositiveIntegerField(_("đã tạo"), default=0)
    fanout_finished = models.DateTimeField(_("hoàn tất giao việc"), null=True, blank=True)
    fanout_heartbeat = models.DateTimeField(
        _("giao việc: lần cập nhật cuối"), null=True, blank=True,
        help_text=_("Khi yêu cầu giao việc và sau mỗi lô; quá lâu mà chưa hoàn tất thì hệ thống tự chạy tiếp."))
    # A recurring duty (định kỳ, hằng năm, thường xuyên): one ReportCycle per period, each with its own reports.
    cycle_periods = models.JSONField(
        _("chu kỳ báo cáo"), default=list, blank=True,
        help_text=_("Nhiệm vụ định kỳ: [\"quarter\"], [\"half_year\"], [\"year\"], [\"month\"] hoặc nhiều loại; để trống: một lần."))
    cycle_dates = models.JSONField(
        _("các ngày báo cáo hằng năm"), default=list, blank=True,
        help_text=_("Ví dụ [[1, 6], [15, 11]]: trước ngày 01/6 và 15/11 hằng năm."))
    cycles_until = models.DateField(
        _("các kỳ báo cáo đến ngày"), null=True, blank=True,
        help_text=_("Để trống: đến hết năm cuối của kế hoạch (giai đoạn ghi trong trích yếu, hoặc năm ban hành)."))

    class Meta:
        verbose_name = _("nghĩa vụ của đơn vị")
        verbose_name_plural = _("nghĩa vụ của đơn vị")
        ordering = ["plan", "id"]

    def __str__(self):
        return self.title

    @property
    def recurring(self) -> bool:
        return bool(self.cycle_periods or self.cycle_dates)


class ReportCycle(models.Model):
    """One period of a recurring duty (kỳ báo cáo): its own unit reports, figures and consolidation.

    The beat opens it (one report process per obliged unit) a number of working days before ``due_date``
    (``KEHOACH_CYCLE_OPEN_WORKING_DAYS``); ``opened_at`` says every unit has its report."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("nghĩa vụ"))
    sequence = models.PositiveSmallIntegerField(_("kỳ thứ"))
    label = models.CharField(_("kỳ báo cáo"), max_length=120)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    due_date = models.DateField(_("hạn"), db_index=True)
    opened_at = models.DateTimeField(_("thời điểm mở kỳ"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["obligation", "sequence"]
        constraints = [models.UniqueConstraint(fields=["obligation", "sequence"], name="one_cycle_per_sequence")]

    def __str__(self):
        return f"{self.label} — {self.obligation}"


class ReportState(models.TextChoices):
    NOT_RECEIVED = "not_received", _("Chưa tiếp nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    DRAFTING = "drafting", _("Đang soạn báo cáo")
    IN_REVIEW = "in_review", _("Đang duyệt trong đơn vị")
    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Bị trả lại")


class UnitRole(models.TextChoices):
    """What a plan asks of a unit it names (Chủ trì, Phối hợp, Để biết)."""

    LEAD = "lead", _("Chủ trì")
    COOPERATING = "cooperating", _("Phối hợp")
    FOR_INFORMATION = "for_information", _("Để biết")


class UnitReport(models.Model):
    """One unit's obligation under one plan, and where its report stands."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="unit_reports",
                                   verbose_name=_("nghĩa vụ"))
    unit = models.ForeignKey("orgchart.Unit", on_delete=models.PROTECT, related_name="unit_reports", verbose_name=_("đơn vị"))
    receiver = models.ForeignKey("orgchart.Unit", on_delete=models.PROTECT, related_name="received_reports",
                                 verbose_name=_("nơi nhận báo cáo"))
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
                               verbose_name=_("báo cáo cấp trên tổng hợp"))
    cycle = models.ForeignKey(ReportCycle, on_delete=models.CASCADE, null=True, blank=True, related_name="unit_reports",
                              verbose_name=_("kỳ báo cáo"))
    process = models.OneToOneField(Process, on_delete=models.CASCADE, null=True, blank=True, related_name="unit_report")
    state = models.CharField(_("trạng thái"), max_length=20, choices=ReportState.choices, default=ReportState.NOT_RECEIVED,
                             db_index=True)
    due_date = models.DateField(_("hạn"), null=True, blank=True, db_index=True)
    role = models.CharField(_("vai trò"), max_length=16, choices=UnitRole.choices, default=UnitRole.LEAD, db_index=True,
                            help_text=_("Chủ trì: chịu trách nhiệm báo cáo; phối hợp: góp phần vào báo cáo của đơn vị "
                                        "chủ trì, hạn sớm hơn."))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("người được giao"))
    report = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("báo cáo"))
    implementing_plan = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+", verbose_name=_("kế hoạch triển khai"))
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("thời điểm chấp nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["obligation", "unit__kind", "unit__name"]
        constraints = [
            # a one-off duty: one report per unit; a recurring one: one per unit and cycle (NULLs never collide)
            models.UniqueConstraint(fields=["obligation", "unit"], condition=models.Q(cycle__isnull=True),
                                    name="one_unit_report_per_obligation"),
            models.UniqueConstraint(fields=["obligation", "cycle", "unit"], condition=models.Q(cycle__isnull=False),
                                    name="one_unit_report_per_cycle"),
        ]
        indexes = [models.Index(fields=["obligation", "state"])]

    def __str__(self):
        return f"{self.unit} — {self.obligation}"


class UnitReportProcess(Process):
    """viewflow's Process for a unit report; the data lives in ``UnitReport`` (proxy: bulk-creatable)."""

    class Meta:
        proxy = True
        verbose_name = _("quy trình báo cáo của đơn vị")
        verbose_name_plural = _("quy trình báo cáo của đơn vị")

    @property
    def report(self) -> UnitReport:
        return self.unit_report


class IndicatorValue(models.Model):
    """A unit's figure for one indicator and one period (số liệu của đơn vị)."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("báo cáo"))
    indicator = models.ForeignKey("documents.Indicator", on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("chỉ tiêu"))
    period = models.PositiveSmallIntegerField(_("kỳ"))
    number = models.DecimalField(_("số liệu"), max_digits=20, decimal_places=4, null=True, blank=True)
    code = models.SmallIntegerField(_("mã trả lời"), null=True, blank=True)
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["report", "indicator", "period"], name="one_value_per_cell")]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self):
        return f"{self.report_id} · {self.indicator_id} · {self.period}"


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đã đồng ý gia hạn")
    REFUSED = "refused", _("Không đồng ý gia hạn")


class DeadlineExtension(models.Model):
    """A unit's request for a later due date (gia hạn), and the consolidating unit head's decision.

    One row per request, never edited after its decision: the history of a report's extensions is its rows."""

    unit_report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="extensions",
                                    verbose_name=_("báo cáo của đơn vị"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("người đề nghị"))
    requested_on = models.DateTimeField(_("thời điểm đề nghị"), auto_now_add=True)
    old_due_date = models.DateField(_("hạn cũ"), null=True, blank=True)
    new_due_date = models.DateField(_("hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=ExtensionState.choices,
                             default=ExtensionState.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("người quyết định"))
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)
    decision_comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["unit_report", "-requested_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["unit_report"], condition=models.Q(state="pending"),
                                               name="one_pending_extension_per_report")]

    def __str__(self):
        return f"{self.unit_report_id}: {self.old_due_date} → {self.new_due_date} ({self.state})"
