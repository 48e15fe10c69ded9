"""Reads of unit reports and of the consolidation, scoped to what a user may see (the pages and the API ask here)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from documents.selectors import units_of_user
from workflows import selectors
from workflows.models import UnitReport
from workflows.reports import consolidated


def unit_report_for(*, user, pk: int) -> UnitReport | None:
    """The report if the user's unit owes it or receives it (else None: no hint that it exists)."""
    report = UnitReport.objects.select_related("unit", "obligation__plan").filter(pk=pk).first()
    if report is None or user.is_superuser or {report.unit_id, report.receiver_id} & set(units_of_user(user=user)):
        return report
    return None


def consolidation_level(*, user, pk: int, unit: str | None = None):
    """The plan ``pk`` the user consolidates, the levels they may consolidate at and the one chosen (``unit``, an id
    as typed, else the first): ``(process, levels, level)``.

    Raises ``ObjectDoesNotExist`` with the Vietnamese reason (a 404 on the pages and in the API)."""
    process = selectors.plan_processes_visible_to(user=user).select_related(
        "plan", "division", "province").filter(pk=pk, consolidates__isnull=True).first()
    if process is None:
        raise ObjectDoesNotExist(_("Không tìm thấy kế hoạch hoặc bạn không có quyền xem."))
    levels = consolidated.consolidation_levels(user=user, process=process)
    if not levels:
        raise ObjectDoesNotExist(_("Bạn không thuộc đơn vị tổng hợp báo cáo của kế hoạch này."))
    level = next((u for u in levels if str(u.pk) == unit), levels[0])
    return process, levels, level


# --- chủ trì / phối hợp / để biết -----------------------------------------------------------------------


def obligations_done(*, obligations) -> dict[int, bool]:
    """Whether each obligation is done: every chủ trì unit's report accepted (phối hợp units do not hold a row up).
    One query for any number of obligations; an obligation without a chủ trì report is not done."""
    from django.db.models import Count, Q

    from workflows.models import ReportState, UnitRole

    ids = [getattr(o, "pk", o) for o in obligations]
    counts = (UnitReport.objects.filter(obligation_id__in=ids, role=UnitRole.LEAD).values("obligation_id")
              .annotate(total=Count("id"), accepted=Count("id", filter=Q(state=ReportState.ACCEPTED))).order_by())
    done = dict.fromkeys(ids, False)
    done.update({c["obligation_id"]: c["total"] > 0 and c["accepted"] == c["total"] for c in counts})
    return done


def _unit_badge(name: str, role: str, state: str = "") -> dict:
    from workflows.models import UnitRole

    return {"name": name, "role": role, "role_label": str(UnitRole(role).label), "state": state}


def task_rows(*, process) -> list[dict]:
    """The plan's assignment rows, each with its units by role and whether it is done (``obligations_done``).

    Before the plan is issued (no obligations yet): the rows as its content and the drafter's corrections say,
    ``done`` None. After: the units that were given a report, with their states (three queries)."""
    from collections import defaultdict

    from workflows.models import ObligationKind, ReportState
    from workflows.plans import roles

    obligations = list(process.obligations.filter(kind=ObligationKind.TASK).order_by("id"))
    if not obligations:
        return [{"stt": r.row.get("stt") or "", "content": r.row.get("content") or "", "deadline": r.row.get("deadline_text") or "",
                 "units": [_unit_badge(p.text, p.role) for p in r.parts], "done": None}
                for r in roles.task_roles(process=process)]
    reports = defaultdict(list)
    for report in (UnitReport.objects.filter(obligation__in=obligations).select_related("unit")
                   .only("obligation_id", "role", "state", "unit__name", "unit__short_name")
                   .order_by("obligation_id", "unit__name")):
        reports[report.obligation_id].append(report)
    done = obligations_done(obligations=obligations)
    states = dict(ReportState.choices)
    order = {"lead": 0, "cooperating": 1, "for_information": 2}
    rows = []
    for obligation in obligations:
        row = obligation.task_row or {}
        units = [_unit_badge(r.unit.short_name or r.unit.name, r.role, str(states.get(r.state, r.state)))
                 for r in sorted(reports[obligation.pk], key=lambda r: order.get(r.role, 9))]
        units += [_unit_badge(text, "for_information") for text in (row.get("roles") or {}).get("for_information") or []]
        rows.append({"obligation": obligation, "stt": row.get("stt") or "", "content": obligation.title,
                     "deadline": obligation.due_date.strftime("%d/%m/%Y") if obligation.due_date else obligation.deadline_text,
                     "units": units, "done": done[obligation.pk]})
    return rows


def plan_roles(*, process) -> dict:
    """What the plan page and the dashboard show of the roles: the Nơi nhận lines and the assignment rows."""
    from workflows.plans import roles

    lines = roles.recipient_roles(process=process)
    return {"recipient_roles": [{**_unit_badge(line.text, line.role), "corrected": line.corrected} for line in lines],
            "task_rows": task_rows(process=process),
            "cooperation_days": process.cooperation_days}
