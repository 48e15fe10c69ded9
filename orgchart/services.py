"""Writes to the organisation chart, with the rules that cross rows.

Every function validates before it saves and raises ``ValidationError``
with a Vietnamese message; nothing is half-written.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Delegation, Holding, Position, PositionKind, Unit


def _fmt(d: datetime.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else _("không thời hạn")


def unit_validate(unit: Unit) -> None:
    """Field checks plus the rules that look at other units."""
    unit.full_clean()
    errors: dict[str, list[str]] = {}
    seen = {unit.pk} if unit.pk else set()
    ancestor = unit.parent
    while ancestor is not None:
        if ancestor.pk in seen or ancestor is unit:
            errors.setdefault("parent", []).append(_("Đơn vị không thể là cấp trên của chính mình."))
            break
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    if unit.parent is not None and not unit.parent.overlaps(unit.valid_from, unit.valid_to):
        errors.setdefault("parent", []).append(
            _("Đơn vị cấp trên %(parent)s không tồn tại trong thời gian hiệu lực của đơn vị.") % {"parent": unit.parent}
        )
    if unit.successor is not None:
        if unit.successor.pk is not None and unit.successor.pk == unit.pk:
            errors.setdefault("successor", []).append(_("Đơn vị không thể kế thừa chính mình."))
        elif unit.valid_to is None:
            errors.setdefault("successor", []).append(_("Chỉ đơn vị đã kết thúc hiệu lực mới có đơn vị kế thừa."))
        else:
            handover = unit.valid_to + datetime.timedelta(days=1)
            if not unit.successor.is_valid_on(handover):
                errors.setdefault("successor", []).append(
                    _("Đơn vị kế thừa %(successor)s không tồn tại vào ngày %(day)s.")
                    % {"successor": unit.successor, "day": _fmt(handover)}
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    unit_validate(unit)
    unit.save()
    return unit


def unit_by_key(*, key: str) -> Unit:
    try:
        return Unit.objects.get(key=key)
    except Unit.DoesNotExist:
        raise ValidationError(_("Không có đơn vị với mã %(key)s.") % {"key": key}) from None


def holding_validate(holding: Holding) -> None:
    holding.full_clean()
    position = holding.position
    if not position.overlaps(holding.valid_from, holding.valid_to):
        raise ValidationError(_("Chức vụ %(position)s không tồn tại trong thời gian bổ nhiệm.") % {"position": position})
    others = Holding.objects.filter(position=position).exclude(pk=holding.pk).select_related("user")
    for other in others:
        if not other.overlaps(holding.valid_from, holding.valid_to):
            continue
        if other.user_id == holding.user_id:
            raise ValidationError(
                _("%(user)s đã giữ chức vụ này từ %(start)s đến %(end)s.")
                % {"user": other.user, "start": _fmt(other.valid_from), "end": _fmt(other.valid_to)}
            )
        if position.single_holder:
            raise ValidationError(
                _("Chức vụ %(position)s đã có %(user)s giữ từ %(start)s đến %(end)s; thời gian bị trùng.")
                % {
                    "position": position,
                    "user": other.user.get_full_name() or other.user.username,
                    "start": _fmt(other.valid_from),
                    "end": _fmt(other.valid_to),
                }
            )


@transaction.atomic
def holding_create(*, user, position: Position, valid_from: datetime.date, valid_to: datetime.date | None = None) -> Holding:
    """Appoint ``user`` to ``position`` (bổ nhiệm) and grant the unit's object permissions."""
    holding = Holding(user=user, position=position, valid_from=valid_from, valid_to=valid_to)
    holding_validate(holding)
    holding.save()
    unit_permissions_grant(user=user, unit=position.unit, clerk=position.kind == PositionKind.CLERK)
    return holding


def unit_permissions_grant(*, user, unit: Unit, clerk: bool = False) -> None:
    """A member may act for and see the work of their own unit (django-guardian, per object).

    A văn thư also numbers and receives the unit's documents.
    """
    from guardian.shortcuts import assign_perm

    assign_perm("orgchart.act_for_unit", user, unit)
    assign_perm("orgchart.view_unit_work", user, unit)
    if clerk:
        assign_perm("orgchart.clerk_for_unit", user, unit)


def delegation_validate(delegation: Delegation) -> None:
    delegation.full_clean()
    position = delegation.position
    overlapping = (
        Delegation.objects.filter(position=position, start__lte=delegation.end, end__gte=delegation.start)
        .exclude(pk=delegation.pk)
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            _("Đã có giao quyền cho chức vụ này từ %(start)s đến %(end)s; thời gian bị trùng.")
            % {"start": _fmt(overlapping.start), "end": _fmt(overlapping.end)}
        )
    holders = Holding.objects.filter(position=position, user=delegation.substitute).valid_on(delegation.start)
    if holders.exists():
        raise ValidationError(_("Người được giao quyền đang giữ chính chức vụ này."))
    if not position.overlaps(delegation.start, delegation.end):
        raise ValidationError(_("Chức vụ không tồn tại trong thời gian giao quyền."))


@transaction.atomic
def delegation_create(*, position: Position, substitute, start: datetime.date, end: datetime.date, reason: str = "") -> Delegation:
    delegation = Delegation(position=position, substitute=substitute, start=start, end=end, reason=reason)
    delegation_validate(delegation)
    delegation.save()
    unit_permissions_grant(user=substitute, unit=position.unit, clerk=position.kind == PositionKind.CLERK)
    return delegation
