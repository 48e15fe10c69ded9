"""The dashboard and the Bảng tổng hợp show one report cycle of a recurring duty (``?cycle=``), the current one by
default; reminders and lateness follow that cycle's due date."""

import datetime

import pytest
from django.urls import reverse

from documents.dates.deadlines import parse_deadline
from orgchart.models import Unit
from tests.journey import issued_obligation
from workflows.flows.cycles import cycles_tick
from workflows.models import Obligation, PlanProcess, UnitReport
from workflows.plans import cycles as plan_cycles
from workflows.reports import consolidated, dashboard

D = datetime.date


@pytest.fixture
def duty(journey, on_day):
    """"định kỳ 6 tháng" for two sở, both cycles of 2025 opened; Sở Tư pháp's first report accepted."""
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.run_to_issue(process)
    plan = PlanProcess.objects.select_related("plan").get(pk=process.pk)
    periods, _dates = plan_cycles.recurrence_of(deadline=parse_deadline("định kỳ 6 tháng"), process=plan)
    obligation = Obligation.objects.create(plan=plan, title="Báo cáo kết quả thực hiện", recipients=["Sở Tư pháp", "Sở Tài chính"],
                                           consolidator=Unit.objects.get(key="tn-snv-cchc"), cycle_periods=periods)
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    cycles_tick(today=D(2026, 1, 5))
    first, second = obligation.cycles.order_by("sequence")
    UnitReport.objects.filter(cycle=first, unit__key="tn-stp").update(state="accepted")
    return obligation, first, second


def test_the_current_cycle_is_the_open_one_due_next_else_the_latest(duty):
    obligation, first, second = duty
    plan = obligation.plan
    assert plan_cycles.cycle_chosen(process=plan, value=None, today=D(2025, 6, 20)) == first
    assert plan_cycles.cycle_chosen(process=plan, value=None, today=D(2025, 12, 20)) == second
    assert plan_cycles.cycle_chosen(process=plan, value=None, today=D(2026, 3, 1)) == second
    assert plan_cycles.cycle_chosen(process=plan, value=str(first.pk), today=D(2026, 3, 1)) == first
    assert plan_cycles.cycle_chosen(process=plan, value="all", today=D(2026, 3, 1)) is None
    assert plan_cycles.cycle_chosen(process=plan, value="x'; --", today=D(2026, 3, 1)) is None
    assert plan_cycles.cycle_chosen(process=plan, value="9" * 30, today=D(2026, 3, 1)) is None  # no overflow
    assert plan_cycles.cycle_chosen(process=plan, value="-1", today=D(2026, 3, 1)) is None


def test_the_dashboard_counts_the_chosen_cycle(duty, client, users, on_day):
    obligation, first, second = duty
    client.force_login(users["th.snv"])
    url = reverse("dashboard_plan", args=[obligation.plan_id])
    with on_day(D(2025, 12, 20)):
        default = client.get(url)
        chosen = client.get(url, {"cycle": first.pk})
        every = client.get(url, {"cycle": "all"})
    assert default.context["cycle"] == second and [c.pk for c in default.context["cycles"]] == [second.pk, first.pk]
    assert (default.context["counts"]["total"], default.context["counts"]["accepted"]) == (2, 0)
    assert chosen.context["cycle"] == first
    assert (chosen.context["counts"]["total"], chosen.context["counts"]["accepted"]) == (2, 1)
    assert every.context["cycle"] is None and every.context["counts"]["total"] == 4
    page = chosen.content.decode()
    assert "6 tháng đầu năm 2025" in page and f'value="{first.pk}" selected' in page
    # lateness follows the cycle's own date: on 20/12/2025 the first cycle's open report is late, the second's is not
    assert [row["due_text"] for row in chosen.context["late"]] == ["30/06/2025"]
    assert default.context["late"] == []


