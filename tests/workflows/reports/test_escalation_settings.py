"""Cài đặt đôn đốc: attackers first (anonymous, a unit the plan was sent to, a forged plan, no CSRF token), then the
consolidator sets the plan's phê bình / kiểm điểm days, bad input is refused in Vietnamese, and the next tick follows."""

import pytest
from django.test import Client

from tests.workflows.reports.test_urge import TODAY, late  # noqa: F401
from workflows.models import AuditEntry, PlanProcess
from workflows.notifications.reminders import escalation_levels


def url(obligation):
    return f"/dashboard/plan/{obligation.plan_id}/escalation/"


def stored(obligation):
    return PlanProcess.objects.get(pk=obligation.plan_id).escalation


def test_anonymous_another_unit_and_a_forged_plan_cannot_set_levels(late, client, users, on_day):  # noqa: F811
    obligation, _reports = late
    with on_day(TODAY):
        response = client.post(url(obligation), {"inherit": "0", "criticize_after": "1"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for username in ("gd.stp", "cv.stp", "pct.tien"):  # recipients and a former holder see no settings
            client.force_login(users[username])
            assert client.get(url(obligation)).status_code == 404
            assert client.post(url(obligation), {"inherit": "0", "criticize_after": "1"}).status_code == 404
        client.force_login(users["cv.cchc"])
        assert client.post("/dashboard/plan/987654/escalation/", {"inherit": "1"}).status_code == 404
        csrf = Client(enforce_csrf_checks=True)
        csrf.force_login(users["cv.cchc"])
        assert csrf.post(url(obligation), {"inherit": "0", "criticize_after": "1"}).status_code == 403
    assert stored(obligation) == [] and not AuditEntry.objects.filter(action="escalation_set").exists()


def test_the_consolidator_sets_the_days_and_the_tick_follows(late, client, users, on_day):  # noqa: F811
    obligation, _reports = late
    client.force_login(users["cv.cchc"])
    with on_day(TODAY):
        dashboard = client.get(f"/dashboard/plan/{obligation.plan_id}/").content.decode()
        assert "kh-escalation-link" in dashboard
        form = client.get(url(obligation)).content.decode()
        assert "Theo cấu hình chung của hệ thống" in form
        response = client.post(url(obligation), {"inherit": "0", "criticize_after": "2", "discipline_after": ""})
    assert response.status_code == 302
    assert stored(obligation) == [{"after_days": 0, "level": "nhac_nho"}, {"after_days": 2, "level": "phe_binh"}]
    assert escalation_levels(stored(obligation)) == [(0, "nhac_nho"), (2, "phe_binh")]  # no kiểm điểm for this plan
    entry = AuditEntry.objects.get(action="escalation_set")
    assert entry.actor == users["cv.cchc"] and entry.data["after"][1] == {"after_days": 2, "level": "phe_binh"}
    with on_day(TODAY):
        form = client.get(url(obligation)).content.decode()
        assert 'name="criticize_after" inputmode="numeric" size="4" maxlength="3" value="2"' in form
        client.post(url(obligation), {"inherit": "1"})
    assert stored(obligation) == []  # back to the general setting


@pytest.mark.parametrize("criticize, discipline, message", [
    ("abc", "", "Phê bình: nhập số ngày làm việc từ 1 đến 60"),
    ("0", "", "Phê bình: nhập số ngày làm việc từ 1 đến 60"),
    ("3", "999", "Kiểm điểm: nhập số ngày làm việc từ 1 đến 60"),
    ("5", "5", "Kiểm điểm phải sau phê bình"),
    ("=1+1", "", "Phê bình: nhập số ngày làm việc"),
])
def test_bad_days_are_refused_in_vietnamese_and_nothing_changes(late, client, users, on_day, criticize, discipline,  # noqa: F811
                                                                  message):
    obligation, _reports = late
    client.force_login(users["cv.cchc"])
    with on_day(TODAY):
        response = client.post(url(obligation), {"inherit": "0", "criticize_after": criticize,
                                                 "discipline_after": discipline})
    assert response.status_code == 400 and message in response.content.decode()
    assert stored(obligation) == [] and not AuditEntry.objects.filter(action="escalation_set").exists()
