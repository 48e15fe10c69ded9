"""Vietnamese dates in administrative documents (ngày tháng trong văn bản hành chính).

Writing follows Nghị định 30/2020/NĐ-CP and what the seed plans show:

* long form, in the header and the place-date line:
  ``ngày 05 tháng 02 năm 2025``, ``ngày 16 tháng 3 năm 2025``;
  days below 10 and the months 1 and 2 are zero-padded, nothing else is;
* short form, in running text: ``16/3/2025``, ``02/9/2021``, ``21/01/2025``
  (the same padding rule: ``dd`` for the day, ``01``/``02`` for January and
  February, ``3`` … ``12`` unpadded for the other months).

Reading is lenient: ``16/3/2025``, ``16-3-2025``, ``16.3.2025``, ``2025-03-16``,
``ngày 16 tháng 3 năm 2025`` and stray spaces (``16 /3/2025``) are all accepted.
A string that names an impossible day (``31/2/2025``) is not a date.

Pure Python: no model, no database; only ``ValidationError`` comes from Django.
Messages are plain Vietnamese strings (no gettext) so that the module works
before the app registry is ready (scripts, imports at module level).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError

__all__ = [
    "BLANK",
    "find_dates",
    "format_long",
    "format_month",
    "format_place_date",
    "format_short",
    "parse_date",
    "parse_date_strict",
]

#: What a draft leaves blank for the clerk to fill in at issue (``ngày    tháng 4 năm 2025``).
BLANK = "    "

# One regex, three alternatives, so that matches never overlap:
#   long   "ngày 16 tháng 3 năm 2025" ("ngày" optional, "tháng 03" and "năm 2025," tolerated)
#   short  "16/3/2025", "16-3-2025", "16.3.2025", "16 /3/2025" (same separator twice)
#   iso    "2025-03-16" (what an HTML date input sends)
_DATE_RE = re.compile(
    r"(?:(?<!\w)ngày\s*)?(?<![\d/.-])(?P<ld>\d{1,2})\s+tháng\s+(?P<lm>\d{1,2})\s*,?\s+năm\s+(?P<ly>\d{4})(?!\d)"
    r"|(?<![\d/.-])(?P<sd>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<sm>\d{1,2})\s*(?P=sep)\s*(?P<sy>\d{4})(?![\d/])"
    r"|(?<![\d/.-])(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?![\d/-])",
    re.IGNORECASE,
)
_STRICT_PREFIX_RE = re.compile(r"^\s*(?:ngày\s*)?", re.IGNORECASE)


def _day(d: date) -> str:
    return f"{d.day:02d}"


def format_month(month: int) -> str:
    """Month as written in a document: ``01``, ``02``, then ``3`` … ``12``."""
    return f"{month:02d}" if month <= 2 else str(month)


def format_long(d: date) -> str:
    """``ngày 16 tháng 3 năm 2025``, ``ngày 05 tháng 02 năm 2025``."""
    return f"ngày {_day(d)} tháng {format_month(d.month)} năm {d.year}"


def format_short(d: date) -> str:
    """``16/3/2025``, ``02/9/2021``, ``21/01/2025``: the short form of running text."""
    return f"{_day(d)}/{format_month(d.month)}/{d.year}"


def format_place_date(
    place: str,
    d: date | None,
    *,
    draft_month: date | None = None,
    draft_year: int | None = None,
) -> str:
    """The place-date line (địa danh, ngày tháng) under the national motto.

    * issued (``d`` given): ``Thái Nguyên, ngày 16 tháng 3 năm 2025``;
    * a draft (``d`` is None) leaves the day blank for the clerk (văn thư):
      ``draft_month`` (any day of that month) → ``Thái Nguyên, ngày    tháng 4 năm 2025``;
      only ``draft_year`` → ``Thái Nguyên, ngày    tháng    năm 2025``;
      neither → ``Thái Nguyên, ngày    tháng    năm    ``.

    ``d`` wins over the draft arguments when both are given.
    """
    place = " ".join(place.split())
    if d is not None:
        return f"{place}, {format_long(d)}"
    if draft_month is not None:
        month, year = f" {format_month(draft_month.month)} ", f" {draft_month.year}"
    else:
        month, year = BLANK, BLANK if draft_year is None else f" {draft_year}"
    return f"{place}, ngày{BLANK}tháng{month}năm{year}"


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _date_from_match(m: re.Match[str]) -> date | None:
    if m.group("ld"):
        parts = m.group("ly"), m.group("lm"), m.group("ld")
    elif m.group("sd"):
        parts = m.group("sy"), m.group("sm"), m.group("sd")
    else:
        parts = m.group("iy"), m.group("im"), m.group("id")
    try:
        return date(*(int(p) for p in parts))
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date, tuple[int, int]]]:
    """Every full, valid date in running text, with its span ``(start, end)``.

    Both forms count: ``Nghị quyết số 76/NQ-CP ngày 15/7/2021`` gives 15/7/2021,
    ``ngày 31 tháng 5 năm 2022`` gives 31/5/2022 (the span of a long form
    includes the word ``ngày``). Impossible days (``31/2/2025``) and partial
    dates (``15/5``, ``tháng 3 năm 2025``) are skipped. Spans index the
    NFC-normalized text, which is the text itself for ordinary input.
    """
    found: list[tuple[date, tuple[int, int]]] = []
    for m in _DATE_RE.finditer(_normalize(text)):
        d = _date_from_match(m)
        if d is not None:
            found.append((d, m.span()))
    return found


def parse_date(text: str) -> date | None:
    """The first full date in ``text``, or None; never raises.

    Lenient on purpose: ``Thái Nguyên, ngày 16 tháng 3 năm 2025`` and
    ``ngày 16 /3/2025`` both give 16/3/2025. Use :func:`parse_date_strict`
    for a form field, where the whole value must be one date.
    """
    if not isinstance(text, str):
        return None
    found = find_dates(text)
    return found[0][0] if found else None


def parse_date_strict(text: str) -> date:
    """The date that ``text`` is, as a whole (an optional leading ``ngày`` allowed).

    Raises ``ValidationError`` (code ``invalid_date``) with the message
    ``Ngày không hợp lệ: …`` for anything else: ``abc``, ``31/2/2025``,
    ``16/3/2025 abc``, an empty string.
    """
    value = _normalize(text if isinstance(text, str) else str(text)).strip()
    body = _STRICT_PREFIX_RE.sub("", value, count=1)
    m = _DATE_RE.fullmatch(body)
    d = _date_from_match(m) if m else None
    if d is None:
        raise ValidationError(
            "Ngày không hợp lệ: “%(value)s”.", code="invalid_date", params={"value": value or "(trống)"}
        )
    return d