def test_a_plan_with_one_off_reports_beside_its_cycles_opens_on_all_and_its_links_name_the_cycle(duty, client, users,
                                                                                                on_day):
    obligation, first, second = duty
    one_off = Obligation.objects.create(plan=obligation.plan, title="Báo cáo một lần", recipients=["Sở Y tế"],
                                        consolidator=obligation.consolidator, due_date=D(2025, 5, 1))
    from workflows.flows.fanout import fanout_obligation

    fanout_obligation(obligation_id=one_off.pk)
    client.force_login(users["th.snv"])
    url = reverse("dashboard_plan", args=[obligation.plan_id])
    with on_day(D(2025, 12, 20)):
        default = client.get(url)
        chosen = client.get(url, {"cycle": first.pk})
        listed = client.get(reverse("dashboard_plan_list", args=[obligation.plan_id]), {"show": "all", "cycle": first.pk})
    assert default.context["cycle"] is None and default.context["counts"]["total"] == 5  # 4 of the cycles, 1 one-off
    assert chosen.context["cycle"] == first and chosen.context["counts"]["total"] == 2
    assert f'?show=all&amp;cycle={first.pk}"' in chosen.content.decode()
    assert listed.context["count"] == 2 and "6 tháng đầu năm 2025" in listed.content.decode()


def test_a_cycle_of_another_plan_shows_nothing_of_it(duty, client, users, journey, on_day):
    obligation, first, _second = duty
    other = issued_obligation(journey, on_day, title="Báo cáo khác", recipients=["Sở Y tế"], due_date=D(2025, 5, 1),
                              cycle_periods=["year"])
    plan_cycles.obligation_cycles_ensure(obligation=other)
    cycles_tick(today=D(2026, 1, 5), obligations=[other.pk])
    foreign = other.cycles.get()
    client.force_login(users["th.snv"])
    with on_day(D(2025, 12, 20)):
        page = client.get(reverse("dashboard_plan", args=[obligation.plan_id]), {"cycle": foreign.pk})
    assert page.status_code == 200 and page.context["cycle"] is None
    assert not page.context["late"] or all(r["report"].obligation_id == obligation.pk for r in page.context["late"])
    assert page.context["counts"]["total"] == 4  # this plan's reports only
    client.force_login(users["cv.khason.cu"])  # a commune's specialist sees no dashboard of the plan, cycle or not
    assert client.get(reverse("dashboard_plan", args=[obligation.plan_id]), {"cycle": first.pk}).status_code == 404


def test_the_consolidated_table_is_the_chosen_cycles(duty, client, users, on_day):
    obligation, first, second = duty
    level = obligation.consolidator
    result, _o = consolidated.consolidation_at(process=obligation.plan, level=level, cycle=first)
    assert ([u.key for u in result.included], sorted(u.key for u in result.missing)) == (["tn-stp"], ["tn-stc"])
    result, _o = consolidated.consolidation_at(process=obligation.plan, level=level, cycle=second)
    assert (result.included, sorted(u.key for u in result.missing)) == ([], ["tn-stc", "tn-stp"])
    client.force_login(users["th.snv"])
    url = reverse("consolidated", args=[obligation.plan_id])
    with on_day(D(2025, 12, 20)):
        default = client.get(url)
        chosen = client.get(url, {"cycle": first.pk, "unit": level.pk})
        xlsx = client.get(reverse("consolidated_xlsx", args=[obligation.plan_id]), {"cycle": first.pk})
        excel = client.get(reverse("dashboard_xlsx", args=[obligation.plan_id]), {"cycle": first.pk})
    assert default.context["cycle"] == second and default.context["result"].included == []
    assert chosen.context["cycle"] == first and [u.key for u in chosen.context["result"].included] == ["tn-stp"]
    assert xlsx.status_code == 404  # the test plan has no indicator table (the cycle changes nothing to that)
    assert excel.status_code == 200


def test_the_consolidated_report_of_a_cycle_says_which_and_gathers_that_cycle_only(duty):
    obligation, first, second = duty
    title, content = consolidated.consolidated_content(process=obligation.plan, level=obligation.consolidator, cycle=first)
    assert "kỳ báo cáo 6 tháng đầu năm 2025" in title
    assert content["consolidation"]["cycle_id"] == first.pk and len(content["consolidation"]["included"]) == 1
    _title, content = consolidated.consolidated_content(process=obligation.plan, level=obligation.consolidator, cycle=second)
    assert content["consolidation"]["included"] == []


def test_the_dashboard_reads_of_one_cycle_take_no_more_queries_than_of_the_plan(duty, django_assert_max_num_queries):
    obligation, first, _second = duty
    reports = dashboard.plan_reports(process=obligation.plan, cycle=first)
    with django_assert_max_num_queries(2):
        counts = dashboard.state_counts(reports=reports, today=D(2025, 12, 20))
    assert (counts["total"], counts["accepted"], counts["overdue"]) == (2, 1, 1)
