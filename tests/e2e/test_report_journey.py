"""The report's journey in the real UI: a commune enters its figures and reports, its district (its figures summed
from the commune's) accepts and reports up, the consolidator accepts, opens the consolidated table and downloads
the Báo cáo tổng hợp."""

import datetime

import docx
import pytest
from viewflow.workflow.status import STATUS

from orgchart.models import Unit
from tests.e2e.test_plan_journey import enter_code, login, submit
from tests.figures import section_one
from workflows.flows import UnitReportFlow, fanout
from workflows.models import Obligation, PlanProcess, Route, UnitReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def open_unit_task(page, base, report, step):
    report.refresh_from_db()
    task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    if task.status == STATUS.NEW:
        page.goto(f"{base}{task.reverse('assign')}")
        submit(page, "form.vf-form button[name=_continue]")
    page.goto(f"{base}{task.reverse('execute')}")


def choose(page, field_id, label):
    page.click(f"vf-field-select#{field_id}")
    page.get_by_role("option", name=label).click()


def decide(page, value="approve", comment=""):
    page.check(f"input[name=decision][value={value}]", force=True)
    if comment:
        page.fill("textarea[name=comment]", comment)
    submit(page)


FILL_GRID = """() => {
  for (const input of document.querySelectorAll('table.kh-grid input[inputmode=decimal]')) {
    if (!input.value) { input.value = '10'; }
  }
  for (const select of document.querySelectorAll('table.kh-grid select')) {
    if (!select.value) { select.selectedIndex = 1; }
  }
  document.dispatchEvent(new Event('input'));
}"""


