"""One Báo cáo tổng hợp per report cycle of a recurring duty: started for the cycle chosen on the Bảng tổng hợp,
remembered by its process, never twice for one plan and cycle; of a cycle, the figures of the column naming its
period. A plan with one-off duties keeps its one report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from viewflow.workflow.status import PROCESS

from documents.dates.deadlines import parse_deadline
from documents.services import indicator_table_create
from orgchart.models import Unit
from tests.figures import complete_entries, section_one
from tests.journey import issued_obligation
from tests.journey import unit_step as step
from tests.workflows.figures.test_figures_pages import draft_url
from workflows import flowrefs
from workflows.figures.entry import CELL, indicator_values_save, report_period
from workflows.flows.cycles import cycles_tick
from workflows.flows.runtime import consolidated_report_start
from workflows.models import ConsolidatedReportProcess, IndicatorValue, Obligation, PlanProcess, Route, UnitReport
from workflows.plans import cycles as plan_cycles
from workflows.reports import consolidated

D = datetime.date


def _duty(journey, on_day, *, periods: str, **fields):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.run_to_issue(process)
    plan = PlanProcess.objects.select_related("plan").get(pk=process.pk)
    cycle_periods, _dates = plan_cycles.recurrence_of(deadline=parse_deadline(periods), process=plan)
    obligation = Obligation.objects.create(plan=plan, title="Báo cáo kết quả thực hiện", recipients=["Sở Tư pháp", "Sở Tài chính"],
                                           consolidator=Unit.objects.get(key="tn-snv-cchc"), cycle_periods=cycle_periods,
                                           **fields)
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    cycles_tick(today=D(2027, 1, 5), obligations=[obligation.pk])
    return obligation


@pytest.fixture
def duty(journey, on_day):
    """"định kỳ 6 tháng" for two sở, both cycles of 2025 opened; Sở Tư pháp's first report accepted."""
    obligation = _duty(journey, on_day, periods="định kỳ 6 tháng")
    first, second = obligation.cycles.order_by("sequence")
    UnitReport.objects.filter(cycle=first, unit__key="tn-stp").update(state="accepted")
    return obligation, first, second


# --- the service ---------------------------------------------------------------------------


def test_two_cycles_have_two_reports_each_remembering_its_cycle(duty, users, on_day):
    obligation, first, second = duty
    plan = obligation.plan
    with on_day(D(2025, 12, 20)):
        one = consolidated_report_start(process=plan, user=users["th.snv"], cycle=first)
        two = consolidated_report_start(process=plan, user=users["th.snv"], cycle=second)
    assert one.pk != two.pk
    assert (one.consolidates_cycle, two.consolidates_cycle) == (first, second)
    assert one.plan.content["consolidation"]["cycle_id"] == first.pk  # the content agrees with the field
    assert two.plan.content["consolidation"]["cycle_id"] == second.pk
    assert "6 tháng đầu năm 2025" in one.plan.title and "6 tháng cuối năm 2025" in two.plan.title
    assert len(one.plan.content["consolidation"]["included"]) == 1 and two.plan.content["consolidation"]["included"] == []
    assert consolidated.current_report(process=plan, cycle=first) == one
    assert consolidated.current_report(process=plan, cycle=second) == two
    assert consolidated.current_report(process=plan) is None  # no report of no cycle


def test_a_second_start_for_the_same_cycle_opens_no_second_report(duty, users, on_day):
    obligation, first, _second = duty
    plan = obligation.plan
    with on_day(D(2025, 12, 20)):
        one = consolidated_report_start(process=plan, user=users["th.snv"], cycle=first)
        again = consolidated_report_start(process=plan, user=users["th.snv"], cycle=first)
        # the flow's own start, bypassing the service's check, is refused as well
        with pytest.raises(ValidationError, match="đã có báo cáo tổng hợp"):
            flowrefs.flow(flowrefs.CONSOLIDATED_REPORT).start.run(plan_process=plan, drafter=users["th.snv"], cycle=first)
    assert again.pk == one.pk
    assert ConsolidatedReportProcess.objects.filter(consolidates=plan, consolidates_cycle=first).count() == 1


def test_a_cancelled_cycle_report_may_be_started_again(duty, users, on_day):
    obligation, first, _second = duty
    plan = obligation.plan
    with on_day(D(2025, 12, 20)):
        one = consolidated_report_start(process=plan, user=users["th.snv"], cycle=first)
        ConsolidatedReportProcess.objects.filter(pk=one.pk).update(status=PROCESS.CANCELED)
        two = consolidated_report_start(process=plan, user=users["th.snv"], cycle=first)
    assert two.pk != one.pk and two.consolidates_cycle == first


