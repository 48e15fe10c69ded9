"""Entering figures: per-row messages, the Excel round trip, bad files refused with every error listed."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from documents.services import indicator_table_create
from tests.figures import complete_entries, section_one
from tests.journey import issued_obligation
from workflows.figures.entry import entries_from_xlsx, indicator_values_save, template_xlsx, validate_entries
from workflows.models import IndicatorValue, UnitReport

D = datetime.date


@pytest.fixture
def small_table(journey, on_day):
    """The first section (I) of the Thái Bình table: 29 rows with counts, ratios, coded and text rows."""
    obligation = issued_obligation(journey, on_day, title="Báo cáo CCHC", recipients=["Sở Tư pháp"], due_date=D(2025, 5, 15))
    table = indicator_table_create(document=obligation.plan.plan, annex=section_one(periods=2))
    return UnitReport.objects.get(obligation=obligation), table


complete = complete_entries


def test_a_complete_table_saves(small_table):
    report, table = small_table
    saved = indicator_values_save(report=report, table=table, entries=complete(table, {("I.2.2", 0): 9}))
    assert saved == IndicatorValue.objects.filter(report=report).count() > 20


def test_messages_name_the_row_and_nothing_is_saved(small_table):
    report, table = small_table
    bad = complete(table, {("I.2.2", 0): 11, ("I.2.1", 1): -3, ("I.4.1", 0): 7, ("I.2", 0): 50, ("I.3.2.1", 0): "nhiều"})
    del bad[("I.8.1", 1)]
    with pytest.raises(ValidationError) as caught:
        indicator_values_save(report=report, table=table, entries=bad)
    messages = caught.value.messages
    assert any(m.startswith("Dòng I.2 (Tỷ lệ hoàn thành Kế hoạch CCHC năm), Năm 2021: tử số (dòng I.2.2) lớn hơn mẫu số") for m in messages)
    assert any("Dòng I.2.1" in m and "Năm 2022: số liệu không được âm" in m for m in messages)
    assert any("Dòng I.4.1" in m and "“7” không phải mã hợp lệ (Có tổ chức = 1; Không tổ chức = 0)" in m for m in messages)
    assert any("Dòng I.2 " in m and "được tính tự động" in m for m in messages)
    assert any("Dòng I.3.2.1" in m and "“nhiều” không phải là số" in m for m in messages)
    assert any("Dòng I.8.1" in m and "Năm 2022: chưa nhập số liệu" in m for m in messages)
    assert not IndicatorValue.objects.filter(report=report).exists()


def test_excel_round_trip(small_table):
    report, table = small_table
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(table=table)))
    sheet = book["Bảng tổng hợp"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    assert sheet.cell(row=rows["I.2"], column=4).value.startswith("=IF(")  # the ratio is a formula
    for stt, value in complete(table).items():
        sheet.cell(row=rows[stt[0]], column=4 + stt[1], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    entries = entries_from_xlsx(table=table, data=buffer.getvalue())
    assert indicator_values_save(report=report, table=table, entries=entries) > 20
    again = openpyxl.load_workbook(io.BytesIO(template_xlsx(table=table, report=report)))["Bảng tổng hợp"]
    assert again.cell(row=rows["I.2.1"], column=4).value == 10


def test_a_bad_excel_file_is_refused_with_every_error(small_table):
    report, table = small_table
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(table=table)))
    sheet = book["Bảng tổng hợp"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    for stt, value in complete(table).items():
        sheet.cell(row=rows[stt[0]], column=4 + stt[1], value=value)
    sheet.cell(row=rows["I.2.1"], column=5, value="mười")
    book.create_sheet("Ghi chú")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationError) as caught:
        entries_from_xlsx(table=table, data=buffer.getvalue())
    assert any("đúng một trang tính" in m for m in caught.value.messages)
    del book["Ghi chú"]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationError) as caught:
        entries_from_xlsx(table=table, data=buffer.getvalue())
    assert any(m.startswith(f"Ô E{rows['I.2.1']} — Dòng I.2.1") and "“mười” không phải là số" in m for m in caught.value.messages)
    with pytest.raises(ValidationError, match="không phải tệp Excel"):
        entries_from_xlsx(table=table, data=b"not a workbook")
    assert not IndicatorValue.objects.filter(report=report).exists()


def test_errors_carry_their_code_and_cell(small_table):
    _report, table = small_table
    _values, errors = validate_entries(table=table, entries=complete(table, {("I.2.1", 1): -3, ("I.4.1", 0): 7}))
    found = {(e.code, e.params["stt"], e.params["period"]) for e in errors}
    assert found == {("negative", "I.2.1", 1), ("not_a_code", "I.4.1", 0)}


def test_the_excel_cell_is_found_whatever_the_period_is_called(small_table):
    """The cell comes from the error's params, not from its text: a period named with a colon and parentheses
    (which a message parser would split wrongly) still points at its own column."""
    report, table = small_table
    table.periods = ["Năm 2021", "Ước (6 tháng): 2022"]
    table.save(update_fields=["periods"])
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(table=table)))
    sheet = book["Bảng tổng hợp"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    for stt, value in complete(table).items():
        sheet.cell(row=rows[stt[0]], column=4 + stt[1], value=value)
    sheet.cell(row=rows["I.2.1"], column=5, value="mười")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationError) as caught:
        entries_from_xlsx(table=table, data=buffer.getvalue())
    assert [m for m in caught.value.messages if "“mười”" in m] == [
        f"Ô E{rows['I.2.1']} — Dòng I.2.1 ({table.indicators.get(stt='I.2.1').label[:60]}), Ước (6 tháng): 2022: "
        "“mười” không phải là số."]
