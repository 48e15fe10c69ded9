"""The Thái Bình plan's indicator table (seed 002, Phụ lục 01) imports whole, with its kinds."""


import pytest

from documents.indicators import classify, parse_codes
from documents.models import IndicatorKind
from documents.word.parse import parse_docx
from tests.fixtures import FIXTURES

SAMPLE = next(FIXTURES.joinpath("samples").glob("002_*.docx"))


@pytest.fixture(scope="module")
def table():
    content = parse_docx(SAMPLE.read_bytes()).content
    annex = next(a for a in content["annexes"] if a["kind"] == "indicators")
    return annex, {row.stt: row for row in classify(annex["rows"])}


def test_every_row_imports_with_its_number_and_unit(table):
    annex, rows = table
    assert len(rows) == len(annex["rows"]) == 158
    assert annex["periods"][0] == "Năm 2021" and annex["periods"][-1] == "Năm 2025 (tính đến 31/3)"
    assert rows["I.2.1"].unit == "Nhiệm vụ" and rows["I.2.1"].label == "Số nhiệm vụ đề ra trong kế hoạch"
    assert rows["I.3.2.2"].unit == "Vấn đề" and rows["I.3.2.2"].parent == "I.3.2"
    assert rows["II.1.a"].label == "Chia theo tên loại VBQPPL"  # unnumbered rows get their parent's number and a letter


def test_kinds_ratio_coded_group_text_count(table):
    _annex, rows = table
    assert (rows["I.2"].kind, rows["I.2"].numerator, rows["I.2"].denominator) == (IndicatorKind.RATIO, "I.2.2", "I.2.1")
    assert (rows["I.3.2"].kind, rows["I.3.2"].numerator, rows["I.3.2"].denominator) == (IndicatorKind.RATIO, "I.3.2.2", "I.3.2.1")
    assert rows["I.3.1"].kind == IndicatorKind.PERCENT  # a percentage without its two counts: typed, never summed
    assert rows["I.4.1"].kind == IndicatorKind.CODED and rows["I.4.1"].codes == {"Có tổ chức": 1, "Không tổ chức": 0}
    assert rows["VII.4"].codes == {"Chưa": 0, "Đang làm": 1, "Hoàn thành": 2}
    assert rows["I"].kind == IndicatorKind.GROUP and rows["I.3"].kind == IndicatorKind.GROUP
    assert rows["I.4.5"].kind == IndicatorKind.TEXT and rows["I.4.2"].kind == IndicatorKind.COUNT


@pytest.mark.parametrize("unit, codes", [
    ("Có = 1; Không = 0", {"Có": 1, "Không": 0}),
    ("Không = 0 Có = 1", {"Không": 0, "Có": 1}),
    ("%", {}), ("Văn bản", {}), (None, {}), ("Triệu đồng", {}),
])
def test_coded_units(unit, codes):
    assert parse_codes(unit) == codes
