"""Report cycles of a recurring duty: one per period, labelled as the documents say, until the plan's end."""

import datetime

import pytest

from documents.dates.cycles import plan_years, recurring_cycles
from documents.dates.deadlines import find_deadlines, parse_deadline

D = datetime.date

# The seeds' own phrasings (seeds/003 line 162, seeds/000 line 109).
SEED_003_162 = ("- Xây dựng kế hoạch CCHC năm 2024 của đơn vị để ban hành trước ngày 10/01/2024. Đảm bảo có trọng tâm, "
                "trọng điểm, phù hợp với nguồn lực, điều kiện thực tế; rõ nhiệm vụ, thời gian thực hiện, phân công rõ trách "
                "nhiệm từng cá nhân, tập thể; định kỳ hàng quý, 6 tháng, năm hoặc đột xuất báo cáo kết quả thực hiện công "
                "tác CCHC về Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh.")
SEED_000_109 = ("1. Đánh giá về các hoạt động chỉ đạo, điều hành của lãnh đạo cơ quan, đơn vị, địa phương đối với công tác "
                "nâng cao hiệu quả quản trị và hành chính công (ban hành chương trình, kế hoạch hằng năm, giai đoạn; ban "
                "hành văn bản chỉ đạo, triển khai thực hiện; tổ chức hội nghị, các lớp tập huấn…).")


def cycles_of(text, *, start, until):
    deadline = parse_deadline(text, issued_on=start)
    assert deadline.recurring, deadline
    return [(c.sequence, c.label, c.period_start, c.period_end, c.due_date)
            for c in recurring_cycles(periods=deadline.periods, annual_dates=deadline.annual_dates, start=start, until=until)]


def test_hang_nam_is_one_cycle_a_year_until_the_plans_end():
    assert cycles_of("Hằng năm", start=D(2025, 3, 16), until=D(2027, 12, 31)) == [
        (1, "Năm 2025", D(2025, 1, 1), D(2025, 12, 31), D(2025, 12, 31)),
        (2, "Năm 2026", D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 31)),
        (3, "Năm 2027", D(2027, 1, 1), D(2027, 12, 31), D(2027, 12, 31)),
    ]


def test_dinh_ky_6_thang_is_two_cycles_a_year():
    assert cycles_of("định kỳ 6 tháng", start=D(2025, 3, 16), until=D(2026, 12, 31)) == [
        (1, "6 tháng đầu năm 2025", D(2025, 1, 1), D(2025, 6, 30), D(2025, 6, 30)),
        (2, "6 tháng cuối năm 2025", D(2025, 7, 1), D(2025, 12, 31), D(2025, 12, 31)),
        (3, "6 tháng đầu năm 2026", D(2026, 1, 1), D(2026, 6, 30), D(2026, 6, 30)),
        (4, "6 tháng cuối năm 2026", D(2026, 7, 1), D(2026, 12, 31), D(2026, 12, 31)),
    ]


def test_hang_quy_starts_with_the_quarter_of_the_issue():
    assert [c[1:] for c in cycles_of("hằng quý", start=D(2025, 5, 10), until=D(2025, 12, 31))] == [
        ("Quý II năm 2025", D(2025, 4, 1), D(2025, 6, 30), D(2025, 6, 30)),
        ("Quý III năm 2025", D(2025, 7, 1), D(2025, 9, 30), D(2025, 9, 30)),
        ("Quý IV năm 2025", D(2025, 10, 1), D(2025, 12, 31), D(2025, 12, 31)),
    ]


def test_two_days_every_year_are_two_cycles_a_year_each_covering_the_days_since_the_last():
    assert cycles_of("trước ngày 01/6 và 15/11 hằng năm", start=D(2025, 3, 16), until=D(2026, 12, 31)) == [
        (1, "Kỳ hạn 01/06/2025", D(2025, 3, 16), D(2025, 6, 1), D(2025, 6, 1)),
        (2, "Kỳ hạn 15/11/2025", D(2025, 6, 2), D(2025, 11, 15), D(2025, 11, 15)),
        (3, "Kỳ hạn 01/06/2026", D(2025, 11, 16), D(2026, 6, 1), D(2026, 6, 1)),
        (4, "Kỳ hạn 15/11/2026", D(2026, 6, 2), D(2026, 11, 15), D(2026, 11, 15)),
    ]


def test_a_day_already_past_at_issue_is_not_a_cycle():
    assert [c[1] for c in cycles_of("trước ngày 01/6 và 15/11 hằng năm", start=D(2025, 6, 2), until=D(2025, 12, 31))] \
        == ["Kỳ hạn 15/11/2025"]


def test_the_seed_003_quarterly_six_monthly_and_yearly_duty_names_each_cycle_by_its_coarsest_period():
    [recurring] = [d for d in find_deadlines(SEED_003_162, issued_on=D(2023, 12, 20)) if d.recurring]
    assert recurring.periods == ("quarter", "half_year", "year")
    start = D(2024, 1, 1)  # "Kế hoạch Cải cách hành chính tỉnh Thái Nguyên năm 2024": its cycles are 2024's
    cycles = recurring_cycles(periods=recurring.periods, start=start, until=D(2024, 12, 31))
    assert [(c.label, c.period_start, c.due_date) for c in cycles] == [
        ("Quý I năm 2024", D(2024, 1, 1), D(2024, 3, 31)),
        ("6 tháng đầu năm 2024", D(2024, 1, 1), D(2024, 6, 30)),
        ("Quý III năm 2024", D(2024, 7, 1), D(2024, 9, 30)),
        ("Năm 2024", D(2024, 1, 1), D(2024, 12, 31)),
    ]


def test_an_incidental_hang_nam_in_the_seed_000_outline_is_no_recurring_duty():
    assert [d for d in find_deadlines(SEED_000_109, issued_on=D(2025, 3, 16)) if d.recurring] == []


def test_thuong_xuyen_is_ongoing_without_periods_of_its_own():
    deadline = parse_deadline("Thường xuyên", issued_on=D(2025, 3, 16))
    assert (deadline.kind, deadline.periods) == ("ongoing", ())
    assert recurring_cycles(periods=("half_year",), start=D(2025, 3, 16), until=D(2025, 12, 31))[1].label \
        == "6 tháng cuối năm 2025"


def test_nothing_after_the_end_and_nothing_when_the_end_is_before_the_start():
    assert recurring_cycles(periods=("year",), start=D(2025, 3, 16), until=D(2025, 12, 30)) == []
    assert recurring_cycles(periods=("quarter",), start=D(2026, 1, 1), until=D(2025, 12, 31)) == []


@pytest.mark.parametrize(("title", "issued_on", "years"), [
    ("Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2022 - 2025",
     D(2025, 3, 16), (2022, 2025)),
    ("TỔNG KẾT CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TỈNH THÁI BÌNH GIAI ĐOẠN 2021-2025 VÀ NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM "
     "GIAI ĐOẠN 2026-2030", D(2025, 4, 1), (2021, 2025)),
    ("Cải cách hành chính tỉnh Thái Nguyên năm 2024", D(2023, 12, 20), (2024, 2024)),
    ("Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công", D(2025, 3, 16), (2025, 2025)),
])
def test_the_plans_years_come_from_its_title_else_the_issue_year(title, issued_on, years):
    assert plan_years(title, issued_on=issued_on) == years
