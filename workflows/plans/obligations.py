"""Obligations read from an issued plan's content (nhiệm vụ, thời hạn trong kế hoạch).

Two sources, both in the structured content (typed in the draft or imported
from Word):

- the "TỔ CHỨC THỰC HIỆN" part: a subsection titled with recipient groups
  ("1. Các sở, ban, ngành; UBND các huyện, thành phố") whose paragraphs carry
  deadlines: "xây dựng kế hoạch … chậm nhất 10 ngày" is an implementing plan,
  "báo cáo … trước ngày 01/5/2025" a report;
- the assignment table: every row with a lead agency is a task for that agency. Its due date is the row's
  own: the date imported with it, else the one its deadline text states ("Quý I/2024", "trước ngày
  01/5/2025": a row typed as plain text carries the text only); a row that states none ("Theo Kế hoạch số
  160/KH-UBND ngày 28/10/2022", blank) is due at the plan's general reporting deadline (``_ReportingDue``),
  so that its chủ trì units and its phối hợp units (that date less ``cooperation_days`` working days, at the
  fan-out) have a deadline. A recurring row has its cycles' dates instead.
"""

from __future__ import annotations

import re

from django.db import transaction

from documents.dates.deadlines import find_deadlines, parse_deadline
from orgchart import selectors as org
from workflows.models import Obligation, ObligationKind, PlanProcess, Route, UnitRole
from workflows.plans.cycles import recurrence_of
from workflows.plans.roles import task_roles

_IMPLEMENTATION = re.compile(r"\b(tổ chức thực hiện|triển khai thực hiện)\b", re.IGNORECASE)


def _outline(content: dict) -> list[dict]:
    for annex in content.get("annexes") or []:
        if annex.get("kind") == "outline" and annex.get("sections"):
            return [{"number": s.get("number", ""), "title": s.get("title", "")} for s in annex["sections"]]
    return []


def _group_lines(title: str, on) -> list[str]:
    """The parts of a subsection title that name recipients on ``on``."""
    lines = []
    for part in re.split(r"[;]", title):
        part = part.strip(" .:")
        if part and org.units_for_recipient_line(line=part, on=on).units:
            lines.append(part)
    return lines


def _sections(content: dict):
    for section in content.get("sections") or []:
        yield section, section.get("children") or []


def _duty_deadline(deadlines: list):
    """The one deadline of a duty stated with several: an explicit date wins over a recurring cycle.

    "… định kỳ 6 tháng, trước ngày 15/01/2027" is one duty due 15/01/2027, not two: the explicit date is the
    one the units work to. A duty stated with a recurring deadline alone ("định kỳ 6 tháng", "trước ngày 01/6
    và 15/11 hằng năm") is one duty with cycles (``workflows.plans.cycles``).
    """
    dated = [d for d in deadlines if d.due_date is not None]
    explicit = [d for d in dated if not d.recurring]
    return (explicit or dated or deadlines)[0]


def _paragraph_duties(paragraph: str, *, issued_on):
    """(kind, title, deadline) for each duty a paragraph states: at most one of each kind."""
    lowered = paragraph.lower()
    by_kind: dict[str, tuple[str, list]] = {}
    for deadline in find_deadlines(paragraph, issued_on=issued_on):
        if deadline.kind == "after_issue" and "kế hoạch" in lowered:
            kind, title = ObligationKind.IMPLEMENTING_PLAN, "Xây dựng kế hoạch triển khai"
        elif "báo cáo" in lowered:
            kind, title = ObligationKind.REPORT, "Báo cáo kết quả thực hiện"
        else:
            continue
        by_kind.setdefault(kind, (title, []))[1].append(deadline)
    return [(kind, title, _duty_deadline(deadlines)) for kind, (title, deadlines) in by_kind.items()]


def _units_of(lines, on) -> set[int]:
    return {unit.pk for line in lines for unit in org.units_for_recipient_line(line=line, on=on).units}


