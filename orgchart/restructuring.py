"""Dated restructuring of the org chart (sắp xếp, sáp nhập, giải thể, đổi tên) and the work it moves.

A restructuring is a JSON document::

    {"date": "2025-07-01",
     "title": "Sắp xếp đơn vị hành chính cấp huyện, cấp xã",
     "changes": [
        {"end": "tn-h-phubinh", "successor": "tn-ubnd"},
        {"create": {"key": "tn-x-kha-son-moi", "code": "UBND", "name": "Ủy ban nhân dân xã Kha Sơn",
                    "kind": "commune", "parent": "tn-ubnd"},
         "merges": ["tn-x-khason", "tn-x-tanthanh"]},
        {"rename": "tn-skhcn", "to": {"key": "tn-skhcn-2026", "name": "Sở Khoa học, Công nghệ và Đổi mới"}}
     ]}

Each ended unit gets ``valid_to = date - 1`` and its successor; the open work
of ended units (unit report processes, their tasks, incoming-document
receipts, reports they were to receive) moves to the successor, recorded in
the audit log. Nothing is lost or duplicated: when the successor already has
a report for the same obligation, the predecessor's open process is closed
into it (its children re-attached) instead of being copied. A dry run
computes the same plan and writes nothing.

The org chart does not know what other apps keep per unit: it sends
``signals.units_created`` for each new unit (documents opens its register)
and ``signals.units_restructured`` for the ended ones (workflows moves their
open work), inside the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .models import Unit, UnitKind
from .signals import units_created, units_restructured


@dataclass
class RestructuringResult:
    ended: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([f"Kết thúc: {x}" for x in self.ended] + [f"Thành lập: {x}" for x in self.created]
                + [f"Chuyển: {x}" for x in self.moved] + [f"Gộp: {x}" for x in self.merged])


class _DryRun(Exception):
    pass


def _unit(key: str) -> Unit:
    return services.unit_by_key(key=key)


def _parse(spec: dict) -> tuple[datetime.date, list[dict]]:
    try:
        date = datetime.date.fromisoformat(spec["date"])
    except (KeyError, TypeError, ValueError):
        raise ValidationError(_("Thiếu hoặc sai ngày hiệu lực (date, dạng YYYY-MM-DD).")) from None
    changes = spec.get("changes")
    if not isinstance(changes, list) or not changes:
        raise ValidationError(_("Không có thay đổi nào (changes)."))
    return date, changes


def restructure(*, spec: dict, dry_run: bool = False, actor=None) -> RestructuringResult:
    """Apply (or, with ``dry_run``, only describe) a dated restructuring, in one transaction."""
    result = RestructuringResult()
    try:
        with transaction.atomic():
            _apply(spec=spec, result=result, actor=actor)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _end(unit: Unit, *, successor: Unit, date: datetime.date, result: RestructuringResult) -> None:
    if unit.valid_to is not None and unit.valid_to < date:
        raise ValidationError(_("Đơn vị %(unit)s đã kết thúc từ %(day)s.")
                              % {"unit": unit, "day": unit.valid_to.strftime("%d/%m/%Y")})
    unit.valid_to = date - datetime.timedelta(days=1)
    unit.successor = successor
    services.unit_save(unit=unit)
    result.ended.append(f"{unit} → {successor}")


def _apply(*, spec: dict, result: RestructuringResult, actor) -> None:
    date, changes = _parse(spec)
    ended: list[Unit] = []
    for change in changes:
        if "end" in change:
            unit, successor = _unit(change["end"]), _unit(change["successor"])
            _end(unit, successor=successor, date=date, result=result)
            ended.append(unit)
        elif "create" in change:
            data = dict(change["create"])
            parent = _unit(data.pop("parent")) if data.get("parent") else None
            if data.get("kind") not in UnitKind.values:
                raise ValidationError(_("Loại đơn vị không hợp lệ: %(kind)s.") % {"kind": data.get("kind")})
            new = Unit(parent=parent, valid_from=date, place=data.pop("place", parent.place if parent else ""), **data)
            services.unit_save(unit=new)
            units_created.send(sender=Unit, units=[new])
            result.created.append(str(new))
            for key in change.get("merges", []):
                old = _unit(key)
                _end(old, successor=new, date=date, result=result)
                ended.append(old)
        elif "rename" in change:
            old = _unit(change["rename"])
            to = dict(change["to"])
            new = Unit(key=to["key"], code=to.get("code", old.code), name=to["name"], short_name=to.get("short_name", ""),
                       kind=old.kind, parent=old.parent, valid_from=date, place=old.place, aliases=to.get("aliases", []))
            services.unit_save(unit=new)
            units_created.send(sender=Unit, units=[new])
            old.children.filter(valid_to__isnull=True).update(parent=new)
            _end(old, successor=new, date=date, result=result)
            result.created.append(str(new))
            ended.append(old)
        else:
            raise ValidationError(_("Thay đổi không hợp lệ: %(change)s.") % {"change": change})
    units_restructured.send(sender=Unit, units=ended, on=date, result=result, actor=actor)

