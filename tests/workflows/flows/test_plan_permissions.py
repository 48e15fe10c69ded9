"""Nobody sees another unit's drafts by guessing an id; actions follow the same rules in pages and API."""

import datetime
import threading

import pytest
from django.db import connections
from rest_framework.test import APIClient
from viewflow.workflow.status import STATUS

from tests.journey import signing_code
from workflows.flows import PlanFlow, actions
from workflows.models import PlanProcess

D = datetime.date


@pytest.fixture
def draft(journey, on_day):
    with on_day(D(2025, 3, 13)):
        yield journey.draft()


def api(users, username):
    client = APIClient()
    client.force_authenticate(users[username])
    return client


@pytest.mark.parametrize("outsider", ["cv.stp", "gd.stp", "vt.khason", "cv.vp", "pct.loan", "vt.ubnd"])
def test_other_units_cannot_open_a_department_draft(draft, users, client, outsider):
    """Before the draft reaches the province, only its sở sees it — pages and API answer 404."""
    client.force_login(users[outsider])
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(PlanFlow.instance.reverse("process_detail", args=[draft.pk])).status_code in (403, 404)
    assert api(users, outsider).get(f"/api/plans/{draft.pk}/").status_code == 404
    assert draft.pk not in [p["id"] for p in api(users, outsider).get("/api/plans/").json()["results"]]
    listing = client.get(PlanFlow.instance.reverse("process_list")).content.decode()
    assert draft.plan.title not in listing


@pytest.mark.parametrize("insider", ["cv.cchc", "tp.cchc", "gd.snv"])
def test_the_department_sees_its_draft(draft, users, client, insider):
    client.force_login(users[insider])
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert api(users, insider).get(f"/api/plans/{draft.pk}/").status_code == 200


def test_the_province_sees_the_plan_once_submitted(journey, users, client, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        client.force_login(users["cv.vp"])
        assert client.get(process.get_absolute_url()).status_code == 404
        journey.approve(process, "review", "tp.cchc")
        journey.approve(process, "sign_submission", "gd.snv")
        client.force_login(users["cv.vp"])
        assert client.get(process.get_absolute_url()).status_code == 200
        client.force_login(users["cv.stp"])
        assert client.get(process.get_absolute_url()).status_code == 404


def test_a_task_routed_to_someone_else_cannot_be_executed(draft, users, journey):
    task = journey.task(draft, "review")
    for username in ("cv.cchc", "gd.snv", "cv.stp"):
        journey.login(username)
        assert journey.client.post(task.reverse("execute"), {"decision": "approve"}).status_code == 403
        response = api(users, username).post(f"/api/tasks/{task.pk}/approve/", {"comment": ""}, format="json")
        assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED


def test_api_lists_open_tasks_and_approves(draft, users):
    client = api(users, "tp.cchc")
    tasks = client.get("/api/tasks/").json()["results"]
    review = [t for t in tasks if t["process_id"] == draft.pk]
    assert review and review[0]["step"] == "review" and review[0]["actions"] == ["approve", "return"]
    response = client.post(f"/api/tasks/{review[0]['id']}/return/", {"comment": ""}, format="json")
    assert response.status_code == 400 and "Trả lại cần ghi rõ lý do." in str(response.json())
    response = client.post(f"/api/tasks/{review[0]['id']}/approve/", {"comment": "Đồng ý"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == STATUS.DONE
    again = client.post(f"/api/tasks/{review[0]['id']}/approve/", {}, format="json")
    assert again.status_code == 409 and "đã được người khác xử lý" in again.json()["detail"]


def test_api_sign_and_issue_refused_without_the_right(journey, users, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp")]:
            journey.approve(process, step, user)
        decide = journey.task(process, "decide")
        assert api(users, "pct.truong").post(f"/api/tasks/{decide.pk}/sign/", {}, format="json").status_code in (403, 404)
        signed = api(users, "pct.loan").post(f"/api/tasks/{decide.pk}/sign/", {"otp": signing_code(users["pct.loan"])}, format="json")
        assert signed.status_code == 200
        issue = journey.task(process, "issue")
        refused = api(users, "pct.loan").post(f"/api/tasks/{issue.pk}/issue/", {"issued_on": "16/03/2025"}, format="json")
        assert refused.status_code == 403
        bad_date = api(users, "vt.ubnd").post(f"/api/tasks/{issue.pk}/issue/", {"issued_on": "31/02/2025", "otp": signing_code(users["vt.ubnd"])},
                                                       format="json")
        assert bad_date.status_code == 400
        process.plan.refresh_from_db()
        assert process.plan.number is None
        ok = api(users, "vt.ubnd").post(f"/api/tasks/{issue.pk}/issue/", {"issued_on": "16/03/2025", "otp": signing_code(users["vt.ubnd"])},
                                        format="json")
        assert ok.status_code == 200
    process.plan.refresh_from_db()
    assert process.plan.symbol == "1/KH-UBND"


def test_openapi_schema_and_docs(users):
    client = api(users, "cv.cchc")
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/tasks/{id}/{action}/" in schema.content
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_people_complete_the_same_task_at_once(chart):
    """Both VP specialists take the vetting task from the queue at the same instant: exactly one wins."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.journey import Journey

    users = {u.username: u for u in get_user_model().objects.all()}
    journey = Journey(Client(), users)
    process = journey.draft()
    journey.approve(process, "review", "tp.cchc")
    journey.approve(process, "sign_submission", "gd.snv")
    task = journey.task(process, "vet")
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(username):
        try:
            barrier.wait(timeout=10)
            actions.task_perform(task_id=task.pk, user=users[username], action="approve", data={"comment": username})
            outcomes[username] = "ok"
        except actions.TaskAlreadyHandled as exc:
            outcomes[username] = str(exc)
        except Exception as exc:  # anything else is a failure of the test
            outcomes[username] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(u,)) for u in ("cv.vp", "cvp.vp")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(outcomes.values())[-1] == "ok" and list(outcomes.values()).count("ok") == 1, outcomes
    loser = [v for v in outcomes.values() if v != "ok"][0]
    assert "người khác" in loser
    process = PlanProcess.objects.get(pk=process.pk)
    assert process.task_set.filter(flow_task=PlanFlow.vet, status=STATUS.DONE).count() == 1
    assert process.task_set.filter(flow_task=PlanFlow.decide).count() == 1


def test_attachment_is_kept_and_served_only_to_those_who_see_the_plan(journey, users, client, on_day, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.give_back(process, "review", "tp.cchc", comment="Thiếu phụ lục")
        journey.login("cv.cchc")
        revise = journey.task(process, "revise")
        response = journey.client.post(revise.reverse("execute"), {
            "title": "Có phụ lục", "body": "I. MỤC ĐÍCH\nĐánh giá.", "recipients": "Bộ Nội vụ\nLưu: VT",
            "attachment": SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4 phu luc", content_type="application/pdf")})
        assert response.status_code == 302
    attachment = Attachment.objects.get(document=process.plan)
    assert attachment.name == "phu-luc.pdf" and attachment.uploaded_by.username == "cv.cchc"
    client.force_login(users["tp.cchc"])
    assert client.get(f"/documents/attachment/{attachment.pk}/").status_code == 200
    client.force_login(users["cv.stp"])
    assert client.get(f"/documents/attachment/{attachment.pk}/").status_code == 404
