"""The entry grid on the report screen, the Excel download and upload, and the consolidated table page."""

import datetime
import io

import openpyxl
import pytest
from viewflow.workflow.status import STATUS

from tests.figures import section_one, thai_binh_annex
from tests.journey import issued_obligation, signing_code
from tests.journey import unit_step as step
from workflows.figures.entry import CELL
from workflows.flows import UnitReportFlow
from workflows.models import IndicatorValue, Route, UnitReport

D = datetime.date


@pytest.fixture
def drafting(journey, on_day, users):
    """A plan whose content carries the first section of the Thái Bình table; issued, so the table is created
    at dissemination; Sở Tư pháp's specialist is writing its report."""
    from documents.services import indicator_tables_from_content

    obligation = issued_obligation(journey, on_day, title="Báo cáo CCHC", route=Route.DIRECT, due_date=D(2025, 5, 15),
                                   recipients=["Sở Tư pháp", "UBND huyện Phú Bình"],
                                   outline=[{"number": "I", "title": "KẾT QUẢ"}])
    plan = obligation.plan.plan
    plan.content = {**plan.content, "annexes": [section_one(periods=2)]}
    plan.save(update_fields=["content"])
    tables = indicator_tables_from_content(document=plan)
    assert len(tables) == 1 and indicator_tables_from_content(document=plan) == tables  # once
    report = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    with on_day(D(2025, 4, 2)):
        step(report, "acknowledge", "vt.stp", "acknowledge", users)
        step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
    return report, tables[0]


def full_post(table, overrides=None):
    data = {"title": "Báo cáo của Sở Tư pháp", "section_0": "Đã rà soát thủ tục."}
    for indicator in table.indicators.all():
        for period in range(len(table.periods)):
            name = CELL.format(pk=indicator.pk, period=period)
            if indicator.kind == "count":
                data[name] = "10"
            elif indicator.kind == "coded":
                data[name] = str(min(indicator.codes.values()))
    for (stt, period), value in (overrides or {}).items():
        data[CELL.format(pk=table.indicators.get(stt=stt).pk, period=period)] = value
    return data


