"""The Thái Bình table (seed 002) as tests use it, and figures that fill it correctly."""

from documents.models import IndicatorKind
from tests.fixtures import FIXTURES

SAMPLE = next(FIXTURES.joinpath("samples").glob("002_*.docx"))


def thai_binh_annex() -> dict:
    """The whole "indicators" annex of the Thái Bình plan (158 rows, five periods), as the Word import reads it."""
    from documents.word.parse import parse_docx

    return next(a for a in parse_docx(SAMPLE.read_bytes()).content["annexes"] if a["kind"] == "indicators")


def section_one(periods: int = 2) -> dict:
    """Section I of the table (29 rows: counts, ratios, coded and text rows) over its first ``periods`` periods."""
    annex = thai_binh_annex()
    rows = [annex["rows"][0]]
    for row in annex["rows"][1:]:
        if row["stt"] == "II":
            break
        rows.append(row)
    return {**annex, "rows": rows, "periods": annex["periods"][:periods]}


def complete_entries(table, overrides=None) -> dict:
    """Every required cell filled: 10 for a count, the lowest code for a coded row; ``overrides`` on top."""
    entries = {}
    for indicator in table.indicators.all():
        for period in range(len(table.periods)):
            if indicator.kind == IndicatorKind.COUNT:
                entries[(indicator.stt, period)] = 10
            elif indicator.kind == IndicatorKind.CODED:
                entries[(indicator.stt, period)] = min(indicator.codes.values())
    entries.update(overrides or {})
    return entries
