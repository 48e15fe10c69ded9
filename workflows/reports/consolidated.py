"""The consolidated report (Báo cáo tổng hợp) of a plan: read, generated, started, refreshed.

Sở Nội vụ (the plan's consolidator) gathers what the units reported — their text per
section of the outline (đề cương) and their figures, consolidated in the database
(``workflows.figures.consolidation``) — into a report of the UBND tỉnh. The report is then
approved through ``ConsolidatedReportFlow``, which inherits the plan's own steps:
the sở's head signs the Tờ trình, the PCT signs, the văn thư issues it upward.

A plan whose reporting duty recurs has one Báo cáo tổng hợp per report cycle (kỳ báo cáo), the one the
consolidator chose on the Bảng tổng hợp (``?cycle=``); its process remembers it
(``PlanProcess.consolidates_cycle``) and it gathers that cycle's reports and, of the figures, the column
naming the cycle's period (``documents.dates.cycles.period_column``) when the table has one. A plan
with one-off duties only has one report, as before.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import PROCESS

from documents import services as document_services
from documents.dates.vndates import format_short
from documents.models import DocType, Document, IndicatorKind, IndicatorTable
from documents.selectors import units_of_user
from orgchart import selectors as org
from orgchart.models import Unit
from workflows.figures.consolidation import Consolidation, consolidate_plan_reports
from workflows.models import (
    ConsolidatedReportProcess,
    Obligation,
    ObligationKind,
    PlanProcess,
    ReportCycle,
    ReportState,
    UnitReport,
)
from workflows.plans import cycles
from workflows.plans.drafting import submission_body_initialise
from workflows.plans.services import audit_record, user_can_draft

# --- reads --------------------------------------------------------------------


def plan_indicator_table(*, process: PlanProcess) -> IndicatorTable | None:
    """The plan's table of indicators (Bảng tổng hợp), if it has one."""
    return IndicatorTable.objects.filter(document_id=process.plan_id).order_by("pk").first()


def report_obligation(*, process: PlanProcess) -> Obligation | None:
    """The obligation to report on the outline (the one consolidated), else the first one."""
    obligations = process.obligations.order_by("pk")
    return obligations.filter(kind=ObligationKind.REPORT).first() or obligations.first()


def report_duty(*, process: PlanProcess):
    """Every obligation of the plan's reporting duty: each "báo cáo" the plan asks for, whichever
    subsection of TỔ CHỨC THỰC HIỆN states it (else the one ``report_obligation`` falls back to)."""
    duty = process.obligations.filter(kind=ObligationKind.REPORT)
    if duty.exists():
        return duty
    fallback = report_obligation(process=process)
    return process.obligations.filter(pk=fallback.pk if fallback else None)


def consolidation_levels(*, user, process: PlanProcess) -> list[Unit]:
    """Where ``user`` may read a consolidation: the consolidator, or a unit receiving reports (a district)."""
    receivers = Unit.objects.filter(
        pk__in=UnitReport.objects.filter(obligation__plan=process).values("receiver_id")).order_by("kind", "name")
    consolidators = Unit.objects.filter(pk__in=process.obligations.values("consolidator_id"))
    levels = list(consolidators) + [u for u in receivers if u not in consolidators]
    if user.is_superuser:
        return levels
    mine = set(units_of_user(user=user))
    return [unit for unit in levels if unit.pk in mine]


def format_number(value) -> str:
    """Vietnamese notation: 1.234.567 and 58,33 (no trailing zeros)."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value.quantize(Decimal('0.01')):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def cell_text(indicator, value) -> str:
    """How a consolidated cell reads: a sum, a recomputed ratio, or how many units gave each code."""
    if indicator.kind == IndicatorKind.CODED:
        labels = {number: label for label, number in (indicator.codes or {}).items()}
        return "; ".join(f"{labels.get(code, code)}: {count}" for code, count in sorted((value or {}).items()))
    if indicator.kind in (IndicatorKind.COUNT, IndicatorKind.RATIO):
        return format_number(value)
    return ""


def consolidated_rows(*, table: IndicatorTable, result: Consolidation) -> list[dict]:
    """The consolidated table as rows for a page, a spreadsheet or the report's annex."""
    rows = []
    for indicator in table.indicators.all():
        cells = [cell_text(indicator, result.value(indicator, period)) for period in range(len(table.periods))]
        rows.append({"indicator": indicator, "stt": indicator.stt, "label": indicator.label, "unit": indicator.unit,
                     "kind": indicator.kind, "cells": cells})
    return rows


