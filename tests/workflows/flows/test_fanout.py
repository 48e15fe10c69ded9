"""Fan-out: one ordinary viewflow process per (obligation, unit), written in bulk, idempotently."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from orgchart.models import Unit, UnitKind
from tests.journey import signs
from workflows.flows import UnitReportFlow, fanout
from workflows.models import Obligation, PlanProcess, UnitReport

D = datetime.date


@pytest.fixture
def issued_plan(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(groups=["Các sở, ban, ngành"])
        journey.run_to_issue(process)
    return PlanProcess.objects.get(pk=process.pk)


def obligation_for(plan, lines, **extra):
    return Obligation.objects.create(
        plan=plan, title="Báo cáo tổng kết Chương trình", recipients=lines,
        consolidator=Unit.objects.get(key="tn-snv-cchc"), deadline_text="trước ngày 01/5/2025", due_date=D(2025, 5, 1),
        outline=[{"number": "I", "title": "CÔNG TÁC CHỈ ĐẠO"}, {"number": "II", "title": "KẾT QUẢ THỰC HIỆN"}], **extra)


def row_shape(task):
    return {"flow_task": task.flow_task, "flow_task_type": task.flow_task_type, "status": task.status,
            "token": str(task.token), "owner_permission": task.owner_permission,
            "owner_permission_obj_pk": task.owner_permission_obj_pk,
            "ct": task.owner_permission_content_type_id,
            "previous": [(p.flow_task, p.status, p.flow_task_type, str(p.token)) for p in task.previous.all()]}


def test_fanout_opens_one_process_per_department_like_viewflow_would(issued_plan):
    obligation = obligation_for(issued_plan, ["Các sở, ban, ngành"])
    created = fanout.fanout_obligation(obligation_id=obligation.pk)
    departments = Unit.objects.valid_on(D(2025, 3, 16)).filter(parent__key="tn-ubnd", kind__in=[UnitKind.DEPARTMENT, UnitKind.PROVINCIAL_OFFICE])
    assert created == departments.count() == UnitReport.objects.filter(obligation=obligation).count()
    obligation.refresh_from_db()
    assert (obligation.fanout_done, obligation.fanout_total) == (created, created) and obligation.fanout_finished
    bulk = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    assert bulk.process.status == PROCESS.NEW and bulk.receiver.key == "tn-snv-cchc" and bulk.due_date == D(2025, 5, 1)
    first = bulk.process.task_set.get(flow_task=UnitReportFlow.acknowledge)
    # the reference: viewflow's own start for one more unit
    reference_report = UnitReport.objects.create(obligation=obligation, unit=Unit.objects.get(key="bnv"),
                                                 receiver=bulk.receiver)
    UnitReportFlow.start.run(unit_report=reference_report)
    reference_report.refresh_from_db()
    reference = reference_report.process.task_set.get(flow_task=UnitReportFlow.acknowledge)
    expected = row_shape(reference) | {"owner_permission_obj_pk": str(bulk.unit_id)}
    assert row_shape(first) == expected
    assert reference_report.process.status == bulk.process.status and reference_report.process.flow_class == bulk.process.flow_class
    assert Task.objects.filter(process=bulk.process).count() == Task.objects.filter(process=reference_report.process).count() == 2


def test_fanout_is_idempotent(issued_plan):
    obligation = obligation_for(issued_plan, ["Các sở, ban, ngành"])
    first = fanout.fanout_obligation(obligation_id=obligation.pk)
    again = fanout.fanout_obligation(obligation_id=obligation.pk)
    assert first > 10 and again == 0
    assert UnitReport.objects.filter(obligation=obligation).count() == first
    assert Task.objects.filter(process__unit_report__obligation=obligation, flow_task=UnitReportFlow.acknowledge).count() == first


def test_a_crash_after_the_first_batch_then_a_rerun_gives_exactly_n(issued_plan):
    obligation = obligation_for(issued_plan, ["Các sở, ban, ngành"])

    def crash(done):
        raise RuntimeError("worker killed")

    with pytest.raises(RuntimeError):
        fanout.fanout_obligation(obligation_id=obligation.pk, batch_size=5, after_batch=crash)
    assert UnitReport.objects.filter(obligation=obligation).count() == 5
    fanout.fanout_obligation(obligation_id=obligation.pk, batch_size=5)
    expected = len(fanout.obligation_targets(obligation=obligation, on=D(2025, 3, 16)))
    assert UnitReport.objects.filter(obligation=obligation).count() == expected
    assert UnitReport.objects.filter(obligation=obligation).values("unit").distinct().count() == expected
    assert Task.objects.filter(process__unit_report__obligation=obligation, flow_task=UnitReportFlow.start).count() == expected


def _many_communes(n):
    province = Unit.objects.get(key="tn-ubnd")
    Unit.objects.bulk_create([Unit(key=f"bench-x-{i}", code="UBND", name=f"Ủy ban nhân dân xã Thử {i}", kind=UnitKind.COMMUNE,
                                   parent=province, valid_from=D(2025, 7, 1)) for i in range(n)])


@pytest.mark.parametrize("n", [50, 500])
def test_statement_count_does_not_grow_with_units(issued_plan, n):
    _many_communes(n)
    obligation = obligation_for(issued_plan, ["UBND các xã, phường, thị trấn"])
    with CaptureQueriesContext(connection) as ctx:
        created = fanout.fanout_obligation(obligation_id=obligation.pk, on=D(2025, 8, 1))
    assert created == n + 4  # the demo chart's four communes after 1/7/2025, plus the new ones
    writes = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    # 1 progress update, per batch 6 inserts + 1 progress update, 1 parent link, 1 finish: the same at 50 and 500
    assert len(writes) <= 10, [q["sql"][:80] for q in writes]
    assert len(ctx.captured_queries) <= 30


def test_a_bulk_created_process_runs_to_its_end_through_viewflow(issued_plan, journey, client, users):
    obligation = obligation_for(issued_plan, ["Các sở, ban, ngành"])
    fanout.fanout_obligation(obligation_id=obligation.pk)
    report = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")

    def act(username, step, data):
        journey.login(username)
        task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
        if task.status == STATUS.NEW:
            assert client.post(task.reverse("assign")).status_code == 302
        if signs(step, data):
            data = {**data, "otp_code": journey.signing_code(username)}
        response = client.post(task.reverse("execute"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        report.refresh_from_db()

    act("vt.stp", "acknowledge", {"seen": "on"})
    assert report.state == "acknowledged"
    act("gd.stp", "assign", {"assignee": users["cv.stp"].pk, "comment": "Đồng chí Hoa chủ trì"})
    act("cv.stp", "draft_report", {"title": "Báo cáo tổng kết", "section_0": "Đã ban hành kế hoạch.", "section_1": "Hoàn thành."})
    act("gd.stp", "sign_report", {"decision": "approve"})
    assert report.state == "submitted" and report.report.symbol.endswith("/BC-STP")
    act("th.snv", "receive", {"decision": "return", "comment": "Bổ sung số liệu"})
    assert report.state == "returned"
    act("cv.stp", "draft_report", {"title": "Báo cáo tổng kết (bổ sung)", "section_0": "Đã ban hành.", "section_1": "Có số liệu."})
    act("gd.stp", "sign_report", {"decision": "approve"})
    act("th.snv", "receive", {"decision": "approve"})
    assert report.state == "accepted" and report.report.cites is not None
    report.process.refresh_from_db()
    assert report.process.status == PROCESS.DONE


SEED_000_EXECUTION = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đánh giá toàn diện kết quả.
III. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành; UBND các huyện, thành phố
Căn cứ Kế hoạch này xây dựng kế hoạch triển khai tổng kết. Thời gian xây dựng kế hoạch chậm nhất 10 ngày, kể từ ngày ban hành Kế hoạch này.
Tổ chức hội nghị tổng kết, xây dựng báo cáo đánh giá kết quả thực hiện Chương trình và báo cáo UBND tỉnh (qua Sở Nội vụ tổng hợp) trước ngày 01/5/2025.
2. Sở Nội vụ
Hướng dẫn đôn đốc các cơ quan, đơn vị, địa phương tổ chức triển khai thực hiện Kế hoạch này."""


