"""Deadline rules: every shape of the seed plans (quoted verbatim) becomes a date."""

from datetime import date, timedelta

import holidays
import pytest

from documents.dates.deadlines import (
    ANNOUNCED_OVERRIDES,
    Deadline,
    DeadlineKind,
    WorkingCalendar,
    find_deadlines,
    next_occurrence,
    parse_deadline,
)
from documents.dates.working_days import ANNOUNCED_SOURCES

D = date
ISSUED_000 = D(2025, 3, 16)  # seeds/000: 72/KH-UBND, Thái Nguyên, ngày 16 tháng 3 năm 2025


# --- the working-day calendar ------------------------------------------------------------------


class TestWorkingCalendar:
    cal = WorkingCalendar()

    def test_the_holidays_package_knows_tet(self):
        # What the calendar builds on: holidays 0.109 has Tết 2025 and 2026, 30/4 – 1/5 and 2/9.
        vn = holidays.country_holidays("VN", years=[2025, 2026])
        for d in [D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 31), D(2026, 2, 16), D(2026, 2, 17),
                  D(2026, 2, 20), D(2025, 4, 30), D(2025, 5, 1), D(2025, 9, 2), D(2026, 9, 2)]:
            assert d in vn
        # ... but not the worked Saturdays nor the 2026 New Year bridge: ANNOUNCED_OVERRIDES adds them.
        assert D(2026, 1, 2) not in vn
        assert ANNOUNCED_OVERRIDES[D(2026, 1, 2)] is False
        for saturday in [D(2024, 5, 4), D(2025, 4, 26), D(2026, 1, 10), D(2026, 8, 22)]:
            assert saturday.weekday() == 5
            assert ANNOUNCED_OVERRIDES[saturday] is True
        assert set(ANNOUNCED_SOURCES) == set(ANNOUNCED_OVERRIDES)

    @pytest.mark.parametrize(
        "d",
        [
            *[D(2025, 1, 25) + timedelta(days=i) for i in range(9)],  # Tết Ất Tỵ 25/1 – 2/2/2025
            *[D(2026, 2, 14) + timedelta(days=i) for i in range(9)],  # Tết Bính Ngọ 14/2 – 22/2/2026
            D(2025, 1, 1), D(2025, 4, 7), D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2), D(2025, 9, 1),
            D(2025, 9, 2), D(2026, 1, 1), D(2026, 1, 2), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2),
            D(2025, 3, 15), D(2025, 3, 16),
        ],
    )
    def test_days_off(self, d):
        assert not self.cal.is_working_day(d)

    @pytest.mark.parametrize(
        "d",
        [D(2025, 1, 24), D(2025, 2, 3), D(2026, 2, 13), D(2026, 2, 23), D(2025, 3, 17),
         D(2025, 4, 26), D(2024, 5, 4), D(2026, 1, 10), D(2026, 8, 22)],  # the last four: Saturdays worked
    )
    def test_working_days(self, d):
        assert self.cal.is_working_day(d)

    def test_counting_across_tet_2025(self):
        assert self.cal.add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
        assert self.cal.add_working_days(D(2025, 1, 20), 5) == D(2025, 2, 3)
        assert self.cal.working_days_between(D(2025, 1, 24), D(2025, 2, 3)) == 1
        assert self.cal.working_days_between(D(2025, 1, 17), D(2025, 2, 7)) == 10
        assert self.cal.add_working_days(D(2025, 2, 3), -1) == D(2025, 1, 24)

    def test_counting_across_tet_2026(self):
        assert self.cal.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
        assert self.cal.working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 5
        assert self.cal.add_working_days(D(2026, 2, 9), 10) == D(2026, 3, 2)

    def test_swapped_saturday_of_april_2025(self):
        # Friday 2/5/2025 off, Saturday 26/4/2025 worked: 30/4 – 4/5 is a five-day break.
        assert self.cal.add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
        assert self.cal.add_working_days(D(2025, 4, 26), 1) == D(2025, 4, 28)
        assert self.cal.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)

    def test_caller_overrides(self):
        cal = WorkingCalendar({D(2025, 3, 22): True, D(2025, 3, 24): False})
        assert cal.add_working_days(D(2025, 3, 21), 1) == D(2025, 3, 22)  # a swapped Saturday
        assert cal.add_working_days(D(2025, 3, 22), 1) == D(2025, 3, 25)  # Monday announced off
        assert cal.working_days_between(D(2025, 3, 21), D(2025, 3, 28)) == 5
        assert self.cal.working_days_between(D(2025, 3, 21), D(2025, 3, 28)) == 5
        assert cal.add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)  # announced days still apply
        assert cal.overrides[D(2025, 4, 26)] is True

    def test_without_the_announced_days(self):
        cal = WorkingCalendar(include_announced=False)
        assert not cal.is_working_day(D(2025, 4, 26))
        assert cal.is_working_day(D(2026, 1, 2))
        assert not cal.is_working_day(D(2025, 1, 29))  # Tết still comes from `holidays`

    def test_zero_and_round_trip(self):
        assert self.cal.add_working_days(D(2025, 2, 1), 0) == D(2025, 2, 1)
        assert self.cal.working_days_between(D(2025, 5, 1), D(2025, 5, 1)) == 0
        assert self.cal.working_days_between(D(2025, 2, 3), D(2025, 1, 24)) == -1
        start = D(2024, 12, 20)
        for n in range(0, 300, 7):
            end = self.cal.add_working_days(start, n)
            assert self.cal.working_days_between(start, end) == n
            assert n == 0 or self.cal.is_working_day(end)


