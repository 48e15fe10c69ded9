"""Working days of state bodies (ngày làm việc của cơ quan hành chính nhà nước).

A day is a working day unless it is a Saturday or Sunday (nghỉ hằng tuần) or
a public holiday (ngày lễ, Tết: Bộ luật Lao động 2019, Điều 112, as computed by
the ``holidays`` package, lunar Tết included), and an explicit override
(``{date: bool}``) beats both: ``True`` for a swapped Saturday worked in place
of a bridge day (ngày làm bù), ``False`` for a day off the government
announced (ngày nghỉ bù, hoán đổi).

``ANNOUNCED_OVERRIDES`` holds what the government announced for 2024–2026 and
is applied by default. ``holidays`` 0.109 already has every Tết day of 2025 and
2026 and the bridge days of 2024–2026, but it has no notion of a worked
Saturday and misses the 2026 New Year bridge, so the constant lists them;
the Tết weekdays are repeated there so that the announced breaks hold even if
a later ``holidays`` release computes them differently.

Pure Python: no ORM. A later model of announced days can pass its rows in as
``overrides``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

__all__ = ["ANNOUNCED_OVERRIDES", "ANNOUNCED_SOURCES", "WorkingCalendar", "default_calendar"]

# Tết, 30/4 – 1/5 and 2/9 of 2025 were announced together, as were Tết and 2/9 of 2026.
_HOLIDAYS_2025 = "Thông báo 6150/TB-BLĐTBXH (11/2024), theo Công văn 8726/VPCP-KGVX ngày 26/11/2024"
_HOLIDAYS_2026 = "Thông báo 9441/TB-BNV ngày 16/10/2025, theo Công văn 9859/VPCP-KGVX (10/2025)"
_NEW_YEAR_2026 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025"
_APR_2024 = "Công văn 2450/VPCP-KGVX (2024), hoán đổi dịp 30/4 – 1/5/2024"


def _days(first: date, last: date) -> Iterable[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


_ANNOUNCED: list[tuple[date, bool, str]] = [
    # 30/4 – 1/5/2024: off Monday 29/4, worked Saturday 4/5.
    (date(2024, 4, 29), False, _APR_2024),
    (date(2024, 5, 4), True, _APR_2024),
    # Tết Ất Tỵ: off Saturday 25/1 to Sunday 2/2/2025 (9 days); the weekdays:
    *((d, False, _HOLIDAYS_2025) for d in _days(date(2025, 1, 27), date(2025, 1, 31))),
    # 30/4 – 1/5/2025: off Friday 2/5, worked Saturday 26/4 (5 days, 30/4 – 4/5).
    (date(2025, 5, 2), False, _HOLIDAYS_2025),
    (date(2025, 4, 26), True, _HOLIDAYS_2025),
    # Quốc khánh 2025: Monday 1/9 and Tuesday 2/9 (30/8 – 2/9).
    (date(2025, 9, 1), False, _HOLIDAYS_2025),
    (date(2025, 9, 2), False, _HOLIDAYS_2025),
    # Tết Dương lịch 2026: off 1/1 – 4/1; Friday 2/1 swapped with Saturday 10/1.
    (date(2026, 1, 1), False, _NEW_YEAR_2026),
    (date(2026, 1, 2), False, _NEW_YEAR_2026),
    (date(2026, 1, 10), True, _NEW_YEAR_2026),
    # Tết Bính Ngọ: off Saturday 14/2 to Sunday 22/2/2026 (9 days); the weekdays 16/2 – 20/2:
    *((d, False, _HOLIDAYS_2026) for d in _days(date(2026, 2, 16), date(2026, 2, 20))),
    # Quốc khánh 2026: off 29/8 – 2/9; Monday 31/8 swapped with Saturday 22/8.
    (date(2026, 8, 31), False, _HOLIDAYS_2026),
    (date(2026, 8, 22), True, _HOLIDAYS_2026),
    (date(2026, 9, 1), False, _HOLIDAYS_2026),
    (date(2026, 9, 2), False, _HOLIDAYS_2026),
]

#: Announced days off (False) and worked Saturdays (True) for civil servants, 2024–2026.
ANNOUNCED_OVERRIDES: Mapping[date, bool] = MappingProxyType({d: working for d, working, _ in _ANNOUNCED})
#: Where each entry of ``ANNOUNCED_OVERRIDES`` comes from.
ANNOUNCED_SOURCES: Mapping[date, str] = MappingProxyType({d: source for d, _, source in _ANNOUNCED})

# Guard against an endless walk through a calendar whose overrides close every day.
_MAX_STEPS = 3660


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


class WorkingCalendar:
    """Weekends and public holidays off, overrides first.

    ``overrides`` (``{date: bool}``) are laid over ``ANNOUNCED_OVERRIDES``;
    pass ``include_announced=False`` when the caller's mapping is already the
    complete list of announced days (e.g. read from a table seeded with them).
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        *,
        include_announced: bool = True,
        country: str = "VN",
    ) -> None:
        merged: dict[date, bool] = dict(ANNOUNCED_OVERRIDES) if include_announced else {}
        merged.update(overrides or {})
        self._overrides = merged
        self._country = country

    @property
    def overrides(self) -> Mapping[date, bool]:
        return dict(self._overrides)

    def is_working_day(self, d: date) -> bool:
        """True on a day the offices work (ngày làm việc)."""
        if d in self._overrides:
            return self._overrides[d]
        if d.weekday() >= 5:
            return False
        return d not in _public_holidays(self._country, d.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start``; the day after ``start`` is day 1.

        ``n == 0`` returns ``start`` unchanged (even on a day off); a negative
        ``n`` counts back (``-1`` is the last working day before ``start``).
        """
        step = 1 if n >= 0 else -1
        remaining, d = abs(n), start
        for _ in range(_MAX_STEPS + remaining):
            if remaining == 0:
                return d
            d += timedelta(days=step)
            if self.is_working_day(d):
                remaining -= 1
        raise ValueError(f"Không tìm được ngày làm việc thứ {n} kể từ {start.isoformat()}.")

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``: ``add_working_days(a, k)`` lands on ``b``
        for ``k = working_days_between(a, b)`` when ``b`` is a working day.
        Negative when ``b`` is before ``a``; 0 when they are equal.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(1 for d in _days(a + timedelta(days=1), b) if self.is_working_day(d))

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        return d if self.is_working_day(d) else self.add_working_days(d, 1)


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The shared calendar with ``ANNOUNCED_OVERRIDES`` and nothing else."""
    return WorkingCalendar()
