"""Small factories for the org chart and documents (no JSON dumps)."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model

from documents.models import Register
from orgchart import services
from orgchart.models import Position, PositionKind, Unit, UnitKind

_seq = itertools.count(1)


def unit(*, code="UBND", kind=UnitKind.PROVINCE, parent=None, name=None, valid_from=datetime.date(2000, 1, 1),
         valid_to=None, successor=None, register=True, **extra) -> Unit:
    n = next(_seq)
    u = Unit(key=f"u{n}", code=code, name=name or f"Đơn vị {n}", kind=kind, parent=parent, valid_from=valid_from,
             valid_to=valid_to, successor=successor, place=extra.pop("place", "Thái Nguyên"), **extra)
    services.unit_save(unit=u)
    if register:
        Register.objects.create(unit=u, name="Sổ văn bản đi")
    return u


def user(username=None, **extra):
    n = next(_seq)
    return get_user_model().objects.create_user(username=username or f"user{n}", password="x", **extra)


def position(*, unit: Unit, kind=PositionKind.SPECIALIST, title="CHUYÊN VIÊN", holder=None,
             valid_from=datetime.date(2000, 1, 1), fields=()) -> Position:
    p = Position.objects.create(unit=unit, kind=kind, title=title, valid_from=valid_from)
    if fields:
        p.fields.set(fields)
    if holder is not None:
        services.holding_create(user=holder, position=p, valid_from=valid_from)
    return p
