"""Deadline rules (thời hạn): every way a plan writes a deadline, turned into a date.

Shapes (``kind``) and the date each one gives (``due_date``):

* ``fixed``: ``01/5/2025``, ``chậm nhất ngày 01/5/2025``, ``đến hết ngày …`` → that day.
* ``before``: ``trước ngày 01/5/2025`` → 01/5/2025 itself, with ``exclusive=True``
  (the work must arrive *before* that day); ``trước Quý III/2025`` → 01/7/2025.
* ``after_issue``: ``chậm nhất 10 ngày, kể từ ngày ban hành`` → issue date + 10 days
  (needs ``issued_on``; ``offset_days`` keeps the 10).
* ``month``: ``Tháng 11 năm 2020``, ``tháng 11/2020`` → last day of the month.
* ``quarter``: ``Quý I/2024``, ``Quý III năm 2025``, ``Quí IV-2025``, ``quý 4/2025`` → last day.
* ``half_year``: ``6 tháng đầu năm 2025`` → 30/6; ``6 tháng cuối năm 2025`` → 31/12.
* ``year``: ``Năm 2024`` → 31/12/2024.
* ``range``: ``Quý IV/2025 - Quý II/2026``, ``Tháng 10 - Tháng 12/2025`` → end of the last period.
* ``recurring`` (``recurring=True``): ``trước ngày 01/6 và 15/11 hằng năm``, ``Hằng năm``,
  ``hằng quý``, ``định kỳ 6 tháng`` → the next occurrence on or after ``today`` (else
  ``issued_on``); None without either.
* ``ongoing``: ``Thường xuyên``, ``Thường xuyên, liên tục`` → None.
* ``reference``: ``Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022`` → None,
  ``reference="160/KH-UBND"``.
* ``unknown``: anything else → None.

Days: "N ngày" are calendar days, counted from the day after the issue date
(Bộ luật Dân sự 2015, Điều 147); when the last one is a day off the deadline
moves to the next working day (Điều 148 khoản 5). "N ngày làm việc" are
counted on the :class:`WorkingCalendar`. "trước ngày X" keeps X as
``due_date`` (the import contract expects it) and says ``exclusive=True``.

A year left out (``trước ngày 15/5``, ``Quý IV``) is taken from ``issued_on``
(else ``today``): the first such day on or after it.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from .deadline_patterns import Candidate, Period, candidates, citation_spans, clean, first_symbol
from .working_days import ANNOUNCED_OVERRIDES, WorkingCalendar, default_calendar

__all__ = [
    "ANNOUNCED_OVERRIDES",
    "Deadline",
    "DeadlineKind",
    "WorkingCalendar",
    "find_deadlines",
    "next_occurrence",
    "parse_deadline",
    "period_end",
    "period_start",
]


class DeadlineKind(StrEnum):
    FIXED = "fixed"
    BEFORE = "before"
    AFTER_ISSUE = "after_issue"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    RANGE = "range"
    RECURRING = "recurring"
    ONGOING = "ongoing"
    REFERENCE = "reference"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Deadline:
    """A deadline as written (``text``) and as a date (``due_date``).

    ``starts_on``: first day of the period (month, quarter, half_year, year, range).
    ``offset_days``: N of "N ngày (làm việc) kể từ …", kept so that the date can be
    recomputed once the plan is issued. ``periods``: the cycles of a recurring duty
    (``"year"``, ``"half_year"``, ``"quarter"``, ``"month"``). ``annual_dates``:
    ``(day, month)`` pairs of "ngày 01/6 và 15/11 hằng năm". ``span``: where
    :func:`find_deadlines` found the phrase (not compared).
    """

    text: str
    kind: DeadlineKind
    due_date: date | None
    recurring: bool = False
    reference: str | None = None
    working_days: bool = False
    exclusive: bool = False
    starts_on: date | None = None
    offset_days: int | None = None
    periods: tuple[str, ...] = ()
    annual_dates: tuple[tuple[int, int], ...] = ()
    span: tuple[int, int] | None = field(default=None, compare=False)


_GRAIN = {"month": 5.0, "quarter": 4.0, "half_year": 3.0, "year": 2.0}
_DAY_GRAIN = 6.0
_BARE_DAY_MONTH_RE = re.compile(r"\s*(?:ngày\s*)?\d{1,2}\s*(?:/|\s+tháng\s+)\s*\d{1,2}\s*", re.IGNORECASE)
_BARE_YEAR_RE = re.compile(r"\s*(?P<y>\d{4})\s*")
_BARE_MONTH_YEAR_RE = re.compile(r"\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})\s*")


def period_start(period: Period) -> date:
    unit, year, index = period
    assert year is not None
    month = {"month": index, "quarter": 3 * index - 2, "half_year": 6 * index - 5, "year": 1}[unit]
    return date(year, month, 1)


def period_end(period: Period) -> date:
    unit, year, index = period
    assert year is not None
    month = {"month": index, "quarter": 3 * index, "half_year": 6 * index, "year": 12}[unit]
    return date(year, month, _calendar.monthrange(year, month)[1])


def _period_containing(unit: str, d: date) -> Period:
    index = {"month": d.month, "quarter": (d.month - 1) // 3 + 1, "half_year": 1 if d.month <= 6 else 2, "year": 1}
    return unit, d.year, index[unit]


def _next_annual(day_months: tuple[tuple[int, int], ...], on: date) -> date | None:
    for year in (on.year, on.year + 1, on.year + 2):
        days = []
        for day, month in day_months:
            try:
                days.append(date(year, month, day))
            except ValueError:  # 29/02 outside a leap year
                continue
        upcoming = sorted(d for d in days if d >= on)
        if upcoming:
            return upcoming[0]
    return None


def _next_occurrence(periods: tuple[str, ...], annual_dates: tuple[tuple[int, int], ...], on: date) -> date | None:
    if annual_dates:
        return _next_annual(annual_dates, on)
    ends = [period_end(_period_containing(unit, on)) for unit in periods]
    return min(ends) if ends else None


def next_occurrence(deadline: Deadline, *, on: date) -> date | None:
    """The due date of a recurring deadline's cycle that is open on ``on`` (on or after it).

    ``Hằng quý`` on 10/5/2025 → 30/6/2025; ``trước ngày 01/6 và 15/11 hằng năm``
    on 02/6/2025 → 15/11/2025. None for a deadline that does not recur.
    """
    if not deadline.recurring:
        return None
    return _next_occurrence(deadline.periods, deadline.annual_dates, on)


def _display(text: str) -> str:
    """Whitespace collapsed, no space before punctuation: the phrase as written."""
    return re.sub(r"\s+([,.;:)])", r"\1", " ".join(text.split()))


def _rank(c: Candidate) -> float:
    if c.shape in {"date", "day_month", "annual", "offset"}:
        return _DAY_GRAIN
    if c.shape in {"period", "range"}:
        return _GRAIN[c.period[0]]
    return 1.5 if c.shape == "recurring" else 1.0


def _with_year(period: Period, ref: date | None) -> Period | None:
    """A period written without its year: the first one that has not ended on ``ref``."""
    if period[1] is not None:
        return period
    if ref is None:
        return None
    this_year = (period[0], ref.year, period[2])
    return this_year if period_end(this_year) >= ref else (period[0], ref.year + 1, period[2])


def _infer_day(day: int, month: int, ref: date | None) -> date | None:
    if ref is None:
        return None
    for year in (ref.year, ref.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        if d >= ref:
            return d
    return None


def _after_issue(c: Candidate, issued_on: date | None, cal: WorkingCalendar) -> date | None:
    if issued_on is None or c.offset is None:
        return None
    if c.working_days:
        return cal.add_working_days(issued_on, c.offset)
    return cal.next_working_day(issued_on + timedelta(days=c.offset))


def _to_deadline(
    c: Candidate, text: str, *, issued_on: date | None, today: date | None, cal: WorkingCalendar,
    span: tuple[int, int] | None = None,
) -> Deadline:
    k = DeadlineKind
    infer_from, recur_from = issued_on or today, today or issued_on
    timed = k.BEFORE if c.before else k.FIXED
    if c.shape == "date":
        return Deadline(text, timed, c.day, exclusive=c.before, span=span)
    if c.shape == "day_month":
        day, month = c.day_months[0]
        return Deadline(text, timed, _infer_day(day, month, infer_from), exclusive=c.before, span=span)
    if c.shape == "annual":
        due = _next_annual(c.day_months, recur_from) if recur_from else None
        return Deadline(text, k.RECURRING, due, recurring=True, exclusive=c.before, periods=("year",),
                        annual_dates=c.day_months, span=span)
    if c.shape == "offset":
        kind = k.AFTER_ISSUE if c.from_issue else k.UNKNOWN
        due = _after_issue(c, issued_on, cal) if c.from_issue else None
        return Deadline(text, kind, due, working_days=c.working_days, offset_days=c.offset, span=span)
    if c.shape == "period":
        period = _with_year(c.period, infer_from)
        if c.before:
            return Deadline(text, k.BEFORE, period and period_start(period), exclusive=True, span=span)
        return Deadline(text, k(c.period[0]), period and period_end(period),
                        starts_on=period and period_start(period), span=span)
    if c.shape == "range":
        return Deadline(text, k.RANGE, period_end(c.period), starts_on=period_start(c.period_from), span=span)
    if c.shape == "recurring":
        due = _next_occurrence(c.periods, (), recur_from) if recur_from else None
        return Deadline(text, k.RECURRING, due, recurring=True, periods=c.periods, span=span)
    return Deadline(text, k.ONGOING, None, span=span)


def _usable_alone(c: Candidate, text: str) -> bool:
    """A bare ``15/5`` is a deadline only when marked (``trước ngày 15/5``) or when it is the whole text."""
    return c.shape != "day_month" or c.marked or _BARE_DAY_MONTH_RE.fullmatch(text) is not None


def _bare_number(text: str) -> Candidate | None:
    """``2024`` alone is a year, ``12/2025`` alone a month (as in a table cell)."""
    if m := _BARE_YEAR_RE.fullmatch(text):
        return Candidate("period", m.start("y"), m.end("y"), period=("year", int(m["y"]), 1))
    if (m := _BARE_MONTH_YEAR_RE.fullmatch(text)) and 1 <= int(m["m"]) <= 12:
        return Candidate("period", m.start("m"), m.end("y"), period=("month", int(m["y"]), int(m["m"])))
    return None


def parse_deadline(
    text: str,
    *,
    issued_on: date | None = None,
    today: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """The deadline that ``text`` (a table cell, a clause, a sentence) sets.

    Case, spacing, ``Quí``/``Quý``, roman or arabic quarters and a year
    written ``năm 2025``, ``/2025`` or ``-2025`` are all accepted. When the
    text holds several shapes the most specific wins (a full date beats a
    month, a month a quarter, a quarter a year, a year a recurring or ongoing
    duty), then one marked as a deadline (``trước``, ``chậm nhất``,
    ``Thời gian:``), then the last one: the deadline sits in the tail of a
    sentence. Dates of cited documents (``Quyết định số 2269/QĐ-UBND ngày
    23/9/2022``) never count; a text that only cites is a ``reference``.
    ``.text`` is the whole input, whitespace collapsed.
    """
    cal = calendar or default_calendar()
    cleaned = clean(text)
    display = _display(cleaned)
    found = [c for c in candidates(cleaned) if _usable_alone(c, cleaned)]
    if not found and (bare := _bare_number(cleaned)):
        found = [bare]
    if not found:
        if citation_spans(cleaned) or re.match(r"\W*theo\b", cleaned, re.IGNORECASE):
            if symbol := first_symbol(cleaned):
                return Deadline(display, DeadlineKind.REFERENCE, None, reference=symbol)
        return Deadline(display, DeadlineKind.UNKNOWN, None)
    best = max(found, key=lambda c: (_rank(c), c.marked, c.start))
    if best.shape == "day_month" and any(c.shape == "recurring" and "year" in c.periods for c in found):
        best.shape = "annual"  # "Hằng năm, trước ngày 15/12"
    return _to_deadline(best, display, issued_on=issued_on, today=today, cal=cal)


def find_deadlines(
    text: str,
    *,
    issued_on: date | None = None,
    today: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[Deadline]:
    """Every deadline phrase in a paragraph of running text, in order.

    A phrase counts when it says it is a deadline: ``trước ngày 01/5/2025``,
    ``chậm nhất 10 ngày, kể từ ngày ban hành``, ``định kỳ hằng quý``,
    ``… ngày 01/6 và 15/11 hằng năm``, ``thời gian trong năm 2024``, or a value
    after a label such as ``Thời gian:`` / ``Thời gian hoàn thành:``.
    Dates of cited documents and incidental mentions (``kế hoạch năm 2024``,
    ``giai đoạn 2022 - 2025``) are not deadlines. Each ``.text`` is the phrase
    (Markdown emphasis removed, whitespace collapsed) and ``.span`` its place
    in the NFC-normalized text.
    """
    cal = calendar or default_calendar()
    cleaned = clean(text)
    found = []
    for c in candidates(cleaned):
        if c.marked:
            phrase = _display(cleaned[c.phrase_start:c.end])
            found.append(_to_deadline(c, phrase, issued_on=issued_on, today=today, cal=cal,
                                      span=(c.phrase_start, c.end)))
    return found
