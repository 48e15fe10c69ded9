"""The demo holds a plan being consolidated: seed 002's table, two units' figures accepted, the report drafted."""

import pytest
from viewflow.workflow.status import STATUS

from workflows.demo.consolidation import TITLE
from workflows.flows import ConsolidatedReportFlow
from workflows.models import IndicatorValue, PlanProcess, UnitReport
from workflows.reports.consolidated import current_report, plan_indicator_table


@pytest.mark.django_db
def test_the_demo_plan_is_being_consolidated():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    process = PlanProcess.objects.get(plan__title=TITLE)
    table = plan_indicator_table(process=process)
    assert process.plan.status == "issued" and table.indicators.count() == 158
    accepted = UnitReport.objects.filter(obligation__plan=process, state="accepted")
    assert sorted(accepted.values_list("unit__key", flat=True)) == ["tn-snv", "tn-stp"]
    assert IndicatorValue.objects.filter(report__in=accepted).count() > 500
    report = current_report(process=process)
    task = report.task_set.get(flow_task=ConsolidatedReportFlow.draft, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    assert task.owner.username == "th.snv"
    rows = {r["stt"]: r for r in report.plan.content["annexes"][0]["rows"]}
    assert all(v for v in rows["I.2.1"]["values"])  # the two units' figures, summed
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # idempotent
    assert PlanProcess.objects.filter(plan__title=TITLE).count() == 1 and current_report(process=process).pk == report.pk
