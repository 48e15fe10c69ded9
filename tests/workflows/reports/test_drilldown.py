"""Dashboards that click through (issue 17, point 6): every number on a dashboard opens the list behind it, which
shows the same count.

On the demo's data, for several roles: the across-plans dashboard and every plan dashboard it links to are read;
every number printed in them must be a link carrying ``data-count`` (or a cell marked ``data-not-count``, such as
days late), and following each link must give a list whose ``data-list-count`` and rows (over all its pages) equal it.
A new number without a link, or with a list that counts differently, fails here.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html
import pytest
from django.urls import resolve

from tests.journey import issued_obligation
from workflows.models import DeadlineExtension, ExtensionState, UnitReport
from workflows.reports import drilldown
from workflows.web.my_work import SHOW

ROLES = ("admin", "th.snv", "gd.snv", "cv.cchc", "gd.stp", "ct.khason", "vt.khason", "pct.tien")
DIGITS = re.compile(r"^\s*\d+\s*$")
DRILL_VIEWS = {"dashboard_list", "dashboard_plan_list", "my_work"}  # Việc của tôi: its counters filter its list
ROWS = ".//tr[contains(@class, 'kh-list-row') or contains(@class, 'kh-work-row')]"


def _grid(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode()).xpath("//*[contains(concat(' ', @class, ' '), ' vf-page__grid ')]")[0]


def _unlinked_numbers(grid) -> list[str]:
    """Texts of the page that are a bare number without a link to their list (and not marked as no count)."""
    found = []
    for element in grid.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "option"):
            continue
        for text in (element.text, *(child.tail for child in element)):
            if text and DIGITS.match(text):
                marked = element.xpath("ancestor-or-self::a[@data-count] | ancestor-or-self::*[@data-not-count]")
                if not marked:
                    found.append(f"<{element.tag} class={element.get('class')!r}>{text.strip()}")
    return found


def _list_count(client, url: str) -> tuple[int, int]:
    """(the count the list prints, the rows it shows over all its pages)."""
    response = client.get(url)
    grid = _grid(response)
    printed = [int(e.get("data-list-count")) for e in grid.xpath(".//*[@data-list-count]")]
    assert len(printed) == 1, url
    rows = len(grid.xpath(ROWS))
    pages = 0
    while (following := grid.xpath(".//a[contains(@class, 'kh-next')]")) and pages < 100:
        url, pages = urljoin(url, following[0].get("href")), pages + 1
        grid = _grid(client.get(url))
        assert [int(e.get("data-list-count")) for e in grid.xpath(".//*[@data-list-count]")] == printed
        rows += len(grid.xpath(ROWS))
    return printed[0], rows


def _check_dashboard(client, url: str, checked: list) -> list[str]:
    """Every number of the dashboard at ``url`` against its list; returns the plan dashboards it links to."""
    grid = _grid(client.get(url))
    assert not _unlinked_numbers(grid), (url, _unlinked_numbers(grid))
    for link in grid.xpath(".//a[@data-count]"):
        href = urljoin(url, link.get("href"))
        assert resolve(href.split("?")[0]).url_name in DRILL_VIEWS, href
        number = int(link.text_content())
        assert int(link.get("data-count")) == number, href
        printed, rows = _list_count(client, href)
        assert (printed, rows) == (number, number), f"{url}: {link.get('href')} says {number}, its list {printed}/{rows}"
        checked.append((href, number))
    return sorted({urljoin(url, a.get("href")) for a in grid.xpath(".//a[@href]")
                   if re.fullmatch(r"/dashboard/plan/\d+/", a.get("href"))})


def test_every_number_of_every_dashboard_opens_a_list_with_the_same_count(demo, client):
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    assert set(users) == set(ROLES)
    checked, plan_pages = [], set()
    for role in ROLES:
        client.force_login(users[role])
        _check_dashboard(client, "/", checked)  # Việc của tôi
        for plan_url in _check_dashboard(client, "/dashboard/", checked):
            plan_pages.add(plan_url)
            _check_dashboard(client, plan_url, checked)
    shown = {parse_qs(urlsplit(href).query).get("show", [""])[0] for href, _n in checked}
    # every list there is, and every counter of Việc của tôi, is reached from some number of the demo's dashboards
    missing = (set(drilldown.DRILLS) | set(SHOW)) - shown
    if not DeadlineExtension.objects.filter(state=ExtensionState.APPROVED).exists():
        missing.discard("extended")  # its number shows with the table of extended units (test above: mixed)
    assert not missing, sorted(missing)
    assert len(plan_pages) >= 2 and sum(1 for _href, n in checked if n) >= 10
    print(f"\n{len(checked)} numbers followed on {len(plan_pages)} plan dashboards, the overview and Việc của tôi "
          f"for {len(ROLES)} roles, {sum(1 for _href, n in checked if n)} of them not zero")


def test_a_bare_number_is_caught():
    grid = lxml.html.fromstring('<div><table><tr><td>7</td><td><b><a href="/x" data-count="3">3</a></b></td>'
                                '<td data-not-count>12</td><td>01/05/2025</td></tr></table> 4 <p>Đến hạn trong 3 ngày</p></div>')
    assert sorted(_unlinked_numbers(grid)) == ["<div class=None>4", "<td class=None>7"]


@pytest.fixture
def known(journey, on_day):
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Các sở, ban, ngành"],
                                   due_date=datetime.date(2025, 5, 1))
    UnitReport.objects.filter(obligation=obligation, unit__key="tn-stp").update(state="accepted")
    return obligation


@pytest.fixture
def mixed(known, users):
    """Two duties of one plan for the same sở: Sở Tư pháp accepted on the first, not on the second (a unit is done
    when all of its duties are); one report extended, two submitted on different days."""
    from workflows.flows import fanout
    from workflows.models import Obligation

    second = Obligation.objects.create(plan=known.plan, title="Xây dựng kế hoạch triển khai", recipients=["Các sở, ban, ngành"],
                                       consolidator=known.consolidator, due_date=datetime.date(2025, 6, 1))
    fanout.fanout_obligation(obligation_id=second.pk, on=datetime.date(2025, 3, 16))
    stc = UnitReport.objects.get(obligation=known, unit__key="tn-stc")
    UnitReport.objects.filter(pk=stc.pk).update(state="submitted", submitted_at=datetime.datetime(
        2025, 4, 20, 10, tzinfo=datetime.UTC))
    UnitReport.objects.filter(obligation=known, unit__key="tn-stp").update(
        submitted_at=datetime.datetime(2025, 4, 22, 23, 30, tzinfo=datetime.UTC),  # 23/4 in Hà Nội
        accepted_at=datetime.datetime(2025, 4, 24, 2, tzinfo=datetime.UTC))
    UnitReport.objects.filter(obligation=second, unit__key="tn-sct").update(due_date=datetime.date(2025, 4, 10))
    DeadlineExtension.objects.create(unit_report=stc, requested_by=users["gd.stp"], old_due_date=datetime.date(2025, 4, 1),
                                     new_due_date=datetime.date(2025, 5, 1), reason="Chờ số liệu",
                                     state=ExtensionState.APPROVED)
    return known


def test_each_list_counts_what_its_dashboard_number_aggregates(mixed, client, users):
    """Against the dashboard's own aggregates (GROUP BY, per plan, per day), on every day around the deadlines."""
    from workflows.models import PlanProcess
    from workflows.reports import dashboard, drilldown

    process = mixed.plan
    plans = PlanProcess.objects.filter(pk=process.pk)
    reports = dashboard.plan_reports(process=process)
    for today in (datetime.date(2025, 4, 9), datetime.date(2025, 4, 11), datetime.date(2025, 5, 5), datetime.date(2025, 6, 2)):
        def n(name, day=None, today=today):
            return drilldown.count(drill=drilldown.drill(name), process=process, plans=plans, today=today, day=day)

        counts = dashboard.state_counts(reports=reports, today=today)
        assert {value: n(value) for value, _label in dashboard.state_labels()} == {
            value: counts[value] for value, _label in dashboard.state_labels()}
        assert n("all") == counts["total"] == UnitReport.objects.filter(obligation__plan=process).count() > n("units")
        assert n("extended") == len(dashboard.extended_units(reports=reports)) == 1
        (row,) = dashboard.plans_overview(plans=plans, today=today)
        assert (n("units"), n("units_accepted"), n("units_overdue")) == (row["total"], row["accepted"], row["late"])
        assert row["accepted"] == 0  # Sở Tư pháp still owes its second duty
        clocks = dashboard.clock_counts(plans=plans, today=today)
        assert (n("receipts_overdue"), n("issues_overdue")) == (clocks["receipts_overdue"], clocks["issues_overdue"])
        progress = dashboard.progress(reports=reports)
        assert [(n("submitted_until", p["day"]), n("accepted_until", p["day"])) for p in progress] == [
            (p["submitted"], p["accepted"]) for p in progress]
        assert [p["day"] for p in progress] == [datetime.date(2025, 4, 20), datetime.date(2025, 4, 23),
                                                datetime.date(2025, 4, 24)]


