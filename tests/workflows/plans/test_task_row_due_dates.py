"""An assignment row's due date (issue 17): a row typed as plain text is due on the date its deadline text states; a
row that states none is due at the plan's general reporting deadline; its phối hợp units ``cooperation_days``
working days before its chủ trì units, in every case."""

import datetime

from orgchart.models import Field, Unit
from workflows.flows import PlanFlow
from workflows.models import Obligation, ObligationKind, PlanProcess, UnitReport, UnitRole
from workflows.plans import roles

D = datetime.date

# Seed 000's TỔ CHỨC THỰC HIỆN (its report duty: "… báo cáo UBND tỉnh (qua Sở Nội vụ tổng hợp) trước ngày 01/5/2025")
SEED_000_BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đánh giá toàn diện kết quả thực hiện Chương trình.
III. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành; UBND các huyện, thành phố
- Tổ chức hội nghị tổng kết, xây dựng báo cáo đánh giá kết quả thực hiện Chương trình nâng cao hiệu quả quản trị và \
hành chính công giai đoạn 2022 - 2025 và báo cáo UBND tỉnh (qua Sở Nội vụ tổng hợp) trước ngày 01/5/2025."""

# Seed 003's Danh mục nhiệm vụ, typed as plain text: row 11 as printed (its time is a reference to another plan, no
# date), row 23 with row 11's time, row 25 as printed (a quarter: the row's own date, in its text only).
SEED_003_ROWS = "\n".join([
    "11 | Tiếp tục rà soát, công bố, công khai TTHC nội bộ giữa các cơ quan hành chính nhà nước. Triển khai thực thi "
    "phương án đơn giản hóa TTHC nội bộ giữa các cơ quan nhà nước | Các sở, ban, ngành, UBND cấp huyện, UBND cấp xã | "
    "Văn phòng UBND tỉnh | Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022",
    "23 | Đo lường sự hài lòng của người dân đối với dịch vụ y tế công năm 2024 | Sở Y tế | Sở Nội vụ, UBND huyện, "
    "thành phố | Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022",
    "25 | Xây dựng và phê duyệt Đề án vị trí việc làm và triển khai chế độ tiền lương mới đối với đội ngũ cán bộ, công "
    "chức, viên chức thuộc tỉnh | Các sở, ban, ngành liên quan; UBND cấp huyện | Sở Nội vụ | Quý II/2024",
])


def _issue(journey, on_day, client, capture, *, body=SEED_000_BODY, tasks=SEED_003_ROWS):
    journey.login("cv.cchc")
    data = {"division": Unit.objects.get(key="tn-snv-cchc").pk, "title": "Kế hoạch tổng kết (thử hạn của dòng phụ lục)",
            "field": Field.objects.get(code="noi-vu").pk, "due_date": "20/03/2025", "body": body,
            "legal_bases": "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", "tasks": tasks,
            "recipients": "Các sở, ban, ngành\nLưu: VT, HCC", "submission_title": ""}
    with on_day(D(2025, 3, 13)):
        assert client.post(PlanFlow.start.reverse("execute"), data).status_code == 302
        process = PlanProcess.objects.latest("pk")
        with capture(execute=True):
            journey.run_to_issue(process)
    return PlanProcess.objects.get(pk=process.pk)


def _row(process, stt):
    return Obligation.objects.get(plan=process, kind=ObligationKind.TASK, task_row__stt=stt)


def _due(obligation, role):
    return set(UnitReport.objects.filter(obligation=obligation, role=role).values_list("due_date", flat=True))


def test_a_row_without_a_date_is_due_at_the_plans_reporting_deadline(journey, on_day, client,
                                                                     django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, client, django_capture_on_commit_callbacks)
    report = Obligation.objects.get(plan=process, kind=ObligationKind.REPORT)
    assert report.due_date == D(2025, 5, 1)
    referenced = _row(process, "11")  # "Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022": no date of its own
    assert referenced.deadline_text.startswith("Theo Kế hoạch số 160") and referenced.due_date == D(2025, 5, 1)
    assert _due(referenced, UnitRole.LEAD) == {D(2025, 5, 1)}
    health = _row(process, "23")
    assert health.due_date == D(2025, 5, 1) and _due(health, UnitRole.LEAD) == {D(2025, 5, 1)}
    # phối hợp: three working days before (back over 1/5, 30/4; Saturday 26/4 was worked in exchange for 2/5)
    cooperating = roles.cooperating_due(due_date=D(2025, 5, 1), days=process.cooperation_days)
    assert cooperating == D(2025, 4, 26)
    assert _due(health, UnitRole.COOPERATING) == {cooperating}
    keys = set(UnitReport.objects.filter(obligation=health, role=UnitRole.COOPERATING).values_list("unit__key", flat=True))
    assert "tn-snv" in keys and "tn-h-phubinh" in keys


def test_a_plain_text_row_is_due_on_the_date_its_deadline_text_states(journey, on_day, client,
                                                                     django_capture_on_commit_callbacks):
    process = _issue(journey, on_day, client, django_capture_on_commit_callbacks)
    quarter = _row(process, "25")  # "Quý II/2024", typed: the row carries the text only
    assert quarter.task_row["due_date"] is None and quarter.due_date == D(2024, 6, 30)
    assert _due(quarter, UnitRole.LEAD) == {D(2024, 6, 30)}
    assert _due(quarter, UnitRole.COOPERATING) == {roles.cooperating_due(due_date=D(2024, 6, 30), days=3)} == {D(2024, 6, 26)}


def test_without_a_reporting_deadline_a_dateless_row_stays_without_one_for_all_its_units(
        journey, on_day, client, django_capture_on_commit_callbacks):
    body = SEED_000_BODY.replace(" trước ngày 01/5/2025", "")
    process = _issue(journey, on_day, client, django_capture_on_commit_callbacks, body=body)
    assert not Obligation.objects.filter(plan=process, kind=ObligationKind.REPORT).exists()
    health = _row(process, "23")
    assert health.due_date is None
    assert _due(health, UnitRole.LEAD) == {None} and _due(health, UnitRole.COOPERATING) == {None}
