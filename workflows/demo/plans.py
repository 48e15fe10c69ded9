"""Demo plans in every state of the plan process, built from the seeds.

- 72/KH-UBND (seed 000): issued 16/3/2025, proposed by 174/TTr-SNV, signed
  KT. CHỦ TỊCH by PCT Nguyễn Thị Loan, partly acknowledged; its Nơi nhận has "(b/c)" and "(để biết)" lines
  (a văn bản đến, no report) and its annex row a chủ trì (Sở Nội vụ) and three phối hợp units;
- a 2027 administrative-reform plan (the shape of seed 003) awaiting the PCT;
- a plan returned to its drafter with the trưởng phòng's comment;
- a plan just drafted, waiting for the trưởng phòng;
- the communes' 2026 plan, Hỏa tốc: its văn bản đến waits first at the communes' văn thư (vt.khason);
- the 2021–2025 reform review with seed 002's outline and 158-row table: two units have reported
  their figures, the Báo cáo tổng hợp is being drafted (``workflows.demo.consolidation``).

Idempotent: a plan whose title exists is not created again.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from viewflow.workflow.status import STATUS

from documents import plaintext
from documents.dates.deadlines import find_deadlines
from documents.models import Register, Urgency
from documents.services import register_open_year
from orgchart.models import Field, Unit
from orgchart.two_factor import demo_code
from workflows.demo.consolidation import load_consolidation_plan
from workflows.flows import PlanFlow, ReceiptFlow, UnitReportFlow, actions, runtime
from workflows.flows.fanout import fanout_obligation
from workflows.flows.signing import action_signs
from workflows.models import ObligationKind, PlanProcess, UnitReport

D = datetime.date

SEED_000_BASES = """Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030
Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030
Căn cứ Chỉ thị số 20-CT/TU ngày 26/4/2023 của Ban Thường vụ Tỉnh ủy về tiếp tục đẩy mạnh cải cách hành chính, nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên đến năm 2025
Căn cứ Quyết định số 2269/QĐ-UBND ngày 23/9/2022 của Chủ tịch UBND tỉnh ban hành Chương trình nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2022 - 2025
Căn cứ Kế hoạch số 21/KH-UBND ngày 21/01/2025 của UBND tỉnh về Triển khai thực hiện một số nhiệm vụ trọng tâm năm 2025"""

SEED_000_BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Đánh giá toàn diện kết quả thực hiện mục tiêu, nhiệm vụ Chương trình nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2022 - 2025, trong đó, tập trung đánh giá những kết quả đạt được, làm rõ những tồn tại, hạn chế, nguyên nhân và bài học kinh nghiệm.
b) Xây dựng nhiệm vụ trọng tâm và tổ chức triển khai thực hiện nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2026 - 2030.
2. Yêu cầu
Báo cáo tổng kết và các chuyên đề phải bảo đảm chất lượng, toàn diện, chuyên sâu, có sức lan tỏa tích cực tới toàn xã hội và cả hệ thống chính trị từ tỉnh đến chính quyền cơ sở.
II. NỘI DUNG TỔNG KẾT
1. Về Chương trình nâng cao hiệu quả quản trị và hành chính công giai đoạn 2022 - 2025
Công tác chỉ đạo, điều hành, triển khai thực hiện; tham gia của người dân ở cấp cơ sở; công khai minh bạch; trách nhiệm giải trình với người dân; kiểm soát tham nhũng trong khu vực công; thủ tục hành chính công; cung ứng dịch vụ công; quản trị môi trường; quản trị điện tử.
III. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành; UBND các huyện, thành phố
Căn cứ Kế hoạch này xây dựng kế hoạch triển khai tổng kết đánh giá thực hiện Chương trình. Thời gian xây dựng kế hoạch chậm nhất 10 ngày, kể từ ngày ban hành Kế hoạch này.
Tổ chức hội nghị tổng kết, xây dựng báo cáo đánh giá kết quả thực hiện Chương trình và báo cáo UBND tỉnh (qua Sở Nội vụ tổng hợp) trước ngày 01/5/2025.
2. Sở Nội vụ
Hướng dẫn đôn đốc các cơ quan, đơn vị, địa phương tổ chức triển khai thực hiện Kế hoạch này; tổng hợp, báo cáo UBND tỉnh theo quy định."""

SEED_000_RECIPIENTS = """Bộ Nội vụ (b/c)
TT. Tỉnh ủy (để biết)
TT. HĐND tỉnh (để biết)
UBMT Tổ quốc Việt Nam tỉnh Thái Nguyên
Chủ tịch và các PCT UBND tỉnh
Các sở, ban, ngành
Các cơ quan Trung ương đóng trên địa bàn tỉnh
UBND các huyện, thành phố
Đài PTHT tỉnh; Báo Thái Nguyên
Lãnh đạo VP UBND tỉnh
Trung tâm Thông tin tỉnh
Lưu: VT, HCC"""

