"""viewflow's templates that print English outside gettext, overridden in templates/viewflow/ in Vietnamese.

Each override is viewflow's template with only the words below changed: the first test rebuilds every override
from viewflow's own template and this list, so an upgrade of viewflow that changes one of them fails here (copy
the new template again and redo the replacements). The other tests render the pages as the users see them.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import loader
from viewflow.workflow.status import STATUS

from workflows.flows import PlanFlow

ROOT = Path(__file__).resolve().parent.parent
VIEWFLOW_TEMPLATES = Path(__import__("viewflow").__file__).parent / "templates"

SNACKBAR_ORIGINAL = "{% if forloop.last %}{{ message }}{% endif %}"
SNACKBAR_OURS = (
    '{% if forloop.last %}{% if message.message == "Tasks was assigned" %}Đã nhận các công việc đã chọn'
    '{% elif message.message == "Tasks was unassigned" %}Đã trả lại các công việc đã chọn'
    '{% elif message.message == "No objects selected" %}Chưa chọn công việc nào'
    '{% else %}{{ message }}{% endif %}{% endif %}'
)

BACK_ORIGINAL = """onclick="window.history.back(-1);setTimeout(()=>Turbo.visit('.'), 100)\""""

#: override -> [(viewflow's text, ours)]
REPLACEMENTS = {
    "viewflow/base.html": [('default:"Django Material"', 'default:"Kehoach"')],
    "viewflow/includes/list_bulk_actions.html": [(">Select all<", ">Chọn tất cả<"), (">GO<", ">Thực hiện<")],
    "viewflow/includes/list_pagination.html": [(" of {{ paginator.count }}", " trong tổng số {{ paginator.count }}")],
    "viewflow/includes/snackbar.html": [(SNACKBAR_ORIGINAL, SNACKBAR_OURS)],
    "viewflow/workflow/task_base.html": [
        ('label="Brief"', 'label="Tóm tắt"'),
        ('label="Owner"', 'label="Người xử lý"'),
        ('default:"Unassigned"', 'default:"Chưa có người nhận"'),
        ('label="Permission"', 'label="Quyền"'),
        ('value="{{ task.owner_permission }} ', 'value="{{ task.owner_permission|default:"" }} '),  # not "None"
    ],
    "viewflow/workflow/task_detail.html": [
        ('label="Created"', 'label="Tạo cách đây"'),
        ('label="Assigned"', 'label="Nhận cách đây"'),
        ('label="Finished"', 'label="Hoàn thành cách đây"'),
    ],
    "viewflow/workflow/process_cancel.html": [
        ("}} tasks active<", "}} công việc đang thực hiện<"),
        ('default:"No owner assigned"', 'default:"Chưa có người nhận"'),
    ],
    # CSP: no inline handler; "Back" leads to the list the bulk action came from (config/settings CONTENT_SECURITY_POLICY)
    "viewflow/workflow/tasks_assign.html": [(BACK_ORIGINAL, "href=\"{% reverse viewset 'queue' %}\"")],
    "viewflow/workflow/tasks_unassign.html": [(BACK_ORIGINAL, "href=\"{% reverse viewset 'inbox' %}\"")],
    "viewflow/workflow/process_data.html": [
        ('alt="flow graph"', 'alt="Sơ đồ quy trình"'),
        ("<td>{{ value }}</td>",  # booleans of the process (e.g. "Trình tập thể UBND") read "Có"/"Không", not True/False
         "<td>{% if value is True %}Có{% elif value is False %}Không{% else %}{{ value }}{% endif %}</td>"),
    ],
}


@pytest.mark.parametrize("name", sorted(REPLACEMENTS))
def test_each_override_is_viewflows_template_with_only_the_words_changed(name):
    ours = ROOT / "templates" / name
    assert loader.get_template(name).origin.name == str(ours), "the project's templates/ must come first"
    rebuilt = (VIEWFLOW_TEMPLATES / name).read_text(encoding="utf-8")
    for english, vietnamese in REPLACEMENTS[name]:
        assert rebuilt.count(english) == 1, f"viewflow's {name} changed ({english!r}): copy it again"
        rebuilt = rebuilt.replace(english, vietnamese)
    assert ours.read_text(encoding="utf-8") == rebuilt


def test_the_projects_base_page_repeats_viewflows_toolbar_with_only_the_words_changed():
    """templates/viewflow/base_page.html redefines viewflow's page-toolbar block (Kehoach's buttons inside)."""
    theirs = (VIEWFLOW_TEMPLATES / "viewflow" / "base_page.html").read_text(encoding="utf-8")
    ours = (ROOT / "templates" / "viewflow" / "base_page.html").read_text(encoding="utf-8")
    toolbar = re.search(r"{% block page-toolbar %}(.*?){% block page-toolbar-actions %}", theirs, re.S).group(1)
    toolbar = toolbar.replace('aria-label="Open navigation menu"', 'aria-label="Mở menu điều hướng"')
    toolbar = toolbar.replace('default:"Django Material"', 'default:"Kehoach"')
    assert re.sub(r"\s+", " ", toolbar) in re.sub(r"\s+", " ", ours)
    assert "Django Material" not in ours and "Open navigation menu" not in ours