def consolidation_at(*, process: PlanProcess, level: Unit, table: IndicatorTable | None = None, cycle=None):
    """The consolidation at ``level`` (a district over its communes, the consolidator over what it receives), of one
    report cycle of a recurring duty with ``cycle``."""
    obligation = report_obligation(process=process)
    if obligation is None:
        return None, None
    table = table or plan_indicator_table(process=process)
    return consolidate_plan_reports(table=table, receiver=level, obligations=report_duty(process=process),
                                    cycle=cycle), obligation


def consolidation_cycles(*, process: PlanProcess, value: str | None, today) -> dict:
    """The report cycles of the plan's reporting duty that the Bảng tổng hợp offers (opened, latest first), the one
    chosen by ``?cycle=`` (else the current one; None: every report) and how many duties they belong to."""
    return cycles.cycles_offered(process=process, value=value, today=today, obligations=report_duty(process=process))


def consolidation_cycle(*, process: PlanProcess, value: str | None, today) -> ReportCycle | None:
    """The cycle a Báo cáo tổng hợp of ``process`` is for: the one ``value`` names (``?cycle=<id>``, an opened cycle
    of the plan's reporting duty, never another plan's), else the current one; None for a plan without cycles.

    Raises ``ReportCycle.DoesNotExist`` for a ``value`` naming no such cycle, and ValidationError for ``all`` on a
    plan with cycles (a report is of one cycle)."""
    choice = consolidation_cycles(process=process, value=value, today=today)
    if not choice["cycles"]:
        if value and value != cycles.ALL:
            raise ReportCycle.DoesNotExist(_("Không tìm thấy kỳ báo cáo."))
        return None
    if choice["cycle"] is None:
        if value == cycles.ALL:
            raise ValidationError(_("Chọn một kỳ báo cáo để lập báo cáo tổng hợp của kỳ đó."))
        raise ReportCycle.DoesNotExist(_("Không tìm thấy kỳ báo cáo."))
    return choice["cycle"]


# --- the report's content -------------------------------------------------------


def _section_texts(reports: list[UnitReport], index: int, number: str) -> list[str]:
    """Each unit's text for one outline section, prefixed with the unit's name."""
    gathered = []
    for report in reports:
        sections = ((report.report.content or {}).get("sections") or []) if report.report_id else []
        match = next((s for s in sections if number and s.get("number") == number), None)
        if match is None and index < len(sections):
            match = sections[index]
        paragraphs = [p for p in (match or {}).get("paragraphs", []) if p.strip()]
        if paragraphs:
            gathered.append(f"{report.unit.short_name or report.unit.name}: {' '.join(paragraphs)}")
    return gathered


