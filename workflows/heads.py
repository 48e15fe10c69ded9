"""Who heads a unit (thủ trưởng): its chair (UBND) or its director (sở), the rule every room asks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from orgchart import selectors as org
from orgchart.models import PositionKind, Unit

HEAD_KINDS = (PositionKind.CHAIR, PositionKind.DIRECTOR)


def unit_head_position(*, unit: Unit, on=None):
    on = on or timezone.localdate()
    for kind in HEAD_KINDS:
        position = org.unit_position(unit=unit, kind=kind, on=on)
        if position is not None:
            return position
    raise ValidationError(_("Đơn vị %(unit)s chưa có thủ trưởng trong sơ đồ tổ chức.") % {"unit": unit})


def unit_body(unit: Unit) -> Unit:
    """The body (cơ quan) ``unit`` belongs to: itself, or for a phòng (division) the sở or UBND above it, whose head
    decides in its name (e.g. a deadline extension asked of the Phòng CCHC is decided by the Giám đốc Sở Nội vụ)."""
    from orgchart.models import UnitKind

    if unit.kind == UnitKind.DIVISION and unit.parent_id:
        return unit.parent
    return unit
