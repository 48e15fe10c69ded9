"""A unit sees only its own report processes and what was submitted to it — pages and API."""

import datetime

import pytest
from rest_framework.test import APIClient
from viewflow.workflow.status import STATUS

from tests.journey import issued_obligation
from workflows.flows import UnitReportFlow
from workflows.models import UnitReport

D = datetime.date


@pytest.fixture
def reports(journey, on_day):
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Các sở, ban, ngành"],
                                   due_date=D(2025, 5, 1))
    return {r.unit.key: r for r in UnitReport.objects.filter(obligation=obligation).select_related("unit", "process")}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_each_unit_sees_its_own_process_only(reports, client, users):
    stp, snnmt = reports["tn-stp"], reports["tn-snnmt"]
    detail = UnitReportFlow.instance.reverse("process_detail", args=[stp.process_id])
    client.force_login(users["vt.stp"])
    assert client.get(detail).status_code == 200
    listing = client.get(UnitReportFlow.instance.reverse("process_list")).content.decode()
    assert f"/unitreport/{stp.process_id}/" in listing and f"/unitreport/{snnmt.process_id}/" not in listing
    client.force_login(users["vt.khason"])
    assert client.get(detail).status_code in (403, 404)


def test_a_clerk_cannot_take_another_units_task(reports, client, users):
    task = reports["tn-snnmt"].process.task_set.get(flow_task=UnitReportFlow.acknowledge)
    client.force_login(users["vt.stp"])
    assert client.post(task.reverse("assign")).status_code == 403
    response = api(users["vt.stp"]).post(f"/api/tasks/{task.pk}/acknowledge/", {}, format="json")
    assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None


def test_the_clerks_queue_holds_their_units_task_only(reports, users):
    tasks = api(users["vt.stp"]).get("/api/tasks/").json()["results"]
    processes = {t["process_id"] for t in tasks}
    assert reports["tn-stp"].process_id in processes
    assert reports["tn-snnmt"].process_id not in processes


def test_the_receiving_unit_sees_what_was_submitted_to_it(reports, client, users):
    client.force_login(users["th.snv"])
    detail = UnitReportFlow.instance.reverse("process_detail", args=[reports["tn-stp"].process_id])
    assert client.get(detail).status_code == 200  # Sở Nội vụ (phòng CCHC) receives every department's report
    client.force_login(users["cv.vp"])
    assert client.get(detail).status_code in (403, 404)
