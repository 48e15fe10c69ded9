"""A process's chart (``…/<id>/chart/``) shows how far it went: only for those who may see that process."""

import datetime

import pytest

from workflows.flows import PlanFlow

D = datetime.date


@pytest.fixture
def draft(journey, on_day):
    with on_day(D(2025, 3, 13)):
        return journey.draft()


@pytest.mark.parametrize("outsider", ["cv.stp", "vt.khason", "pct.loan", "ct.phubinh"])
def test_another_units_process_chart_is_not_found(draft, users, client, outsider):
    client.force_login(users[outsider])
    assert client.get(PlanFlow.instance.reverse("process_chart", args=[draft.pk])).status_code == 404


def test_the_department_reads_its_process_chart_and_everyone_the_flow_chart(draft, users, client):
    client.force_login(users["tp.cchc"])
    response = client.get(PlanFlow.instance.reverse("process_chart", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    client.force_login(users["cv.stp"])
    assert client.get(PlanFlow.instance.reverse("chart")).status_code == 200  # the diagram itself holds nothing private


def test_an_unknown_process_chart_is_not_found(db, users, client):
    client.force_login(users["cv.stp"])
    assert client.get(PlanFlow.instance.reverse("process_chart", args=[999999])).status_code == 404