#: One assignment row with its Chủ trì and Phối hợp columns (what seed 000's "2. Sở Nội vụ" asks, as seed 003 lays it
#: out): Sở Nội vụ reports, three units contribute to its report 3 working days earlier (chủ trì / phối hợp / để biết).
SEED_000_TASKS = ("1 | Tổng hợp, báo cáo đánh giá kết quả thực hiện Chương trình giai đoạn 2022 - 2025 | Sở Nội vụ | "
                  "Văn phòng UBND tỉnh, Sở Tư pháp, Sở Tài chính | trước ngày 01/5/2025")
REFORM_2027_BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Cụ thể hóa mục tiêu, nhiệm vụ Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 phù hợp điều kiện của tỉnh trong năm 2027.
II. NỘI DUNG KẾ HOẠCH
1. Cải cách thể chế
Rà soát, kiến nghị vướng mắc, bất cập trong hệ thống văn bản pháp luật.
2. Cải cách thủ tục hành chính
Cắt giảm tối thiểu 4% số quy định và chi phí tuân thủ thủ tục hành chính.
III. TỔ CHỨC THỰC HIỆN
Các sở, ban, ngành, UBND cấp xã xây dựng kế hoạch cải cách hành chính năm 2027 của đơn vị."""

REFORM_2027_TASKS = """1 | Công bố kết quả đánh giá Chỉ số CCHC các sở, ban, ngành, UBND cấp xã năm 2026 | Sở Nội vụ | Văn phòng UBND tỉnh, các sở, ban, ngành, UBND cấp xã | Quý I/2027
2 | Xây dựng Kế hoạch tuyên truyền CCHC năm 2027 | Sở Nội vụ | Các sở, ban, ngành, UBND cấp xã | Quý I/2027
3 | Rà soát, đơn giản hóa thủ tục hành chính nội bộ | Văn phòng UBND tỉnh | Các sở, ban, ngành | Quý III/2027"""

COMMUNES_2026_BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao chất lượng giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công cấp xã sau sắp xếp.
II. NỘI DUNG
1. Rà soát quy trình nội bộ
Công khai đầy đủ, kịp thời thủ tục hành chính trên Cổng Dịch vụ công.
III. TỔ CHỨC THỰC HIỆN
1. UBND các xã, phường, thị trấn
Tổ chức thực hiện Kế hoạch này; báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ tổng hợp) trước ngày 15/12/2026."""

DRAFTS = [
    # title, state, body, tasks, recipients, field code
    ("Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2022 - 2025",
     "issued", SEED_000_BODY, SEED_000_TASKS, SEED_000_RECIPIENTS, "noi-vu"),
    ("Cải cách hành chính tỉnh Thái Nguyên năm 2027", "awaiting_pct", REFORM_2027_BODY, REFORM_2027_TASKS,
     "Bộ Nội vụ (b/c)\nTT. Tỉnh ủy (để biết)\nChủ tịch và các PCT UBND tỉnh\nCác sở, ban, ngành (t/h)\n"
     "UBND các xã, phường, thị trấn (t/h)\nLưu: VT, HCC", "noi-vu"),
    ("Tuyên truyền cải cách hành chính tỉnh Thái Nguyên năm 2027", "returned", REFORM_2027_BODY, "",
     "Các sở, ban, ngành\nUBND các xã, phường, thị trấn\nLưu: VT, HCC", "noi-vu"),
    ("Kiểm tra công tác cải cách hành chính, kiểm tra công vụ năm 2027", "drafting", REFORM_2027_BODY, "",
     "Các sở, ban, ngành\nUBND các xã, phường, thị trấn\nLưu: VT, HCC", "noi-vu"),
    # One plan waiting at each other desk of the ladder, so that every demo login finds work (README table)
    ("Chuyển đổi số trong cơ quan hành chính nhà nước tỉnh Thái Nguyên năm 2027", "awaiting_vet", REFORM_2027_BODY, "",
     "Các sở, ban, ngành\nLưu: VT, HCC", "noi-vu"),
    ("Cải thiện môi trường đầu tư, kinh doanh tỉnh Thái Nguyên năm 2027", "awaiting_pct", REFORM_2027_BODY, "",
     "Các sở, ban, ngành\nLưu: VT, HCC", "kinh-te"),
    ("Cải cách thủ tục hành chính lĩnh vực nông nghiệp, môi trường năm 2027", "awaiting_pct", REFORM_2027_BODY, "",
     "Các sở, ban, ngành\nLưu: VT, HCC", "nong-nghiep"),
    ("Nâng cao chất lượng phục vụ hành chính công cấp xã năm 2026", "issued_2026", COMMUNES_2026_BODY, "",
     "UBND các xã, phường, thị trấn\nLưu: VT, HCC", "noi-vu"),
    ("Thực hiện Chương trình tổng thể cải cách hành chính tỉnh Thái Nguyên giai đoạn 2026 - 2030", "awaiting_ct",
     REFORM_2027_BODY, "", "Bộ Nội vụ\nCác sở, ban, ngành\nUBND các xã, phường, thị trấn\nLưu: VT, HCC", "noi-vu"),
]