# --- one deadline, one date ------------------------------------------------------------------


def due(text: str, **kwargs) -> Deadline:
    return parse_deadline(text, **kwargs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # every "trước ngày" of the seeds, verbatim
        ("trước ngày 01/5/2025", D(2025, 5, 1)),
        ("trước ngày 15/5/2025", D(2025, 5, 15)),
        ("Trước ngày 25/6/2025.", D(2025, 6, 25)),
        ("trước ngày 31/5/2025.", D(2025, 5, 31)),
        ("trước ngày 10/01/2024", D(2024, 1, 10)),
        ("TRƯỚC   NGÀY 16 /3/2025", D(2025, 3, 16)),
        ("trước ngày 16 tháng 3 năm 2025", D(2025, 3, 16)),
    ],
)
def test_before(text, expected):
    deadline = due(text)
    assert (deadline.kind, deadline.due_date, deadline.exclusive) == (DeadlineKind.BEFORE, expected, True)
    assert deadline.kind == "before"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("chậm nhất ngày 31/5/2025", D(2025, 5, 31)), ("Hạn chót là ngày 15/5/2025", D(2025, 5, 15)),
     ("đến hết ngày 30/6/2025", D(2025, 6, 30)), ("01/5/2025", D(2025, 5, 1)),
     ("ngày 31 tháng 5 năm 2022", D(2022, 5, 31))],
)
def test_fixed(text, expected):
    deadline = due(text)
    assert (deadline.kind, deadline.due_date, deadline.exclusive) == ("fixed", expected, False)


