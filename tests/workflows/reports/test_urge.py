"""Đôn đốc from the plan's dashboard: attackers first (anonymous, another unit, forged ids, GET, no CSRF token),
then the consolidator's message recorded in the audit log and sent to the selected late units only."""

import datetime

import pytest
from django.test import Client

from tests.journey import issued_obligation
from workflows.models import AuditEntry, EmailState, Notification, UnitReport

D = datetime.date
TODAY = D(2025, 5, 5)


@pytest.fixture
def late(journey, on_day):
    """The sở are due 1/5/2025; three of them accepted, the rest late on 5/5/2025."""
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Các sở, ban, ngành"],
                                   due_date=D(2025, 5, 1))
    reports = {r.unit.key: r for r in UnitReport.objects.filter(obligation=obligation).select_related("unit")}
    UnitReport.objects.filter(pk__in=[reports[k].pk for k in ("tn-stc", "tn-sxd")]).update(state="accepted")
    return obligation, reports


def urge(client, obligation, report_ids, message="Đề nghị gửi báo cáo trước ngày 07/5/2025."):
    return client.post(f"/dashboard/plan/{obligation.plan_id}/urge/", {"report": report_ids, "message": message})


def nothing_sent():
    return not Notification.objects.filter(kind="urged").exists() and not AuditEntry.objects.filter(action="urge").exists()


def test_anonymous_and_another_units_user_cannot_urge(late, client, users, on_day):
    obligation, reports = late
    with on_day(TODAY):
        response = urge(client, obligation, [reports["tn-sct"].pk])
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for username in ("gd.stp", "cv.stp"):  # a unit the plan was sent to: it sees the plan, not the right to urge
            client.force_login(users[username])
            assert urge(client, obligation, [reports["tn-sct"].pk]).status_code == 404
            page = client.get(f"/dashboard/plan/{obligation.plan_id}/")
            assert page.status_code in (200, 404) and 'id="kh-urge"' not in page.content.decode()
    assert nothing_sent()


def test_get_and_a_post_without_csrf_are_refused(late, users, on_day):
    obligation, reports = late
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["cv.cchc"])
    with on_day(TODAY):
        assert client.get(f"/dashboard/plan/{obligation.plan_id}/urge/").status_code == 405
        assert urge(client, obligation, [reports["tn-sct"].pk]).status_code == 403
    assert nothing_sent()


@pytest.mark.parametrize("forged", ["accepted", "missing", "garbage", "other_plan"])
def test_forged_unit_ids_refuse_the_whole_request(late, client, users, on_day, forged):
    obligation, reports = late
    other = {"accepted": reports["tn-stc"].pk, "missing": 987654, "garbage": "1 OR 1=1",
             "other_plan": UnitReport.objects.exclude(obligation__plan_id=obligation.plan_id).values_list("pk", flat=True).first()
             or 987655}[forged]
    client.force_login(users["cv.cchc"])
    with on_day(TODAY):
        response = urge(client, obligation, [reports["tn-sct"].pk, other])
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert ("không thuộc kế hoạch này" in page) or ("không hợp lệ" in page)
    assert nothing_sent()


def test_an_empty_message_or_selection_is_refused_in_vietnamese(late, client, users, on_day):
    obligation, reports = late
    client.force_login(users["cv.cchc"])
    with on_day(TODAY):
        page = client.get(urge(client, obligation, [reports["tn-sct"].pk], message="  ")["Location"]).content.decode()
        assert "Nhập nội dung đôn đốc." in page
        page = client.get(urge(client, obligation, [])["Location"]).content.decode()
        assert "Chọn ít nhất một đơn vị quá hạn" in page
    assert nothing_sent()


def test_the_consolidator_urges_the_selected_late_units_only(late, client, users, on_day, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    obligation, reports = late
    chosen = [reports["tn-stp"], reports["tn-syt"]]
    UnitReport.objects.filter(pk=reports["tn-syt"].pk).update(assignee=users["cv.stp"])
    client.force_login(users["cv.cchc"])
    with on_day(TODAY):
        dashboard = client.get(f"/dashboard/plan/{obligation.plan_id}/").content.decode()
        assert 'id="kh-urge"' in dashboard and f'value="{reports["tn-sct"].pk}"' in dashboard
        assert f'value="{reports["tn-stc"].pk}"' not in dashboard  # accepted: not late, not offered
        response = urge(client, obligation, [r.pk for r in chosen])
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "Đã gửi đôn đốc đến 2 đơn vị (2 người nhận)." in page
    entry = AuditEntry.objects.get(action="urge")
    assert entry.actor == users["cv.cchc"] and entry.process_id == obligation.plan_id
    assert entry.comment == "Đề nghị gửi báo cáo trước ngày 07/5/2025."
    assert sorted(entry.data["reports"]) == sorted(r.pk for r in chosen)
    sent = Notification.objects.filter(kind="urged").select_related("unit_report")
    assert {n.unit_report_id for n in sent} == {r.pk for r in chosen}
    assert sorted(n.user.username for n in sent) == ["cv.stp", "gd.stp"]  # Sở Y tế's assignee, Sở Tư pháp's head
    assert all(n.title.startswith("Đôn đốc: Báo cáo tổng kết (hạn 01/05/2025)") for n in sent)
    assert all("Đề nghị gửi báo cáo trước ngày 07/5/2025." in n.body for n in sent)
    assert {n.email_state for n in sent} <= {EmailState.QUEUED, EmailState.SENT, EmailState.NO_ADDRESS}
    # the unit's page lists it with its delivery state
    with on_day(TODAY):
        unit_page = client.get(f"/dashboard/unit/{reports['tn-stp'].unit_id}/").content.decode()
    assert "Đôn đốc" in unit_page and "Đôn đốc: Báo cáo tổng kết" in unit_page


def test_a_unit_with_nobody_to_tell_is_said_not_hidden(late, client, users, on_day):
    obligation, reports = late
    client.force_login(users["cv.cchc"])
    with on_day(TODAY):
        page = client.get(urge(client, obligation, [reports["tn-sct"].pk])["Location"]).content.decode()
    assert "Đã gửi đôn đốc đến 1 đơn vị (0 người nhận)." in page and "Không có người nhận" in page
    assert AuditEntry.objects.get(action="urge").data["reports"] == [reports["tn-sct"].pk]
