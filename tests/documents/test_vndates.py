"""Vietnamese dates: the written forms of the seed plans, both ways."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from documents.dates.vndates import (
    find_dates,
    format_long,
    format_month,
    format_place_date,
    format_short,
    parse_date,
    parse_date_strict,
)


def every_day(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


DAYS_2024_2026 = list(every_day(date(2024, 1, 1), date(2026, 12, 31)))

# Every short date of the seeds' running text, verbatim: they are written in canonical form.
SEED_SHORT_DATES = [
    "15/7/2021", "02/9/2021", "26/4/2023", "23/9/2022", "21/01/2025", "13/3/2025", "03/3/2025",
    "18/3/2025", "31/12/2020", "31/12/2021", "16/9/2024", "15/5/2025", "25/6/2025", "31/5/2025",
    "01/5/2025", "16/12/2021", "14/12/2023", "10/01/2024", "07/10/2020", "21/6/2021", "06/01/2022",
    "28/10/2022", "09/6/2022", "04/8/2022", "05/5/2014", "04/4/2014", "17/4/2025",
]


class TestFormat:
    @pytest.mark.parametrize(
        ("d", "expected"),
        [
            (date(2025, 3, 16), "ngày 16 tháng 3 năm 2025"),  # seeds/000 header
            (date(2025, 4, 17), "ngày 17 tháng 4 năm 2025"),  # seeds/002 header
            (date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
            (date(2025, 1, 21), "ngày 21 tháng 01 năm 2025"),
            (date(2025, 12, 10), "ngày 10 tháng 12 năm 2025"),
            (date(2024, 10, 1), "ngày 01 tháng 10 năm 2024"),
            (date(2026, 9, 9), "ngày 09 tháng 9 năm 2026"),
        ],
    )
    def test_long(self, d, expected):
        assert format_long(d) == expected

    @pytest.mark.parametrize(
        ("d", "expected"),
        [
            (date(2025, 3, 16), "16/3/2025"),
            (date(2021, 9, 2), "02/9/2021"),
            (date(2025, 1, 21), "21/01/2025"),
            (date(2025, 5, 1), "01/5/2025"),
            (date(2024, 2, 29), "29/02/2024"),
            (date(2020, 10, 7), "07/10/2020"),
        ],
    )
    def test_short(self, d, expected):
        assert format_short(d) == expected

    @pytest.mark.parametrize("text", SEED_SHORT_DATES)
    def test_short_reproduces_the_seeds(self, text):
        assert format_short(parse_date(text)) == text

    def test_padding_rule_on_every_day(self):
        for d in DAYS_2024_2026:
            day, month, year = format_short(d).split("/")
            assert day == f"{d.day:02d}"
            assert month == (f"{d.month:02d}" if d.month <= 2 else str(d.month))
            assert year == str(d.year)
            assert format_long(d) == f"ngày {day} tháng {month} năm {year}"

    def test_month(self):
        assert [format_month(m) for m in range(1, 13)] == [
            "01", "02", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
        ]

    def test_place_date_issued(self):
        assert format_place_date("Thái Nguyên", date(2025, 3, 16)) == "Thái Nguyên, ngày 16 tháng 3 năm 2025"
        assert format_place_date("  Thái  Bình ", date(2025, 4, 17)) == "Thái Bình, ngày 17 tháng 4 năm 2025"

    def test_place_date_draft_keeps_the_day_blank(self):
        assert format_place_date("Thái Nguyên", None, draft_month=date(2025, 4, 1)) == (
            "Thái Nguyên, ngày    tháng 4 năm 2025"
        )
        assert format_place_date("Thái Nguyên", None, draft_month=date(2026, 1, 20)) == (
            "Thái Nguyên, ngày    tháng 01 năm 2026"
        )
        assert format_place_date("Thái Nguyên", None, draft_year=2025) == "Thái Nguyên, ngày    tháng    năm 2025"
        assert format_place_date("Thái Nguyên", None) == "Thái Nguyên, ngày    tháng    năm    "

    def test_place_date_prefers_the_issue_date(self):
        line = format_place_date("Thái Nguyên", date(2025, 3, 16), draft_month=date(2025, 4, 1))
        assert line == "Thái Nguyên, ngày 16 tháng 3 năm 2025"


class TestParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("16/3/2025", date(2025, 3, 16)),
            ("16-3-2025", date(2025, 3, 16)),
            ("16.3.2025", date(2025, 3, 16)),
            ("16 /3/2025", date(2025, 3, 16)),  # seeds/000: "ngày 16 /3/2025"
            ("ngày 16 /3/2025", date(2025, 3, 16)),
            ("ngày 16 tháng 3 năm 2025", date(2025, 3, 16)),
            ("ngày 31 tháng 5 năm 2022", date(2022, 5, 31)),
            ("Ngày 05 tháng 02 năm 2025", date(2025, 2, 5)),
            ("Thái Bình, ngày 17 tháng 4 năm 2025", date(2025, 4, 17)),
            ("2025-03-16", date(2025, 3, 16)),
            ("29/02/2024", date(2024, 2, 29)),
            ("  21/01/2025 ", date(2025, 1, 21)),
        ],
    )
    def test_accepted_forms(self, text, expected):
        assert parse_date(text) == expected
        assert parse_date_strict(text.split(", ")[-1]) == expected

    @pytest.mark.parametrize(
        "text",
        ["", "abc", "31/2/2025", "29/02/2025", "32/1/2025", "16/13/2025", "0/1/2025", "15/5", "Quý I/2024",
         "tháng 3 năm 2025", "Năm 2024", "giai đoạn 2021-2025", "2022 - 2025", "16/3-2025", "3.2.1"],
    )
    def test_no_full_date(self, text):
        assert parse_date(text) is None

    def test_garbage_types_do_not_raise(self):
        assert parse_date(None) is None  # type: ignore[arg-type]
        assert parse_date(20250316) is None  # type: ignore[arg-type]

    def test_round_trip_every_day(self):
        for d in DAYS_2024_2026:
            assert parse_date(format_short(d)) == d
            assert parse_date(format_long(d)) == d
            assert parse_date_strict(format_short(d)) == d
            assert parse_date_strict(format_long(d)) == d
            assert parse_date(f"{d.day}-{d.month}-{d.year}") == d
            assert parse_date(f"{d.day}.{d.month}.{d.year}") == d
            assert parse_date(format_place_date("Thái Nguyên", d)) == d


class TestStrict:
    @pytest.mark.parametrize(
        "text", ["31/2/2025", "abc", "", "   ", "16/3/2025 abc", "Quý I/2024", "ngày 30 tháng 02 năm 2024", "15/5"]
    )
    def test_invalid(self, text):
        with pytest.raises(ValidationError) as raised:
            parse_date_strict(text)
        assert raised.value.code == "invalid_date"
        (message,) = raised.value.messages
        assert message.startswith("Ngày không hợp lệ: ")
        if text.strip():
            assert text.strip() in message


class TestFindDates:
    def test_preamble_of_seed_000(self):
        text = (
            "Căn cứ Kế hoạch số 21/KH-UBND ngày 21/01/2025 của UBND tỉnh về Triển khai thực hiện một số "
            "nhiệm vụ trọng tâm năm 2025;\n\nTheo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 174/TTr-SNV "
            "ngày 13/3/2025; Chủ tịch UBND tỉnh ban hành Kế hoạch tổng kết Chương trình nâng cao hiệu quả "
            "quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2022 - 2025, cụ thể như sau:"
        )
        found = find_dates(text)
        assert [d for d, _ in found] == [date(2025, 1, 21), date(2025, 3, 13)]
        assert [text[s:e] for _, (s, e) in found] == ["21/01/2025", "13/3/2025"]

    def test_both_forms_and_stray_spaces(self):
        text = (
            "Thái Bình, ngày 17 tháng 4 năm 2025\n(Kèm theo Kế hoạch số 72 /KH-UBND ngày 16 /3/2025 của "
            "Chủ tịch UBND tỉnh Thái Nguyên); Báo cáo ngày 31 tháng 5 năm 2022."
        )
        found = find_dates(text)
        assert [d for d, _ in found] == [date(2025, 4, 17), date(2025, 3, 16), date(2022, 5, 31)]
        assert [text[s:e] for _, (s, e) in found] == [
            "ngày 17 tháng 4 năm 2025", "16 /3/2025", "ngày 31 tháng 5 năm 2022",
        ]

    def test_skips_impossible_and_partial_dates(self):
        text = "trước ngày 31/2/2025, trước ngày 01/6 và 15/11 hằng năm, Quý I/2024, đến 15/5/2025."
        assert [d for d, _ in find_dates(text)] == [date(2025, 5, 15)]

    def test_every_date_of_a_seed_paragraph(self):
        # seeds/002, the preamble: six citations, every one a full short date.
        text = (
            "Thực hiện Quyết định số 145/QĐ-BNV ngày 03/3/2025 của Bộ Nội vụ về việc ban hành Kế hoạch sơ kết "
            "05 năm thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030; "
            "Văn bản số 376/BNV- CCHC ngày 18/3/2025 của Bộ Nội vụ về việc sơ kết 05 năm (2021-2025), "
            "theo Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"
        )
        assert [d for d, _ in find_dates(text)] == [date(2025, 3, 3), date(2025, 3, 18), date(2021, 7, 15)]