def draft_url(client, report, user):
    client.force_login(user)
    task = report.process.task_set.get(flow_task=UnitReportFlow.draft_report, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    if task.status == STATUS.NEW:
        client.post(task.reverse("assign"))
    return task.reverse("execute")


def test_dissemination_creates_the_plans_table(journey, on_day):
    from documents.models import IndicatorTable
    from workflows.plans.services import plan_fanout_schedule

    obligation = issued_obligation(journey, on_day, title="Báo cáo", recipients=["Sở Tư pháp"], due_date=D(2025, 5, 15))
    process = obligation.plan
    process.plan.content = {**process.plan.content, "annexes": [thai_binh_annex()]}
    process.plan.save(update_fields=["content"])
    plan_fanout_schedule(process=process)
    table = IndicatorTable.objects.get(document=process.plan)
    assert table.indicators.count() == 158 and len(table.periods) == 5


def test_the_grid_shows_every_row_and_computes_ratios_not_typed(drafting, client, users, on_day):
    report, table = drafting
    with on_day(D(2025, 4, 3)):
        page = client.get(draft_url(client, report, users["cv.stp"])).content.decode()
    ratio = table.indicators.get(stt="I.2")
    assert page.count('class="kh-row') == table.indicators.count()
    assert f'name="{CELL.format(pk=ratio.pk, period=0)}"' not in page  # a ratio row has no input
    assert f'data-numerator="{CELL.format(pk=ratio.numerator_id, period=0)}"' in page
    coded = table.indicators.filter(kind="coded").first()
    assert f'<select name="{CELL.format(pk=coded.pk, period=0)}"' in page
    assert "Tải mẫu Excel" in page


def test_a_wrong_grid_saves_nothing_and_names_the_rows(drafting, client, users, on_day):
    report, table = drafting
    with on_day(D(2025, 4, 3)):
        url = draft_url(client, report, users["cv.stp"])
        response = client.post(url, full_post(table, {("I.2.2", 0): "11", ("I.2.1", 1): "-3", ("I.3.1", 0): "nhiều"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dòng I.2 (" in page and "tử số (dòng I.2.2) lớn hơn mẫu số (dòng I.2.1)" in page
    assert "Dòng I.2.1 (" in page and "không được âm" in page
    assert "“nhiều” không phải là số" in page
    assert 'value="nhiều"' in page  # what was typed stays on the screen
    report.refresh_from_db()
    assert report.report is None and not IndicatorValue.objects.filter(report=report).exists()  # text not saved either
    with on_day(D(2025, 4, 3)):
        response = client.post(url, full_post(table, {("I.2.2", 0): "9"}))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "in_review" and IndicatorValue.objects.filter(report=report).count() > 20


def test_excel_round_trip_through_the_pages(drafting, client, users, on_day):
    report, table = drafting
    client.force_login(users["cv.stp"])
    response = client.get(f"/reports/{report.pk}/figures.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    for stt, r in rows.items():
        indicator = table.indicators.get(stt=stt)
        for col in (4, 5):
            if indicator.kind == "count":
                sheet.cell(row=r, column=col, value=7)
            elif indicator.kind == "coded":
                sheet.cell(row=r, column=col, value=min(indicator.codes.values()))
    sheet.cell(row=rows["I.2.2"], column=4, value="bảy")
    bad = io.BytesIO()
    book.save(bad)
    back = "/back/"
    refused = client.post(f"/reports/{report.pk}/figures/upload/", {"file": io.BytesIO(bad.getvalue()), "next": back})
    assert refused.status_code == 302 and not IndicatorValue.objects.filter(report=report).exists()
    text = " ".join(str(m) for m in refused.wsgi_request._messages)
    assert f"Ô D{rows['I.2.2']}" in text and "không phải là số" in text
    sheet.cell(row=rows["I.2.2"], column=4, value=5)
    good = io.BytesIO()
    book.save(good)
    good.name = "so-lieu.xlsx"
    good.seek(0)
    saved = client.post(f"/reports/{report.pk}/figures/upload/", {"file": good, "next": back})
    assert saved.status_code == 302 and IndicatorValue.objects.filter(report=report, indicator__stt="I.2.2", period=0).get().number == 5
    # the grid now shows what was uploaded
    with on_day(D(2025, 4, 3)):
        page = client.get(draft_url(client, report, users["cv.stp"])).content.decode()
    assert f'name="{CELL.format(pk=table.indicators.get(stt="I.2.2").pk, period=0)}" value="5"' in page


def test_only_the_units_staff_may_upload_and_others_cannot_even_download(drafting, client, users):
    report, table = drafting
    client.force_login(users["cv.phubinh"])  # another reporting unit
    assert client.get(f"/reports/{report.pk}/figures.xlsx").status_code == 404
    assert client.post(f"/reports/{report.pk}/figures/upload/", {"file": io.BytesIO(b"x")}).status_code == 404
    client.force_login(users["th.snv"])  # the receiver may read, not write
    assert client.get(f"/reports/{report.pk}/figures.xlsx").status_code == 200
    response = client.post(f"/reports/{report.pk}/figures/upload/", {"file": io.BytesIO(b"x")})
    assert response.status_code == 403 and "thủ trưởng Sở Tư pháp được nhập số liệu" in response.content.decode()
    client.force_login(users["cv.stp"])
    response = client.post(f"/reports/{report.pk}/figures/upload/", {"file": io.BytesIO(b"not excel")})
    assert response.status_code == 400 and "không phải tệp Excel" in response.content.decode()


def test_the_consolidated_page_and_its_access(drafting, client, users, on_day):
    report, table = drafting
    with on_day(D(2025, 4, 3)):
        client.post(draft_url(client, report, users["cv.stp"]), full_post(table, {("I.2.2", 0): "9"}))
        step(report, "sign_report", "gd.stp", "sign", users)
        step(report, "receive", "th.snv", "approve", users)
    plan = report.obligation.plan
    client.force_login(users["th.snv"])
    page = client.get(f"/dashboard/plan/{plan.pk}/consolidated/").content.decode()
    assert 'data-stt="I.2"' in page and ">90<" in page  # 9/10 recomputed
    assert "Đã báo cáo, được tổng hợp: 1 đơn vị" in page and "UBND huyện Phú Bình" in page  # missing, named
    assert "Lập báo cáo tổng hợp" in page
    xlsx = client.get(f"/dashboard/plan/{plan.pk}/consolidated/xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert any(sheet.cell(row=r, column=1).value == "I.2" and sheet.cell(row=r, column=4).value == "90"
               for r in range(3, sheet.max_row + 1))
    started = client.post(f"/dashboard/plan/{plan.pk}/consolidated/report/")
    assert started.status_code == 302 and "/execute/" in started["Location"]
    assert "Tải báo cáo tổng hợp (Word)" in client.get(f"/dashboard/plan/{plan.pk}/consolidated/").content.decode()
    client.force_login(users["cv.stp"])  # a reporting unit does not consolidate
    assert client.get(f"/dashboard/plan/{plan.pk}/consolidated/").status_code == 404
    assert client.post(f"/dashboard/plan/{plan.pk}/consolidated/report/").status_code == 404


def test_the_api_takes_a_whole_table_or_nothing_and_serves_the_consolidation(drafting, users, on_day):
    from rest_framework.test import APIClient

    report, table = drafting
    api = APIClient()
    values = {}
    for indicator in table.indicators.all():
        if indicator.kind == "count":
            values[indicator.stt] = [10, 10]
        elif indicator.kind == "coded":
            values[indicator.stt] = [min(indicator.codes.values())] * 2
    api.force_authenticate(users["cv.stp"])
    bad = api.put(f"/api/reports/{report.pk}/figures/", {"values": {**values, "I.2.2": [11, 5]}}, format="json")
    assert bad.status_code == 400 and any("I.2.2" in e for e in bad.json()["errors"])
    assert not IndicatorValue.objects.filter(report=report).exists()
    good = api.put(f"/api/reports/{report.pk}/figures/", {"values": {**values, "I.2.2": [9, 5]}}, format="json")
    assert good.status_code == 200 and good.json()["saved"] == IndicatorValue.objects.filter(report=report).count()
    api.force_authenticate(users["cv.phubinh"])
    assert api.put(f"/api/reports/{report.pk}/figures/", {"values": values}, format="json").status_code == 404
    api.force_authenticate(users["th.snv"])
    assert api.put(f"/api/reports/{report.pk}/figures/", {"values": values}, format="json").status_code == 403
    # the report goes in and is accepted through the task API; the consolidator reads the consolidation
    from viewflow.workflow.status import STATUS as S

    with on_day(D(2025, 4, 3)):
        for name, username, action, data in [("draft_report", "cv.stp", "submit", {"title": "Báo cáo", "sections": [
                {"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Đã rà soát."]}]}),
                ("sign_report", "gd.stp", "sign", {}), ("receive", "th.snv", "approve", {})]:
            report.refresh_from_db()
            task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, name), status__in=[S.NEW, S.ASSIGNED])
            api.force_authenticate(users[username])
            if name == "sign_report":
                data = {**data, "otp": signing_code(users[username])}
            response = api.post(f"/api/tasks/{task.pk}/{action}/", data, format="json")
            assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.report.content["sections"][0]["paragraphs"] == ["Đã rà soát."]
    body = api.get(f"/api/plans/{report.obligation.plan_id}/consolidated/").json()
    row = {r["stt"]: r for r in body["rows"]}
    assert row["I.2"]["values"][0] == "90" and body["included"] == ["Sở Tư pháp tỉnh Thái Nguyên"] and body["missing"] == ["Ủy ban nhân dân huyện Phú Bình"]
    api.force_authenticate(users["cv.stp"])
    assert api.get(f"/api/plans/{report.obligation.plan_id}/consolidated/").status_code == 404


def test_the_head_cannot_sign_a_report_whose_figures_are_missing(drafting, users, on_day):
    from django.core.exceptions import ValidationError

    report, table = drafting
    with on_day(D(2025, 4, 3)):
        step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo", sections=[
            {"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Đã rà soát."]}])  # text only, through the API
        with pytest.raises(ValidationError) as caught:
            step(report, "sign_report", "gd.stp", "sign", users)
    required = table.indicators.filter(kind__in=("count", "coded")).count() * 2
    assert f"còn thiếu {required} ô số liệu" in caught.value.messages[0]
    report.refresh_from_db()
    assert report.state == "in_review" and not report.report.is_issued


