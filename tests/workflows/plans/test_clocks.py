"""ND30's clocks: a văn bản đến is registered the working day it arrives (Hỏa tốc, Thượng khẩn: at once);
a signed document is issued that day or the next working day. Past the clock, a task is overdue."""

import datetime

import pytest

from documents import services as document_services
from documents.models import Urgency
from orgchart.models import Unit
from tests.journey import perform
from workflows.flows import ReceiptFlow
from workflows.models import ReceiptProcess
from workflows.plans import clocks

D = datetime.date
THU, FRI, SAT, MON, TUE = D(2025, 3, 13), D(2025, 3, 14), D(2025, 3, 15), D(2025, 3, 17), D(2025, 3, 18)


def arrived(on_day, day, unit, title, users, urgency=""):
    """A document of the UBND arriving at ``unit`` on ``day`` (9:00 in Hà Nội)."""
    ubnd = Unit.objects.get(key="tn-ubnd")
    with on_day(day):
        document = document_services.document_create(doc_type="CV", issuer=ubnd, title=title, created_by=users["vt.ubnd"],
                                                     urgency=urgency)
        ReceiptFlow.start.run(document=document, unit=unit, line=unit.name)
    return ReceiptProcess.objects.get(document=document, unit=unit)


def overdue_receipts(today):
    return set(clocks.receipts_overdue(today=today).values_list("process_id", flat=True))


def test_the_due_days_follow_the_working_calendar():
    assert clocks.receipt_due(arrived=FRI) == FRI
    assert clocks.receipt_due(arrived=SAT) == MON  # a Saturday's arrival is registered on Monday
    assert clocks.receipt_due(arrived=SAT, urgency=Urgency.FLASH) == SAT  # Hỏa tốc: at once
    assert clocks.receipt_due(arrived=SAT, urgency=Urgency.VERY_URGENT) == SAT
    assert clocks.receipt_due(arrived=SAT, urgency=Urgency.URGENT) == MON  # Khẩn keeps the working-day clock
    assert clocks.issue_due(signed=THU) == FRI and clocks.issue_due(signed=FRI) == MON
    assert clocks.receipt_due(arrived=D(2025, 4, 30)) == D(2025, 5, 5)  # 30/4 – 4/5/2025 off


def test_an_incoming_document_is_overdue_the_working_day_after_it_arrived(chart, users, on_day):
    friday = arrived(on_day, FRI, chart["tn-stp"], "Về việc A", users)
    saturday = arrived(on_day, SAT, chart["tn-stp"], "Về việc B", users)
    flash = arrived(on_day, SAT, chart["tn-stp"], "Về việc C", users, urgency=Urgency.FLASH)
    assert overdue_receipts(FRI) == set()
    assert overdue_receipts(SAT) == {friday.pk}  # Friday's had to be registered on Friday
    assert overdue_receipts(MON) == {friday.pk, flash.pk}  # the Hỏa tốc one was due on Saturday, at once
    assert overdue_receipts(TUE) == {friday.pk, flash.pk, saturday.pk}
    with on_day(TUE):  # the văn thư registers it (Tiếp nhận), as the task screen does
        perform(friday.task_set.get(flow_task=ReceiptFlow.acknowledge), "vt.stp", "acknowledge", users)
    assert overdue_receipts(TUE) == {flash.pk, saturday.pk}  # registered: no longer counted


@pytest.mark.django_db
def test_a_signed_plan_not_issued_by_the_next_working_day_is_overdue(journey, on_day, users):
    with on_day(THU):
        process = journey.draft()
        for step, who in (("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp"), ("decide", "pct.loan")):
            journey.approve(process, step, who)
    issue = journey.task(process, "issue")
    assert clocks.task_clock(issue) == FRI
    overdue = lambda today: set(clocks.issues_overdue(today=today).values_list("pk", flat=True))  # noqa: E731
    assert overdue(THU) == overdue(FRI) == set()
    assert overdue(MON) == {issue.pk}
    with on_day(MON):
        journey.issue(process, on="17/03/2025")
    assert overdue(TUE) == set()
