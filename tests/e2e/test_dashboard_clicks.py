"""In the browser: a number of the plan's dashboard and a bar of its chart open the list behind them, with that count."""

import datetime

import pytest
from django.utils import timezone

from tests.e2e.test_plan_journey import login
from tests.journey import issued_obligation
from workflows.models import UnitReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_a_number_and_a_bar_open_their_list(live_server, page, artifacts, journey, on_day):
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Các sở, ban, ngành"],
                                   due_date=D(2025, 5, 1))
    now = timezone.now()
    UnitReport.objects.filter(obligation=obligation, unit__key__in=["tn-stp", "tn-stc"]).update(
        state="accepted", submitted_at=now, accepted_at=now)
    base = live_server.url
    with on_day(D(2025, 5, 5)):
        login(page, base, "th.snv")
        page.goto(f"{base}/dashboard/plan/{obligation.plan_id}/")
        link = page.locator(".kh-counts td.kh-count-accepted a")
        assert link.inner_text() == "2"
        link.click()
        page.locator("[data-list-count]").wait_for()
        assert page.locator("[data-list-count]").get_attribute("data-list-count") == "2"
        assert page.locator("tr.kh-list-row").count() == 2
        page.screenshot(path=str(artifacts / "dashboard_list_accepted.png"), full_page=True)

        page.goto(f"{base}/dashboard/plan/{obligation.plan_id}/")
        page.locator("#kh-chart").wait_for()
        overdue = int(page.locator(".kh-counts td.kh-count-overdue a").inner_text())
        # the last bar is Quá hạn: click its middle
        x, y = page.evaluate("""() => { const bar = Chart.getChart(document.getElementById('kh-chart'))
            .getDatasetMeta(0).data.at(-1); return [bar.x, (bar.y + bar.base) / 2]; }""")
        box = page.locator("#kh-chart").bounding_box()
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_url(lambda url: "show=overdue" in url)
        assert page.locator("[data-list-count]").get_attribute("data-list-count") == str(overdue)
        assert page.locator("tr.kh-list-row").count() == overdue > 0
