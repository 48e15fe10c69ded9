"""A report cycle's column in the indicator table: the column whose label names the period the cycle covers."""

import datetime

import pytest

from documents.dates.cycles import column_period, period_column, recurring_cycles
from tests.figures import thai_binh_annex

D = datetime.date


@pytest.fixture(scope="module")
def thai_binh_periods():
    """The real column headers of seed 002's table: "Năm 2021" … "Năm 2025 (tính đến 31/3)"."""
    return list(thai_binh_annex()["periods"])


def column_of(periods, cycle):
    return period_column(periods, period_start=cycle.period_start, period_end=cycle.period_end)


def test_a_yearly_cycle_reports_on_the_year_its_label_names(thai_binh_periods):
    assert thai_binh_periods[0] == "Năm 2021" and thai_binh_periods[-1] == "Năm 2025 (tính đến 31/3)"
    cycles = recurring_cycles(periods=["year"], start=D(2021, 1, 1), until=D(2026, 12, 31))
    assert [(c.label, column_of(thai_binh_periods, c)) for c in cycles] == [
        ("Năm 2021", 0), ("Năm 2022", 1), ("Năm 2023", 2), ("Năm 2024", 3),
        ("Năm 2025", 4),  # "(tính đến 31/3)" is a remark: the column still names 2025
        ("Năm 2026", None),  # no column names 2026: the whole table, as before
    ]


def test_a_half_year_or_quarter_cycle_has_no_column_in_a_table_of_years(thai_binh_periods):
    for cycle in recurring_cycles(periods=["half_year"], start=D(2025, 1, 1), until=D(2025, 12, 31)):
        assert column_of(thai_binh_periods, cycle) is None, cycle.label
    for cycle in recurring_cycles(periods=["quarter"], start=D(2025, 1, 1), until=D(2025, 12, 31)):
        assert column_of(thai_binh_periods, cycle) is None, cycle.label


def test_the_word_imports_two_year_table():
    periods = ["Năm 2024", "Năm 2025"]  # tests/documents/test_word_import.py's table, as imported
    year_2024, year_2025 = recurring_cycles(periods=["year"], start=D(2024, 1, 1), until=D(2025, 12, 31))
    assert (column_of(periods, year_2024), column_of(periods, year_2025)) == (0, 1)


def test_columns_written_as_the_seeds_write_periods():
    # seed 003's Thời gian column ("Quý I/2024", "Quý II/2024", "Năm 2024") and the cycles' own labels
    assert column_period("Quý I/2024") == (D(2024, 1, 1), D(2024, 3, 31))
    assert column_period("Quý II/2025") == (D(2025, 4, 1), D(2025, 6, 30))
    assert column_period("Quý III năm 2025") == (D(2025, 7, 1), D(2025, 9, 30))
    assert column_period("Năm 2024") == (D(2024, 1, 1), D(2024, 12, 31))
    assert column_period("6 tháng đầu năm 2025") == (D(2025, 1, 1), D(2025, 6, 30))
    assert column_period("6 tháng cuối năm 2025") == (D(2025, 7, 1), D(2025, 12, 31))
    assert column_period("6 tháng năm 2025") == (D(2025, 1, 1), D(2025, 6, 30))  # "6 tháng" alone: the first half
    assert column_period("Tháng 3 năm 2025") == (D(2025, 3, 1), D(2025, 3, 31))
    assert column_period("Tháng 12/2025") == (D(2025, 12, 1), D(2025, 12, 31))
    for label in ("Giai đoạn 2021 - 2025", "Năm 2021 - 2025", "9 tháng năm 2025", "Kết quả", "Tháng 13/2025",
                  "Kỳ hạn 01/06/2025", "", "Ghi chú"):
        assert column_period(label) is None, label


def test_every_cycle_label_names_its_own_period():
    """A table whose columns are the cycles' own labels: each cycle finds its column, whatever the unit."""
    for periods in (["quarter", "half_year", "year"], ["month"], ["half_year"], ["quarter"]):
        cycles = recurring_cycles(periods=periods, start=D(2025, 1, 1), until=D(2025, 12, 31))
        labels = [c.label for c in cycles]
        assert [column_of(labels, c) for c in cycles] == list(range(len(cycles))), periods


def test_a_cycle_of_days_of_the_year_names_no_period():
    cycles = recurring_cycles(annual_dates=[(1, 6), (15, 11)], start=D(2025, 1, 1), until=D(2025, 12, 31))
    assert [column_of(["Năm 2025", c.label], c) for c in cycles] == [None, None]


def test_the_first_of_two_columns_naming_the_period_is_the_cycles():
    (year,) = recurring_cycles(periods=["year"], start=D(2025, 1, 1), until=D(2025, 12, 31))
    assert column_of(["Năm 2024", "Năm 2025 (ước)", "Năm 2025"], year) == 1