class TestAfterIssue:
    SEED = "chậm nhất 10 ngày, kể từ ngày ban hành"

    def test_seed_000(self):
        deadline = due(self.SEED, issued_on=ISSUED_000)
        assert (deadline.kind, deadline.due_date, deadline.offset_days) == ("after_issue", D(2025, 3, 26), 10)
        assert not deadline.working_days

    def test_needs_the_issue_date(self):
        deadline = due(self.SEED)
        assert (deadline.kind, deadline.due_date, deadline.offset_days) == ("after_issue", None, 10)

    def test_last_day_off_moves_to_the_next_working_day(self):
        assert due(self.SEED, issued_on=D(2025, 3, 20)).due_date == D(2025, 3, 31)  # 30/3 is a Sunday
        assert due(self.SEED, issued_on=D(2025, 1, 19)).due_date == D(2025, 2, 3)  # 29/1 is Tết

    def test_working_days(self):
        text = "trong vòng 15 ngày làm việc kể từ ngày ban hành"
        deadline = due(text, issued_on=ISSUED_000)
        assert (deadline.kind, deadline.due_date, deadline.working_days) == ("after_issue", D(2025, 4, 4), True)
        # 21 – 24/1, then Tết, then 3 – 7/2, 10 – 14/2 and 17/2: the fifteenth.
        assert due(text, issued_on=D(2025, 1, 20)).due_date == D(2025, 2, 17)
        # 11 – 13/2, then Tết, then 23 – 27/2, 2 – 6/3, 9/3 and 10/3: the fifteenth.
        assert due(text, issued_on=D(2026, 2, 10)).due_date == D(2026, 3, 10)

    def test_working_days_use_the_given_calendar(self):
        text = "chậm nhất 5 ngày làm việc, kể từ ngày ban hành"
        assert due(text, issued_on=D(2025, 3, 21)).due_date == D(2025, 3, 28)
        swapped = WorkingCalendar({D(2025, 3, 22): True})
        assert due(text, issued_on=D(2025, 3, 21), calendar=swapped).due_date == D(2025, 3, 27)

    def test_other_anchor_is_not_the_issue_date(self):
        deadline = due("trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản", issued_on=ISSUED_000)
        assert (deadline.kind, deadline.due_date, deadline.offset_days) == ("unknown", None, 5)


@pytest.mark.parametrize(
    ("text", "kind", "starts_on", "due_date"),
    [
        ("Tháng 11 năm 2020", "month", D(2020, 11, 1), D(2020, 11, 30)),
        ("tháng 11/2020", "month", D(2020, 11, 1), D(2020, 11, 30)),
        ("Tháng 02-2024", "month", D(2024, 2, 1), D(2024, 2, 29)),
        ("Quý I/2024", "quarter", D(2024, 1, 1), D(2024, 3, 31)),
        ("Quý III năm 2025", "quarter", D(2025, 7, 1), D(2025, 9, 30)),
        ("Quý IV năm 2020", "quarter", D(2020, 10, 1), D(2020, 12, 31)),
        ("Quí IV-2025", "quarter", D(2025, 10, 1), D(2025, 12, 31)),
        ("quý 4/2025", "quarter", D(2025, 10, 1), D(2025, 12, 31)),
        ("QUÝ  ii  /  2025", "quarter", D(2025, 4, 1), D(2025, 6, 30)),
        ("6 tháng đầu năm 2025", "half_year", D(2025, 1, 1), D(2025, 6, 30)),
        ("6 tháng cuối năm 2025", "half_year", D(2025, 7, 1), D(2025, 12, 31)),
        ("Năm 2024", "year", D(2024, 1, 1), D(2024, 12, 31)),
        ("2024", "year", D(2024, 1, 1), D(2024, 12, 31)),
        ("Quý IV/2025 - Quý II/2026", "range", D(2025, 10, 1), D(2026, 6, 30)),
        ("Tháng 10 - Tháng 12/2025", "range", D(2025, 10, 1), D(2025, 12, 31)),
        ("Quý III - IV/2025", "range", D(2025, 7, 1), D(2025, 12, 31)),
        ("Từ tháng 11/2025 đến tháng 02/2026", "range", D(2025, 11, 1), D(2026, 2, 28)),
        ("Năm 2025 - 2026", "range", D(2025, 1, 1), D(2026, 12, 31)),
        ("Quý II/2026 - Quý IV/2025", "quarter", D(2025, 10, 1), D(2025, 12, 31)),  # backwards: no range
    ],
)
def test_periods(text, kind, starts_on, due_date):
    deadline = due(text)
    assert (deadline.kind, deadline.starts_on, deadline.due_date) == (kind, starts_on, due_date)
    assert not deadline.recurring


