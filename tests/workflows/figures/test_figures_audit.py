"""Hole 9: only the report's assignee and the unit head write a unit's figures, and every save is audited."""

import datetime
import io

import openpyxl
from rest_framework.test import APIClient

from tests.workflows.figures.test_figures_pages import draft_url, drafting, full_post  # noqa: F401  (the fixture)
from workflows.audit.chain import audit_verify
from workflows.figures.entry import template_xlsx
from workflows.models import AuditEntry, IndicatorValue

D = datetime.date


def api_values(table, overrides=None):
    values = {}
    for indicator in table.indicators.all():
        if indicator.kind == "count":
            values[indicator.stt] = [10, 10]
        elif indicator.kind == "coded":
            values[indicator.stt] = [min(indicator.codes.values())] * 2
    values.update(overrides or {})
    return values


def put(user, report, values):
    api = APIClient()
    api.force_authenticate(user)
    return api.put(f"/api/reports/{report.pk}/figures/", {"values": values}, format="json")


def test_another_staff_member_of_the_unit_cannot_write_its_figures(drafting, users, client):  # noqa: F811 (the fixture)
    """The attack: Sở Tư pháp's clerk (unit staff, not the assignee nor the head) overwrote the figures."""
    report, table = drafting
    response = put(users["vt.stp"], report, api_values(table))
    assert response.status_code == 403 and "người được giao soạn báo cáo" in response.json()["detail"]
    client.force_login(users["vt.stp"])
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(table=table, report=report)))
    data = io.BytesIO()
    book.save(data)
    data.name = "so-lieu.xlsx"
    data.seek(0)
    assert client.post(f"/reports/{report.pk}/figures/upload/", {"file": data}).status_code == 403
    assert not IndicatorValue.objects.filter(report=report).exists()
    assert not AuditEntry.objects.filter(action="figures_save").exists()


def test_the_assignee_and_the_unit_head_write_and_each_save_is_audited(drafting, users):  # noqa: F811 (the fixture)
    report, table = drafting
    assert put(users["cv.stp"], report, api_values(table, {"I.2.2": [9, 5]})).status_code == 200
    first = AuditEntry.objects.filter(action="figures_save").get()
    assert first.actor == users["cv.stp"] and first.process_id == report.process_id
    assert first.data["unit"] == report.unit_id and first.data["source"] == "api"
    assert {"indicator": "I.2.2", "period": table.periods[0], "old": None, "new": "9"} in first.data["changes"]

    assert put(users["gd.stp"], report, api_values(table, {"I.2.2": [7, 5]})).status_code == 200  # the head
    second = AuditEntry.objects.filter(action="figures_save").latest("pk")
    assert second.actor == users["gd.stp"]
    assert second.data["changes"] == [{"indicator": "I.2.2", "period": table.periods[0], "old": "9", "new": "7"}]
    assert second.created >= first.created and "1 ô thay đổi" in second.comment
    assert audit_verify()["broken"] is None


def test_the_grid_save_is_audited_with_its_task(drafting, client, users, on_day):  # noqa: F811 (the fixture)
    report, table = drafting
    with on_day(D(2025, 4, 3)):
        url = draft_url(client, report, users["cv.stp"])
        assert client.post(url, full_post(table, {("I.2.2", 0): "6"})).status_code == 302
    entry = AuditEntry.objects.filter(action="figures_save").get()
    assert entry.actor == users["cv.stp"] and entry.task_id is not None and entry.data["source"] == "grid"
    assert {"indicator": "I.2.2", "period": table.periods[0], "old": None, "new": "6"} in entry.data["changes"]
