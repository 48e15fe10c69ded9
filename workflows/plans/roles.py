"""Chủ trì, phối hợp, để biết: what a plan asks of each unit it names.

Read from the plan's content, corrected by the drafter before sending (``PlanProcess.unit_roles``):

- a Nơi nhận line says it in its purpose: "(để biết)", "(b/c)" (a superior is informed), "(t/h)" (thực hiện:
  chủ trì), "(p/h)", or in a label before the units ("Phối hợp: Các sở, ban, ngành"); a line that says nothing
  is chủ trì of what the plan asks of it;
- an assignment row says it in its columns: Cơ quan chủ trì (``row["lead"]``), Cơ quan phối hợp
  (``row["cooperating"]``).

Để biết: a văn bản đến only, no report. Phối hợp: a report to the lead, due ``cooperation_days`` working days
before the lead's. Chủ trì: owns the report; a row is done when its chủ trì units are.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.dates.working_days import default_calendar
from orgchart import selectors as org
from workflows.models import PlanProcess, UnitRole

#: The purpose of a Nơi nhận line (as ``orgchart.selectors.recipient_line_purpose`` reads it) → the role.
_PURPOSE_ROLES = (
    (re.compile(r"^(t/h|thực hiện|chủ trì)$", re.IGNORECASE), UnitRole.LEAD),
    (re.compile(r"^(p/h|phối hợp)$", re.IGNORECASE), UnitRole.COOPERATING),
    (re.compile(r"^(để\s+)?(biết|đ/b|b/c|báo cáo|chỉ đạo|theo dõi|chỉ đạo, b/c)$", re.IGNORECASE), UnitRole.FOR_INFORMATION),
)
#: The strongest role wins when a unit is named twice (on two lines, in two columns).
_RANK = {UnitRole.LEAD: 3, UnitRole.COOPERATING: 2, UnitRole.FOR_INFORMATION: 1}
MAX_COOPERATION_DAYS = 30


def purpose_role(line: str) -> UnitRole | None:
    """The role a Nơi nhận line states, or None when it states none."""
    purpose = org.recipient_line_purpose(line)
    for pattern, role in _PURPOSE_ROLES:
        if purpose and pattern.match(purpose.strip()):
            return role
    return None


def line_key(text: str) -> str:
    """A line's or a phrase's key in the drafter's corrections: its words, without purpose, case or tone marks."""
    return org.normalize_phrase(org.recipient_line_clean(text))


def unit_phrases(text: str, *, on: datetime.date | None, names=None) -> list[str]:
    """The phrases of a column or a line that each name units: "Văn phòng UBND tỉnh, các sở, ban, ngành, UBND cấp
    huyện" → ["Văn phòng UBND tỉnh", "các sở, ban, ngành", "UBND cấp huyện"].

    Split at ';', ',', ' và ', ' - ', then the longest run of pieces that names units is kept together (a group's
    own commas: "các sở, ban, ngành"; a name's own "và": "Sở Giáo dục và Đào tạo"), never across a ';'; a piece
    that names nothing is dropped. ``names``: a ``recipient_phrase_resolver`` to reuse."""
    from django.utils import timezone

    names = names or org.recipient_phrase_resolver(on=on or timezone.localdate())
    found = []
    for clause in re.split(r"\s*;\s*", org.recipient_line_clean(text or "")):
        tokens = re.split(r"(\s*,\s*|\s+và\s+|\s+[-–]\s+)", clause)
        pieces, separators = tokens[0::2], tokens[1::2]
        start = 0
        while start < len(pieces):
            for end in range(len(pieces), start, -1):
                phrase = "".join(pieces[i] + (separators[i] if i < end - 1 else "") for i in range(start, end))
                phrase = phrase.strip(" .:-–")
                if phrase and names(phrase):
                    found.append(phrase)
                    start = end
                    break
            else:
                start += 1
    return found


# --- the Nơi nhận ----------------------------------------------------------------------------------------


@dataclass
class LineRole:
    key: str
    text: str
    stated: UnitRole
    role: UnitRole

    @property
    def corrected(self) -> bool:
        return self.role != self.stated


def recipient_roles(*, process: PlanProcess) -> list[LineRole]:
    """Each Nơi nhận line (the Lưu lines aside) with the role it states and the one that applies."""
    corrections = (process.unit_roles or {}).get("recipients") or {}
    lines, seen = [], set()
    for line in process.plan.content.get("recipients") or []:
        text = line["text"] if isinstance(line, dict) else str(line)
        if (isinstance(line, dict) and line.get("archive")) or org.recipient_line_is_archive(text):
            continue
        key = line_key(text)
        if not key or key in seen:
            continue
        seen.add(key)
        stated = purpose_role(text) or UnitRole.LEAD
        role = corrections.get(key) if corrections.get(key) in UnitRole.values else stated
        lines.append(LineRole(key=key, text=text, stated=stated, role=UnitRole(role)))
    return lines


def recipient_unit_roles(*, process: PlanProcess, on: datetime.date) -> dict[int, UnitRole]:
    """The role of each unit the Nơi nhận names (its strongest line). Empty when every line is chủ trì: then no
    line needs expanding (the fan-out asks this once per obligation)."""
    lines = recipient_roles(process=process)
    if all(line.role == UnitRole.LEAD for line in lines):
        return {}
    roles: dict[int, UnitRole] = {}
    for line in lines:
        for unit in org.units_for_recipient_line(line=line.text, on=on, issuer=process.plan.issuer).units:
            if _RANK[line.role] > _RANK.get(roles.get(unit.pk), 0):
                roles[unit.pk] = line.role
    return roles


