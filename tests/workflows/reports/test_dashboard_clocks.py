"""The dashboard counts the work past ND30's clocks: copies not registered in time, signed plans not issued."""

import datetime
import re

from viewflow.workflow.status import STATUS

from tests.journey import perform
from tests.workflows.plans.test_clocks import FRI, MON, THU
from workflows.flows import ReceiptFlow
from workflows.models import PlanProcess, ReceiptProcess
from workflows.reports import dashboard

D = datetime.date


def _count(page: str, css: str) -> int:
    return int(re.search(rf'class="{css}"[^>]*>(\d+)<', page).group(1))


def test_counts_on_the_dashboard(journey, on_day, users, client, django_assert_max_num_queries):
    with on_day(THU):
        issued = journey.draft(groups=["Các sở, ban, ngành"])
        journey.run_to_issue(issued, on="13/03/2025")  # sent on Thursday to every sở
        signed = journey.draft(title="Kế hoạch đã ký, chờ phát hành")
        for step, who in (("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp"), ("decide", "pct.loan")):
            journey.approve(signed, step, who)
    copies = ReceiptProcess.objects.filter(document=issued.plan)
    assert copies.count() > 2
    stp = copies.get(unit__key="tn-stp")
    with on_day(FRI):  # Sở Tư pháp's văn thư registers it on Friday: one day late, then no longer counted
        perform(stp.task_set.get(flow_task=ReceiptFlow.acknowledge, status__in=[STATUS.NEW, STATUS.ASSIGNED]),
                "vt.stp", "acknowledge", users)
    plans = PlanProcess.objects.filter(pk__in=[issued.pk, signed.pk])
    with django_assert_max_num_queries(2):
        on_thursday = dashboard.clock_counts(plans=plans, today=THU)
    assert on_thursday == {"receipts_overdue": 0, "issues_overdue": 0}
    assert dashboard.clock_counts(plans=plans, today=FRI) == {"receipts_overdue": copies.count() - 1, "issues_overdue": 0}
    assert dashboard.clock_counts(plans=plans, today=MON) == {"receipts_overdue": copies.count() - 1, "issues_overdue": 1}
    # one plan's dashboard counts that plan only
    assert dashboard.clock_counts(plans=plans.filter(pk=signed.pk), today=MON) == {"receipts_overdue": 0, "issues_overdue": 1}

    client.force_login(users["cv.cchc"])
    with on_day(MON):
        page = client.get("/dashboard/").content.decode()
    assert "Văn bản đến chưa vào sổ quá hạn" in page and "Chưa phát hành quá hạn" in page
    assert _count(page, "kh-count-receipts-overdue") == copies.count() - 1
    assert _count(page, "kh-count-issues-overdue") == 1

