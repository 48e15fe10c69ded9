"""Report cycles of a recurring duty (kỳ báo cáo): one per period, from the plan's issue to its end.

A recurring deadline (``documents.dates.deadlines``: ``recurring=True``) names periods
(``"year"``, ``"half_year"``, ``"quarter"``, ``"month"``) or days of the year
(``annual_dates``: "trước ngày 01/6 và 15/11 hằng năm"). Each becomes a list of
:class:`Cycle` with a label in the words of the documents ("6 tháng đầu năm 2025",
"Quý III năm 2025", "Năm 2025"), the period it covers and its due date:

* periods: one cycle per period of the finest unit named, due its last day. When several
  units are named ("định kỳ hằng quý, 6 tháng, năm") the cycle ending on a coarser
  period's last day is that period's report: Quý II is "6 tháng đầu năm", Quý IV "Năm".
* days of the year: one cycle per day, covering the days since the previous one.

Only cycles due on or after ``start`` (the issue date) and on or before ``until`` (the
plan's end) are produced. Pure Python: no ORM.

A cycle reports on the period it covers, the one its label names: "Năm 2024" covers 2024 and is due
31/12/2024, "6 tháng đầu năm 2025" covers 01/01–30/06/2025. Its figures go in the indicator table's
column (``IndicatorTable.periods``) naming that same period (:func:`period_column`): "Năm 2024",
"6 tháng đầu năm 2025", "Quý II/2025", "Tháng 3/2025"; a remark in brackets ("Năm 2025 (tính đến
31/3)", "(ước)") does not change which period a column names. A cycle of days of the year ("Kỳ hạn
01/06/2025") names no period: no column is its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .deadlines import period_end, period_start

__all__ = ["PERIOD_UNITS", "Cycle", "column_period", "cycle_label", "period_column", "plan_years", "recurring_cycles"]

#: The units of a cycle, finest first.
PERIOD_UNITS = ("month", "quarter", "half_year", "year")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MAX_CYCLES = 600  # fifty years of monthly reports: a guard against a runaway end date


@dataclass(frozen=True)
class Cycle:
    sequence: int
    label: str
    period_start: date
    period_end: date
    due_date: date


def cycle_label(unit: str, year: int, index: int) -> str:
    """"Tháng 3 năm 2025", "Quý I năm 2025", "6 tháng đầu năm 2025", "Năm 2025"."""
    if unit == "month":
        return f"Tháng {index} năm {year}"
    if unit == "quarter":
        return f"Quý {_ROMAN[index]} năm {year}"
    if unit == "half_year":
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    return f"Năm {year}"


def _containing(unit: str, d: date) -> tuple[str, int, int]:
    index = {"month": d.month, "quarter": (d.month - 1) // 3 + 1, "half_year": 1 if d.month <= 6 else 2, "year": 1}
    return unit, d.year, index[unit]


def _periodic(units: tuple[str, ...], start: date, until: date) -> list[Cycle]:
    named = [u for u in PERIOD_UNITS if u in units]
    finest = named[0]
    cycles: list[Cycle] = []
    period = _containing(finest, start)
    while len(cycles) < _MAX_CYCLES:
        end = period_end(period)
        if end > until:
            break
        # the coarsest named period that ends the same day gives the cycle its name and its start
        coarse = next(p for p in (_containing(u, end) for u in reversed(named)) if period_end(p) == end)
        cycles.append(Cycle(len(cycles) + 1, cycle_label(*coarse), period_start(coarse), end, end))
        period = _containing(finest, end + timedelta(days=1))
    return cycles


def _annual(day_months: tuple[tuple[int, int], ...], start: date, until: date) -> list[Cycle]:
    days = []
    for year in range(start.year, until.year + 1):
        for day, month in day_months:
            try:
                d = date(year, month, day)
            except ValueError:  # 29/02 outside a leap year
                continue
            if start <= d <= until:
                days.append(d)
    cycles: list[Cycle] = []
    begins = start
    for d in sorted(set(days))[:_MAX_CYCLES]:
        cycles.append(Cycle(len(cycles) + 1, f"Kỳ hạn {d.day:02d}/{d.month:02d}/{d.year}", begins, d, d))
        begins = d + timedelta(days=1)
    return cycles


def recurring_cycles(*, periods: tuple[str, ...] | list[str] = (), annual_dates=(), start: date,
                     until: date) -> list[Cycle]:
    """The cycles of a duty recurring over ``periods`` or on ``annual_dates`` ((day, month) pairs), due in
    ``[start, until]``, numbered from 1. Days of the year win over periods when both are given."""
    if until < start:
        return []
    if annual_dates:
        return _annual(tuple(tuple(p) for p in annual_dates), start, until)
    units = tuple(u for u in periods if u in PERIOD_UNITS)
    return _periodic(units, start, until) if units else []


_PHASE_RE = re.compile(r"giai\s+đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\w)năm\s*(\d{4})(?!\d)", re.IGNORECASE)


def plan_years(title: str, *, issued_on: date | None) -> tuple[int, int] | None:
    """The years a plan runs, from its title: "giai đoạn 2021 - 2025" → (2021, 2025), "năm 2024" → (2024, 2024),
    else the issue year. A plan that looks ahead ("… và nhiệm vụ giai đoạn 2026 - 2030") runs in the first period
    its title names."""
    if m := _PHASE_RE.search(title or ""):
        return int(m[1]), int(m[2])
    if m := _YEAR_RE.search(title or ""):
        return int(m[1]), int(m[1])
    return (issued_on.year, issued_on.year) if issued_on else None


# --- the indicator table's column of a cycle --------------------------------------------

_BRACKETS_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_ROMAN_INDEX = {"I": 1, "II": 2, "III": 3, "IV": 4}
_COLUMN_RES = (
    # "6 tháng đầu năm 2025", "6 tháng cuối năm 2025", "6 tháng năm 2025" (the first half), "6 tháng đầu/2025"
    ("half_year", re.compile(r"^(?<!\d)6\s*tháng(?:\s+(đầu|cuối))?\s*(?:năm|/)?\s*(\d{4})$", re.IGNORECASE)),
    # "Quý II/2025", "Quý II năm 2025", "Quý 2/2025"
    ("quarter", re.compile(r"^quý\s*(IV|I{1,3}|[1-4])\s*(?:năm|/)\s*(\d{4})$", re.IGNORECASE)),
    # "Tháng 3/2025", "Tháng 03 năm 2025"
    ("month", re.compile(r"^tháng\s*(\d{1,2})\s*(?:năm|/)\s*(\d{4})$", re.IGNORECASE)),
    # "Năm 2024", "2024"
    ("year", re.compile(r"^(?:năm\s*)?()(\d{4})$", re.IGNORECASE)),
)


def column_period(label: str) -> tuple[date, date] | None:
    """The period an indicator table's column names, as (first day, last day): "Năm 2024" → 2024,
    "6 tháng đầu năm 2025" → 01/01–30/06/2025, "Quý II/2025", "Tháng 3/2025"; a remark in brackets is left out
    ("Năm 2025 (tính đến 31/3)" names 2025). None for a column naming no such period ("Giai đoạn 2021 - 2025",
    "9 tháng năm 2025", "Kết quả")."""
    text = " ".join(_BRACKETS_RE.sub(" ", label or "").split()).rstrip(" .:;,")
    for unit, pattern in _COLUMN_RES:
        m = pattern.match(text)
        if m is None:
            continue
        which, year = m[1] or "", int(m[2])
        if unit == "half_year":
            index = 2 if which.lower() == "cuối" else 1
        elif unit == "quarter":
            index = _ROMAN_INDEX.get(which.upper()) or int(which)
        elif unit == "month":
            index = int(which)
            if not 1 <= index <= 12:
                return None
        else:
            index = 1
        return period_start((unit, year, index)), period_end((unit, year, index))
    return None


def period_column(periods: list[str] | tuple[str, ...], *, period_start: date, period_end: date) -> int | None:
    """The index of the first column of ``periods`` (an indicator table's column labels) naming the period
    ``[period_start, period_end]`` (a cycle's); None when none does."""
    for index, label in enumerate(periods or ()):
        if column_period(label) == (period_start, period_end):
            return index
    return None
