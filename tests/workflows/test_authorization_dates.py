"""Rights follow the holding's dates: from the day after it ends, no write and no read of new work.

The probe found the district officials of Phú Bình (holdings ended 30/6/2025) still reading plans, PDFs and
figures, and one of them acknowledging a plan on 2/12/2026 through ``POST /api/tasks/<id>/acknowledge/``.
A former holder keeps read access only to what they themselves drafted, signed or handled.
"""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from viewflow.workflow.status import STATUS

from tests.journey import issued_obligation
from tests.journey import unit_step as step
from workflows.flows import ReceiptFlow, actions
from workflows.models import UnitReport

D = datetime.date
IN_OFFICE = D(2025, 4, 1)
AFTER = D(2026, 12, 2)
DISTRICTS = "UBND các huyện, thành phố\nLưu: VT, HCC"


def api(users, username):
    client = APIClient()
    client.force_authenticate(users[username])
    return client


@pytest.fixture
def sent_to_districts(journey, on_day):
    """A plan issued on 16/3/2025 to every district (Phú Bình among them)."""
    with on_day(D(2025, 3, 13)):
        process = journey.draft(recipients=DISTRICTS)
        journey.run_to_issue(process)
    return process


def _receipt_task(process, unit_key):
    receipt = process.plan.receipts.get(unit__key=unit_key)
    return receipt.task_set.get(flow_task=ReceiptFlow.acknowledge)


def test_a_former_district_clerk_cannot_acknowledge_after_the_district_ended(sent_to_districts, users, on_day):
    task = _receipt_task(sent_to_districts, "tn-h-phubinh")
    with on_day(AFTER):
        response = api(users, "vt.phubinh").post(f"/api/tasks/{task.pk}/acknowledge/", {}, format="json")
        assert response.status_code in (403, 404)
        with pytest.raises(actions.PermissionDenied):
            actions.task_perform(task_id=task.pk, user=users["vt.phubinh"], action="acknowledge")
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.process.receiptprocess.acknowledged_by is None


def test_the_district_clerk_acknowledged_while_in_office(sent_to_districts, users, on_day):
    task = _receipt_task(sent_to_districts, "tn-h-phubinh")
    with on_day(IN_OFFICE):
        response = api(users, "vt.phubinh").post(f"/api/tasks/{task.pk}/acknowledge/", {}, format="json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("username", ["ct.phubinh", "cv.phubinh", "vt.phubinh"])
def test_former_district_officials_no_longer_read_the_plan_pdf_or_dashboard(sent_to_districts, users, client, on_day,
                                                                            username):
    plan = sent_to_districts.plan
    client.force_login(users[username])
    with on_day(IN_OFFICE):
        assert client.get(sent_to_districts.get_absolute_url()).status_code == 200
    with on_day(AFTER):
        assert client.get(sent_to_districts.get_absolute_url()).status_code == 404
        assert client.get(reverse("document_pdf", args=[plan.pk])).status_code == 404
        assert client.get(reverse("document_word", args=[plan.pk])).status_code == 404
        assert client.get(reverse("dashboard_plan", args=[sent_to_districts.pk])).status_code == 404
        assert api(users, username).get(f"/api/plans/{sent_to_districts.pk}/").status_code == 404
        listed = api(users, username).get("/api/plans/").json()["results"]
        assert sent_to_districts.pk not in [p["id"] for p in listed]
        tasks = api(users, username).get("/api/tasks/").json()["results"]
        assert not tasks


def test_a_former_holder_keeps_reading_what_they_handled(sent_to_districts, users, client, on_day):
    task = _receipt_task(sent_to_districts, "tn-h-phubinh")
    with on_day(IN_OFFICE):
        actions.task_perform(task_id=task.pk, user=users["vt.phubinh"], action="acknowledge")
    with on_day(AFTER):
        client.force_login(users["vt.phubinh"])
        assert client.get(sent_to_districts.get_absolute_url()).status_code == 200  # they received it
        assert client.get(reverse("document_word", args=[sent_to_districts.plan.pk])).status_code == 200
        client.force_login(users["ct.phubinh"])
        assert client.get(sent_to_districts.get_absolute_url()).status_code == 404  # they did not


def test_a_former_vice_chair_does_not_count_as_acting_pct(sent_to_districts, users, client, on_day):
    """pct.tien's term ended 31/12/2024; pct.loan holds the seat now: he neither reads nor signs."""
    client.force_login(users["pct.tien"])
    with on_day(AFTER):
        assert client.get(sent_to_districts.get_absolute_url()).status_code == 404
        assert not api(users, "pct.tien").get("/api/tasks/").json()["results"]


@pytest.fixture
def district_report(journey, on_day, users):
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", due_date=D(2025, 5, 1),
                                   recipients=["UBND các huyện, thành phố"])
    return UnitReport.objects.get(obligation=obligation, unit__key="tn-h-phubinh")


