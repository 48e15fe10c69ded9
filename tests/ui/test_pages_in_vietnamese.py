"""Every page reachable from the menu, for every demo login, reads in Vietnamese (issue 15, point 12).

The demo is loaded once; each login opens the landing page, the lists of the side menu and the
top bar's pages. A page fails on an English word of the interface, on ``None`` or on a Python
dict (``{'``) shown as text.
"""

import re
from html import unescape

import pytest
from django.core.management import call_command

from orgchart.demo import PEOPLE

#: English words viewflow or Django print when a string is not translated (as whole words).
ENGLISH = ["Start", "Process id", "Brief", "Active tasks", "Title", "Search...", "selected", "Yesterday", "Today",
           "Draft_Report", "Created", "Owner", "Status", "Inbox", "Queue", "Archive", "Assign", "Unassign", "Cancel",
           "Logout", "Log out", "Profile", "Dashboard", "Process", "Task", "Summary", "Finished", "Action", "Actions",
           "Filter", "No data", "Next", "Previous", "of"]
BAD = re.compile(r"(?<![\w-])(?:{})(?![\w-])".format("|".join(re.escape(w) for w in [*ENGLISH, "None"])))
PYTHON = re.compile(r"\{'|\['")

MENU = ["/", "/workflow/inbox/", "/workflow/queue/", "/workflow/archive/", "/documents/", "/dashboard/",
        "/notifications/"]


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(text))


SKIP = re.compile(r"/(word|pdf|xlsx|figures\.xlsx|download|attachment)/?$|\.xlsx$|/(assign|unassign|cancel|undo|revive)/$")


def menu_links(html: str) -> list[str]:
    """The pages a click away: the side menu's lists, the app bar's pages and the rows' detail pages."""
    return sorted({href for href in re.findall(r'href="(/[^"#?]*)"', html)
                   if href.startswith(("/workflow/", "/documents/", "/dashboard/", "/notifications/"))
                   and not SKIP.search(href)})


def pattern(url: str) -> str:
    return re.sub(r"/\d+/", "/N/", url)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
        yield
        from django.core.management import call_command as cc

        cc("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_every_menu_page_for_every_login_is_in_vietnamese(demo, client):
    from django.contrib.auth import get_user_model

    from orgchart.models import Unit

    kinds = dict(Unit.objects.values_list("key", "kind"))
    roles = {}  # one login per role: position kind × kind of unit × still in post or not
    for username, _name, unit_key, kind, _title, _fields, _start, end in PEOPLE:
        roles.setdefault((kind, kinds.get(unit_key), end is None), username)
    users = get_user_model().objects.in_bulk(list(roles.values()), field_name="username")
    problems, pages = [], 0
    for username in sorted(users):
        client.force_login(users[username])
        seen, shapes = set(), set()
        queue = list(MENU)
        while queue:
            url = queue.pop(0)
            if url in seen or pattern(url) in shapes:  # one page of each shape per login
                continue
            seen.add(url)
            shapes.add(pattern(url))
            response = client.get(url, follow=True)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            html = response.content.decode()
            text = visible_text(html)
            for match in BAD.finditer(text):
                problems.append(f"{username} {url}: …{text[max(0, match.start() - 40):match.end() + 40]}…")
            for match in PYTHON.finditer(text):
                problems.append(f"{username} {url}: …{text[max(0, match.start() - 40):match.end() + 40]}…")
            queue.extend(link for link in menu_links(html) if link not in seen)
    print(f"{len(users)} logins, {pages} pages")
    assert pages > len(users) * 5
    assert not problems, f"{len(problems)} chỗ chưa đúng:\n" + "\n".join(sorted(set(problems))[:200])