#: Hạn trình of the demo drafts: one overdue, two still ahead (as of late 2026).
DUE_DATES = {"issued": D(2025, 3, 15), "awaiting_pct": D(2026, 11, 20), "returned": D(2026, 12, 5), "drafting": D(2026, 12, 15),
             "awaiting_vet": D(2026, 12, 4), "awaiting_ct": D(2026, 12, 10), "issued_2026": D(2026, 11, 20)}


#: Độ khẩn of the demo plans: the communes' 2026 plan goes out Hỏa tốc, so that its văn bản đến waits first in
#: vt.khason's Việc của tôi, with its badge, and is counted on the dashboard once past ND30's clock.
URGENCIES = {"issued_2026": Urgency.FLASH}


def _content(body: str, tasks: str, recipients: str, bases: str = SEED_000_BASES) -> dict:
    rows = plaintext.tasks_from_text(tasks)
    for row in rows:  # a fixed date, as the Word import dates a row ("trước ngày 01/5/2025")
        found = find_deadlines(row["deadline_text"]) if row["deadline_text"] else []
        row["due_date"] = found[0].due_date.isoformat() if found and found[0].due_date else None
    return {
        "legal_bases": plaintext.legal_bases_from_text(bases),
        "sections": plaintext.sections_from_text(body),
        "tasks": rows,
        "recipients": plaintext.recipients_from_text(recipients),
    }


def _open_task(process, step):
    return process.task_set.get(flow_task=getattr(PlanFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])


#: The demo's users sign as a person would: one code from their demo authenticator, then within the signing window.
_SIGNING_SESSION: dict = {}


def demo_perform(task, user, action, data=None):
    """``actions.task_perform`` as the demo user would do it, typing their demo code when the action signs."""
    data = dict(data or {})
    if action_signs(step=task.flow_task.name, action=action):
        data["otp"] = demo_code(user)
    return actions.task_perform(task_id=task.pk, user=user, action=action, data=data, signing_session=_SIGNING_SESSION)


def _act(process, step, username, action="approve", **data):
    user = get_user_model().objects.get(username=username)
    data.setdefault("pin", settings.KEHOACH_DEMO_PIN)  # the demo's software keys (load_demo creates them)
    demo_perform(_open_task(process, step), user, action, data)


@transaction.atomic
def load_plans() -> list[str]:
    """Create the demo plans; return one line per plan for the console."""
    User = get_user_model()
    drafter = User.objects.get(username="cv.cchc")
    division = Unit.objects.get(key="tn-snv-cchc")
    lines = []
    for title, state, body, tasks, recipients, field_code in DRAFTS:
        existing = PlanProcess.objects.filter(plan__title=title).first()
        if existing is None:
            existing = _build(title=title, state=state, content=_content(body, tasks, recipients), drafter=drafter,
                              division=division, field=Field.objects.get(code=field_code))
        existing.plan.refresh_from_db()
        lines.append(f"{existing.plan.symbol or 'Dự thảo'} — {title[:70]} [{state}]")

    lines.append(load_consolidation_plan(plan_actions=_act, unit_steps=_unit_steps))
    from workflows.demo.cycles import load_cycles

    lines.append(load_cycles(unit_steps=_unit_steps))
    from workflows.demo.reminders import load_reminders

    lines.append(load_reminders())
    return lines