def consolidated_content(*, process: PlanProcess, level: Unit, cycle=None) -> tuple[str, dict]:
    """Title and content of the Báo cáo tổng hợp, generated from what the units reported (in ``cycle``, one report
    cycle of a recurring duty, if given)."""
    plan = process.plan
    result, obligation = consolidation_at(process=process, level=level, cycle=cycle)
    if obligation is None:
        raise ValidationError(_("Kế hoạch này không yêu cầu đơn vị báo cáo, không có gì để tổng hợp."))
    table = result.table
    included = {unit.pk for unit in result.included}
    latest = {}
    for report in (UnitReport.objects.filter(obligation__in=report_duty(process=process), receiver=level,
                                             state=ReportState.ACCEPTED, unit_id__in=included,
                                             **({"cycle": cycle} if cycle is not None else {}))
                   .select_related("unit", "report").order_by("unit__name", "pk")):
        latest[report.unit_id] = report  # one text per unit, its latest accepted report
    accepted = list(latest.values())
    issued = format_short(plan.issued_on) if plan.issued_on else ""
    reference = _("Kế hoạch số %(symbol)s ngày %(date)s của %(issuer)s") % {
        "symbol": plan.symbol or "", "date": issued, "issuer": plan.issuer.name}
    title = _("Tổng hợp kết quả thực hiện %(plan)s") % {"plan": reference}
    if cycle is not None:
        title = _("Tổng hợp kết quả thực hiện %(plan)s, kỳ báo cáo %(cycle)s") % {"plan": reference, "cycle": cycle.label}
    total = len(result.included) + len(result.missing)
    preamble = [_("Thực hiện %(plan)s về %(title)s; trên cơ sở báo cáo của %(n)s/%(total)s đơn vị, %(issuer)s báo cáo "
                  "kết quả thực hiện như sau:") % {"plan": reference, "title": plan.title[:1].lower() + plan.title[1:],
                                                "n": len(result.included), "total": total, "issuer": plan.issuer.name}]
    sections = []
    outline = obligation.outline or [{"number": "I", "title": _("KẾT QUẢ THỰC HIỆN")}]
    for index, item in enumerate(outline):
        texts = _section_texts(accepted, index, item.get("number", ""))
        sections.append({"number": item.get("number", ""), "title": item.get("title", ""),
                         "paragraphs": texts or [_("Chưa có đơn vị báo cáo nội dung này.")], "children": [],
                         "inline": False})
    names = lambda units: ", ".join(u.short_name or u.name for u in units)  # noqa: E731
    reporting = [_("Đơn vị đã báo cáo, được tổng hợp (%(n)s/%(total)s): %(names)s.")
                 % {"n": len(result.included), "total": total, "names": names(result.included) or _("chưa có")}]
    if result.missing:
        reporting.append(_("Đơn vị chưa báo cáo hoặc báo cáo chưa được chấp nhận, không tổng hợp số liệu (%(n)s): %(names)s.")
                         % {"n": len(result.missing), "names": names(result.missing)})
    sections.append({"number": _number_after(outline), "title": _("ĐƠN VỊ BÁO CÁO"), "paragraphs": reporting,
                     "children": [], "inline": False})
    annexes = []
    if table is not None:
        rows = consolidated_rows(table=table, result=result)
        periods = list(table.periods)
        if result.period is not None:  # a cycle's report: the column of its period only
            periods = [periods[result.period]]
            rows = [{**r, "cells": [r["cells"][result.period]]} for r in rows]
        annexes.append({
            "kind": "indicators", "label": _("PHỤ LỤC"), "heading": _("BẢNG TỔNG HỢP SỐ LIỆU"),
            "title": table.title or "", "notes": [_("(Số liệu của %(n)s đơn vị đã báo cáo; tỷ lệ tính lại từ tổng tử số và mẫu "
                                                    "số; chỉ tiêu mã hóa ghi số đơn vị theo từng mã)") % {"n": len(result.included)}],
            "paragraphs": [], "sections": [], "after": [], "period_group": _("Kết quả"), "periods": periods,
            "has_note": False,
            "rows": [{"stt": r["stt"], "label": r["label"], "unit": r["unit"], "values": [c or None for c in r["cells"]],
                      "note": None} for r in rows],
        })
    content = {
        "doc_type": DocType.REPORT,
        "preamble": preamble,
        "sections": sections,
        "closing": _("Trên đây là báo cáo tổng hợp kết quả thực hiện %(plan)s./.") % {"plan": reference},
        "recipients": [{"text": _("Bộ Nội vụ (để báo cáo)"), "archive": False},
                       {"text": _("TT Tỉnh ủy, TT HĐND tỉnh (để báo cáo)"), "archive": False},
                       {"text": _("Chủ tịch, các PCT UBND tỉnh"), "archive": False},
                       {"text": _("Lưu: VT, %(code)s") % {"code": process.division.code}, "archive": True}],
        "annexes": annexes,
        "consolidation": {"level_id": level.pk, "cycle_id": cycle.pk if cycle is not None else None,
                          "period": result.period,
                          "included": [u.pk for u in result.included],
                          "missing": [u.pk for u in result.missing],
                          "generated_at": timezone.now().isoformat(timespec="seconds")},
    }
    return title, content


def _number_after(outline: list[dict]) -> str:
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    last = outline[-1].get("number", "") if outline else ""
    return romans[romans.index(last) + 1] if last in romans[:-1] else ""


# --- writes ---------------------------------------------------------------------


def _consolidator_of(process: PlanProcess) -> Unit:
    obligation = report_obligation(process=process)
    return obligation.consolidator if obligation else process.division


def user_can_consolidate(*, user, process: PlanProcess) -> bool:
    """A specialist of the consolidating unit (or of its sở) may draft the Báo cáo tổng hợp."""
    if user.is_superuser:
        return True
    consolidator = _consolidator_of(process)
    mine = {u.pk for u in org.user_units(user=user, on=timezone.localdate())}
    return user_can_draft(user) and bool(mine & {consolidator.pk, consolidator.parent_id})


def current_report(*, process: PlanProcess, cycle: ReportCycle | None = None) -> ConsolidatedReportProcess | None:
    """The live (not cancelled) Báo cáo tổng hợp of ``process``, of ``cycle`` (None: the one of no cycle)."""
    return (ConsolidatedReportProcess.objects.filter(consolidates=process, consolidates_cycle=cycle)
            .exclude(status=PROCESS.CANCELED).select_related("plan", "consolidates_cycle").order_by("pk").first())