ENGLISH_EVERYWHERE = ["Open navigation menu", "Django Material", ">Select all<", ">GO<", " of "]


def _assert_no_english(page, *more):
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    for english in [*ENGLISH_EVERYWHERE, *more]:
        assert english not in text, english


def test_fallback_titles_without_a_site(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    page = loader.render_to_string("viewflow/base_page.html", request=request)
    assert "<title>Kehoach</title>" in page
    assert re.search(r'mdc-top-app-bar__title">\s*Kehoach\s*</span>', page)
    assert "Django Material" not in page


def test_not_found_page_is_titled_kehoach(client):
    page = client.get("/no-such-page/").content.decode()
    assert "Kehoach</title>" in page and "Django Material" not in page


@pytest.fixture
def plan(journey):
    """A plan signed by Lãnh đạo sở (gd.snv), waiting in the queue of Văn phòng UBND (a unit step: taken, given
    back; a person's step such as the signature never goes to a queue)."""
    process = journey.draft()
    journey.approve(process, "review", "tp.cchc")
    journey.approve(process, "sign_submission", "gd.snv")
    return process


def _taken(journey, client, plan):
    """cv.vp takes the vetting step from the office's queue: it is in cv.vp's inbox."""
    journey.login("cv.vp")
    task = journey.task(plan, "vet")
    assert client.post(task.reverse("assign")).status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
    return task


def _unassigned(journey, client, plan):
    """cv.vp gives the task back: it is in the office's queue, nobody owns it."""
    task = _taken(journey, client, plan)
    assert client.post(task.reverse("unassign")).status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None
    return task


def test_inbox_and_queue_lists_and_their_bulk_actions(journey, client, plan):
    task = _taken(journey, client, plan)

    page = client.get("/workflow/inbox/").content.decode()
    assert ">Chọn tất cả<" in page and ">Thực hiện<" in page
    assert re.search(r"1-1 trong tổng số 1\b", page)
    assert 'aria-label="Mở menu điều hướng"' in page
    _assert_no_english(page)

    page = client.post("/workflow/inbox/unassign/", {"pk": [task.pk], "_confirm": "1"}, follow=True).content.decode()
    task.refresh_from_db()
    assert task.status == STATUS.NEW
    assert "Đã trả lại các công việc đã chọn" in page and "Tasks was unassigned" not in page

    page = client.get("/workflow/queue/").content.decode()
    assert ">Chọn tất cả<" in page and ">Thực hiện<" in page
    assert re.search(r"1-1 trong tổng số 1\b", page)
    _assert_no_english(page)

    # "Thực hiện" with nothing selected
    page = client.get("/workflow/queue/assign/", follow=True).content.decode()
    assert "Chưa chọn công việc nào" in page and "No objects selected" not in page

    page = client.post("/workflow/queue/assign/", {"pk": [task.pk], "_confirm": "1"}, follow=True).content.decode()
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
    assert "Đã nhận các công việc đã chọn" in page and "Tasks was assigned" not in page


def test_archive_and_process_list(journey, client, plan):
    journey.login("cv.cchc")
    for url in ("/workflow/archive/", "/workflow/flows/plan/flows/"):
        page = client.get(url).content.decode()
        assert "trong tổng số" in page, url
        _assert_no_english(page)


def test_task_detail(journey, client, plan):
    journey.login("gd.snv")
    task = plan.task_set.get(flow_task=PlanFlow.sign_submission)
    page = client.get(task.reverse("detail")).content.decode()
    assert 'label="Người xử lý" icon="account_box" disabled value="gd.snv"' in page
    assert 'label="Quyền" icon="lock" disabled value=" "' in page  # no permission needed: blank, not "None"
    _assert_no_english(page, 'value="None ')

    task = _unassigned(journey, client, plan)
    page = client.get(task.reverse("detail")).content.decode()
    for label in ("Tóm tắt", "Người xử lý", "Quyền", "Tạo cách đây", "Nhận cách đây", "Hoàn thành cách đây"):
        assert f'label="{label}"' in page, label
    assert 'value="Chưa có người nhận"' in page  # nobody has taken it
    assert 'alt="Sơ đồ quy trình"' in page
    _assert_no_english(page, *(f'label="{w}"' for w in ("Brief", "Owner", "Permission", "Created", "Assigned", "Finished")),
                      "Unassigned", 'value="None ', "flow graph", ">False<", ">True<")


def test_process_detail_shows_yes_no_not_true_false(journey, client, plan):
    journey.login("cv.cchc")
    page = client.get(f"/workflow/flows/plan/{plan.pk}/").content.decode()
    assert re.search(r"<td>Không</td>", page)  # "Trình tập thể UBND": the plan is not for the collective
    _assert_no_english(page, "<td>False</td>", "<td>True</td>", "flow graph")


def test_process_cancel_page(journey, client, plan, users):
    _unassigned(journey, client, plan)
    client.force_login(users["admin"])
    page = client.get(f"/workflow/flows/plan/{plan.pk}/cancel/").content.decode()
    assert "1 công việc đang thực hiện" in page and "Chưa có người nhận" in page
    _assert_no_english(page, "tasks active", "No owner assigned")


def test_login_page(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in page
    _assert_no_english(page)