def _build(*, title, state, content, drafter, division, field):
    process = runtime.plan_start(user=drafter, division=division, title=title, content=content, field=field,
                                 due_date=DUE_DATES.get(state), collective=state == "awaiting_ct",
                                 urgency=URGENCIES.get(state, ""))
    if state == "drafting":
        return process
    if state == "returned":
        _act(process, "review", "tp.cchc", "return", comment="Đề nghị bổ sung nội dung tuyên truyền trên Cổng thông tin điện tử tỉnh.")
        return process
    if state == "issued":
        # The seed plan was 72/KH-UBND proposed by 174/TTr-SNV: carry over the numbers taken on paper before.
        ubnd, snv = Unit.objects.get(key="tn-ubnd"), Unit.objects.get(key="tn-snv")
        register_open_year(register=Register.objects.get(unit=ubnd, kind="outgoing", doc_type=""), year=2025, last_number=71)
        register_open_year(register=Register.objects.get(unit=snv, kind="outgoing", doc_type=""), year=2025, last_number=173)
    _act(process, "review", "tp.cchc")
    signed_on = D(2025, 3, 13) if state == "issued" else None
    _act(process, "sign_submission", "gd.snv", "sign", on=signed_on)
    if state == "awaiting_vet":  # in Văn phòng UBND's queue: cv.vp or cvp.vp takes it
        return process
    _act(process, "vet", "cv.vp")
    if state in ("awaiting_pct", "awaiting_ct"):  # the PCT of the plan's field, or the Chủ tịch for the collective
        return process
    if state == "issued_2026":  # to the communes of the two-level chart: vt.khason receives it, ct.khason assigns
        return _issue_to_communes(process)
    _act(process, "decide", "pct.loan", "sign", on=D(2025, 3, 16))
    _act(process, "issue", "vt.ubnd", "issue", issued_on="2025-03-16", place="Thái Nguyên")
    # The units it obliges: opened now (the worker would do it too, and find nothing left to do).

    for obligation in process.obligations.all():
        fanout_obligation(obligation_id=obligation.pk)
    report = UnitReport.objects.filter(obligation__plan=process, obligation__kind=ObligationKind.REPORT, unit__key="tn-stp").first()
    if report is not None:
        _unit_steps(report, [("acknowledge", "vt.stp", "acknowledge", {}),
                             ("assign", "gd.stp", "assign", {"assignee": "cv.stp"}),
                             ("draft_report", "cv.stp", "submit", {"title": "Báo cáo tổng kết Chương trình giai đoạn 2022 - 2025",
                                                                   "sections": [{"number": "I", "title": "CÔNG TÁC CHỈ ĐẠO",
                                                                                 "paragraphs": ["Đã ban hành kế hoạch triển khai."],
                                                                                 "children": []}]})])
        # written and sent up: gd.stp signs it (the demo leaves that to him), then th.snv accepts it
    # Sở Tư pháp's implementing plan: acknowledged and handed to cv.stp, who drafts it (gd.stp signs it next)
    implementing = UnitReport.objects.filter(obligation__plan=process, obligation__kind=ObligationKind.IMPLEMENTING_PLAN,
                                             unit__key="tn-stp").first()
    if implementing is not None:
        _unit_steps(implementing, [("acknowledge", "vt.stp", "acknowledge", {}),
                                   ("assign", "gd.stp", "assign", {"assignee": "cv.stp"})])
        _extension_waiting(implementing, "cv.stp")
    snv = UnitReport.objects.filter(obligation__plan=process, obligation__kind=ObligationKind.REPORT, unit__key="tn-snv").first()
    if snv is not None:
        _unit_steps(snv, [("acknowledge", "vt.snv", "acknowledge", {})])
    # Part of the recipients have received it.
    for receipt in process.plan.receipts.filter(unit__key__in=["tn-stp", "tn-snv"]):
        clerk = get_user_model().objects.filter(holdings__position__unit=receipt.unit, holdings__position__kind="clerk").first()
        if clerk is None:
            continue
        task = receipt.task_set.get(flow_task=ReceiptFlow.acknowledge)
        actions.task_perform(task_id=task.pk, user=clerk, action="acknowledge")
    return process


def _issue_to_communes(process):
    from workflows.flows.fanout import fanout_obligation
    from workflows.models import UnitReport

    _act(process, "decide", "pct.loan", "sign", on=D(2026, 11, 24))
    _act(process, "issue", "vt.ubnd", "issue", issued_on="2026-11-25", place="Thái Nguyên")
    for obligation in process.obligations.all():
        fanout_obligation(obligation_id=obligation.pk)
    report = UnitReport.objects.filter(obligation__plan=process, unit__key="tn-x-khason-2025").first()
    if report is not None:
        _unit_steps(report, [("acknowledge", "vt.khason", "acknowledge", {})])
    return process


def _extension_waiting(report, username):
    """One deadline extension request waiting for the consolidating body's head (gd.snv decides it in Việc của tôi)."""
    import datetime

    from django.utils import timezone

    from workflows.reports.extensions import extension_request

    report.refresh_from_db()
    if report.extensions.exists():
        return
    start = max(report.due_date or timezone.localdate(), timezone.localdate())
    extension_request(report=report, user=get_user_model().objects.get(username=username),
                      new_due_date=start + datetime.timedelta(days=30),
                      reason="Kế hoạch triển khai cần ý kiến góp ý của các phòng chuyên môn và UBND cấp xã; "
                             "đề nghị gia hạn thêm 30 ngày.")


def _unit_steps(report, steps):
    User = get_user_model()
    for step, username, action, data in steps:
        report.refresh_from_db()
        task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
        demo_perform(task, User.objects.get(username=username), action, {"pin": settings.KEHOACH_DEMO_PIN, **data})