def test_without_a_cycle_the_current_one_is_taken_and_another_plans_cycle_is_refused(duty, users, on_day, journey):
    obligation, first, second = duty
    plan = obligation.plan
    with on_day(D(2025, 6, 20)):  # the plan's own flow starts it without choosing: the current cycle
        report = consolidated_report_start(process=plan)
    assert report.consolidates_cycle == first and report.drafter_id == plan.drafter_id
    other = _duty(journey, on_day, periods="hằng năm")
    foreign = other.cycles.first()
    with on_day(D(2025, 12, 20)), pytest.raises(ValidationError, match="không thuộc kế hoạch này"):
        consolidated_report_start(process=plan, user=users["th.snv"], cycle=foreign)
    assert not ConsolidatedReportProcess.objects.filter(consolidates_cycle=foreign).exists()


def test_a_plan_without_cycles_keeps_its_one_report(journey, on_day, users):
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", route=Route.DIRECT, due_date=D(2025, 5, 15),
                                   recipients=["Sở Tư pháp"])
    plan = PlanProcess.objects.get(pk=obligation.plan_id)
    with on_day(D(2025, 5, 2)):
        report = consolidated_report_start(process=plan, user=users["th.snv"])
        assert consolidated_report_start(process=plan, user=users["th.snv"]).pk == report.pk
    assert report.consolidates_cycle is None and report.plan.content["consolidation"]["cycle_id"] is None
    assert consolidated.current_report(process=plan) == report


def test_a_refresh_regathers_the_reports_of_the_processs_cycle(duty, users, on_day):
    obligation, first, _second = duty
    plan = obligation.plan
    with on_day(D(2025, 12, 20)):
        report = consolidated_report_start(process=plan, user=users["th.snv"], cycle=first)
        UnitReport.objects.filter(cycle=first, unit__key="tn-stc").update(state="accepted")
        consolidated.consolidated_report_save(process=report, user=users["th.snv"], title=report.plan.title, sections={},
                                              refresh=True)
    report.plan.refresh_from_db()
    assert len(report.plan.content["consolidation"]["included"]) == 2
    assert report.plan.content["consolidation"]["cycle_id"] == first.pk


# --- a cycle's figures: the column naming its period --------------------------------------


@pytest.fixture
def yearly(journey, on_day):
    """"hằng năm" until 2026 on a plan with the Thái Bình table ("Năm 2021" … "Năm 2025 (tính đến 31/3)"); both sở
    report in "Năm 2025" with figures in every column, accepted."""
    obligation = _duty(journey, on_day, periods="hằng năm", cycles_until=D(2026, 12, 31))
    table = indicator_table_create(document=obligation.plan.plan, annex=section_one(periods=5))
    year_2025, year_2026 = obligation.cycles.order_by("sequence")
    for key, (this_year, earlier) in {"tn-stp": (17, 100), "tn-stc": (15, 300)}.items():
        report = UnitReport.objects.get(cycle=year_2025, unit__key=key)
        indicator_values_save(report=report, table=table, entries=complete_entries(
            table, {("I.2.1", 4): this_year, ("I.2.1", 0): earlier}))
    UnitReport.objects.filter(cycle=year_2025).update(state="accepted")
    return obligation, table, year_2025, year_2026


def test_a_cycles_consolidation_sums_the_column_of_its_period_only(yearly):
    obligation, table, year_2025, year_2026 = yearly
    assert (year_2025.label, year_2026.label) == ("Năm 2025", "Năm 2026")
    row = table.indicators.get(stt="I.2.1")
    result, _o = consolidated.consolidation_at(process=obligation.plan, level=obligation.consolidator, cycle=year_2025)
    assert result.period == 4
    assert result.value(row, 4) == 32 and result.value(row, 0) is None  # 2021's column is not this cycle's
    # a cycle no column names: every column, as before
    result, _o = consolidated.consolidation_at(process=obligation.plan, level=obligation.consolidator, cycle=year_2026)
    assert result.period is None
    # every report of the duty (no cycle chosen): every column
    result, _o = consolidated.consolidation_at(process=obligation.plan, level=obligation.consolidator)
    assert result.period is None and result.value(row, 0) == 400


def test_a_cycles_report_has_the_column_of_its_period_in_its_annex(yearly):
    obligation, table, year_2025, _year_2026 = yearly
    _title, content = consolidated.consolidated_content(process=obligation.plan, level=obligation.consolidator,
                                                        cycle=year_2025)
    annex = content["annexes"][0]
    assert annex["periods"] == ["Năm 2025 (tính đến 31/3)"] and content["consolidation"]["period"] == 4
    assert {r["stt"]: r["values"] for r in annex["rows"]}["I.2.1"] == ["32"]


# --- the pages: the Bảng tổng hợp's button and the dashboard, per chosen cycle --------------


