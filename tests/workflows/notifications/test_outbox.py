"""The outbox: a report signed while the broker is down is still accepted, and its notices go out once, later;
a fan-out cut short by a killed worker is finished by the sweep, exactly once per unit."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from kombu import pools

from config.celery import app
from tests.journey import issued_obligation
from tests.journey import unit_step as step
from workflows.flows import UnitReportFlow, fanout
from workflows.models import Notification, NotificationKind, UnitReport
from workflows.notifications.outbox import outbox_pending, outbox_sweep

D = datetime.date
SECTIONS = [{"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Đã thực hiện."], "children": []}]


@pytest.fixture
def broker_down():
    """A broker address where nothing listens (a real connection refused, no stub): what a Redis outage looks like."""
    eager, url = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:9/0"
    _pools_reset()
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = eager, url
        _pools_reset()


def _pools_reset():
    """Close the connection pool and forget it and the producer pool built on it, so that the next send builds both
    anew for the broker address now configured (even an eager send takes a producer from the pool)."""
    pools.reset()  # kombu's registries of connection and producer pools, keyed by broker address: closed, emptied
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def obligation(journey, on_day):
    return issued_obligation(journey, on_day, title="Báo cáo tổng kết", due_date=D(2025, 5, 1),
                             recipients=["Các sở, ban, ngành"])


def test_a_report_signed_while_the_broker_is_down_is_sent_and_its_notices_go_out_once_afterwards(
        obligation, users, broker_down, django_capture_on_commit_callbacks):
    report = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    step(report, "acknowledge", "vt.stp", "acknowledge", users)
    step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
    step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo Sở Tư pháp", sections=SECTIONS)
    with django_capture_on_commit_callbacks(execute=True):
        step(report, "sign_report", "gd.stp", "sign", users)  # the enqueue after commit fails: logged, not raised
    assert report.state == "submitted"
    assert report.process.task_set.filter(flow_task=UnitReportFlow.receive).exists()
    notices = Notification.objects.filter(unit_report=report, kind=NotificationKind.REPORT_SUBMITTED)
    staff = {u.username for u in users.values() if u.holdings.filter(position__unit__key="tn-snv-cchc").exists()}
    assert {n.user.username for n in notices} == staff and staff
    assert mail.outbox == [] and all(n.emailed_at is None for n in notices)
    # every notice written while the broker was down waits (the report's, and the steps' own "task arrived" ones)
    waiting = list(Notification.objects.filter(emailed_at__isnull=True).exclude(user__email="").order_by("pk"))
    assert set(notices) <= set(waiting)

    # the broker is back (eager again): sweeps send each waiting notice once; the fan-outs they resume may write
    # new notices (the plan's own obligations, whose start was lost too), which the next sweep sends; then nothing
    app.conf.task_always_eager = True
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert outbox_sweep(now=later)["notifications"] == len(waiting)
    assert {users[u].email for u in staff} <= {m.to[0] for m in mail.outbox}
    for _ in range(3):
        if outbox_sweep(now=later + datetime.timedelta(minutes=1)) == {"fanouts": 0, "notifications": 0}:
            break
    else:
        raise AssertionError("the outbox never settles")
    emailed = Notification.objects.filter(emailed_at__isnull=False)
    assert len(mail.outbox) == emailed.count()  # none sent twice
    assert not Notification.objects.filter(emailed_at__isnull=True).exclude(user__email="").exists()  # none lost


def test_a_fanout_cut_short_is_finished_by_the_sweep_exactly_once_per_unit(obligation):
    expected = len(fanout.obligation_targets(obligation=obligation, on=D(2025, 3, 16)))
    UnitReport.objects.filter(obligation=obligation).delete()
    obligation.fanout_finished = None
    obligation.save(update_fields=["fanout_finished"])

    def killed(done):
        raise SystemExit("worker killed")

    with pytest.raises(SystemExit):
        fanout.fanout_obligation(obligation_id=obligation.pk, on=D(2025, 3, 16), batch_size=5, after_batch=killed)
    assert UnitReport.objects.filter(obligation=obligation).count() == 5
    assert obligation.pk not in outbox_pending()[0]  # not stale yet: a running fan-out is left alone
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert obligation.pk in outbox_pending(now=later)[0]
    outbox_sweep(now=later)  # eager in tests: the fan-out task runs here
    assert UnitReport.objects.filter(obligation=obligation).count() == expected
    assert UnitReport.objects.filter(obligation=obligation).values("unit").distinct().count() == expected
    assert obligation.pk not in outbox_pending(now=later + datetime.timedelta(minutes=10))[0]  # finished: never again
