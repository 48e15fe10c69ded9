"""Reads of the organisation chart, always as of a date.

- who may act for a position on a day (holder or substitute),
- which units a "Nơi nhận" line names on a day,
- the chain of units above a unit on a day.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import Delegation, Holding, Position, PositionKind, RecipientGroup, Unit, UnitKind

# --- who acts -----------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """The person who acts for a position on a day.

    ``holder`` is the appointed holder; ``delegation`` is set when a substitute
    acts for them (then ``user`` is the substitute).
    """

    position: Position
    user: object | None
    holder: object | None
    delegation: Delegation | None = None

    @property
    def is_substitute(self) -> bool:
        return self.delegation is not None


def position_holder(*, position: Position, on: datetime.date):
    holding = Holding.objects.filter(position=position).valid_on(on).select_related("user").order_by("valid_from").first()
    return holding.user if holding else None


def position_actor(*, position: Position, on: datetime.date) -> Actor:
    """Who may act for ``position`` on ``on``: the substitute when a delegation is in force, else the holder."""
    holder = position_holder(position=position, on=on)
    delegation = (
        Delegation.objects.filter(position=position, start__lte=on, end__gte=on).select_related("substitute").first()
    )
    if delegation is not None:
        return Actor(position=position, user=delegation.substitute, holder=holder, delegation=delegation)
    return Actor(position=position, user=holder, holder=holder)


def positions_acted_by(*, user, on: datetime.date) -> list[Position]:
    """Positions ``user`` may act for on ``on``: held ones not delegated away, plus those delegated to them.

    The holding's two conditions (starts by ``on``, ends on or after it) sit in ONE ``filter()``: split over
    two calls on the multi-valued ``holdings`` relation, a former holder matched through the next holder's row.
    """
    holdings = Holding.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), user=user, valid_from__lte=on)
    delegated_away = Delegation.objects.filter(start__lte=on, end__gte=on).exclude(substitute=user).values("position_id")
    held = (Position.objects.valid_on(on).filter(pk__in=holdings.values("position_id"))
            .exclude(pk__in=delegated_away).order_by().values("pk"))
    received = Delegation.objects.filter(substitute=user, start__lte=on, end__gte=on).order_by().values("position_id")
    # ``pk IN`` the union of the two sets, each read through its index: no join of every position to its holdings
    # and delegations, nothing to DISTINCT
    return list(Position.objects.filter(pk__in=held.union(received)).select_related("unit").order_by("id"))


def user_positions(*, user, on: datetime.date) -> list[Position]:
    """Positions ``user`` holds on ``on`` (whether or not delegated away); one ``filter()``, as above."""
    return list(
        Position.objects.valid_on(on).filter(
            Q(holdings__valid_to__isnull=True) | Q(holdings__valid_to__gte=on), holdings__user=user,
            holdings__valid_from__lte=on,
        )
        .select_related("unit")
        .distinct()
        .order_by("id")
    )


# --- capacity and unit rights on a date ----------------------------------------------


#: How a person acts for a position on a day.
HOLDER = "holder"
DELEGATE = "delegate"


def acting_capacity(*, user, position: Position, on: datetime.date) -> tuple[str, Delegation | None] | None:
    """``(HOLDER, None)`` when ``user`` holds ``position`` on ``on``; ``(DELEGATE, delegation)`` when a
    delegation of it to ``user`` is in force that day; ``None`` otherwise (deny by default)."""
    if user is None or not getattr(user, "is_authenticated", False) or position is None:
        return None
    standing = user_standing(user=user, on=on)
    if position.pk in standing.held:
        return HOLDER, None
    if position.pk in standing.received:
        return DELEGATE, Delegation.objects.filter(position=position, substitute=user, start__lte=on, end__gte=on).first()
    return None


#: The unit rights (django-guardian codenames on ``orgchart.Unit``) a holding or a delegation brings.
ACT = "act_for_unit"
VIEW = "view_unit_work"
CLERK = "clerk_for_unit"
UNIT_RIGHTS = (ACT, VIEW, CLERK)


def _rights_of(position: Position) -> tuple[str, ...]:
    return (ACT, VIEW, CLERK) if position.kind == PositionKind.CLERK else (ACT, VIEW)


def unit_rights_on(*, on: datetime.date, user=None) -> dict[int, set[tuple[str, int]]]:
    """``{user_id: {(codename, unit_id), …}}``: the unit rights that holdings and delegations in force on ``on``
    bring (a member acts for and sees the work of the position's unit; a văn thư also clerks for it).

    Only positions and units in force that day count. Two queries, whatever the number of people.
    """
    holdings = Holding.objects.valid_on(on).filter(position__in=Position.objects.valid_on(on))
    delegations = Delegation.objects.filter(start__lte=on, end__gte=on, position__in=Position.objects.valid_on(on))
    if user is not None:
        holdings = holdings.filter(user=user)
        delegations = delegations.filter(substitute=user)
    valid_units = Unit.objects.valid_on(on).values("pk")
    rights: dict[int, set[tuple[str, int]]] = {}
    for user_id, position in [(h.user_id, h.position) for h in holdings.filter(position__unit__in=valid_units)
                              .select_related("position")] + [
                              (d.substitute_id, d.position) for d in delegations.filter(position__unit__in=valid_units)
                              .select_related("position")]:
        rights.setdefault(user_id, set()).update((codename, position.unit_id) for codename in _rights_of(position))
    return rights


@dataclass(frozen=True)
class Standing:
    """Where a person stands on a day: the positions they hold, those delegated to them, and the unit rights
    both bring. Two queries; kept on the user object for the rest of the request (one per day asked)."""

    held: frozenset[int]
    received: frozenset[int]
    rights: frozenset[tuple[str, int]]

    @property
    def positions(self) -> frozenset[int]:
        """Every position the person may act for that day (a holder on leave included)."""
        return self.held | self.received


#: Bumped whenever a unit, position, holding or delegation is written (``apps.OrgchartConfig.ready``), so that a
#: standing kept on a user object is never read after the chart changed.
_chart_generation = [0]


def chart_changed(**_kwargs) -> None:
    _chart_generation[0] += 1


def user_standing(*, user, on: datetime.date) -> Standing:
    if user is None or not getattr(user, "is_authenticated", False):
        return Standing(frozenset(), frozenset(), frozenset())
    cache = user.__dict__.get("_kehoach_standing")
    if cache is None or cache.get("generation") != _chart_generation[0]:
        cache = user.__dict__["_kehoach_standing"] = {"generation": _chart_generation[0]}
    if on not in cache:
        valid_positions = Position.objects.valid_on(on).filter(unit__in=Unit.objects.valid_on(on))
        held = list(Holding.objects.filter(user=user, position__in=valid_positions).valid_on(on)
                    .values_list("position_id", "position__unit_id", "position__kind"))
        received = list(Delegation.objects.filter(substitute=user, start__lte=on, end__gte=on, position__in=valid_positions)
                        .values_list("position_id", "position__unit_id", "position__kind"))
        rights = set()
        for _pk, unit_id, kind in held + received:
            rights.update((codename, unit_id) for codename in ((ACT, VIEW, CLERK) if kind == PositionKind.CLERK else (ACT, VIEW)))
        cache[on] = Standing(frozenset(p for p, _u, _k in held), frozenset(p for p, _u, _k in received), frozenset(rights))
    return cache[on]


def unit_ids_with_right(*, user, right: str, on: datetime.date) -> set[int]:
    """Ids of the units where ``user`` has ``right`` (``act_for_unit``, ``view_unit_work``, ``clerk_for_unit``)
    on ``on``, from the holdings and delegations in force that day: the dated truth that the guardian rows
    mirror (``orgchart.services.unit_permissions_sync``). A former holder has none."""
    right = right.split(".")[-1]
    return {unit_id for codename, unit_id in user_standing(user=user, on=on).rights if codename == right}


def user_has_unit_right(*, user, right: str, unit: Unit | None, on: datetime.date) -> bool:
    return unit is not None and unit.pk in unit_ids_with_right(user=user, right=right, on=on)


def user_units(*, user, on: datetime.date) -> list[Unit]:
    return sorted({p.unit for p in user_positions(user=user, on=on)}, key=lambda u: u.pk)


def unit_staff(*, unit: Unit, on: datetime.date):
    """People who hold a position in ``unit`` or in one of its phòng on ``on`` (those a leader may assign work to)."""
    units = [unit.pk, *Unit.objects.filter(parent=unit, kind=UnitKind.DIVISION).valid_on(on).values_list("pk", flat=True)]
    holders = Holding.objects.filter(position__unit_id__in=units).valid_on(on).values("user_id")
    return get_user_model().objects.filter(pk__in=holders).order_by("first_name")


def unit_position(*, unit: Unit, kind: str, on: datetime.date, field=None) -> Position | None:
    qs = Position.objects.filter(unit=unit, kind=kind).valid_on(on)
    if field is not None:
        qs = qs.filter(fields=field)
    return qs.order_by("id").first()


def competent_leader_position(*, province: Unit, field, on: datetime.date, collective: bool = False) -> Position | None:
    """The leader who decides a plan: the PCT in charge of ``field``, else the Chủ tịch."""
    if not collective and field is not None:
        position = unit_position(unit=province, kind=PositionKind.VICE_CHAIR, on=on, field=field)
        if position is not None:
            return position
    return unit_position(unit=province, kind=PositionKind.CHAIR, on=on)


# --- the chart ------------------------------------------------------------------


def unit_ancestors(*, unit: Unit, on: datetime.date) -> list[Unit]:
    """The units above ``unit`` on ``on``, nearest first (a unit that ended hands over to its successor)."""
    chain: list[Unit] = []
    seen = {unit.pk}
    current = unit.parent
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        while not current.is_valid_on(on) and current.successor_id is not None and current.successor_id not in seen:
            seen.add(current.successor_id)
            current = current.successor
        chain.append(current)
        current = current.parent
    return chain


def unit_current(*, unit: Unit, on: datetime.date) -> Unit:
    """Follow successors until a unit in force on ``on`` (or the last one)."""
    seen = set()
    while not unit.is_valid_on(on) and unit.successor_id and unit.pk not in seen:
        seen.add(unit.pk)
        unit = unit.successor
    return unit


def units_below(*, scope: Unit, on: datetime.date, kinds=None, direct_only: bool = False) -> list[Unit]:
    """Units under ``scope`` valid on ``on`` (one query, then a walk of the tree in memory)."""
    valid = list(Unit.objects.valid_on(on).only("id", "parent_id", "kind", "name", "short_name", "code", "key"))
    children: dict[int, list[Unit]] = {}
    for u in valid:
        children.setdefault(u.parent_id, []).append(u)
    found: list[Unit] = []
    stack = list(children.get(scope.pk, []))
    while stack:
        u = stack.pop()
        if not kinds or u.kind in kinds:
            found.append(u)
        if not direct_only:
            stack.extend(children.get(u.pk, []))
    return sorted(found, key=lambda u: (u.kind, u.name))


# --- Nơi nhận -------------------------------------------------------------------

_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "tt": "thuong truc",
    "pct": "pho chu tich",
    "vp": "van phong",
    "ubmttq": "uy ban mat tran to quoc",
    "ubmt": "uy ban mat tran",
    "mttq": "mat tran to quoc",
    "tw": "trung uong",
    "pttn": "phat thanh truyen hinh",
    "ptth": "phat thanh truyen hinh",
    "ttth": "thong tin",
    "tp": "thanh pho",
    "ld": "lanh dao",
    "cac": "cac",
}


def normalize_phrase(text: str) -> str:
    """Compare recipient phrases without case, tone-mark placement, punctuation or abbreviations."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").casefold()
    text = re.sub(r"[^\w]+", " ", text)
    words = []
    for word in text.split():
        words.extend(_ABBREVIATIONS.get(word, word).split())
    return " ".join(words)