def test_the_bang_tong_hop_offers_each_cycle_its_own_report(duty, client, users, on_day):
    obligation, first, second = duty
    client.force_login(users["th.snv"])
    page_url = reverse("consolidated", args=[obligation.plan_id])
    start_url = reverse("consolidated_report_start", args=[obligation.plan_id])
    with on_day(D(2025, 12, 20)):
        before = client.get(page_url, {"cycle": first.pk})
        assert before.context["can_start"] and before.context["report"] is None
        assert f'<input type="hidden" name="cycle" value="{first.pk}">' in before.content.decode()
        every = client.get(page_url, {"cycle": "all"})
        assert not every.context["can_start"] and "chọn một kỳ báo cáo" in every.content.decode()
        response = client.post(start_url, {"cycle": first.pk})
        assert response.status_code == 302
        made = ConsolidatedReportProcess.objects.get(consolidates=obligation.plan)
        assert made.consolidates_cycle == first
        after = client.get(page_url, {"cycle": first.pk})
        other = client.get(page_url, {"cycle": second.pk})
        dashboard_first = client.get(reverse("dashboard_plan", args=[obligation.plan_id]), {"cycle": first.pk})
        dashboard_second = client.get(reverse("dashboard_plan", args=[obligation.plan_id]), {"cycle": second.pk})
    assert after.context["report"] == made and not after.context["can_start"]
    assert made.get_absolute_url() in after.content.decode()
    assert other.context["report"] is None and other.context["can_start"]
    assert 'class="mdc-button mdc-button--raised kh-report-start"' in other.content.decode()
    assert dashboard_first.context["consolidated_report"] == made
    assert made.get_absolute_url() in dashboard_first.content.decode()
    assert dashboard_second.context["consolidated_report"] is None and "chưa lập" in dashboard_second.content.decode()


def test_the_start_refuses_outsiders_and_forged_cycles(duty, users, on_day, journey):
    obligation, first, _second = duty
    url = reverse("consolidated_report_start", args=[obligation.plan_id])
    other = _duty(journey, on_day, periods="hằng năm")
    foreign = other.cycles.first()
    attempts = [
        (None, {"cycle": first.pk}, 302),  # anonymous: to the login page
        ("cv.stp", {"cycle": first.pk}, 404),  # an obliged sở: not a consolidator of the plan
        ("cv.khason.cu", {"cycle": first.pk}, 404),  # a former holder
        ("th.snv", {"cycle": foreign.pk}, 404),  # a cycle of another plan
        ("th.snv", {"cycle": "99999999"}, 404),  # no such cycle
        ("th.snv", {"cycle": "1 OR 1=1"}, 404),
    ]
    with on_day(D(2025, 12, 20)):
        for who, data, status in attempts:
            client = Client()
            if who:
                client.force_login(users[who])
            response = client.post(url, data)
            assert response.status_code == status, (who, data, response.status_code)
            if who is None:
                assert "/login/" in response["Location"]
        csrf = Client(enforce_csrf_checks=True)
        csrf.force_login(users["th.snv"])
        assert csrf.post(url, {"cycle": first.pk}).status_code == 403  # no CSRF token
        assert Client().get(url).status_code in (302, 405)
    assert not ConsolidatedReportProcess.objects.filter(consolidates__in=[obligation.plan, other.plan]).exists()


# --- a unit's figures in a cycle's report: the column of its period, marked and required alone ---


def _column_entries(table, column, overrides=None):
    return {key: value for key, value in complete_entries(table, overrides).items() if key[1] == column}


def test_a_cycle_report_needs_the_figures_of_its_column_only(yearly):
    obligation, table, year_2025, year_2026 = yearly
    report = UnitReport.objects.get(cycle=year_2025, unit__key="tn-stp")
    assert report_period(report=report, table=table) == 4
    UnitReport.objects.filter(pk=report.pk).update(state="drafting")
    assert indicator_values_save(report=report, table=table, entries=_column_entries(table, 4)) > 0
    # a cycle no column names, as before: every column is required
    other = UnitReport.objects.get(cycle=year_2026, unit__key="tn-stp")
    assert report_period(report=other, table=table) is None
    with pytest.raises(ValidationError, match="Năm 2021: chưa nhập số liệu"):
        indicator_values_save(report=other, table=table, entries=_column_entries(table, 4))


def test_the_entry_grid_of_a_cycle_report_marks_its_column(yearly, client, users, on_day):
    obligation, table, year_2025, _year_2026 = yearly
    report = UnitReport.objects.get(cycle=year_2025, unit__key="tn-stp")
    UnitReport.objects.filter(pk=report.pk).update(state="not_received")
    with on_day(D(2025, 12, 22)):
        step(report, "acknowledge", "vt.stp", "acknowledge", users)
        step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
        url = draft_url(client, report, users["cv.stp"])
        page = client.get(url)
        data = {"title": "Báo cáo năm 2025", "section_0": "Kết quả.", "section_1": "Không."}
        for (stt, column), value in _column_entries(table, 4).items():
            data[CELL.format(pk=table.indicators.get(stt=stt).pk, period=column)] = str(value)
        sent = client.post(url, data)
    html = page.content.decode()
    assert page.context["period"] == 4
    assert html.count('class="kh-cycle-period"') == 1 and "Năm 2025 (tính đến 31/3)</th>" in html
    assert "Kỳ báo cáo Năm 2025: nhập số liệu vào cột được tô màu" in html
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert set(IndicatorValue.objects.filter(report=report).values_list("period", flat=True)) == {4}
