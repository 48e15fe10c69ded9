"""Notifications (Nhắc việc, Đôn đốc) and the announced calendar swaps that working days follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    DUE_TODAY = "due_today", _("Đến hạn hôm nay")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATED = "escalated", _("Quá hạn, báo cơ quan tổng hợp")
    INTEGRITY = "integrity", _("Văn bản sai lệch dấu SHA-256")
    REPORT_SUBMITTED = "report_submitted", _("Báo cáo mới gửi đến")
    TASK_ARRIVED = "task_arrived", _("Công việc mới")
    DRAFT_RETURNED = "draft_returned", _("Dự thảo bị trả lại")
    DOCUMENT_ISSUED = "document_issued", _("Văn bản đã phát hành")
    REPORT_ACCEPTED = "report_accepted", _("Báo cáo được chấp nhận")
    REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
    DOCUMENT_ARRIVED = "document_arrived", _("Văn bản đến")
    EXTENSION_REQUESTED = "extension_asked", _("Đề nghị gia hạn")
    EXTENSION_DECIDED = "extension_decided", _("Kết quả đề nghị gia hạn")
    URGED = "urged", _("Đôn đốc")
    CRITICIZED = "criticized", _("Phê bình chậm báo cáo")
    DISCIPLINE = "discipline", _("Đề nghị kiểm điểm")


class EmailState(models.TextChoices):
    """Where the e-mail of a notification stands (the bell shows the row whatever happens to the e-mail)."""

    QUEUED = "queued", _("Đang chờ gửi")
    SENT = "sent", _("Đã gửi thư")
    FAILED = "failed", _("Gửi thư thất bại")
    NO_ADDRESS = "no_address", _("Không có địa chỉ thư")


class EscalationLevel(models.TextChoices):
    """The levels of đôn đốc a plan may configure (nhắc nhở is the reminder at the due date)."""

    REMIND = "nhac_nho", _("Nhắc nhở")
    CRITICIZE = "phe_binh", _("Phê bình")
    DISCIPLINE = "kiem_diem", _("Kiểm điểm")


def validate_escalation(value) -> None:
    """A plan's escalation levels: a list of {"after_days": working days after the due date, "level": a level}."""
    from django.core.exceptions import ValidationError

    if value in (None, ""):
        return
    message = _("Các mức đôn đốc phải là danh sách dạng [{\"after_days\": 3, \"level\": \"phe_binh\"}], "
                "mức là một trong: %(levels)s; số ngày là số nguyên không âm.") % {"levels": ", ".join(EscalationLevel.values)}
    if not isinstance(value, list):
        raise ValidationError(message)
    for item in value:
        days = item.get("after_days") if isinstance(item, dict) else None
        if (not isinstance(item, dict) or item.get("level") not in EscalationLevel.values or isinstance(days, bool)
                or not isinstance(days, int) or days < 0):
            raise ValidationError(message)


class Notification(models.Model):
    """One message to one person; ``key`` makes each reminder happen once, whatever the retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("người nhận"))
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind.choices)
    key = models.CharField(_("khóa chống trùng"), max_length=120, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=255, blank=True)
    unit_report = models.ForeignKey("workflows.UnitReport", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="notifications")
    discipline_list = models.ForeignKey("workflows.DisciplineList", on_delete=models.CASCADE, null=True, blank=True,
                                        related_name="notifications", verbose_name=_("danh sách đề nghị kiểm điểm"))
    created = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)
    email_state = models.CharField(_("tình trạng gửi thư"), max_length=12, choices=EmailState.choices,
                                   default=EmailState.QUEUED, db_index=True)
    email_attempts = models.PositiveSmallIntegerField(_("số lần gửi thư"), default=0)
    email_error = models.CharField(_("lỗi gửi thư"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def delivery_display(self) -> str:
        """Delivered or not, as the list shows it: read wins over the e-mail's state (the bell reached the person)."""
        if self.read_at is not None:
            return str(_("Đã đọc"))
        return self.get_email_state_display()


class DisciplineList(models.Model):
    """The kiểm điểm list of one plan that one tick sends to one person: the head of the late units' superior (the
    nearest unit above them that has a head), else, with none, a member of the consolidator's staff (``to_head``
    False). Its entries are the units that reached the kiểm điểm level on that tick and were not listed before."""

    plan = models.ForeignKey("workflows.PlanProcess", on_delete=models.CASCADE, related_name="discipline_lists",
                             verbose_name=_("kế hoạch"))
    unit = models.ForeignKey("orgchart.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị cấp trên nhận danh sách"))
    to_head = models.BooleanField(_("gửi thủ trưởng đơn vị cấp trên"), default=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("người nhận"))
    day = models.DateField(_("ngày lập"))
    created = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("danh sách đề nghị kiểm điểm")
        verbose_name_plural = _("danh sách đề nghị kiểm điểm")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.unit} — {self.day:%d/%m/%Y}"


class DisciplineEntry(models.Model):
    """One late unit report on a kiểm điểm list; ``key`` (report, due date, person) lists it once."""

    discipline_list = models.ForeignKey(DisciplineList, on_delete=models.CASCADE, related_name="entries")
    unit_report = models.ForeignKey("workflows.UnitReport", on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("báo cáo của đơn vị"))
    due_date = models.DateField(_("hạn"))
    late_days = models.PositiveSmallIntegerField(_("số ngày làm việc quá hạn"))
    key = models.CharField(_("khóa chống trùng"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("đơn vị trong danh sách kiểm điểm")
        verbose_name_plural = _("đơn vị trong danh sách kiểm điểm")
        ordering = ["pk"]

    def __str__(self):
        return self.key


class CalendarOverride(models.Model):
    """A day the government announced as a swapped working day or an extra day off (ngày làm bù, nghỉ bù)."""

    day = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(_("là ngày làm việc"))
    source = models.CharField(_("văn bản công bố"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ, làm bù")
        verbose_name_plural = _("ngày nghỉ, làm bù")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} — {'làm việc' if self.is_working_day else 'nghỉ'}"
