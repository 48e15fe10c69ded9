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
    assert queries <= 14, queries