def test_former_district_officials_lose_the_reports_figures_and_steps(district_report, users, client, on_day):
    with on_day(IN_OFFICE):
        step(district_report, "acknowledge", "vt.phubinh", "acknowledge", users)
        client.force_login(users["cv.phubinh"])
        assert client.get(reverse("report_figures_xlsx", args=[district_report.pk])).status_code in (200, 404)
    with on_day(AFTER):
        client.force_login(users["ct.phubinh"])
        assert client.get(reverse("report_figures_xlsx", args=[district_report.pk])).status_code == 404
        with pytest.raises(actions.PermissionDenied):  # the head's step: no longer his
            step(district_report, "assign", "ct.phubinh", "assign", users, assignee="cv.phubinh")
        response = api(users, "ct.phubinh").put(f"/api/reports/{district_report.pk}/figures/", {"values": {}},
                                                 format="json")
        assert response.status_code == 404
    district_report.refresh_from_db()
    assert district_report.assignee is None


def test_a_heads_step_of_a_restructured_unit_goes_to_the_successors_head(journey, on_day, users, tmp_path):
    """The district ends: its chair's open step lands with the successor's chair, whom the one rule lets act."""
    import json

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from orgchart import services
    from orgchart.models import Position, Unit
    from workflows.models import Route

    Unit.objects.filter(key="tn-h-vonhai").update(valid_to=None, successor=None)
    vonhai = Unit.objects.get(key="tn-h-vonhai")
    User = get_user_model()
    chair, clerk = User.objects.create_user("ct.vonhai"), User.objects.create_user("vt.vonhai")
    for user, kind, title in [(chair, "chair", "CHỦ TỊCH"), (clerk, "clerk", "VĂN THƯ")]:
        services.holding_create(user=user, position=Position.objects.create(unit=vonhai, kind=kind, title=title),
                                valid_from=D(2020, 1, 1))
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", route=Route.VIA_PARENT,
                                   due_date=D(2025, 9, 1), recipients=["UBND các huyện, thành phố"])
    report = UnitReport.objects.get(obligation=obligation, unit=vonhai)
    everyone = {**users, "ct.vonhai": chair, "vt.vonhai": clerk}
    with on_day(D(2025, 8, 1)):
        step(report, "acknowledge", "vt.vonhai", "acknowledge", everyone)
    spec = tmp_path / "restructure.json"
    spec.write_text(json.dumps({"date": "2025-09-01", "title": "Giải thể huyện Võ Nhai",
                                "changes": [{"end": "tn-h-vonhai", "successor": "tn-ubnd"}]}), encoding="utf-8")
    with on_day(D(2025, 9, 1)):
        call_command("restructure", str(spec))
    with on_day(D(2025, 9, 2)):
        with pytest.raises(actions.PermissionDenied):
            step(report, "assign", "ct.vonhai", "assign", everyone, assignee="vt.vonhai")
        step(report, "assign", "ct.hung", "assign", users, assignee="vt.ubnd")
    assert report.assignee.username == "vt.ubnd"
