"""The organisation chart, with time (Sơ đồ tổ chức).

Every record that can change on a date carries ``valid_from`` and
``valid_to`` (inclusive; ``None`` means open-ended). A restructuring never
edits a unit in place: the old unit ends, a new one starts and the old one
names it as its ``successor`` (sáp nhập, giải thể, đổi tên).

Simple field checks live in ``clean()``; rules that look at other rows
(overlaps, cycles, successors) live in ``orgchart.services``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, cơ quan Trung ương")
    PROVINCE = "province", _("UBND tỉnh")
    PROVINCIAL_OFFICE = "office", _("Văn phòng UBND tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    CENTRAL_AGENCY = "central_agency", _("Cơ quan Trung ương đóng trên địa bàn")
    DISTRICT = "district", _("UBND cấp huyện")
    COMMUNE = "commune", _("UBND cấp xã")
    DIVISION = "division", _("Phòng, đơn vị thuộc")
    PARTY = "party", _("Cơ quan Đảng")
    COUNCIL = "council", _("HĐND")
    FRONT = "front", _("Mặt trận, đoàn thể")
    PRESS = "press", _("Báo chí, truyền thông")
    OTHER = "other", _("Khác")


class DatedQuerySet(models.QuerySet):
    def valid_on(self, on: datetime.date):
        """Rows in force on the day ``on`` (hiệu lực vào ngày)."""
        return self.filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on)))


class Dated(models.Model):
    valid_from = models.DateField(_("hiệu lực từ ngày"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_valid_on(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def overlaps(self, start: datetime.date, end: datetime.date | None) -> bool:
        far = datetime.date.max
        return self.valid_from <= (end or far) and start <= (self.valid_to or far)

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})


class Unit(Dated):
    """A body of the administration: Bộ, UBND tỉnh, sở, huyện, xã, phòng…"""

    key = models.SlugField(_("mã định danh"), max_length=80, unique=True, help_text=_("Duy nhất trong hệ thống, ví dụ tn-snv."))
    code = models.CharField(_("ký hiệu"), max_length=20, help_text=_("Dùng trong số, ký hiệu văn bản: UBND, SNV, VP, HCC…"))
    name = models.CharField(_("tên đầy đủ"), max_length=255, help_text=_("Như in trên văn bản: Sở Nội vụ tỉnh Thái Nguyên."))
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("Đơn vị tiếp nhận công việc khi đơn vị này sáp nhập, giải thể hoặc đổi tên."),
    )
    place = models.CharField(_("địa danh"), max_length=80, blank=True, help_text=_("Địa danh ghi trên văn bản: Thái Nguyên."))
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True, help_text=_("Cách ghi khác trong Nơi nhận, văn bản."))

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "valid_from", "valid_to"]), models.Index(fields=["code"])]
        permissions = [
            ("act_for_unit", _("Xử lý công việc của đơn vị")),
            ("view_unit_work", _("Xem công việc của đơn vị")),
            ("clerk_for_unit", _("Văn thư: cấp số, tiếp nhận văn bản của đơn vị")),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def print_name(self) -> str:
        """The body's name as printed in a header, upper case."""
        return self.name.upper()