def test_year_left_out_comes_from_the_issue_date():
    assert due("Quý IV", issued_on=ISSUED_000).due_date == D(2025, 12, 31)
    assert due("trước ngày 15/5", issued_on=ISSUED_000).due_date == D(2025, 5, 15)
    assert due("trước ngày 10/01", issued_on=D(2024, 12, 20)).due_date == D(2025, 1, 10)
    assert due("Quý I", issued_on=D(2024, 12, 20)).due_date == D(2025, 3, 31)
    assert due("Quý IV").due_date is None
    cell = due("15/5", issued_on=ISSUED_000)
    assert (cell.kind, cell.due_date) == ("fixed", D(2025, 5, 15))
    assert due("tỷ lệ 2/3 số xã; Quý I/2024").kind == "quarter"  # a bare fraction is no day


def test_before_a_period_is_before_its_first_day():
    deadline = due("hoàn thành trước Quý III/2025")
    assert (deadline.kind, deadline.due_date, deadline.exclusive) == ("before", D(2025, 7, 1), True)


class TestRecurring:
    TWICE_A_YEAR = "trước ngày 01/6 và 15/11 hằng năm"

    @pytest.mark.parametrize(
        ("today", "expected"),
        [(D(2025, 3, 16), D(2025, 6, 1)), (D(2025, 6, 1), D(2025, 6, 1)), (D(2025, 6, 2), D(2025, 11, 15)),
         (D(2025, 11, 16), D(2026, 6, 1))],
    )
    def test_two_dates_a_year(self, today, expected):
        deadline = due(self.TWICE_A_YEAR, today=today)
        assert (deadline.kind, deadline.recurring, deadline.due_date) == ("recurring", True, expected)
        assert deadline.annual_dates == ((1, 6), (15, 11))
        assert deadline.exclusive

    def test_without_a_reference_date(self):
        deadline = due(self.TWICE_A_YEAR)
        assert (deadline.recurring, deadline.due_date, deadline.annual_dates) == (True, None, ((1, 6), (15, 11)))
        assert next_occurrence(deadline, on=D(2026, 7, 1)) == D(2026, 11, 15)

    def test_today_wins_over_the_issue_date(self):
        assert due(self.TWICE_A_YEAR, issued_on=D(2025, 1, 2), today=D(2025, 7, 1)).due_date == D(2025, 11, 15)
        assert due(self.TWICE_A_YEAR, issued_on=D(2025, 1, 2)).due_date == D(2025, 6, 1)

    @pytest.mark.parametrize(
        ("text", "periods", "expected"),
        [
            ("Hằng năm", ("year",), D(2025, 12, 31)),
            ("hàng năm", ("year",), D(2025, 12, 31)),
            ("hằng quý", ("quarter",), D(2025, 9, 30)),
            ("Hằng tháng", ("month",), D(2025, 8, 31)),
            ("định kỳ 6 tháng", ("half_year",), D(2025, 12, 31)),
            ("định kỳ hàng quý, 6 tháng, năm", ("quarter", "half_year", "year"), D(2025, 9, 30)),
        ],
    )
    def test_periodic(self, text, periods, expected):
        deadline = due(text, today=D(2025, 8, 10))
        assert (deadline.kind, deadline.recurring, deadline.periods, deadline.due_date) == (
            "recurring", True, periods, expected,
        )

    def test_year_first_then_date(self):
        deadline = due("Hằng năm, trước ngày 15/12", today=D(2025, 12, 16))
        assert (deadline.kind, deadline.annual_dates, deadline.due_date) == ("recurring", ((15, 12),), D(2026, 12, 15))

    def test_next_occurrence_of_a_one_off_is_none(self):
        assert next_occurrence(due("Quý I/2024"), on=D(2024, 1, 1)) is None


