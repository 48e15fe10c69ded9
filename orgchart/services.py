"""Writes to the organisation chart, with the rules that cross rows.

Every function validates before it saves and raises ``ValidationError``
with a Vietnamese message; nothing is half-written.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission

from .models import Delegation, Holding, Position, Unit
from .selectors import UNIT_RIGHTS, unit_rights_on


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
    """Appoint ``user`` to ``position`` (bổ nhiệm); the unit's object permissions follow the holding's dates."""
    holding = Holding(user=user, position=position, valid_from=valid_from, valid_to=valid_to)
    return holding_save(holding=holding)


def unit_permissions_grant(*, user, unit: Unit | None = None, clerk: bool = False) -> None:
    """Kept for callers of the first version: the user's unit rights are now synced to their dates."""
    unit_permissions_sync(on=timezone.localdate(), user=user)


def unit_permissions_sync(*, on: datetime.date, user=None) -> tuple[int, int]:
    """Make the django-guardian unit permissions (act_for_unit, view_unit_work, clerk_for_unit) match the
    holdings and delegations in force on ``on``: grant what starts, revoke what has ended.

    For every user, or only ``user``. Returns ``(granted, revoked)``. Idempotent: a second run writes nothing.
    Rights themselves are decided from the dated chart (``selectors.unit_ids_with_right``); these rows mirror
    it for guardian's readers (the admin's object permissions page, ``user.has_perm(perm, unit)``).
    """
    content_type = ContentType.objects.get_for_model(Unit)
    permissions = {p.codename: p for p in Permission.objects.filter(content_type=content_type, codename__in=UNIT_RIGHTS)}
    wanted = unit_rights_on(on=on, user=user)
    rows = UserObjectPermission.objects.filter(content_type=content_type, permission__in=permissions.values())
    if user is not None:
        rows = rows.filter(user=user)
        wanted.setdefault(user.pk, set())
    existing: dict[tuple[int, str, int], int] = {}
    for pk, user_id, codename, object_pk in rows.values_list("pk", "user_id", "permission__codename", "object_pk"):
        existing[(user_id, codename, int(object_pk))] = pk
    desired = {(user_id, codename, unit_id) for user_id, rights in wanted.items() for codename, unit_id in rights}
    with transaction.atomic():
        stale = [pk for key, pk in existing.items() if key not in desired]
        UserObjectPermission.objects.filter(pk__in=stale).delete()
        UserObjectPermission.objects.bulk_create(
            [UserObjectPermission(user_id=user_id, permission=permissions[codename], content_type=content_type,
                                  object_pk=str(unit_id))
             for user_id, codename, unit_id in sorted(desired - set(existing))],
            batch_size=500,
        )
    return len(desired - set(existing)), len(stale)


@transaction.atomic
def holding_save(*, holding: Holding) -> Holding:
    """Save a holding entered or changed (the admin): validated, then its holder's unit rights synced to today.

    Ending a holding (``valid_to`` before today) revokes its rights at once; one that starts later is granted
    by the daily sync on its first day.
    """
    holding_validate(holding)
    return _save_and_sync(holding, person="user")


def _save_and_sync(obj, *, person: str):
    """Save a holding or a delegation, then sync today's unit rights of its person (``user`` / ``substitute``)
    and, when the row changed hands, of the person it had before."""
    before = type(obj).objects.filter(pk=obj.pk).values_list(f"{person}_id", flat=True).first() if obj.pk else None
    obj.save()
    today = timezone.localdate()
    unit_permissions_sync(on=today, user=getattr(obj, person))
    if before is not None and before != getattr(obj, f"{person}_id"):
        unit_permissions_sync(on=today, user=get_user_model().objects.get(pk=before))
    return obj


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
def delegation_create(*, position: Position, substitute, start: datetime.date, end: datetime.date,
                      reason: str = "") -> Delegation:
    delegation = Delegation(position=position, substitute=substitute, start=start, end=end, reason=reason)
    return delegation_save(delegation=delegation)


@transaction.atomic
def delegation_save(*, delegation: Delegation) -> Delegation:
    """Save a delegation: validated, then the substitute's unit rights synced to today (the daily sync
    grants them on its first day and revokes them after its last)."""
    delegation_validate(delegation)
    return _save_and_sync(delegation, person="substitute")