def test_a_list_takes_the_same_queries_for_few_or_many_rows(mixed, client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UnitReport.objects.filter(obligation__plan=mixed.plan, unit__key="tn-stp").update(state="accepted")  # one unit done
    client.force_login(users["th.snv"])
    base = f"/dashboard/plan/{mixed.plan_id}/list/?show="
    for few, many in (("accepted", "all"), ("units_accepted", "units")):
        client.get(base + few)
        with CaptureQueriesContext(connection) as small:
            assert 1 <= client.get(base + few).context["count"] <= 3
        with CaptureQueriesContext(connection) as large:
            assert client.get(base + many).context["count"] >= 10
        assert len(small) == len(large), (few, many)


def test_a_list_only_for_those_who_may_see_the_plan(known, client, users):
    plan = known.plan_id
    url = f"/dashboard/plan/{plan}/list/?show=overdue"
    response = client.get(url)  # anonymous: to the login page
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(users["cv.khason"])  # a commune's official: not a plan of theirs, as its dashboard
    assert client.get(f"/dashboard/plan/{plan}/").status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(f"/dashboard/plan/{plan}/list/?show=units").status_code == 404
    client.force_login(users["th.snv"])
    assert client.get(url).status_code == 200
    assert client.get(f"/dashboard/plan/{plan}/list/").context["count"] == UnitReport.objects.filter(obligation=known).count()
    assert client.get("/dashboard/plan/999999/list/?show=all").status_code == 404  # a forged plan
    assert client.get(f"/dashboard/plan/{plan}/list/?show=nothing").status_code == 404
    assert client.get(f"/dashboard/plan/{plan}/list/?show=submitted_until&day=31-12-2025").status_code == 404
    assert client.get("/dashboard/list/?show=overdue").status_code == 404  # a plan's drill needs its plan
    assert client.get("/dashboard/list/").status_code == 302  # nothing chosen: back to the dashboard


def test_the_across_plans_task_list_counts_only_visible_plans(known, client, users, on_day):
    """A văn thư of a commune that received nothing sees none of the province's overdue registrations."""
    from workflows import selectors
    from workflows.models import PlanProcess
    from workflows.reports import dashboard, drilldown

    later = datetime.date(2025, 6, 2)
    everyone = dashboard.clock_counts(plans=PlanProcess.objects.all(), today=later)["receipts_overdue"]
    assert everyone > 0
    with on_day(later):
        client.force_login(users["th.snv"])
        page = lxml.html.fromstring(client.get("/dashboard/").content.decode())
        mine = int(page.xpath("//a[contains(@class, 'kh-count-receipts-overdue')]")[0].get("data-count"))
        listed = lxml.html.fromstring(client.get("/dashboard/list/?show=receipts_overdue").content.decode())
        assert int(listed.xpath(".//*[@data-list-count]")[0].get("data-list-count")) == mine
        assert len(listed.xpath(".//tr[contains(@class, 'kh-list-row')]")) == mine
        client.force_login(users["vt.khason"])
        listed = lxml.html.fromstring(client.get("/dashboard/list/?show=receipts_overdue").content.decode())
        visible = drilldown.count(drill=drilldown.drill("receipts_overdue"),
                                  plans=selectors.plan_processes_visible_to(user=users["vt.khason"]), today=later)
        assert int(listed.xpath(".//*[@data-list-count]")[0].get("data-list-count")) == visible < everyone
