"""The phrases a deadline is written in (các cách ghi thời hạn), found in text.

This module only *finds*: every phrase becomes a ``Candidate`` with its span;
``documents.dates.deadlines`` ranks the candidates and turns them into dates.

The spans of a candidate cover its core (``01/5/2025``, ``Quý III năm 2025``);
the words in front that make it a deadline (``trước ngày``, ``chậm nhất``,
``Thời gian:``) are read separately by :func:`attach_context`, so that a
longer core (a range) always wins over a shorter one inside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .vndates import find_dates

# A period: (unit, year or None, index) with unit in month/quarter/half_year/year.
Period = tuple[str, int | None, int]

_F = re.IGNORECASE
_QUY = r"q(?:uý|uí|úy|úi)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q = r"(?:iv|iii|ii|i|[1-4])(?!\w)"
_YS = r"(?:\s*(?:năm|[/\-–])\s*|\s+)"  # "năm 2025", "/2025", "-2025", " 2025"
_YEAR = r"\d{4}(?!\d)"
_TO = r"\s*(?:[-–—]|đến(?:\s+hết)?)\s*"
_EVERY = r"(?:hằng|hàng|mỗi)\s+"
_DM = r"(?<![\d/.])\d{1,2}\s*/\s*\d{1,2}(?!\s*[/.\-]?\s*\d)(?!\d)"
_DM_LONG = r"(?<![\d/.])\d{1,2}\s+tháng\s+\d{1,2}(?!\d)(?!\s*,?\s*năm\s+\d)"
_DM_ANY = rf"(?:{_DM}|{_DM_LONG})"
_DM_LIST = rf"ngày\s*{_DM_ANY}(?:\s*(?:,|;|và|hoặc)\s*(?:ngày\s*)?{_DM_ANY})*"
_TRIGGER_WORDS = r"trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:vào|trước))?|hạn\s+chót(?:\s+là)?"
# A document symbol: 72/KH-UBND, 72 /KH-UBND, 120/2020/NĐ-CP, 20-CT/TU, 376/BNV- CCHC.
_SYMBOL = (
    r"(?-i:(?<![\w/])\d+(?:\s*/\s*\d{4})?\s*[/-]\s*[A-ZĐ][A-ZĐa-zđ]*(?:\s*[-/]\s*[A-ZĐ][A-ZĐa-zđ]*)*)"
)

SYMBOL_RE = re.compile(_SYMBOL)
_CITED_BEFORE_RE = re.compile(rf"{_SYMBOL}\s*,?\s*(?:ngày\s*)?$", _F)
_DM_RE = re.compile(r"(?P<d>\d{1,2})\s*(?:/|\s+tháng\s+)\s*(?P<m>\d{1,2})", _F)

_OFFSET_RE = re.compile(
    r"(?:(?:chậm\s+nhất(?:\s+là)?(?:\s+(?:sau|trong(?:\s+vòng)?))?|trong\s+(?:vòng|thời\s+hạn|thời\s+gian)|trong|sau|"
    r"không\s+quá)\s*)?(?<!\d)(?P<n>\d{1,3})\s*ngày(?P<wd>\s+làm\s+việc)?\s*,?\s*(?:kể|tính)\s+từ\s+"
    r"(?:ngày\s+|khi\s+|thời\s+điểm\s+)?(?P<event>ký\s+ban\s+hành|ban\s+hành|ký|nhận\s+được|nhận)",
    _F,
)
_ANNUAL_RE = re.compile(
    rf"{_DM_LIST}\s*,?\s*(?:của\s+)?{_EVERY}năm"
    rf"|{_EVERY}năm\s*,?\s*(?:(?:{_TRIGGER_WORDS})\s*)?{_DM_LIST}",
    _F,
)
_DAY_MONTH_RE = re.compile(rf"(?:ngày\s*)?{_DM_ANY}", _F)
_RANGE_RES = (
    ("quarter", re.compile(
        rf"(?:từ\s+)?{_QUY}\s*(?P<a>{_Q})(?:{_YS}(?P<ya>{_YEAR}))?{_TO}"
        rf"(?:{_QUY}\s*)?(?P<b>{_Q}){_YS}(?P<yb>{_YEAR})",
        _F,
    )),
    ("month", re.compile(
        rf"(?:từ\s+)?tháng\s*(?P<a>\d{{1,2}})(?:{_YS}(?P<ya>{_YEAR}))?{_TO}"
        rf"(?:tháng\s*)?(?P<b>\d{{1,2}}){_YS}(?P<yb>{_YEAR})",
        _F,
    )),
    ("year", re.compile(
        rf"(?:(?:từ\s+)?năm|giai\s+đoạn)\s*(?P<ya>{_YEAR}){_TO}(?:năm\s*)?(?P<yb>{_YEAR})", _F
    )),
)
_QUARTER_RE = re.compile(rf"{_QUY}\s*(?P<q>{_Q})(?:{_YS}(?P<y>{_YEAR}))?", _F)
_MONTH_RE = re.compile(rf"tháng\s*(?P<m>\d{{1,2}})(?!\d)(?:{_YS}(?P<y>{_YEAR}))?", _F)
_HALF_RE = re.compile(rf"(?<!\d)(?:0?6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm\s*(?P<y>{_YEAR})", _F)
_YEAR_RE = re.compile(rf"(?<!\w)năm\s*(?P<y>{_YEAR})", _F)
_PERIOD_WORD = r"(?:quý|quí|tháng|năm|(?:0?6|sáu)\s+tháng)(?!\s*\d)"
_RECURRING_RES = (
    re.compile(rf"định\s+kỳ\s*,?\s*(?:{_EVERY})?{_PERIOD_WORD}(?:\s*(?:,|và|hoặc)\s*(?:{_EVERY})?{_PERIOD_WORD})*", _F),
    re.compile(rf"(?:{_EVERY})(?:quý|quí|tháng|năm)(?!\s*\d)", _F),
)
_PERIOD_TOKEN_RE = re.compile(r"(?:0?6|sáu)\s+tháng|quý|quí|tháng|năm", _F)
_ONGOING_RE = re.compile(r"thường\s+xuyên(?:\s*,?\s*(?:và\s+)?liên\s+tục)?|liên\s+tục", _F)
_TRIGGER_RE = re.compile(
    rf"(?P<t>{_TRIGGER_WORDS}|đến\s+hết|(?:hoàn\s+thành|xong|thời\s+gian)\s+(?:trong|vào|trước))"
    rf"(?:\s+(?:ngày|cả|hết))?\s*$",
    _F,
)
_LABEL_RE = re.compile(
    r"(?:thời\s+gian|thời\s+hạn|hạn\s+chót|tiến\s+độ)(?:\s+[^\s:;.\n]+){0,3}\s*:\s*"
    r"(?P<value>[^;\n]*?)(?=\s*(?:[;\n]|\.(?:\s|$)|$))",
    _F,
)


@dataclass
class Candidate:
    """One deadline phrase found in text (internal to the deadlines modules)."""

    shape: str  # date, day_month, annual, offset, period, range, recurring, ongoing
    start: int
    end: int
    day: date | None = None
    day_months: tuple[tuple[int, int], ...] = ()
    period: Period | None = None
    period_from: Period | None = None
    offset: int | None = None
    working_days: bool = False
    from_issue: bool = False
    periods: tuple[str, ...] = ()
    self_marked: bool = False  # the phrase says by itself that it is a deadline
    before: bool = False  # "trước …": due before the date (exclusive)
    phrase_start: int = -1  # where the deadline phrase starts (trigger words included)
    triggered: bool = False
    labeled: bool = False

    @property
    def marked(self) -> bool:
        return self.self_marked or self.triggered or self.labeled


def clean(text: str) -> str:
    """NFC, with Markdown emphasis (``**chậm nhất 10 ngày**``) blanked out; spans stay put."""
    return unicodedata.normalize("NFC", text).replace("*", " ")


def citation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``<symbol> ngày <date>``: a cited document, never a deadline."""
    spans = []
    for _day, (start, end) in find_dates(text):
        m = _CITED_BEFORE_RE.search(text, max(0, start - 80), start)
        if m:
            spans.append((m.start(), end))
    return spans