class _ReportingDue:
    """The plan's general reporting deadline for a row's chủ trì units: of the dated one-off report duties the
    section "TỔ CHỨC THỰC HIỆN" states, the earliest among those that name one of the units, else the earliest.
    Each duty's units are expanded once per plan, and only when a row needs them."""

    def __init__(self, reports: list[Obligation], on):
        self.reports, self.on, self._named = reports, on, None

    def __call__(self, leads: set[int]):
        if not self.reports:
            return None
        if self._named is None:
            self._named = [(o.due_date, _units_of(o.recipients, self.on)) for o in self.reports]
        named = [due for due, units in self._named if units & leads]
        return min(named or [due for due, _units in self._named])


def _row_due(row: dict, deadline, periods, reporting_due: _ReportingDue, leads: set[int]):
    """A one-off row's due date: its own (imported, or stated by its deadline text), else the plan's reporting
    deadline. A recurring row keeps what it was imported with: its cycles give the dates."""
    if periods:
        return row.get("due_date") or None
    return row.get("due_date") or deadline.due_date or reporting_due(leads)


def obligations_from_content(*, process: PlanProcess) -> list[Obligation]:
    """Unsaved obligations that the plan's content states."""
    plan = process.plan
    content = plan.content or {}
    on = plan.issued_on
    found: list[Obligation] = []
    outline = _outline(content)
    for section, children in _sections(content):
        if not _IMPLEMENTATION.search(section.get("title") or ""):
            continue
        for child in children:
            lines = _group_lines(child.get("title") or "", on)
            if not lines:
                continue
            for paragraph in child.get("paragraphs") or []:
                for kind, title, deadline in _paragraph_duties(paragraph, issued_on=on):
                    periods, dates = recurrence_of(deadline=deadline, process=process)
                    found.append(Obligation(
                        cycle_periods=periods, cycle_dates=dates,
                        plan=process, kind=kind, title=f"{title} {plan.symbol}".strip(), recipients=lines,
                        consolidator=process.division, route=Route.DIRECT, deadline_text=deadline.text,
                        due_date=deadline.due_date, outline=outline if kind == ObligationKind.REPORT else [],
                        requires_plan_days=getattr(deadline, "offset_days", None) if kind == ObligationKind.IMPLEMENTING_PLAN else None,
                    ))
    reporting_due = _ReportingDue([o for o in found if o.kind == ObligationKind.REPORT and o.due_date
                                   and not o.cycle_periods], on)
    for rows in task_roles(process=process, on=on):
        # the units by role (Chủ trì / Phối hợp columns, as the drafter corrected them; để biết: left out)
        expanded = [(line, org.units_for_recipient_line(line=line, on=on).units) for line in rows.phrases(UnitRole.LEAD)]
        lines = [line for line, units in expanded if units]
        if not lines:
            continue
        row = rows.row
        deadline = parse_deadline(row.get("deadline_text") or "", issued_on=on)
        periods, dates = recurrence_of(deadline=deadline, process=process)
        found.append(Obligation(
            cycle_periods=periods, cycle_dates=dates, plan=process, kind=ObligationKind.TASK, title=(row.get("content") or "")[:500], recipients=lines,
            consolidator=process.division, route=Route.DIRECT, deadline_text=row.get("deadline_text") or "",
            due_date=_row_due(row, deadline, periods, reporting_due, {unit.pk for _line, units in expanded for unit in units}),
            task_row={**row, "roles": {"lead": lines, "cooperating": rows.phrases(UnitRole.COOPERATING),
                                       "for_information": rows.phrases(UnitRole.FOR_INFORMATION)}},
        ))
    return found


@transaction.atomic
def plan_obligations_create(*, process: PlanProcess) -> list[Obligation]:
    """Create the plan's obligations once (idempotent: a plan that has them keeps them)."""
    if process.obligations.exists():
        return list(process.obligations.all())
    obligations = obligations_from_content(process=process)
    for obligation in obligations:
        obligation.full_clean(exclude=["plan", "consolidator"])
        obligation.save()
    return obligations
