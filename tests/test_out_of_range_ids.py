"""An id out of range is a 404, never a 500: our URLs, viewflow's, the API, the admin, ids in forms."""

import pytest
from rest_framework.test import APIClient

from config.converters import MAX_ID, id_or_none
from tests.workflows.figures.test_figures_pages import drafting  # noqa: F401  (fixture)

HUGE = "99999999999999999999999"
URLS = [
    f"/api/plans/{HUGE}/", f"/api/plans/{HUGE}/consolidated/", f"/api/reports/{HUGE}/figures/",
    f"/documents/{HUGE}/word/", f"/documents/{HUGE}/pdf/", f"/documents/attachment/{HUGE}/",
    f"/dashboard/plan/{HUGE}/", f"/dashboard/plan/{HUGE}/xlsx/", f"/dashboard/plan/{HUGE}/consolidated/",
    f"/dashboard/unit/{HUGE}/", f"/reports/{HUGE}/figures.xlsx",
    f"/workflow/flows/plan/{HUGE}/", f"/workflow/flows/plan/{HUGE}/chart/", f"/workflow/flows/plan/plan/{HUGE}/",
    f"/workflow/flows/plan/{HUGE}/review/{HUGE}/", f"/workflow/flows/plan/{HUGE}/review/{HUGE}/execute/",
    f"/api/plans/{MAX_ID + 1}/", f"/workflow/flows/plan/{MAX_ID + 1}/",
]


@pytest.fixture
def api(users):
    client = APIClient()
    client.raise_request_exception = False  # a 500 must show as a response here, not as an exception
    client.force_login(users["admin"])
    return client


def test_a_huge_id_in_the_path_is_a_404(chart, api):
    answers = {url: api.get(url).status_code for url in URLS}
    assert answers == dict.fromkeys(URLS, 404)


def test_posting_to_a_huge_id_is_a_404(chart, api):
    assert api.post(f"/api/tasks/{HUGE}/approve/", {}, format="json").status_code == 404
    assert api.put(f"/api/reports/{HUGE}/figures/", {"values": {}}, format="json").status_code == 404
    assert api.post(f"/workflow/flows/plan/{HUGE}/review/{HUGE}/assign/").status_code == 404


def test_the_largest_id_is_still_looked_up(chart, api):
    assert api.get(f"/api/plans/{MAX_ID}/").status_code == 404  # matched, looked up, not found


def test_ids_typed_in_forms_are_bounded():
    assert id_or_none("12") == 12 and id_or_none(str(MAX_ID)) == MAX_ID
    assert id_or_none(HUGE) is None and id_or_none("-1") is None and id_or_none("1e3") is None and id_or_none(None) is None


def test_figures_out_of_range_are_refused_not_crashed(drafting, users):  # noqa: F811
    report, table = drafting
    client = APIClient()
    client.raise_request_exception = False
    client.force_authenticate(users["cv.stp"])
    stt = table.indicators.filter(kind="count").first().stt
    for bad, message in (("NaN", "không phải là số"), ("Infinity", "không phải là số"), (10**30, "quá lớn")):
        response = client.put(f"/api/reports/{report.pk}/figures/", {"values": {stt: [bad, 1]}}, format="json")
        assert response.status_code == 400 and any(message in e for e in response.json()["errors"]), response.content
