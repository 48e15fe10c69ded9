"""Việc của tôi: the landing page after login lists my tasks and my unit's unclaimed ones, urgent first."""

import datetime

from django.conf import settings

from workflows.models import ReceiptProcess
from workflows.web.my_work import my_work

D = datetime.date


def test_login_lands_on_my_work_with_the_step_waiting_for_me(journey, on_day, client, users):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()  # the review step goes to tp.cchc, the head of the division
        client.logout()
        response = client.post("/accounts/login/", {"username": "tp.cchc", "password": settings.DEMO_PASSWORD}, follow=True)
        page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert "Việc của tôi" in page and "Trưởng phòng xem xét" in page and process.plan.title[:40] in page
    assert "Chưa chọn công việc nào" not in page


def test_unit_work_is_offered_to_the_unit_and_overdue_comes_first(journey, on_day, users):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(groups=["Các sở, ban, ngành"])
        journey.run_to_issue(process)
    receipt = ReceiptProcess.objects.get(document=process.plan, unit__key="tn-stp")
    work = my_work(user=users["vt.stp"], today=D(2025, 3, 17))
    assert work.unclaimed >= 1 and any(r["task"].process_id == receipt.pk and not r["claimed"] for r in work.rows)
    # another unit's clerk, and a specialist of another sở, are offered nothing of Sở Tư pháp's
    for outsider in ("vt.khason", "cv.vp"):
        assert not any(r["task"].process_id == receipt.pk for r in my_work(user=users[outsider], today=D(2025, 3, 17)).rows)
    ranks = [r["urgency"] for r in work.rows]
    assert ranks == sorted(ranks)


def test_a_person_step_left_unassigned_is_not_offered_to_anyone_else(journey, on_day, users):
    from viewflow.workflow.status import STATUS

    with on_day(D(2025, 3, 13)):
        process = journey.draft()
    task = journey.task(process, "review")
    task.owner, task.status = None, STATUS.NEW  # as after an "unassign"
    task.save(update_fields=["owner", "status"])
    for username in ("cv.stp", "vt.khason", "pct.loan"):
        assert not any(r["task"].pk == task.pk for r in my_work(user=users[username], today=D(2025, 3, 13)).rows)


def test_a_drafter_starts_a_plan_from_my_work_and_a_clerk_is_not_offered_to(client, users):
    from workflows.flows import PlanFlow

    client.force_login(users["cv.cchc"])
    page = client.get("/").content.decode()
    assert f'href="{PlanFlow.start.reverse("execute")}"' in page and "Soạn kế hoạch mới" in page and "Nhập từ Word" in page
    client.force_login(users["vt.stp"])  # a văn thư drafts no plan
    assert "Soạn kế hoạch mới" not in client.get("/").content.decode()