@pytest.mark.parametrize("text", ["Thường xuyên", "Thường xuyên, liên tục", "thường  xuyên"])
def test_ongoing(text):
    deadline = due(text, today=D(2025, 1, 1))
    assert (deadline.kind, deadline.due_date, deadline.recurring) == ("ongoing", None, False)


def test_reference():
    deadline = due("Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022")  # seeds/003, task 11
    assert (deadline.kind, deadline.due_date, deadline.reference) == ("reference", None, "160/KH-UBND")
    cited = due("Quyết định số 2269/QĐ-UBND ngày 23/9/2022")
    assert (cited.kind, cited.due_date, cited.reference) == ("reference", None, "2269/QĐ-UBND")


@pytest.mark.parametrize("text", ["", "abc", "Theo chỉ đạo của UBND tỉnh", "trước ngày 31/2/2025", "Quý V/2025"])
def test_unknown(text):
    deadline = due(text, issued_on=ISSUED_000, today=ISSUED_000)
    assert (deadline.kind, deadline.due_date) == ("unknown", None)


# seeds/003, "Danh mục nhiệm vụ trọng tâm", column "Thời gian hoàn thành chậm nhất", tasks 1 – 29 verbatim.
ANNEX_003 = (
    ["Quý I/2024"] * 3 + ["Quý II/2024"] * 2 + ["Quý III/2024", "Quý IV/2024"] + ["Năm 2024"] * 3
    + ["Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022"] + ["Năm 2024"] * 13 + ["Quý II/2024"] + ["Năm 2024"] * 4
)


def test_every_task_of_the_seed_003_annex():
    expected = {
        "Quý I/2024": ("quarter", D(2024, 3, 31)),
        "Quý II/2024": ("quarter", D(2024, 6, 30)),
        "Quý III/2024": ("quarter", D(2024, 9, 30)),
        "Quý IV/2024": ("quarter", D(2024, 12, 31)),
        "Năm 2024": ("year", D(2024, 12, 31)),
        "Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022": ("reference", None),
    }
    assert len(ANNEX_003) == 29
    for cell in ANNEX_003:
        deadline = due(cell, issued_on=D(2023, 12, 20))
        assert deadline.text == cell
        assert (deadline.kind, deadline.due_date) == expected[cell]


class TestMostSpecificWins:
    def test_date_beats_quarter_and_year(self):
        assert due("Quý III năm 2025, chậm nhất ngày 15/9/2025").due_date == D(2025, 9, 15)
        assert due("Trong năm 2025, hoàn thành trong Tháng 6/2025").due_date == D(2025, 6, 30)
        assert due("Năm 2025; Quý II/2025").kind == "quarter"

    def test_a_seed_sentence_gives_its_tail(self):
        sentence = SEED_002_59
        deadline = due(sentence)
        assert (deadline.kind, deadline.due_date) == ("before", D(2025, 5, 31))
        assert due(SEED_003_162).due_date == D(2024, 1, 10)

    def test_citations_are_not_deadlines(self):
        assert due("Thực hiện theo Chỉ thị số 20-CT/TU ngày 26/4/2023").reference == "20-CT/TU"
        assert due("Nghị định số 120/2020/NĐ-CP ngày 07/10/2020").reference == "120/2020/NĐ-CP"
        assert due("Căn cứ Kế hoạch số 21/KH-UBND ngày 21/01/2025, báo cáo trong Quý II/2025").kind == "quarter"


# --- deadlines in running text: paragraphs of the seeds, verbatim ---------------------------------

