"""Bulk data for the large benchmarks (``bench rush``, ``bench province``): units with their people, a plan with a table.

Rows are written with ``bulk_create`` in batches (memory bounded by the batch), the same rows the
services write one by one: a unit, its positions (head, văn thư, chuyên viên), a holding per person,
and guardian's per-unit object permissions (``orgchart.services.unit_permissions_grant``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from documents.models import IndicatorKind, Register
from documents.word.parse import parse_docx
from orgchart.models import Unit
from workflows.demo.consolidation import SAMPLE

BATCH = 2000


@dataclass(frozen=True)
class UnitPeople:
    unit_id: int
    head: str
    clerk: str
    drafter: str


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def bulk_units(*, count: int, prefix: str, parent, kind, valid_from=datetime.date(2025, 7, 1), name: str = "Ủy ban nhân dân xã Thử"):
    """``count`` units under ``parent`` (keys ``{prefix}-{i}``), each with its register; their ids in creation order."""
    ids = []
    for part in _batches(list(range(count))):
        created = Unit.objects.bulk_create([Unit(key=f"{prefix}-{i}", code="UBND", name=f"{name} {prefix.upper()} {i}",
                                                 short_name=f"Xã {prefix.upper()} {i}", kind=kind, parent=parent,
                                                 valid_from=valid_from) for i in part])
        ids.extend(u.pk for u in created)
        Register.objects.bulk_create([Register(unit=u, name="Sổ văn bản đi") for u in created])
    return ids


def bulk_people(*, unit_ids: list[int], prefix: str, password: str, staff_per_unit: int = 3,
                valid_from=datetime.date(2020, 1, 1)) -> list[UnitPeople]:
    """For each unit: a Chủ tịch (head), a văn thư, and ``staff_per_unit - 2`` chuyên viên, with their permissions.

    One password hash for everyone (hashing is the slow part of creating users; logging in still checks it).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    from orgchart.models import Holding, Position, PositionKind, Unit

    User = get_user_model()
    hashed = make_password(password)
    ct = ContentType.objects.get_for_model(Unit)
    perms = {p.codename: p.pk for p in Permission.objects.filter(content_type=ct, codename__in=[
        "act_for_unit", "view_unit_work", "clerk_for_unit"])}
    people: list[UnitPeople] = []
    kinds = [(PositionKind.CHAIR, "CHỦ TỊCH", "ct"), (PositionKind.CLERK, "VĂN THƯ", "vt")] + [
        (PositionKind.SPECIALIST, "CHUYÊN VIÊN", f"cv{j}") for j in range(max(1, staff_per_unit - 2))]
    for part in _batches(unit_ids, max(1, BATCH // len(kinds))):
        users = User.objects.bulk_create([
            User(username=f"{prefix}.{tag}.{unit_id}", password=hashed, first_name=title.title(), last_name=str(unit_id))
            for unit_id in part for _kind, title, tag in kinds])
        positions = Position.objects.bulk_create([Position(unit_id=unit_id, kind=kind, title=title, valid_from=valid_from)
                                                  for unit_id in part for kind, title, _tag in kinds])
        Holding.objects.bulk_create([Holding(user=u, position=p, valid_from=valid_from) for u, p in zip(users, positions)])
        grants = []
        for user, position in zip(users, positions):
            codenames = ["act_for_unit", "view_unit_work"] + (["clerk_for_unit"] if position.kind == PositionKind.CLERK else [])
            grants.extend(UserObjectPermission(user=user, permission_id=perms[c], content_type=ct,
                                               object_pk=str(position.unit_id)) for c in codenames)
        UserObjectPermission.objects.bulk_create(grants, batch_size=BATCH)
        for index, unit_id in enumerate(part):
            row = users[index * len(kinds):(index + 1) * len(kinds)]
            people.append(UnitPeople(unit_id=unit_id, head=row[0].username, clerk=row[1].username, drafter=row[2].username))
    return people


def table_annex(*, rows: int = 30, periods: int = 5) -> dict:
    """The first ``rows`` rows of seed 002's Bảng tổng hợp (the demo's Word file), over ``periods`` periods."""
    annex = next(a for a in parse_docx(SAMPLE.read_bytes()).content["annexes"] if a["kind"] == "indicators")
    return {**annex, "rows": annex["rows"][:rows], "periods": annex["periods"][:periods]}


def figures_payload(*, table, seed: int) -> dict:
    """What a unit types into the grid: every count and coded cell, as ``PUT /api/reports/<id>/figures/`` takes it."""
    indicators = list(table.indicators.all())
    by_pk = {i.pk: i for i in indicators}
    periods = range(len(table.periods))
    values = {}
    for indicator in indicators:
        if indicator.kind == IndicatorKind.COUNT:
            values[indicator.stt] = [20 + (indicator.position * 7 + seed * 13) % 80 + p for p in periods]
        elif indicator.kind == IndicatorKind.CODED:
            codes = sorted(indicator.codes.values())
            values[indicator.stt] = [codes[(indicator.position + seed + p) % len(codes)] for p in periods]
    for ratio in (i for i in indicators if i.kind == IndicatorKind.RATIO and i.numerator_id and i.denominator_id):
        top, bottom = by_pk.get(ratio.numerator_id), by_pk.get(ratio.denominator_id)
        if top is not None and bottom is not None and bottom.stt in values:
            values[top.stt] = [v * 8 // 10 for v in values[bottom.stt]]  # a numerator is 80 % of its denominator
    return values