def first_symbol(text: str) -> str | None:
    """``160/KH-UBND`` from ``Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022``."""
    m = SYMBOL_RE.search(text)
    return re.sub(r"\s+", "", m.group()) if m else None


def _day_months(fragment: str) -> tuple[tuple[int, int], ...]:
    pairs = ((int(m["d"]), int(m["m"])) for m in _DM_RE.finditer(fragment))
    return tuple(p for p in pairs if 1 <= p[1] <= 12 and 1 <= p[0] <= 31)


def _year(value: str | None) -> int | None:
    return int(value) if value else None


def _raw_candidates(text: str) -> list[Candidate]:
    found = [Candidate("date", s, e, day=d) for d, (s, e) in find_dates(text)]
    for m in _DAY_MONTH_RE.finditer(text):
        if dms := _day_months(m.group()):
            found.append(Candidate("day_month", *m.span(), day_months=dms))
    for m in _ANNUAL_RE.finditer(text):
        if dms := _day_months(m.group()):
            before = re.search(r"trước", m.group(), _F) is not None
            found.append(Candidate("annual", *m.span(), day_months=dms, self_marked=True, before=before,
                                   periods=("year",)))
    for m in _OFFSET_RE.finditer(text):
        event = " ".join(m["event"].lower().split())
        found.append(Candidate("offset", *m.span(), offset=int(m["n"]), working_days=bool(m["wd"]),
                               from_issue=event in {"ban hành", "ký ban hành", "ký"}, self_marked=True))
    for unit, regex in _RANGE_RES:
        for m in regex.finditer(text):
            yb = int(m["yb"])
            a, b = (_index(unit, m["a"]), _index(unit, m["b"])) if unit != "year" else (1, 1)
            ya = _year(m["ya"]) or (yb if a and b and a <= b else yb - 1)
            if a and b and (ya, a) <= (yb, b):  # "Quý IV/2025 - Quý II/2026", never backwards
                found.append(Candidate("range", *m.span(), period_from=(unit, ya, a), period=(unit, yb, b)))
    for unit, regex, key in (("quarter", _QUARTER_RE, "q"), ("month", _MONTH_RE, "m"), ("half_year", _HALF_RE, "h")):
        for m in regex.finditer(text):
            if index := _index(unit, m[key]):
                found.append(Candidate("period", *m.span(), period=(unit, _year(m["y"]), index)))
    for m in _YEAR_RE.finditer(text):
        found.append(Candidate("period", *m.span(), period=("year", int(m["y"]), 1)))
    for i, regex in enumerate(_RECURRING_RES):
        for m in regex.finditer(text):
            found.append(Candidate("recurring", *m.span(), periods=_period_words(m.group()), self_marked=i == 0))
    for m in _ONGOING_RE.finditer(text):
        found.append(Candidate("ongoing", *m.span()))
    return found