def test_issuing_a_plan_opens_the_obligations_it_states(journey, on_day, django_capture_on_commit_callbacks):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(groups=["Các sở, ban, ngành", "UBND các huyện, thành phố"])
        journey.login("cv.cchc")
        process.plan.content["sections"] = __import__("documents.plaintext", fromlist=["x"]).sections_from_text(SEED_000_EXECUTION)
        process.plan.save(update_fields=["content"])
        for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp"), ("decide", "pct.loan")]:
            journey.approve(process, step, user)
        with django_capture_on_commit_callbacks(execute=True):
            journey.issue(process)
    obligations = {o.kind: o for o in Obligation.objects.filter(plan=process)}
    assert set(obligations) == {"implementing_plan", "report", "task"}
    assert obligations["task"].recipients == ["Sở Nội vụ"] and obligations["task"].task_row["cooperating"] == "Các sở, ban, ngành"
    report = obligations["report"]
    assert report.recipients == ["Các sở, ban, ngành", "UBND các huyện, thành phố"]
    assert report.due_date == D(2025, 5, 1) and report.deadline_text == "trước ngày 01/5/2025"
    assert obligations["implementing_plan"].due_date == D(2025, 3, 26)  # 10 days from 16/3/2025
    units = set(UnitReport.objects.filter(obligation=report).values_list("unit__key", flat=True))
    assert "tn-h-phubinh" in units and "tn-stp" in units and len([u for u in units if u.startswith("tn-h-")]) == 9
    report.refresh_from_db()
    assert report.fanout_done == report.fanout_total == len(units) and report.fanout_finished