def chosen_report(*, process: PlanProcess, choice: dict) -> ConsolidatedReportProcess | None:
    """The Báo cáo tổng hợp a page shows for the cycle ``choice`` holds (``cycles_offered``'s): the chosen cycle's,
    the plan's own when it has no cycles, none when "every cycle" is chosen (a report is of one cycle)."""
    if choice["cycle"] is None and choice["cycles"]:
        return None
    return current_report(process=process, cycle=choice["cycle"])


def consolidated_report_draft(*, report_process: PlanProcess, user) -> PlanProcess:
    """Create the BC (issued by the UBND, drafted by the consolidating division) and its Tờ trình, as drafts, of
    ``report_process.consolidates_cycle`` (the plan's cycle it reports on; None for one-off duties).

    Raises ValidationError when that plan and cycle already have a live report (the caller holds the plan's row
    lock: ``workflows.flows.runtime.consolidated_report_start``)."""
    source = report_process.consolidates
    cycle = report_process.consolidates_cycle
    if cycle is not None and cycle.obligation.plan_id != source.pk:
        raise ValidationError(_("Kỳ báo cáo không thuộc kế hoạch này."))
    existing = current_report(process=source, cycle=cycle)
    if existing is not None and existing.pk != report_process.pk:
        raise ValidationError(_("Kỳ báo cáo này đã có báo cáo tổng hợp.") if cycle is not None
                              else _("Kế hoạch này đã có báo cáo tổng hợp."))
    consolidator = _consolidator_of(source)
    division = consolidator if consolidator.kind == "division" else source.division
    department = division.parent if division.kind == "division" and division.parent else division
    title, content = consolidated_content(process=source, level=consolidator, cycle=cycle)
    report = document_services.document_create(
        doc_type=DocType.REPORT, issuer=source.province, drafting_unit=division, title=title, content=content,
        created_by=user, cites=source.plan)
    submission = document_services.document_create(
        doc_type=DocType.SUBMISSION, issuer=department, drafting_unit=division,
        title=_("Về việc ban hành Báo cáo %(title)s") % {"title": title[:1].lower() + title[1:]},
        content={"sections": [], "recipients": [{"text": _("Như trên"), "archive": False},
                                                {"text": _("Lưu: VT, %(code)s") % {"code": division.code}, "archive": True}]},
        created_by=user, cites=source.plan)
    report_process.plan, report_process.submission = report, submission
    report_process.province, report_process.office = source.province, source.office
    report_process.department, report_process.division = department, division
    report_process.field, report_process.collective = source.field, source.collective
    report_process.drafter = user

    submission_body_initialise(process=report_process)  # the Tờ trình that carries the report is never empty
    return report_process


@transaction.atomic
def consolidated_report_save(*, process: PlanProcess, user, title: str, sections: dict[int, str], refresh: bool,
                             comment: str = "", task=None) -> Document:
    """The drafter edits the narrative; ``refresh`` re-reads the figures and the list of reporting units first."""
    if user.pk != process.drafter_id:
        raise PermissionDenied(_("Chỉ người soạn thảo được sửa báo cáo tổng hợp."))
    if not title.strip():
        raise ValidationError({"title": _("Cần nhập trích yếu của báo cáo.")})
    report = process.plan
    content = dict(report.content)
    if refresh:
        _title, fresh = consolidated_content(process=process.consolidates, level=_consolidator_of(process.consolidates),
                                             cycle=process.consolidates_cycle)
        content.update({k: fresh[k] for k in ("preamble", "annexes", "consolidation")})
        content["sections"] = [*content["sections"][:-1], fresh["sections"][-1]]  # the reporting units, as of now
    edited = [dict(s) for s in content["sections"]]
    for index, text in sections.items():
        if 0 <= index < len(edited) - 1:
            edited[index]["paragraphs"] = [line.strip() for line in text.splitlines() if line.strip()]
    content["sections"] = edited
    document_services.document_save_draft(document=report, title=title, content=content, author=user, comment=comment)
    audit_record(process=process, task=task, actor=user, action="refresh" if refresh else "revise", comment=comment,
                 data={"included": len(content.get("consolidation", {}).get("included", []))})
    return report


def report_sections_initial(*, report: Document) -> dict:
    """The draft screen's initial values: the title and one text box per outline section."""
    sections = (report.content or {}).get("sections") or []
    initial = {"title": report.title}
    for index, section in enumerate(sections[:-1]):
        initial[f"section_{index}"] = "\n".join(section.get("paragraphs", []))
    return initial