SEED_000_63 = "- Căn cứ Kế hoạch này xây dựng kế hoạch triển khai tổng kết đánh giá thực hiện Chương trình nâng cao hiệu quả quản trị và hành chính công giai đoạn 2022 - 2025 đảm bảo đầy đủ, rõ kết quả thực hiện các nhiệm vụ, chỉ tiêu đề ra, rõ thời gian thực hiện, rõ trách nhiệm từng cơ quan, đơn vị, cá nhân trong thực hiện nhiệm vụ được giao. Thời gian xây dựng kế hoạch **chậm nhất 10 ngày**, kể từ ngày ban hành Kế hoạch này."  # noqa: E501
SEED_000_67 = "- Tổ chức hội nghị tổng kết, xây dựng báo cáo đánh giá kết quả thực hiện Chương trình nâng cao hiệu quả quản trị và hành chính công giai đoạn 2022 - 2025 và báo cáo UBND tỉnh (*qua Sở Nội vụ tổng hợp*) **trước ngày 01/5/2025**."  # noqa: E501
SEED_000_37 = "Đánh giá kết quả triển khai thực hiện các mục tiêu, nhiệm vụ và giải pháp thực hiện Chỉ thị số 20-CT/TU ngày 26/4/2023 của Ban Thường vụ Tỉnh ủy Thái Nguyên về tiếp tục đẩy mạnh CCHC, nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên đến năm 2025; Quyết định số 2269/QĐ-UBND ngày 23/9/2022 của Chủ tịch UBND tỉnh ban hành Chương trình nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2022 - 2025, bao gồm những nội dung sau:"  # noqa: E501
SEED_000_104 = "(Kèm theo Kế hoạch số 72 /KH-UBND ngày 16 /3/2025 của Chủ tịch UBND  "
SEED_002_29 = "1.4. Thời hạn gửi báo cáo: Báo cáo của các cơ quan, đơn vị, địa phương gửi về Sở Nội vụ  trước ngày 15/5/2025  để tổng hợp, báo cáo Ủy ban nhân dân tỉnh và Bộ Nội vụ."  # noqa: E501
SEED_002_46 = "2.2. Thời hạn gửi báo cáo: Các báo cáo chuyên đề và đề xuất nhiệm vụ, giải pháp trọng tâm giai đoạn 2026-2030 gửi về Sở Nội vụ trước ngày 15/5/2025 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh và Bộ Nội vụ theo quy định."  # noqa: E501
SEED_002_50 = "- Thời gian hoàn thành:  Trước ngày 25/6/2025."
SEED_002_54 = "- Thời gian: Quý III năm 2025."
SEED_002_59 = "- Xây dựng báo cáo đánh giá kết quả thực hiện cải cách hành chính giai đoạn 2021-2025, nhiệm vụ, giải pháp trọng tâm giai đoạn 2026-2030. Tổ chức hội nghị tổng kết và báo cáo kết quả về Ủy ban nhân dân tỉnh ( qua Sở Nội vụ để tổng hợp)   trước ngày 31/5/2025."  # noqa: E501
SEED_002_194 = "Căn cứ vào kết quả giai đoạn 2021-2025; chủ trương, đường lối của Đảng từ yêu cầu CCHC và định hướng phát triển kinh tế - xã hội của tỉnh, các cơ quan, đơn vị, địa phương đề xuất nhiệm vụ, giải pháp trọng tâm cần thiết mà các cơ quan, đơn vị, địa phương phải triển khai thực hiện trong giai đoạn 2026 - 2030, đề nghị tập trung vào những nội dung sau:"  # noqa: E501
SEED_003_162 = "- Xây dựng kế hoạch CCHC năm 2024 của đơn vị để ban hành trước ngày 10/01/2024. Đảm bảo có trọng tâm, trọng điểm, phù hợp với nguồn lực, điều kiện thực tế; rõ nhiệm vụ, thời gian thực hiện, phân công rõ trách nhiệm từng cá nhân, tập thể; định kỳ hàng quý, 6 tháng, năm hoặc đột xuất báo cáo kết quả thực hiện công tác CCHC về Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh."  # noqa: E501
SEED_003_214 = "- Tổng hợp, trình cấp có thẩm quyền phân bổ kinh phí các đề án, dự án thuộc nguồn vốn đầu tư công về cải cách hành chính của các đơn vị, địa phương khi có đề xuất; đồng thời thường xuyên theo dõi, báo cáo và đôn đốc các sở, ban, ngành và địa phương trong công tác thu hút đầu tư và giải ngân vốn đầu tư công đảm bảo kế hoạch đề ra, thời gian trong năm 2024."  # noqa: E501


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (SEED_000_63, [("chậm nhất 10 ngày, kể từ ngày ban hành", "after_issue", D(2025, 3, 26))]),
        (SEED_000_67, [("trước ngày 01/5/2025", "before", D(2025, 5, 1))]),
        (SEED_002_29, [("trước ngày 15/5/2025", "before", D(2025, 5, 15))]),
        (SEED_002_46, [("trước ngày 15/5/2025", "before", D(2025, 5, 15))]),
        (SEED_002_50, [("Trước ngày 25/6/2025", "before", D(2025, 6, 25))]),
        (SEED_002_54, [("Quý III năm 2025", "quarter", D(2025, 9, 30))]),
        (SEED_002_59, [("trước ngày 31/5/2025", "before", D(2025, 5, 31))]),
        (SEED_003_162, [("trước ngày 10/01/2024", "before", D(2024, 1, 10)),
                        ("định kỳ hàng quý, 6 tháng, năm", "recurring", D(2025, 3, 31))]),
        (SEED_003_214, [("thời gian trong năm 2024", "year", D(2024, 12, 31))]),
        (SEED_000_37, []),
        (SEED_000_104, []),
        (SEED_002_194, []),
    ],
)
def test_find_deadlines_in_seed_paragraphs(paragraph, expected):
    found = find_deadlines(paragraph, issued_on=ISSUED_000)
    assert [(d.text, d.kind, d.due_date) for d in found] == expected
    for d in found:
        start, end = d.span
        assert " ".join(paragraph[start:end].replace("*", "").split()).replace(" ,", ",") == d.text


