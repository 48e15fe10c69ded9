"""viewflow's lists (Chờ xử lý, Chưa nhận): urgent documents first with a badge, ND30's clock as Hạn xử lý."""

from tests.workflows.plans.test_clocks import MON
from tests.workflows.web.test_my_work_urgency import _receipts


def test_the_queue_puts_urgent_documents_first_and_marks_the_clock(chart, users, on_day, client):
    _receipts(chart, users, on_day)
    client.force_login(users["vt.stp"])
    with on_day(MON):
        client.get("/workflow/queue/")
        page = client.get("/workflow/queue/").content.decode()
    titles = ["Về việc hỏa tốc", "Về việc thượng khẩn", "Về việc khẩn", "Về việc thường, đến thứ Sáu"]
    assert all(t in page for t in titles)
    assert [page.index(t) for t in titles] == sorted(page.index(t) for t in titles)
    assert 'class="kh-urgency kh-urgency-hoa_toc"' in page and ">Hỏa tốc</span>" in page and "Độ khẩn" in page
    # the normal one arrived on Friday: due that day by ND30, overdue on Monday; the urgent ones are due today
    assert "14/03/2025 (Quá hạn)" in page and "17/03/2025</span>" in page


def test_the_inbox_keeps_its_order_for_claimed_work(chart, users, on_day, client):
    from viewflow.workflow.status import STATUS

    receipts = _receipts(chart, users, on_day)
    for receipt in receipts.values():  # vt.stp takes them all (Nhận việc)
        receipt.task_set.filter(status=STATUS.NEW).update(owner=users["vt.stp"], status=STATUS.ASSIGNED)
    client.force_login(users["vt.stp"])
    with on_day(MON):
        client.get("/workflow/inbox/")
        page = client.get("/workflow/inbox/").content.decode()
    titles = ["Về việc hỏa tốc", "Về việc thượng khẩn", "Về việc khẩn", "Về việc thường, đến thứ Sáu"]
    assert [page.index(t) for t in titles] == sorted(page.index(t) for t in titles)
    assert "14/03/2025 (Quá hạn)" in page


def test_the_api_task_list_puts_urgent_work_first_and_says_its_urgency(chart, users, on_day, client):
    receipts = _receipts(chart, users, on_day)
    client.force_login(users["vt.stp"])
    with on_day(MON):
        results = client.get("/api/tasks/").json()["results"]
    ours = [t for t in results if t["process_id"] in {r.pk for r in receipts.values()}]
    assert [t["urgency"] for t in ours] == ["hoa_toc", "thuong_khan", "khan", "thuong"]
    # one task outside a list (the answer to an action) says the same without the list's annotation
    from viewflow.workflow.models import Task

    from workflows.api.serializers import TaskSerializer

    task = Task.objects.get(pk=ours[0]["id"])
    assert TaskSerializer(task).data["urgency"] == "hoa_toc"
