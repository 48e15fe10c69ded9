"""The one rule's contract (``workflows.authorization.task_permission``), action by action."""

import datetime

import pytest
from viewflow.workflow.status import STATUS

from workflows.authorization import Capacity, TaskAction, task_permission
from workflows.flows import PlanFlow

D = datetime.date
A = TaskAction


@pytest.fixture
def at_vetting(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.approve(process, "sign_submission", "gd.snv")
    return process


DAY = D(2025, 3, 13)


def rule(users, username, task, action, on=DAY):
    return task_permission(user=users[username], task=task, action=action, on=on)


def test_a_position_step_is_its_holders_only(journey, users, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
    task = journey.task(process, "sign_submission")
    verdict = rule(users, "gd.snv", task, A.EXECUTE)
    assert verdict.allowed and verdict.capacity == Capacity.HOLDER and verdict.position.kind == "director"
    for outsider in ("cv.stp", "pgd.snv", "tp.cchc", "admin"):
        assert not rule(users, outsider, task, A.EXECUTE), outsider
        assert not rule(users, outsider, task, A.ASSIGN), outsider
    assert not rule(users, "gd.snv", task, A.UNASSIGN)  # never to a queue
    for action in (A.CANCEL, A.UNDO, A.REVIVE):
        assert not rule(users, "admin", task, action) and not rule(users, "gd.snv", task, action)
    assert rule(users, "tp.cchc", task, A.VIEW) and not rule(users, "cv.stp", task, A.VIEW)


def test_a_unit_step_is_taken_from_the_units_queue_by_its_members(at_vetting, journey, users):
    task = journey.task(at_vetting, "vet")
    assert task.status == STATUS.NEW
    verdict = rule(users, "cv.vp", task, A.ASSIGN)
    assert verdict.allowed and verdict.capacity == Capacity.UNIT
    assert not rule(users, "cv.stp", task, A.ASSIGN) and not rule(users, "pct.loan", task, A.ASSIGN)
    journey.login("cv.vp")
    assert journey.client.post(task.reverse("assign")).status_code == 302
    task.refresh_from_db()
    assert rule(users, "cv.vp", task, A.EXECUTE) and rule(users, "cv.vp", task, A.UNASSIGN)
    assert not rule(users, "cvp.vp", task, A.EXECUTE)  # a colleague: taken by someone else
    assert rule(users, "admin", task, A.CANCEL).capacity == Capacity.MANAGER
    assert not rule(users, "cv.vp", task, A.CANCEL)


def test_a_named_step_is_the_drafters_while_they_serve(journey, users, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.give_back(process, "review", "tp.cchc")
    task = journey.task(process, "revise")
    assert rule(users, "cv.cchc", task, A.EXECUTE).capacity == Capacity.NAMED
    assert not rule(users, "th.snv", task, A.EXECUTE)  # same division, not the drafter
    assert not rule(users, "cv.cchc", task, A.UNASSIGN)


def test_gateways_are_the_managers_only(at_vetting, users):
    gate = at_vetting.task_set.get(flow_task=PlanFlow.check_review)
    assert rule(users, "admin", gate, A.UNDO).capacity == Capacity.MANAGER
    assert not rule(users, "gd.snv", gate, A.UNDO) and not rule(users, "gd.snv", gate, A.EXECUTE)


def test_nobody_signed_out_or_inactive(at_vetting, journey, users):
    from django.contrib.auth.models import AnonymousUser

    task = journey.task(at_vetting, "vet")
    assert not task_permission(user=AnonymousUser(), task=task, action=A.VIEW)
    users["cv.vp"].is_active = False
    assert not rule(users, "cv.vp", task, A.ASSIGN)
