"""A district with open report processes is restructured away: its work lands with its successor."""

import datetime
import json

import pytest
from django.core.management import call_command
from viewflow.workflow.status import PROCESS, STATUS

from orgchart.models import Unit
from tests.journey import issued_obligation
from workflows.flows import UnitReportFlow
from workflows.models import AuditEntry, Route, UnitReport

D = datetime.date


@pytest.fixture
def open_work(journey, on_day):
    return issued_obligation(journey, on_day, title="Báo cáo tổng kết", route=Route.VIA_PARENT, due_date=D(2025, 9, 1),
                             recipients=["UBND các huyện, thành phố", "UBND các xã, phường, thị trấn"])


SPEC = {
    "date": "2025-09-01",
    "title": "Giải thể huyện Võ Nhai (thử nghiệm)",
    "changes": [{"end": "tn-h-vonhai", "successor": "tn-ubnd"}],
}


def _spec_file(tmp_path, spec):
    path = tmp_path / "restructure.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path


def test_dry_run_prints_what_would_move_and_changes_nothing(open_work, tmp_path, capsys):
    Unit.objects.filter(key="tn-h-vonhai").update(valid_to=None, successor=None)
    call_command("restructure", str(_spec_file(tmp_path, SPEC)), "--dry-run")
    out = capsys.readouterr().out
    assert "Chạy thử" in out and "Võ Nhai" in out and "Chuyển:" in out
    vonhai = Unit.objects.get(key="tn-h-vonhai")
    assert vonhai.valid_to is None
    assert UnitReport.objects.filter(obligation=open_work, unit=vonhai).exists()


def test_a_districts_open_processes_move_to_its_successor(open_work, tmp_path, capsys):
    Unit.objects.filter(key="tn-h-vonhai").update(valid_to=None, successor=None)
    vonhai = Unit.objects.get(key="tn-h-vonhai")
    report = UnitReport.objects.get(obligation=open_work, unit=vonhai)
    task = report.process.task_set.get(flow_task=UnitReportFlow.acknowledge)
    before = UnitReport.objects.filter(obligation=open_work).count()
    call_command("restructure", str(_spec_file(tmp_path, SPEC)))
    vonhai.refresh_from_db()
    assert vonhai.valid_to == D(2025, 8, 31) and vonhai.successor.key == "tn-ubnd"
    report.refresh_from_db()
    task.refresh_from_db()
    assert report.unit.key == "tn-ubnd" and report.due_date == D(2025, 9, 1)
    assert task.status == STATUS.NEW and task.owner_permission_obj_pk == str(report.unit_id)
    assert UnitReport.objects.filter(obligation=open_work).count() == before  # nothing lost, nothing duplicated
    assert AuditEntry.objects.filter(process=report.process, action="restructure_move").exists()


def test_successor_with_its_own_report_absorbs_the_predecessor(open_work, tmp_path):
    """Kha Sơn and Tân Thành merge: Tân Thành's open report folds into Kha Sơn's, no duplicate."""
    spec = {"date": "2025-06-01", "changes": [{"end": "tn-x-tanthanh", "successor": "tn-x-khason"}]}
    Unit.objects.filter(key="tn-x-tanthanh").update(valid_to=None, successor=None)
    Unit.objects.filter(key="tn-x-khason").update(valid_to=None, successor=None)
    absorbed = UnitReport.objects.get(obligation=open_work, unit__key="tn-x-tanthanh")
    call_command("restructure", str(_spec_file(tmp_path, spec)))
    absorbed.refresh_from_db()
    assert absorbed.process.status == PROCESS.CANCELED
    assert not absorbed.process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()
    assert UnitReport.objects.filter(obligation=open_work, unit__key="tn-x-khason").count() == 1


@pytest.mark.parametrize("spec, message", [
    ({"changes": []}, "ngày hiệu lực"),
    ({"date": "2025-09-01", "changes": [{"end": "khong-co", "successor": "tn-ubnd"}]}, "Không có đơn vị với mã khong-co"),
    ({"date": "2025-09-01", "changes": [{"end": "tn-h-vonhai", "successor": "tn-x-khason"}]}, "không tồn tại vào ngày"),
])
def test_bad_restructurings_are_refused_and_nothing_is_saved(open_work, tmp_path, spec, message):
    from django.core.management.base import CommandError

    Unit.objects.filter(key="tn-h-vonhai").update(valid_to=None, successor=None)
    with pytest.raises(CommandError, match=message):
        call_command("restructure", str(_spec_file(tmp_path, spec)))
    assert Unit.objects.get(key="tn-h-vonhai").valid_to is None


def test_the_admin_dry_runs_then_applies_a_restructuring(open_work, client, users):
    from django.contrib.auth import get_user_model

    from orgchart.models import Restructuring

    Unit.objects.filter(key="tn-h-vonhai").update(valid_to=None, successor=None)
    admin = get_user_model().objects.get(username="admin")
    item = Restructuring.objects.create(title="Giải thể huyện Võ Nhai", spec=SPEC)
    client.force_login(admin)
    url = "/admin/orgchart/restructuring/"
    dry = client.post(url, {"action": "dry_run", "_selected_action": [item.pk]}, follow=True)
    assert "Võ Nhai" in dry.content.decode() and Unit.objects.get(key="tn-h-vonhai").valid_to is None
    client.post(url, {"action": "apply", "_selected_action": [item.pk]}, follow=True)
    item.refresh_from_db()
    assert item.applied_at and "Chuyển" in item.result
    assert Unit.objects.get(key="tn-h-vonhai").valid_to == D(2025, 8, 31)
    again = client.post(url, {"action": "apply", "_selected_action": [item.pk]}, follow=True)
    assert "đã được áp dụng trước đó" in again.content.decode()