#: What a Nơi nhận line says the copy is for: "- Bộ Nội vụ (b/c);", "(để biết)", "(t/h)".
_PURPOSE = re.compile(r"\s*\((?:để\s+)?(?:b/c|báo cáo|đ/b|biết|t/h|thực hiện|p/h|phối hợp|chỉ đạo|theo dõi|chỉ đạo, b/c)\)$",
                      re.IGNORECASE)


#: A role written before the units: "Phối hợp: Các sở, ban, ngành", "Cơ quan chủ trì: Sở Nội vụ".
_ROLE_LABEL = re.compile(r"^(?:cơ\s+quan\s+|đơn\s+vị\s+)?(chủ\s+trì|phối\s+hợp|để\s+biết)\s*:\s*", re.IGNORECASE)


def _line_bare(line: str) -> str:
    """A Nơi nhận line without its leading dash and its trailing ';' or '.'."""
    line = re.sub(r"^[-–•+]\s*", "", line.strip())
    return re.sub(r"[;.,\s]+$", "", line).strip()


def recipient_line_clean(line: str) -> str:
    """Strip the leading dash, the trailing ';' or '.', a role label ("Phối hợp: ") and the purpose ("(b/c)",
    "(để biết)") of a Nơi nhận line."""
    line = _ROLE_LABEL.sub("", _line_bare(line))
    return _PURPOSE.sub("", line).strip()


