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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .deadlines import period_end, period_start

__all__ = ["PERIOD_UNITS", "Cycle", "cycle_label", "plan_years", "recurring_cycles"]

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