def test_find_deadlines_without_issue_date_keeps_the_offset():
    (deadline,) = find_deadlines(SEED_000_63)
    assert (deadline.kind, deadline.due_date, deadline.offset_days) == ("after_issue", None, 10)


def test_find_deadlines_in_a_whole_section():
    section = "\n".join([SEED_002_29, SEED_002_46, "4. Tổ chức Hội nghị tổng kết của tỉnh", SEED_002_50, SEED_002_54])
    texts = [d.text for d in find_deadlines(section)]
    assert texts == ["trước ngày 15/5/2025", "trước ngày 15/5/2025", "Trước ngày 25/6/2025", "Quý III năm 2025"]


def test_find_deadlines_other_provinces_shapes():
    text = ("Các sở báo cáo kết quả trước ngày 01/6 và 15/11 hằng năm. Thời gian thực hiện: Quý IV/2025 - "
            "Quý II/2026; UBND các xã xây dựng kế hoạch trong vòng 15 ngày làm việc kể từ ngày ban hành Kế "
            "hoạch này. Thời gian: Thường xuyên. Thời gian thực hiện: Hằng năm.")
    found = find_deadlines(text, issued_on=D(2025, 10, 6))
    assert [(d.text, d.kind, d.due_date) for d in found] == [
        ("trước ngày 01/6 và 15/11 hằng năm", "recurring", D(2025, 11, 15)),
        ("Quý IV/2025 - Quý II/2026", "range", D(2026, 6, 30)),
        ("trong vòng 15 ngày làm việc kể từ ngày ban hành", "after_issue", D(2025, 10, 27)),
        ("Thường xuyên", "ongoing", None),
        ("Hằng năm", "recurring", D(2025, 12, 31)),
    ]