def _index(unit: str, value: str) -> int | None:
    if unit == "quarter":
        return _ROMAN.get(value.lower())
    if unit == "half_year":
        return 1 if value.lower() == "đầu" else 2
    month = int(value)
    return month if 1 <= month <= 12 else None


def _period_words(fragment: str) -> tuple[str, ...]:
    units = []
    for token in _PERIOD_TOKEN_RE.findall(fragment):
        token = token.lower()
        unit = {"quý": "quarter", "quí": "quarter", "tháng": "month", "năm": "year"}.get(token, "half_year")
        if unit not in units:
            units.append(unit)
    return tuple(units)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def candidates(text: str) -> list[Candidate]:
    """Non-overlapping candidates in ``text`` (already :func:`clean`), in text order.

    Candidates inside a citation are dropped; of two overlapping candidates
    the longer one stays (a range beats its quarters, a date its month).
    """
    cited = citation_spans(text)
    raw = [c for c in _raw_candidates(text) if not any(_overlaps((c.start, c.end), s) for s in cited)]
    kept: list[Candidate] = []
    for c in sorted(raw, key=lambda c: (-(c.end - c.start), c.start)):
        if not any(_overlaps((c.start, c.end), (k.start, k.end)) for k in kept):
            kept.append(c)
    kept.sort(key=lambda c: c.start)
    attach_context(text, kept)
    return kept


def attach_context(text: str, found: list[Candidate]) -> None:
    """Read the words in front of each candidate: a trigger (``trước ngày``) or a label (``Thời gian:``)."""
    labels = [m.start("value") for m in _LABEL_RE.finditer(text)]
    for c in found:
        c.phrase_start = c.start
        m = _TRIGGER_RE.search(text, max(0, c.start - 60), c.start)
        if m:
            c.triggered = True
            c.phrase_start = m.start()
            c.before = c.before or m["t"].lower().startswith("trước") or m["t"].lower().endswith("trước")
        c.labeled = any(text[v:c.phrase_start].strip() == "" and v <= c.phrase_start for v in labels)
