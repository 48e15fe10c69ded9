"""The demo has a recurring duty with two report cycles: one done (a report accepted, its Báo cáo tổng hợp started),
one open."""

import pytest

from workflows.demo.cycles import DUTY
from workflows.models import ConsolidatedReportProcess, ReportCycle, UnitReport


@pytest.mark.django_db
def test_the_demo_recurring_duty_has_a_past_cycle_and_an_open_one(client):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    first, second = ReportCycle.objects.filter(obligation__title=DUTY).order_by("sequence")
    assert (first.label, second.label) == ("6 tháng đầu năm 2025", "6 tháng cuối năm 2025")
    assert first.opened_at and second.opened_at
    assert sorted(first.unit_reports.values_list("unit__key", "state")) == [("tn-stc", "not_received"), ("tn-stp", "accepted")]
    assert set(second.unit_reports.values_list("state", flat=True)) == {"not_received"}
    client.force_login(get_user_model().objects.get(username="th.snv"))
    page = client.get(f"/dashboard/plan/{first.obligation.plan_id}/", {"cycle": first.pk})
    assert page.context["cycle"] == first and page.context["counts"]["accepted"] == 1
    report = ConsolidatedReportProcess.objects.get(consolidates_cycle=first)
    assert page.context["consolidated_report"] == report and report.drafter.username == "th.snv"
    assert not ConsolidatedReportProcess.objects.filter(consolidates_cycle=second).exists()
    table = client.get(f"/dashboard/plan/{first.obligation.plan_id}/consolidated/", {"cycle": second.pk})
    assert table.context["report"] is None and table.context["can_start"]
    count = UnitReport.objects.count()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # idempotent: no cycle opens twice
    assert UnitReport.objects.count() == count and ReportCycle.objects.filter(obligation__title=DUTY).count() == 2
    assert ConsolidatedReportProcess.objects.filter(consolidates_cycle__obligation__title=DUTY).count() == 1
