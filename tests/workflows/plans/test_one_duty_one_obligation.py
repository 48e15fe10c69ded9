"""One reporting duty is one obligation per unit, consolidated once, counted once (issue 15, wrong results 1–3, 5)."""

import datetime

from django.utils import timezone

from documents.plaintext import sections_from_text
from orgchart.models import Unit
from tests.journey import issued_obligation
from workflows.flows import fanout
from workflows.models import Obligation, PlanProcess, UnitReport
from workflows.plans.obligations import obligations_from_content
from workflows.reports import dashboard
from workflows.reports.consolidated import consolidation_at
from workflows.reports.services import report_title_default

D = datetime.date

EXECUTION = """III. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành
Triển khai thực hiện Kế hoạch; báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ tổng hợp) định kỳ 6 tháng, trước ngày 15/01/2027."""


def test_a_recurring_phrase_and_an_explicit_date_make_one_obligation_due_that_date(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.run_to_issue(process)
    process = PlanProcess.objects.get(pk=process.pk)
    process.plan.content["sections"] = sections_from_text(EXECUTION)
    process.plan.save(update_fields=["content"])
    found = [o for o in obligations_from_content(process=process) if o.kind != "task"]  # the table's rows aside
    assert [(o.kind, o.due_date, o.deadline_text) for o in found] == [("report", D(2027, 1, 15), "trước ngày 15/01/2027")]
    assert found[0].recipients == ["Các sở, ban, ngành"]


def _second_duty(obligation):
    second = Obligation.objects.create(plan=obligation.plan, title="Báo cáo kết quả thực hiện (đợt 2)",
                                       recipients=obligation.recipients, consolidator=obligation.consolidator,
                                       due_date=D(2025, 6, 1))
    fanout.fanout_obligation(obligation_id=second.pk, on=D(2025, 3, 16))
    return second


def test_an_accepted_report_is_consolidated_even_when_another_duty_of_the_plan_is_open(journey, on_day):
    first = issued_obligation(journey, on_day, title="Báo cáo kết quả thực hiện", recipients=["Sở Tư pháp", "Sở Tài chính"],
                              due_date=D(2025, 5, 1))
    second = _second_duty(first)
    UnitReport.objects.filter(obligation=second, unit__key="tn-stp").update(state="accepted", accepted_at=timezone.now())
    level = first.consolidator
    result, _obligation = consolidation_at(process=first.plan, level=level)
    assert [u.key for u in result.included] == ["tn-stp"]
    assert [u.key for u in result.missing] == ["tn-stc"]  # once, although it owes two reports
    UnitReport.objects.filter(unit__key="tn-stp").update(state="accepted")
    result, _obligation = consolidation_at(process=first.plan, level=level)
    assert [u.key for u in result.included] == ["tn-stp"]  # twice accepted, counted once


def test_the_dashboard_counts_units_not_obligations(journey, on_day):
    first = issued_obligation(journey, on_day, title="Báo cáo kết quả thực hiện", recipients=["Sở Tư pháp", "Sở Tài chính"],
                              due_date=D(2025, 5, 1))
    second = _second_duty(first)
    assert UnitReport.objects.filter(obligation__plan=first.plan).count() == 4
    UnitReport.objects.filter(unit__key="tn-stp").update(state="accepted")
    UnitReport.objects.filter(obligation=second, unit__key="tn-stc").update(state="accepted")
    [row] = dashboard.plans_overview(plans=PlanProcess.objects.filter(pk=first.plan_id), today=D(2025, 5, 20))
    assert (row["total"], row["accepted"], row["late"]) == (2, 1, 1)


def test_the_report_title_does_not_say_bao_cao_twice(chart):
    consolidator = Unit.objects.get(key="tn-snv-cchc")
    assert report_title_default(obligation=Obligation(title="Báo cáo kết quả thực hiện 1/KH-UBND", consolidator=consolidator)) \
        == "Báo cáo kết quả thực hiện 1/KH-UBND"
    assert report_title_default(obligation=Obligation(title="Tổ chức hội nghị tổng kết", consolidator=consolidator)) \
        == "Báo cáo Tổ chức hội nghị tổng kết"


def test_recipient_groups_offered_are_those_that_exist_on_the_day(chart, on_day):
    from workflows.flows.forms import PlanContentForm

    with on_day(D(2025, 3, 13)):
        before = {g.name for g in PlanContentForm().fields["recipient_groups"].queryset}
    with on_day(D(2026, 12, 2)):
        after = {g.name for g in PlanContentForm().fields["recipient_groups"].queryset}
    assert "UBND các huyện, thành phố" in before and "UBND các huyện, thành phố" not in after
    assert "Các sở, ban, ngành" in after