def recipient_line_purpose(line: str) -> str:
    """What a Nơi nhận line says the copy is for, as written: "để biết", "b/c", "t/h", "Phối hợp" (a label), or ""."""
    line = _line_bare(line)
    label = _ROLE_LABEL.match(line)
    if label:
        return re.sub(r"\s+", " ", label.group(1))
    purpose = _PURPOSE.search(line)
    return purpose.group(0).strip()[1:-1].strip() if purpose else ""


def recipient_line_is_archive(line: str) -> bool:
    return normalize_phrase(recipient_line_clean(line)).startswith("luu")


@dataclass
class RecipientExpansion:
    """What one Nơi nhận line names on a date."""

    line: str
    units: list[Unit] = field(default_factory=list)
    groups: list[RecipientGroup] = field(default_factory=list)
    archive: bool = False
    unresolved: list[str] = field(default_factory=list)


def _phrase_index(on: datetime.date):
    groups: dict[str, RecipientGroup] = {}
    for group in RecipientGroup.objects.select_related("scope"):
        for phrase in [group.name, *group.aliases]:
            groups.setdefault(normalize_phrase(phrase), group)
    units: dict[str, Unit] = {}
    for unit in Unit.objects.valid_on(on).exclude(kind=UnitKind.DIVISION):
        for phrase in [unit.name, unit.short_name, *unit.aliases]:
            if phrase:
                units.setdefault(normalize_phrase(phrase), unit)
    return groups, units


