"""The plan's đôn đốc levels, set by its consolidator (Cài đặt đôn đốc): nhắc nhở at the due date, then phê bình and
kiểm điểm a number of working days after it, or the general setting.

Who may: whoever may send Đôn đốc on the plan (``urge.urge_allowed``), once the plan has duties to follow up
(issued, its obligations read); nobody else. The change is recorded in the
audit log; the next reminders tick applies it (``notifications.reminders.escalation_levels``).
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows.audit.chain import audit_append
from workflows.models import EscalationLevel, PlanProcess
from workflows.models.notifications import validate_escalation
from workflows.notifications.reminders import escalation_levels
from workflows.reports.urge import urge_allowed

MAX_DAYS = 60  # working days after the due date: three months is already a lost cause


@dataclasses.dataclass(frozen=True)
class EscalationChoice:
    """What the form shows: the plan's own levels or the general ones (``inherited``)."""

    inherited: bool
    criticize_after: int | None
    discipline_after: int | None


def escalation_allowed(*, user, process: PlanProcess) -> bool:
    return process.obligations.exists() and urge_allowed(user=user, process=process)


def escalation_choice(*, process: PlanProcess) -> EscalationChoice:
    levels = {level: days for days, level in escalation_levels(process.escalation)}
    return EscalationChoice(inherited=not process.escalation, criticize_after=levels.get(EscalationLevel.CRITICIZE),
                            discipline_after=levels.get(EscalationLevel.DISCIPLINE))


def _days(value, label) -> int | None:
    value = (str(value) if value is not None else "").strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_DAYS:
        raise ValidationError(_("%(label)s: nhập số ngày làm việc từ 1 đến %(max)s, hoặc để trống để không áp dụng.")
                              % {"label": label, "max": MAX_DAYS})
    return int(value)


@transaction.atomic
def escalation_set(*, user, process: PlanProcess, inherit: bool, criticize_after=None, discipline_after=None) -> list:
    """Set (or clear, with ``inherit``) the plan's levels; return what is stored. Refuses with a Vietnamese message."""
    if not escalation_allowed(user=user, process=process):
        raise PermissionDenied(_("Bạn không có quyền cài đặt đôn đốc cho kế hoạch này."))
    if inherit:
        levels = []
    else:
        criticize = _days(criticize_after, _("Phê bình"))
        discipline = _days(discipline_after, _("Kiểm điểm"))
        if criticize is not None and discipline is not None and discipline <= criticize:
            raise ValidationError(_("Kiểm điểm phải sau phê bình: số ngày của kiểm điểm phải lớn hơn của phê bình."))
        levels = [{"after_days": 0, "level": EscalationLevel.REMIND.value}]
        if criticize is not None:
            levels.append({"after_days": criticize, "level": EscalationLevel.CRITICIZE.value})
        if discipline is not None:
            levels.append({"after_days": discipline, "level": EscalationLevel.DISCIPLINE.value})
    validate_escalation(levels)
    process = PlanProcess.objects.select_for_update().get(pk=process.pk)
    before = process.escalation
    PlanProcess.objects.filter(pk=process.pk).update(escalation=levels)
    audit_append(process=process, actor=user, action="escalation_set", data={"before": before, "after": levels})
    return levels
