"""A person step (one position holder's step) belongs to that holder, or whoever acts for them that day.

The attack found in the demo: gd.snv "unassigns" sign_submission; the step then sat in every
user's queue and cv.stp (Sở Tư pháp) took it, signed and numbered Sở Nội vụ's Tờ trình. The same
trick let a commune official return a plan from the PCT's step. Pages, bulk actions and the API
must refuse it alike.
"""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tests.journey import perform
from workflows.flows import actions
from workflows.models import AuditEntry

D = datetime.date


def api(users, username):
    client = APIClient()
    client.force_authenticate(users[username])
    return client


@pytest.fixture
def signing(journey, on_day):
    """A plan waiting for the director's signature on its Tờ trình (13/3/2025)."""
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        yield process


def _drop_owner(task):
    """The state the old "unassign" left behind (rows written before this fix may still look like it)."""
    Task.objects.filter(pk=task.pk).update(owner=None, status=STATUS.NEW)
    task.refresh_from_db()


def test_the_holder_cannot_unassign_a_signing_step(signing, journey, users, client):
    task = journey.task(signing, "sign_submission")
    assert task.owner == users["gd.snv"]
    journey.login("gd.snv")
    assert client.post(task.reverse("unassign")).status_code == 403
    assert client.post(reverse("workflow:tasks_unassign"), {"pk": [task.pk], "_confirm": "1"}).status_code == 403
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner == users["gd.snv"]


def test_another_department_cannot_take_sign_and_number_the_submission(signing, journey, users, client):
    """cv.stp of Sở Tư pháp: no assign, no execute, no API, no bulk assign; nothing numbered."""
    task = journey.task(signing, "sign_submission")
    _drop_owner(task)
    journey.login("cv.stp")
    assert client.post(task.reverse("assign")).status_code == 403
    assert client.post(reverse("workflow:tasks_assign"), {"pk": [task.pk], "_confirm": "1"}).status_code == 403
    assert client.post(task.reverse("execute"), {"decision": "approve", "comment": ""}).status_code == 403
    with pytest.raises(actions.PermissionDenied):
        actions.task_perform(task_id=task.pk, user=users["cv.stp"], action="sign")
    assert api(users, "cv.stp").post(f"/api/tasks/{task.pk}/sign/", {}, format="json").status_code in (403, 404)
    task.refresh_from_db()
    signing.submission.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None
    assert not signing.submission.is_issued


def test_a_person_step_never_shows_in_another_users_queue(signing, journey, users, client):
    task = journey.task(signing, "sign_submission")
    _drop_owner(task)
    for outsider in ("cv.stp", "cv.cchc", "vt.khason", "pct.loan"):
        queued = api(users, outsider).get("/api/tasks/").json()["results"]
        assert task.pk not in [t["id"] for t in queued]
        journey.login(outsider)
        assert f"/{task.pk}/" not in client.get(reverse("workflow:queue")).content.decode()
    # the holder finds it and takes it back
    queued = api(users, "gd.snv").get("/api/tasks/").json()["results"]
    assert task.pk in [t["id"] for t in queued]


def test_the_holder_takes_back_and_signs_recorded_as_holder(signing, journey, users, on_day):
    task = journey.task(signing, "sign_submission")
    _drop_owner(task)
    with on_day(D(2025, 3, 13)):
        perform(task, "gd.snv", "sign", users)  # with the holder's one-time code
    entry = AuditEntry.objects.get(process=signing, action="sign_submission")
    assert entry.actor == users["gd.snv"] and entry.on_behalf_of is None
    assert entry.data["capacity"] == "holder"


def test_a_commune_official_cannot_return_a_plan_from_the_pcts_step(journey, users, client, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.approve(process, "sign_submission", "gd.snv")
        journey.approve(process, "vet", "cv.vp")
    task = journey.task(process, "decide")
    assert task.owner == users["pct.loan"]
    _drop_owner(task)
    journey.login("cv.khason")
    assert client.post(task.reverse("assign")).status_code == 403
    assert client.post(task.reverse("execute"), {"decision": "return", "comment": "Trả lại"}).status_code == 403
    with pytest.raises(actions.PermissionDenied):
        actions.task_perform(task_id=task.pk, user=users["cv.khason"], action="return", data={"comment": "Trả lại"})
    process.refresh_from_db()
    assert process.returned_from == ""
    task.refresh_from_db()
    assert task.status == STATUS.NEW


def test_the_substitute_acts_for_the_pct_during_the_delegation_and_is_recorded_so(journey, users, on_day):
    """PCT Loan is away 21–31/12/2026; PCT Trường acts for her and the audit says so."""
    with on_day(D(2026, 12, 18)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.approve(process, "sign_submission", "gd.snv")
        journey.approve(process, "vet", "cv.vp")
    task = journey.task(process, "decide")
    assert task.owner == users["pct.loan"]
    with on_day(D(2026, 12, 22)):
        with pytest.raises(actions.PermissionDenied):  # the chair in another field is not her substitute
            actions.task_perform(task_id=task.pk, user=users["pct.hoa"], action="sign")
        perform(task, "pct.truong", "sign", users)
    entry = AuditEntry.objects.get(process=process, action="sign")
    assert entry.actor == users["pct.truong"] and entry.on_behalf_of == users["pct.loan"]
    assert entry.data["capacity"] == "delegate"


def test_after_the_delegation_the_substitute_no_longer_acts(journey, users, on_day):
    with on_day(D(2026, 12, 22)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.approve(process, "sign_submission", "gd.snv")
        journey.approve(process, "vet", "cv.vp")
    task = journey.task(process, "decide")
    assert task.owner == users["pct.truong"]  # routed to the substitute while the delegation is in force
    with on_day(D(2027, 1, 4)):
        with pytest.raises(actions.PermissionDenied):
            perform(task, "pct.truong", "sign", users)
        perform(task, "pct.loan", "sign", users)  # back at her desk
    assert AuditEntry.objects.get(process=process, action="sign").data["capacity"] == "holder"


def test_nobody_cancels_undoes_or_revives_a_signing_step_alone(signing, journey, users, client):
    task = journey.task(signing, "sign_submission")
    for username in ("gd.snv", "cv.stp", "admin"):
        journey.login(username)
        assert client.post(task.reverse("cancel")).status_code == 403
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