TYPED_TABLE = """I | THỦ TỤC HÀNH CHÍNH |
1 | Tỷ lệ hồ sơ giải quyết đúng hạn | %
1.1 | Tổng số hồ sơ tiếp nhận | Hồ sơ
1.2 | Số hồ sơ giải quyết đúng hạn | Hồ sơ
2 | Đơn vị có tổ chức đối thoại với người dân | Có = 1; Không = 0"""


def test_a_drafter_types_the_outline_and_the_table_into_the_plan(journey, on_day, client, users):
    from documents.models import IndicatorTable
    from orgchart.models import Field, Unit
    from workflows.flows import PlanFlow
    from workflows.models import PlanProcess
    from workflows.plans.services import plan_fanout_schedule

    client.force_login(users["cv.cchc"])
    data = {"division": Unit.objects.get(key="tn-snv-cchc").pk, "title": "Báo cáo kết quả CCHC năm 2025",
            "field": Field.objects.get(code="noi-vu").pk, "due_date": "20/03/2025", "legal_bases": "",
            "body": "I. MỤC ĐÍCH\nĐánh giá kết quả.", "tasks": "", "recipients": "Sở Tư pháp\nLưu: VT, HCC",
            "outline": "I. KẾT QUẢ\nNêu kết quả.\nII. KIẾN NGHỊ", "indicator_periods": "", "indicators": TYPED_TABLE}
    with on_day(D(2025, 3, 13)):
        refused = client.post(PlanFlow.start.reverse("execute"), {**data, "indicators": TYPED_TABLE + "\nchỉ một cột"})
        page = refused.content.decode()
        assert refused.status_code in (200, 422) and "Dòng 6 của bảng tổng hợp" in page
        no_periods = client.post(PlanFlow.start.reverse("execute"), data).content.decode()
        assert "ít nhất một kỳ số liệu" in no_periods
        assert client.post(PlanFlow.start.reverse("execute"), {**data, "indicator_periods": "Năm 2024; Năm 2025"}).status_code == 302
        process = PlanProcess.objects.latest("pk")
        kinds = [a["kind"] for a in process.plan.content["annexes"]]
        assert kinds == ["outline", "indicators"]
        journey.run_to_issue(process)
    plan_fanout_schedule(process=process)
    table = IndicatorTable.objects.get(document=process.plan)
    rows = {i.stt: i for i in table.indicators.all()}
    assert table.periods == ["Năm 2024", "Năm 2025"]
    assert rows["I.1"].kind == "ratio" and rows["I.1"].numerator == rows["I.1.2"] and rows["I.2"].kind == "coded"


def test_a_revision_replaces_the_typed_annexes_and_keeps_the_others():
    from workflows.flows.forms import annexes_merge

    old = [{"kind": "tasks"}, {"kind": "outline", "v": 1}, {"kind": "indicators", "v": 1}, {"kind": "table"}]
    assert annexes_merge(old, [{"kind": "outline", "v": 2}, {"kind": "indicators", "v": 2}]) == [
        {"kind": "tasks"}, {"kind": "outline", "v": 2}, {"kind": "indicators", "v": 2}, {"kind": "table"}]
    assert annexes_merge(old, []) == [{"kind": "tasks"}, {"kind": "table"}]  # cleared on the form: gone
    assert annexes_merge([{"kind": "text"}], [{"kind": "outline"}]) == [{"kind": "text"}, {"kind": "outline"}]
