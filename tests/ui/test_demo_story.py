"""The demo tells a story for every login (issue 15, point 14): each login of the README's table finds work
on its landing page, except the former holders, whom the README presents as read-only."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from workflows.web.my_work import my_work

README = Path(settings.BASE_DIR) / "README.md"


def table_rows() -> list[tuple[list[str], str]]:
    text = README.read_text(encoding="utf-8")
    table = text.split("| login | who |", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        logins = re.findall(r"`([a-z]+(?:\.[a-z]+)+)`", cells[0])
        if logins:
            rows.append((logins, cells[2]))
    return rows


@pytest.mark.django_db
def test_every_login_of_the_readme_finds_work_in_the_demo():
    from django.contrib.auth import get_user_model

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    users = get_user_model().objects.in_bulk(field_name="username")
    idle, rows = [], table_rows()
    assert len(rows) >= 12
    for logins, what in rows:
        if what.startswith("read-only") or "/admin/" in what:
            continue
        for login in logins:
            assert login in users, f"{login} is in the README but not in the demo"
            work = my_work(user=users[login], today=timezone.localdate())
            if not work.rows:
                idle.append(login)
    assert not idle, f"README promises work, the demo has none for: {idle}"
    # README: one deadline extension request waits for gd.snv (Sở Tư pháp's, asked by cv.stp), for nobody else
    waiting = my_work(user=users["gd.snv"], today=timezone.localdate()).extensions
    assert [(e.unit_report.unit.key, e.requested_by.username, e.state) for e in waiting] == [("tn-stp", "cv.stp", "pending")]
    assert not my_work(user=users["th.snv"], today=timezone.localdate()).extensions