def test_commune_district_consolidator_in_the_browser(live_server, page, artifacts, journey, on_day):
    from documents.services import indicator_tables_from_content

    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.run_to_issue(process)
    plan = PlanProcess.objects.get(pk=process.pk).plan
    plan.content = {**plan.content, "annexes": [section_one(periods=2)]}
    plan.save(update_fields=["content"])
    (table,) = indicator_tables_from_content(document=plan)
    obligation = Obligation.objects.create(
        plan=PlanProcess.objects.get(pk=process.pk), title="Báo cáo tổng kết Chương trình", route=Route.VIA_PARENT,
        recipients=["UBND huyện Phú Bình", "UBND xã Kha Sơn"], consolidator=Unit.objects.get(key="tn-snv-cchc"),
        due_date=D(2025, 5, 1), outline=[{"number": "I", "title": "KẾT QUẢ THỰC HIỆN"}])
    fanout.fanout_obligation(obligation_id=obligation.pk, on=D(2025, 3, 16))
    commune = UnitReport.objects.get(obligation=obligation, unit__key="tn-x-khason")
    district = UnitReport.objects.get(obligation=obligation, unit__key="tn-h-phubinh")
    assert commune.parent == district
    base = live_server.url

    with on_day(D(2025, 4, 2)):
        # the district receives the plan and assigns its specialist; it then waits for its commune
        login(page, base, "vt.phubinh")
        open_unit_task(page, base, district, "acknowledge")
        submit(page)
        login(page, base, "ct.phubinh")
        open_unit_task(page, base, district, "assign")
        choose(page, "id_assignee", "Đàm Thị Thu")
        submit(page)

        # the commune: văn thư receives, the chair assigns, the specialist writes, the chair signs
        login(page, base, "vt.khason.cu")
        open_unit_task(page, base, commune, "acknowledge")
        submit(page)
        login(page, base, "ct.khason.cu")
        open_unit_task(page, base, commune, "assign")
        choose(page, "id_assignee", "Triệu Văn Khánh")
        submit(page)
        login(page, base, "cv.khason.cu")
        open_unit_task(page, base, commune, "draft_report")
        page.fill("textarea[name=section_0]", "Xã đã tổ chức tổng kết, ban hành 3 văn bản chỉ đạo.")
        page.evaluate(FILL_GRID)
        page.fill("tr[data-stt='I.2.2'] td:nth-child(4) input", "9")  # 9 of 10 done on time
        assert page.locator("tr[data-stt='I.2'] td:nth-child(4) output").inner_text() == "90 %"  # computed, not typed
        page.fill("tr[data-stt='I.2.2'] td:nth-child(4) input", "12")  # more than its denominator: refused
        with page.expect_response(lambda r: r.request.method == "POST") as refused:
            page.click("button[name=_done]")
        assert refused.value.status == 422
        page.wait_for_selector(".kh-errors")
        assert "tử số (dòng I.2.2) lớn hơn mẫu số (dòng I.2.1)" in page.locator(".kh-errors").inner_text()
        page.fill("tr[data-stt='I.2.2'] td:nth-child(4) input", "9")
        page.screenshot(path=str(artifacts / "entry_grid.png"), full_page=True)
        submit(page)
        login(page, base, "ct.khason.cu")
        open_unit_task(page, base, commune, "sign_report")
        enter_code(page, "ct.khason.cu")
        decide(page)
        commune.refresh_from_db()
        assert commune.state == "submitted" and commune.report.symbol.endswith("/BC-UBND")

        # the district accepts; with its only commune accepted it moves on by itself, reports and signs
        login(page, base, "ct.phubinh")
        open_unit_task(page, base, commune, "receive")
        decide(page)
        login(page, base, "cv.phubinh")
        open_unit_task(page, base, district, "draft_report")
        page.fill("textarea[name=section_0]", "Huyện tổng hợp báo cáo của các xã.")
        # the district starts from its communes' sums
        assert page.locator("tr[data-stt='I.2.2'] td:nth-child(4) input").input_value() == "9"
        page.evaluate(FILL_GRID)
        submit(page)
        login(page, base, "ct.phubinh")
        open_unit_task(page, base, district, "sign_report")
        enter_code(page, "ct.phubinh")
        decide(page)

        # the consolidator accepts and sees it on the plan page
        login(page, base, "th.snv")
        open_unit_task(page, base, district, "receive")
        decide(page)
        page.goto(f"{base}{process.get_absolute_url()}?state=accepted#obligations")
        accepted_units = page.locator("table.kh-unit-reports tr td:first-child").all_inner_texts()
        assert sorted(accepted_units) == ["UBND huyện Phú Bình", "UBND xã Kha Sơn"]
        assert page.get_by_text("Đã chấp nhận (2)").count() == 1
        page.screenshot(path=str(artifacts / "consolidator_plan.png"), full_page=True)
        page.goto(f"{base}/dashboard/plan/{process.pk}/")
        assert page.evaluate("() => !!(window.Chart && Chart.getChart(document.getElementById('kh-chart')))")
        page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

        # the consolidator opens the consolidated table (units of the plan's other tasks have not reported:
        # the plan still waits for them), drafts the Báo cáo tổng hợp from it and downloads it
        page.click("a.kh-consolidated-link")
        page.wait_for_load_state()
        assert page.locator("table.kh-consolidated tr[data-stt='I.2'] td:nth-child(4)").inner_text() == "90"
        assert "Đã báo cáo, được tổng hợp: 1 đơn vị" in page.locator(".kh-included").inner_text()
        page.screenshot(path=str(artifacts / "consolidated.png"), full_page=True)
        page.click("button.kh-report-start")
        page.wait_for_selector("textarea[name=section_0]")
        assert "UBND huyện Phú Bình: Huyện tổng hợp báo cáo của các xã." in page.locator("textarea[name=section_0]").input_value()
        submit(page)
        page.goto(f"{base}/dashboard/plan/{process.pk}/consolidated/")
        with page.expect_download() as info:
            page.click("a.kh-report-word")
        report = docx.Document(info.value.path())
        paragraphs = [p.text for p in report.paragraphs]
        assert "BÁO CÁO" in paragraphs and "BẢNG TỔNG HỢP SỐ LIỆU" in paragraphs
        assert "90" in [c.text for t in report.tables for r in t.rows for c in r.cells]
    district.refresh_from_db()
    commune.refresh_from_db()
    assert (commune.state, district.state) == ("accepted", "accepted")
