"""The leader's inbox stays within a fixed number of queries whatever the number of open tasks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.flows import PlanFlow


def _pile_up(journey, count):
    """``count`` plans waiting for PCT Nguyễn Thị Loan: one real plan, copied in bulk."""
    process = journey.draft()
    for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp")]:
        journey.approve(process, step, user)
    task = journey.task(process, "decide")
    Task.objects.bulk_create([
        Task(process=process, flow_task=PlanFlow.decide, flow_task_type="HUMAN", status=STATUS.ASSIGNED,
             owner=task.owner, token=task.token) for _ in range(count - 1)])
    return task.owner


def _inbox_queries(client, user):
    client.force_login(user)
    client.get("/workflow/inbox/")  # the first visit pins the list in the session; measure the reloads
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/workflow/inbox/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_inbox_query_count_does_not_grow_with_tasks(journey, client, count):
    owner = _pile_up(journey, count)
    queries, page = _inbox_queries(client, owner)
    assert "Lãnh đạo UBND ký duyệt" in page
    assert queries <= 12, queries


def _spread(journey, on_day, users, count):
    """``count`` open unit-report tasks over 200 people; pct.loan holds one in every 200, due dates varied."""
    import datetime

    from django.contrib.auth import get_user_model

    from orgchart.models import Unit, UnitKind
    from tests.journey import issued_obligation
    from workflows.models import UnitReport

    province = Unit.objects.get(key="tn-ubnd")
    Unit.objects.bulk_create([Unit(key=f"scale-x-{i}", code="UBND", name=f"Ủy ban nhân dân xã Quy Mô {i}", kind=UnitKind.COMMUNE,
                                   parent=province, valid_from=datetime.date(2000, 1, 1)) for i in range(count)], batch_size=2000)
    obligation = issued_obligation(journey, on_day, title="Báo cáo quy mô", recipients=["UBND các xã, phường, thị trấn"],
                                   due_date=datetime.date(2026, 12, 31), fan_out_on=datetime.date(2025, 8, 1))
    User = get_user_model()
    User.objects.bulk_create([User(username=f"scale{i}") for i in range(199)])
    people = [users["pct.loan"].pk, *User.objects.filter(username__startswith="scale").values_list("pk", flat=True)]
    reports = list(UnitReport.objects.filter(obligation=obligation).values_list("pk", "process_id"))
    mine = []
    for index, (report_id, process_id) in enumerate(reports):
        owner = people[index % len(people)]
        tasks = Task.objects.filter(process_id=process_id, status=STATUS.NEW)
        if owner == users["pct.loan"].pk:
            # hers to hold by the one rule: the step routed to the province, where she serves (as a restructuring would)
            tasks.update(owner_permission="orgchart.act_for_unit", owner_permission_obj_pk=str(province.pk))
            mine.append(report_id)
        tasks.update(owner_id=owner, status=STATUS.ASSIGNED)
    for offset, report_id in enumerate(mine):  # some overdue, some ahead
        UnitReport.objects.filter(pk=report_id).update(due_date=datetime.date(2026, 11, 1) + datetime.timedelta(days=offset * 7))
    return obligation


@pytest.mark.parametrize("count", [100, 10000])
def test_inbox_at_scale_is_sorted_by_due_date_in_fixed_queries(journey, on_day, users, client, count):
    _spread(journey, on_day, users, count)
    queries, page = _inbox_queries(client, users["pct.loan"])
    assert queries <= 12, queries
    dues = __import__("re").findall(r'class="kh-due[^"]*"[^>]*>(\d{2}/\d{2}/\d{4})', page)
    days = [tuple(reversed(d.split("/"))) for d in dues]
    assert days == sorted(days) and dues, dues
    assert 'kh-overdue' in page and 'Quá hạn)' in page