class Field(models.Model):
    """A field of government (lĩnh vực) a vice-chair is in charge of."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PositionKind(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    DIRECTOR = "director", _("Giám đốc / Thủ trưởng")
    DEPUTY_DIRECTOR = "deputy_director", _("Phó Giám đốc / Phó Thủ trưởng")
    OFFICE_CHIEF = "office_chief", _("Chánh Văn phòng")
    HEAD_OF_DIVISION = "division_head", _("Trưởng phòng")
    DEPUTY_HEAD_OF_DIVISION = "division_deputy", _("Phó Trưởng phòng")
    SPECIALIST = "specialist", _("Chuyên viên")
    CLERK = "clerk", _("Văn thư")
    CONSOLIDATOR = "consolidator", _("Chuyên viên tổng hợp")


#: Positions that one person holds at a time (a seat, not a pool).
SINGLE_HOLDER_KINDS = {
    PositionKind.CHAIR,
    PositionKind.VICE_CHAIR,
    PositionKind.DIRECTOR,
    PositionKind.OFFICE_CHIEF,
    PositionKind.HEAD_OF_DIVISION,
}


class Position(Dated):
    """A post in a unit (chức vụ). Positions, not people, carry authority."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="positions")
    kind = models.CharField(_("loại chức vụ"), max_length=20, choices=PositionKind.choices)
    title = models.CharField(_("chức danh in trên văn bản"), max_length=120, help_text=_("PHÓ CHỦ TỊCH, GIÁM ĐỐC…"))
    fields = models.ManyToManyField(Field, verbose_name=_("lĩnh vực phụ trách"), blank=True, related_name="positions")

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["unit", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.unit}"

    @property
    def single_holder(self) -> bool:
        return self.kind in SINGLE_HOLDER_KINDS


class Holding(Dated):
    """A person holds a position from a date to a date (giữ chức vụ)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người"), on_delete=models.CASCADE, related_name="holdings")
    position = models.ForeignKey(Position, verbose_name=_("chức vụ"), on_delete=models.CASCADE, related_name="holdings")

    class Meta:
        verbose_name = _("bổ nhiệm")
        verbose_name_plural = _("bổ nhiệm")
        ordering = ["position", "valid_from"]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"])]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} — {self.position}"


class Delegation(models.Model):
    """The holder of a position is away; another person acts for them (ủy quyền, giao quyền).

    From ``start`` to ``end`` (inclusive) the work and the signature authority
    of ``position`` move to ``substitute``.
    """

    position = models.ForeignKey(Position, verbose_name=_("chức vụ"), on_delete=models.CASCADE, related_name="delegations")
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người được giao"), on_delete=models.CASCADE, related_name="delegations_received"
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    created = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("giao quyền")
        verbose_name_plural = _("giao quyền")
        ordering = ["-start"]

    def __str__(self):
        return f"{self.substitute} thay {self.position} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})


class RecipientGroup(models.Model):
    """A phrase of "Nơi nhận" that stands for many units (Các sở, ban, ngành…).

    Expansion rule: every unit of one of ``unit_kinds`` below ``scope`` (at
    any depth, or only direct children), valid on the date asked for. When
    ``position_kinds`` is set the line names the leaders of ``scope`` itself
    (Chủ tịch và các PCT UBND tỉnh). ``archive`` marks "Lưu" lines.
    """

    name = models.CharField(_("cụm từ"), max_length=200, help_text=_("Như ghi ở Nơi nhận: Các sở, ban, ngành."))
    aliases = models.JSONField(_("cách ghi khác"), default=list, blank=True)
    scope = models.ForeignKey(Unit, verbose_name=_("phạm vi"), on_delete=models.PROTECT, related_name="recipient_groups")
    unit_kinds = models.JSONField(_("loại đơn vị"), default=list, blank=True)
    direct_children_only = models.BooleanField(_("chỉ đơn vị trực thuộc"), default=False)
    include_scope = models.BooleanField(_("gồm cả đơn vị phạm vi"), default=False)
    position_kinds = models.JSONField(_("chức vụ"), default=list, blank=True)

    class Meta:
        verbose_name = _("nhóm nơi nhận")
        verbose_name_plural = _("nhóm nơi nhận")
        ordering = ["scope", "name"]

    def __str__(self):
        return self.name


class Restructuring(models.Model):
    """A dated restructuring entered in the admin (sắp xếp tổ chức); see ``orgchart.restructuring``."""

    title = models.CharField(_("tên"), max_length=255)
    spec = models.JSONField(_("nội dung thay đổi (JSON)"),
                            help_text=_("Ngày hiệu lực và danh sách thay đổi, xem hướng dẫn trong orgchart/restructuring.py."))
    created = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    applied_at = models.DateTimeField(_("đã áp dụng lúc"), null=True, blank=True)
    result = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        ordering = ["-created"]

    def __str__(self):
        return self.title
