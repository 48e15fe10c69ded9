"""Demo: a plan with a report outline and a Bảng tổng hợp, reports coming in, a Báo cáo tổng hợp being drafted.

Built from seed 002 (the Thái Bình plan for the 2021–2025 administrative-reform review: its Đề cương
and its 158-row table), issued here by UBND tỉnh Thái Nguyên. Sở Tư pháp and Sở Nội vụ have reported
with their figures and been accepted; the other units have not; Sở Nội vụ's consolidator has drafted
the consolidated report from what came in. The Word file ships in ``data/``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model

from documents.models import IndicatorKind
from documents.word.parse import parse_docx
from orgchart.models import Field, Unit
from workflows.figures.entry import indicator_values_save
from workflows.flows import runtime
from workflows.flows.fanout import fanout_obligation
from workflows.flows.runtime import consolidated_report_start
from workflows.models import Obligation, ObligationKind, PlanProcess, Route, UnitReport
from workflows.reports.consolidated import current_report, plan_indicator_table

D = datetime.date
TITLE = ("Tổng kết công tác cải cách hành chính tỉnh Thái Nguyên giai đoạn 2021 - 2025 và nhiệm vụ, giải pháp "
         "trọng tâm giai đoạn 2026 - 2030")
RECIPIENTS = ["Bộ Nội vụ", "TT. Tỉnh ủy", "TT. HĐND tỉnh", "Chủ tịch và các PCT UBND tỉnh", "Các sở, ban, ngành",
              "UBND các huyện, thành phố", "Lưu: VT, HCC"]


SAMPLE = Path(__file__).resolve().parent / "data" / "review_2021_2025.docx"  # seed 002, Thái Bình's plan


def _seed_content() -> dict:
    content = parse_docx(SAMPLE.read_bytes()).content
    keep = [a for a in content["annexes"] if a["kind"] in ("outline", "indicators")]
    sections = list(content["sections"])

    def local(value):
        if isinstance(value, str):
            return value.replace("Thái Bình", "Thái Nguyên")
        if isinstance(value, list):
            return [local(v) for v in value]
        if isinstance(value, dict):
            return {k: local(v) for k, v in value.items()}
        return value

    return {"sections": local(sections), "annexes": local(keep),
            "recipients": [{"text": line, "archive": line.startswith("Lưu")} for line in RECIPIENTS]}


def _figures(table, seed: int) -> dict:
    """Plausible figures for every cell: counts grow by year, a numerator is 80–95 % of its denominator."""
    indicators = list(table.indicators.all())
    numerators = {i.numerator_id: i.denominator_id for i in indicators if i.kind == IndicatorKind.RATIO and i.numerator_id}
    by_pk = {i.pk: i for i in indicators}
    entries, numbers = {}, {}
    for indicator in indicators:
        for period in range(len(table.periods)):
            if indicator.kind == IndicatorKind.COUNT and indicator.pk not in numerators:
                numbers[(indicator.pk, period)] = 20 + (indicator.position * 7 + seed * 13 + period * 5) % 80
            elif indicator.kind == IndicatorKind.CODED:
                codes = sorted(indicator.codes.values())
                entries[(indicator.stt, period)] = codes[(indicator.position + seed + period) % len(codes)]
    for numerator_pk, denominator_pk in numerators.items():
        for period in range(len(table.periods)):
            bottom = numbers.setdefault((denominator_pk, period), 50)
            numbers[(numerator_pk, period)] = int(Decimal(bottom) * Decimal(80 + (seed * 3 + period) % 16) / 100)
    for (pk, period), value in numbers.items():
        entries[(by_pk[pk].stt, period)] = value
    return entries


def load_consolidation_plan(*, plan_actions, unit_steps) -> str:
    """Create the plan (idempotent); ``plan_actions(process, step, username, action, **data)`` drives its steps,
    ``unit_steps(report, steps)`` a unit report's (both from ``workflows.demo.plans``, which calls this)."""
    existing = PlanProcess.objects.filter(plan__title=TITLE).first()
    if existing is not None:
        return f"{existing.plan.symbol} — {TITLE[:70]} [consolidating]"
    content = _seed_content()
    User = get_user_model()
    process = runtime.plan_start(user=User.objects.get(username="cv.cchc"), division=Unit.objects.get(key="tn-snv-cchc"),
                                 title=TITLE, content=content, field=Field.objects.get(code="noi-vu"), due_date=D(2025, 4, 1))
    plan_actions(process, "review", "tp.cchc")
    plan_actions(process, "sign_submission", "gd.snv", "sign", on=D(2025, 3, 28))
    plan_actions(process, "vet", "cv.vp")
    plan_actions(process, "decide", "pct.loan", "sign", on=D(2025, 4, 1))
    plan_actions(process, "issue", "vt.ubnd", "issue", issued_on="2025-04-01", place="Thái Nguyên")
    process.refresh_from_db()
    outline = [{"number": s["number"], "title": s["title"]}
               for s in next(a for a in content["annexes"] if a["kind"] == "outline")["sections"]]
    obligation = process.obligations.filter(kind=ObligationKind.REPORT).first() or Obligation.objects.create(
        plan=process, title="Báo cáo tổng kết công tác cải cách hành chính giai đoạn 2021 - 2025 (theo Đề cương, Phụ lục 01)",
        recipients=["Các sở, ban, ngành", "UBND các huyện, thành phố"], consolidator=Unit.objects.get(key="tn-snv-cchc"),
        route=Route.DIRECT, deadline_text="trước ngày 15/5/2025", due_date=D(2025, 5, 15), outline=outline)
    fanout_obligation(obligation_id=obligation.pk, on=D(2025, 4, 1))
    table = plan_indicator_table(process=process)
    texts = {"tn-stp": "Sở Tư pháp đã rà soát, đề xuất đơn giản hóa 25 thủ tục hành chính; 100% hồ sơ giải quyết đúng hạn.",
             "tn-snv": "Sở Nội vụ đã tham mưu sắp xếp tổ chức bộ máy, giảm 12 đầu mối cấp phòng."}
    staff = {"tn-stp": ("vt.stp", "gd.stp", "cv.stp"), "tn-snv": ("vt.snv", "gd.snv", "cv.cchc")}
    for seed, (key, (clerk, head, specialist)) in enumerate(staff.items(), start=1):
        report = UnitReport.objects.filter(obligation=obligation, unit__key=key).first()
        if report is None:
            continue
        unit_steps(report, [("acknowledge", clerk, "acknowledge", {}), ("assign", head, "assign", {"assignee": specialist})])
        if table is not None:
            indicator_values_save(report=report, table=table, entries=_figures(table, seed))
        sections = [{"number": s["number"], "title": s["title"], "children": [],
                     "paragraphs": [texts[key] if index == 0 else "Không có kiến nghị thêm."]} for index, s in enumerate(outline)]
        unit_steps(report, [("draft_report", specialist, "submit", {"title": "Báo cáo tổng kết CCHC giai đoạn 2021 - 2025",
                                                                       "sections": sections}),
                             ("sign_report", head, "sign", {}), ("receive", "th.snv", "approve", {})])
    if current_report(process=process) is None:
        consolidated_report_start(process=process, user=User.objects.get(username="th.snv"))
    process.plan.refresh_from_db()
    return f"{process.plan.symbol} — {TITLE[:70]} [consolidating]"