def recipient_phrase_resolver(*, on: datetime.date):
    """A test "does this phrase name a group or a unit on ``on``?", the phrases read once (two queries)."""
    groups, units = _phrase_index(on)
    return lambda phrase: (key := normalize_phrase(recipient_line_clean(phrase))) in groups or key in units


def recipient_group_expand(*, group: RecipientGroup, on: datetime.date) -> list[Unit]:
    scope = unit_current(unit=group.scope, on=on)
    if group.position_kinds:
        return [scope] if scope.is_valid_on(on) else []
    units = units_below(scope=scope, on=on, kinds=set(group.unit_kinds) or None, direct_only=group.direct_children_only)
    if group.include_scope and scope.is_valid_on(on):
        units.insert(0, scope)
    return units


def recipient_groups_on(*, on: datetime.date):
    """The recipient groups that stand for at least one unit on ``on``, as a queryset."""
    groups = RecipientGroup.objects.select_related("scope")
    return RecipientGroup.objects.filter(pk__in=[g.pk for g in groups if recipient_group_expand(group=g, on=on)])


def units_for_recipient_line(*, line: str, on: datetime.date, issuer: Unit | None = None) -> RecipientExpansion:
    """Expand one "Nơi nhận" line to concrete units as of ``on``.

    A line may name a group ("Các sở, ban, ngành"), a unit ("Bộ Nội vụ"),
    several of them separated by ';', or archive copies ("Lưu: VT, HCC":
    VT is the issuer's clerk, the other codes its divisions).
    """
    clean = recipient_line_clean(line)
    result = RecipientExpansion(line=clean)
    if recipient_line_is_archive(clean):
        result.archive = True
        result.units, result.unresolved = _archive_units(clean, issuer=issuer, on=on)
        return result
    groups, units = _phrase_index(on)
    for part in [p for p in re.split(r";", clean) if p.strip()]:
        key = normalize_phrase(part)
        if key in groups:
            group = groups[key]
            result.groups.append(group)
            result.units.extend(recipient_group_expand(group=group, on=on))
        elif key in units:
            result.units.append(units[key])
        else:
            result.unresolved.append(part.strip())
    seen: set[int] = set()
    result.units = [u for u in result.units if not (u.pk in seen or seen.add(u.pk))]
    return result


def _archive_units(line: str, *, issuer: Unit | None, on: datetime.date) -> tuple[list[Unit], list[str]]:
    codes = [c.strip() for c in re.split(r"[,;]", line.split(":", 1)[-1]) if c.strip()]
    found: list[Unit] = []
    unresolved: list[str] = []
    for code in codes:
        if issuer is not None and code.upper() == "VT":
            found.append(issuer)
            continue
        candidates = Unit.objects.valid_on(on).filter(code__iexact=code)
        if issuer is not None:
            area = [issuer, *unit_ancestors(unit=issuer, on=on)]
            ids = {u.pk for u in area}
            for scope in area:
                ids.update(u.pk for u in units_below(scope=scope, on=on))
            candidates = candidates.filter(pk__in=ids)
        unit = candidates.order_by("kind", "id").first()
        if unit is None:
            unresolved.append(code)
        else:
            found.append(unit)
    return found, unresolved
