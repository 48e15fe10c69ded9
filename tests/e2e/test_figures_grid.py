"""The entry grid in the browser: a wrong cell is highlighted, its message shown once; a refused submit leaves the
report where it was (the side panel's state does not move)."""

import datetime

import pytest
from viewflow.workflow.status import STATUS

from tests.e2e.test_plan_journey import demo_keys, enter_code, login, submit  # noqa: F401  (demo_keys: a fixture)
from tests.e2e.test_report_journey import FILL_GRID
from tests.figures import section_one
from tests.journey import issued_obligation
from tests.journey import unit_step as step
from workflows.flows import UnitReportFlow
from workflows.models import Route, UnitReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
CELL = "tr[data-stt='I.2.2'] td:nth-child(4) input"


@pytest.fixture
def drafting(journey, on_day, users):
    from documents.services import indicator_tables_from_content

    obligation = issued_obligation(journey, on_day, title="Báo cáo CCHC", route=Route.DIRECT, due_date=D(2025, 5, 15),
                                   recipients=["Sở Tư pháp"], outline=[{"number": "I", "title": "KẾT QUẢ"}])
    plan = obligation.plan.plan
    plan.content = {**plan.content, "annexes": [section_one(periods=2)]}
    plan.save(update_fields=["content"])
    indicator_tables_from_content(document=plan)
    report = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    with on_day(D(2025, 4, 2)):
        step(report, "acknowledge", "vt.stp", "acknowledge", users)
        step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
    return report


# drafting before demo_keys: the plan is issued through the flow before any key exists (no PIN asked there)
def test_a_wrong_cell_is_highlighted_once_and_the_state_stays(live_server, page, artifacts, drafting, demo_keys, on_day):  # noqa: F811
    report = drafting
    task = report.process.task_set.get(flow_task=UnitReportFlow.draft_report, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    base = live_server.url
    with on_day(D(2025, 4, 3)):
        login(page, base, "cv.stp")
        page.goto(f"{base}{task.reverse('execute')}")
        state = page.locator(".kh-report-state").inner_text()
        page.fill("textarea[name=section_0]", "Đã rà soát thủ tục.")
        page.evaluate(FILL_GRID)
        page.fill(CELL, "12")  # more than its denominator (I.2.1 = 10)
        with page.expect_response(lambda r: r.request.method == "POST") as refused:
            page.click("button[name=_done]")
        assert refused.value.status == 422
        page.locator(".kh-errors").wait_for()
        page.screenshot(path=str(artifacts / "entry_grid_refused.png"), full_page=True)
        message = "tử số (dòng I.2.2) lớn hơn mẫu số (dòng I.2.1)"
        shown = page.get_by_text(message, exact=False)
        assert shown.count() == 1, shown.all_inner_texts()  # once, in the list above the form
        assert page.locator(".vf-form__errors").count() == 0  # not again over the title's label
        # the wrong cells are marked: the ratio (with its message as a tooltip) and the two figures it is made of
        wrong = page.locator("td.kh-cell-wrong")
        assert sorted(wrong.evaluate_all("cells => cells.map(c => c.closest('tr').dataset.stt)")) == ["I.2", "I.2.1", "I.2.2"]
        assert message in page.locator("tr[data-stt='I.2'] td.kh-cell-wrong").get_attribute("title")
        assert page.locator(CELL).get_attribute("aria-invalid") == "true"
        assert page.locator(CELL).input_value() == "12"  # what was typed stays
        assert page.locator(".kh-report-state").inner_text() == state
        page.fill(CELL, "9")  # corrected: no longer marked
        assert page.locator("tr[data-stt='I.2.2'] td.kh-cell-wrong").count() == 0
        submit(page)
        report.refresh_from_db()
        assert report.state == "in_review"

        # the head signs with a wrong PIN: refused, and the panel still says the report is being reviewed
        login(page, base, "gd.stp")
        sign = report.process.task_set.get(flow_task=UnitReportFlow.sign_report, status__in=[STATUS.NEW, STATUS.ASSIGNED])
        if sign.status == STATUS.NEW:
            page.goto(f"{base}{sign.reverse('assign')}")
            submit(page, "form.vf-form button[name=_continue]")
        page.goto(f"{base}{sign.reverse('execute')}")
        reviewing = page.locator(".kh-report-state").inner_text()
        assert reviewing == "Đang duyệt trong đơn vị"
        page.check("input[name=decision][value=approve]", force=True)
        enter_code(page, "gd.stp")
        page.fill("input[name=pin]", "000000")
        with page.expect_response(lambda r: r.request.method == "POST") as refused:
            page.click("button[name=_done]")
        assert refused.value.status == 422
        page.locator(".kh-errors").wait_for()
        assert page.locator(".kh-report-state").inner_text() == reviewing
        page.screenshot(path=str(artifacts / "sign_report_refused.png"), full_page=True)
        report.refresh_from_db()
        assert report.state == "in_review" and not report.report.symbol