# --- the assignment rows ---------------------------------------------------------------------------------


@dataclass
class RowRoles:
    index: int
    row: dict
    parts: list[LineRole] = field(default_factory=list)

    def phrases(self, role: UnitRole) -> list[str]:
        return [p.text for p in self.parts if p.role == role]


def row_roles(*, row: dict, index: int, on: datetime.date, corrections: dict | None = None, names=None) -> RowRoles:
    """The units of one assignment row by column (chủ trì, phối hợp), with the drafter's corrections."""
    corrections = corrections or {}
    result, seen = RowRoles(index=index, row=row), set()
    names = names or org.recipient_phrase_resolver(on=on)
    for column, stated in (("lead", UnitRole.LEAD), ("cooperating", UnitRole.COOPERATING)):
        for phrase in unit_phrases(row.get(column) or "", on=on, names=names):
            key = line_key(phrase)
            if key in seen:
                continue
            seen.add(key)
            role = corrections.get(key) if corrections.get(key) in UnitRole.values else stated
            result.parts.append(LineRole(key=key, text=phrase, stated=stated, role=UnitRole(role)))
    return result


def task_roles(*, process: PlanProcess, on: datetime.date | None = None) -> list[RowRoles]:
    """Every assignment row of the plan with its units' roles (as of ``on``, else the issue date or today)."""
    from django.utils import timezone

    on = on or process.plan.issued_on or timezone.localdate()
    corrections = (process.unit_roles or {}).get("tasks") or {}
    names = org.recipient_phrase_resolver(on=on)
    return [row_roles(row=row, index=index, on=on, corrections=corrections.get(str(index)) or {}, names=names)
            for index, row in enumerate(process.plan.content.get("tasks") or [])]


# --- dates -----------------------------------------------------------------------------------------------


def cooperating_due(*, due_date: datetime.date | None, days: int) -> datetime.date | None:
    """A cooperating unit's deadline: ``days`` working days before the lead's (weekends and holidays skipped)."""
    if due_date is None:
        return None
    return default_calendar().add_working_days(due_date, -days) if days else due_date


# --- the drafter's corrections ---------------------------------------------------------------------------


@transaction.atomic
def plan_roles_save(*, process: PlanProcess, user, recipients: dict[str, str], tasks: dict[str, dict[str, str]],
                    cooperation_days: int | None = None) -> PlanProcess:
    """The drafter corrects the roles before sending: ``recipients`` {line key: role}, ``tasks`` {row index:
    {phrase key: role}}. Only the drafter, only while their soạn thảo or chỉnh sửa step is open; a key the
    plan does not have, or a role that is none of the three, is refused and nothing is saved."""
    from workflows.audit.chain import audit_append
    from workflows.plans import drafting

    process = PlanProcess.objects.select_for_update().select_related("plan").get(pk=process.pk)
    if user.pk != process.drafter_id:
        raise PermissionDenied(_("Chỉ người soạn thảo được điều chỉnh vai trò của các đơn vị."))
    if process.plan.is_issued or drafting.draft_task(process=process, user=user) is None:
        raise PermissionDenied(_("Dự thảo đã được trình, không còn ở bước soạn thảo của bạn."))
    lines = {line.key: line for line in recipient_roles(process=process)}
    rows = {str(r.index): {p.key: p for p in r.parts} for r in task_roles(process=process)}
    errors = []
    saved_lines = {}
    for key, role in recipients.items():
        if key not in lines:
            errors.append(_("Không có dòng nơi nhận này trong dự thảo."))
        elif role not in UnitRole.values:
            errors.append(_("Vai trò không hợp lệ: %(role)s.") % {"role": role})
        elif role != lines[key].stated:
            saved_lines[key] = role
    saved_rows: dict[str, dict[str, str]] = {}
    for index, parts in tasks.items():
        for key, role in (parts or {}).items():
            if str(index) not in rows or key not in rows[str(index)]:
                errors.append(_("Không có đơn vị này trong dòng phụ lục."))
            elif role not in UnitRole.values:
                errors.append(_("Vai trò không hợp lệ: %(role)s.") % {"role": role})
            elif role != rows[str(index)][key].stated:
                saved_rows.setdefault(str(index), {})[key] = role
    if cooperation_days is not None and not 0 <= cooperation_days <= MAX_COOPERATION_DAYS:
        errors.append(_("Số ngày làm việc gửi trước của đơn vị phối hợp phải từ 0 đến %(n)s.") % {"n": MAX_COOPERATION_DAYS})
    if errors:
        raise ValidationError(sorted(set(map(str, errors))))
    process.unit_roles = {"recipients": saved_lines, "tasks": saved_rows}
    fields = ["unit_roles"]
    if cooperation_days is not None:
        process.cooperation_days = cooperation_days
        fields.append("cooperation_days")
    process.save(update_fields=fields)
    audit_append(process=process, task=None, actor=user, position=None, on_behalf_of=None, action="roles", comment="",
                 data={"recipients": saved_lines, "tasks": saved_rows, "cooperation_days": process.cooperation_days})
    return process
