"""The demo's recurring duty: "báo cáo định kỳ 6 tháng" under the 2022–2025 review plan (72/KH-UBND), with two
report cycles opened by the beat: "6 tháng đầu năm 2025" (Sở Tư pháp's report sent and accepted, Sở Tài chính's
still open) and "6 tháng cuối năm 2025" (open, nothing sent yet). Theo dõi and the Bảng tổng hợp offer both; Sở Nội vụ
has started the first cycle's Báo cáo tổng hợp (from Sở Tư pháp's report), the second's is still to be started."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from orgchart.models import Unit
from workflows.flows.cycles import cycles_tick
from workflows.flows.runtime import consolidated_report_start
from workflows.models import Obligation, ObligationKind, PlanProcess, UnitReport
from workflows.plans import cycles as plan_cycles
from workflows.reports.consolidated import current_report

D = datetime.date
PLAN_TITLE = "Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2022 - 2025"
DUTY = "Báo cáo định kỳ 6 tháng kết quả nâng cao hiệu quả quản trị và hành chính công"
#: the days the beat opened the two cycles (ten working days before 30/6 and 31/12/2025)
TICKS = (D(2025, 6, 16), D(2025, 12, 17))


def load_cycles(*, unit_steps) -> str:
    """Idempotent: the duty is made once, each tick opens nothing twice. ``unit_steps`` from ``workflows.demo.plans``."""
    process = PlanProcess.objects.filter(plan__title=PLAN_TITLE, plan__issued_on__isnull=False).first()
    if process is None:
        return "Kỳ báo cáo: chưa có kế hoạch đã ban hành"
    obligation = Obligation.objects.filter(plan=process, title=DUTY).first()
    if obligation is None:
        obligation = Obligation.objects.create(
            plan=process, kind=ObligationKind.REPORT, title=DUTY, recipients=["Sở Tư pháp", "Sở Tài chính"],
            consolidator=Unit.objects.get(key="tn-snv-cchc"), deadline_text="định kỳ 6 tháng", cycle_periods=["half_year"],
            outline=[{"number": "I", "title": "KẾT QUẢ THỰC HIỆN"}, {"number": "II", "title": "KIẾN NGHỊ, ĐỀ XUẤT"}])
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    first = obligation.cycles.get(sequence=1)
    cycles_tick(today=TICKS[0], obligations=[obligation.pk])
    report = UnitReport.objects.filter(cycle=first, unit__key="tn-stp").first()
    if report is not None and report.state == "not_received":
        sections = [{"number": "I", "title": "KẾT QUẢ THỰC HIỆN", "children": [],
                     "paragraphs": ["6 tháng đầu năm 2025, Sở Tư pháp rà soát 25 thủ tục hành chính, 100% hồ sơ đúng hạn."]},
                    {"number": "II", "title": "KIẾN NGHỊ, ĐỀ XUẤT", "children": [], "paragraphs": ["Không."]}]
        unit_steps(report, [("acknowledge", "vt.stp", "acknowledge", {}), ("assign", "gd.stp", "assign", {"assignee": "cv.stp"}),
                            ("draft_report", "cv.stp", "submit", {"title": "Báo cáo 6 tháng đầu năm 2025", "sections": sections}),
                            ("sign_report", "gd.stp", "sign", {}), ("receive", "th.snv", "approve", {})])
    if current_report(process=process, cycle=first) is None:
        consolidated_report_start(process=process, user=get_user_model().objects.get(username="th.snv"), cycle=first)
    cycles_tick(today=TICKS[1], obligations=[obligation.pk])
    opened = obligation.cycles.filter(opened_at__isnull=False).order_by("sequence")
    return "Kỳ báo cáo định kỳ 6 tháng: " + "; ".join(
        f"{c.label} ({c.unit_reports.filter(state='accepted').count()}/{c.unit_reports.count()} đã chấp nhận)" for c in opened)
