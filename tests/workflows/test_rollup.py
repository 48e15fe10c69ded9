"""Reports climb the hierarchy: communes → their district → the consolidator, with a return on the way."""

import datetime

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from orgchart.models import PositionKind, Unit
from tests import factories
from workflows import actions, fanout
from workflows.flows import UnitReportFlow
from workflows.models import Obligation, PlanProcess, Route, UnitReport
from workflows.services_reports import unit_report_go_on

D = datetime.date


def step(report, name, username, action, users, **data):
    report.refresh_from_db()
    task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, name), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    actions.task_perform(task_id=task.pk, user=users[username], action=action, data=data)
    report.refresh_from_db()


@pytest.fixture
def rollup(journey, on_day, users):
    khason = Unit.objects.get(key="tn-x-khason")
    phubinh = Unit.objects.get(key="tn-h-phubinh")
    users["vt.khason.cu"] = factories.user("vt.khason.cu")
    users["cv.khason.cu"] = factories.user("cv.khason.cu")
    users["cv.phubinh"] = factories.user("cv.phubinh")
    factories.position(unit=khason, kind=PositionKind.CLERK, title="VĂN THƯ", holder=users["vt.khason.cu"], valid_from=D(2020, 1, 1))
    factories.position(unit=khason, kind=PositionKind.SPECIALIST, holder=users["cv.khason.cu"], valid_from=D(2020, 1, 1))
    factories.position(unit=phubinh, kind=PositionKind.SPECIALIST, holder=users["cv.phubinh"], valid_from=D(2020, 1, 1))
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.run_to_issue(process)
    obligation = Obligation.objects.create(
        plan=PlanProcess.objects.get(pk=process.pk), title="Báo cáo tổng kết", route=Route.VIA_PARENT,
        recipients=["UBND các huyện, thành phố", "UBND các xã, phường, thị trấn"],
        consolidator=Unit.objects.get(key="tn-snv-cchc"), due_date=D(2025, 5, 1))
    fanout.fanout_obligation(obligation_id=obligation.pk, on=D(2025, 3, 16))
    return obligation


def test_commune_to_district_to_consolidator_with_a_return(rollup, on_day, users):
    commune = UnitReport.objects.get(obligation=rollup, unit__key="tn-x-khason")
    district = UnitReport.objects.get(obligation=rollup, unit__key="tn-h-phubinh")
    assert commune.receiver.key == "tn-h-phubinh" and commune.parent == district
    assert district.receiver.key == "tn-snv-cchc" and district.parent is None
    assert district.children.count() == 4  # the four communes of Phú Bình before 1/7/2025

    with on_day(D(2025, 4, 1)):
        step(district, "acknowledge", "vt.phubinh", "acknowledge", users)
        step(district, "assign", "ct.phubinh", "assign", users, assignee="cv.phubinh")
        assert district.process.task_set.filter(flow_task=UnitReportFlow.wait_children, status=STATUS.NEW).exists()

        step(commune, "acknowledge", "vt.khason.cu", "acknowledge", users)
        step(commune, "assign", "ct.khason.cu", "assign", users, assignee="cv.khason.cu")
        step(commune, "draft_report", "cv.khason.cu", "submit", users, title="Báo cáo xã Kha Sơn",
             sections=[{"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Đã thực hiện."], "children": []}])
        step(commune, "sign_report", "ct.khason.cu", "sign", users)
        assert commune.state == "submitted" and commune.report.symbol == "1/BC-UBND"
        # the district returns it once, with a reason; the commune revises; the district accepts
        step(commune, "receive", "ct.phubinh", "return", users, comment="Bổ sung số liệu năm 2024")
        assert commune.state == "returned"
        step(commune, "draft_report", "cv.khason.cu", "submit", users, title="Báo cáo xã Kha Sơn (bổ sung)",
             sections=[{"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Có số liệu 2024."], "children": []}])
        step(commune, "sign_report", "ct.khason.cu", "sign", users)
        step(commune, "receive", "ct.phubinh", "approve", users)
        assert commune.state == "accepted" and commune.process.status == PROCESS.DONE
        # three communes have not reported: the district still waits, and cannot go on before the deadline
        assert district.process.task_set.filter(flow_task=UnitReportFlow.wait_children, status=STATUS.NEW).exists()
        with pytest.raises(Exception, match="Chưa hết hạn"):
            unit_report_go_on(report=district, user=users["ct.phubinh"])

    with on_day(D(2025, 5, 5)):
        assert unit_report_go_on(report=district, user=users["ct.phubinh"])
        step(district, "draft_report", "cv.phubinh", "submit", users, title="Báo cáo huyện Phú Bình",
             sections=[{"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Tổng hợp các xã."], "children": []}])
        assert {"unit": "UBND xã Kha Sơn", "symbol": commune.report.symbol, "state": "accepted"} in district.report.content["inputs"]
        step(district, "sign_report", "ct.phubinh", "sign", users)
        step(district, "receive", "th.snv", "approve", users)
    assert district.state == "accepted" and district.process.status == PROCESS.DONE


def test_a_district_moves_on_by_itself_when_its_last_commune_is_accepted(rollup, on_day, users):
    district = UnitReport.objects.get(obligation=rollup, unit__key="tn-h-phubinh")
    commune = UnitReport.objects.get(obligation=rollup, unit__key="tn-x-khason")
    others = district.children.exclude(pk=commune.pk)
    with on_day(D(2025, 4, 1)):
        step(district, "acknowledge", "vt.phubinh", "acknowledge", users)
        step(district, "assign", "ct.phubinh", "assign", users, assignee="cv.phubinh")
        others.update(state="accepted")  # the three other communes were accepted earlier
        step(commune, "acknowledge", "vt.khason.cu", "acknowledge", users)
        step(commune, "assign", "ct.khason.cu", "assign", users, assignee="cv.khason.cu")
        step(commune, "draft_report", "cv.khason.cu", "submit", users, title="Báo cáo xã Kha Sơn",
             sections=[{"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Đã thực hiện."], "children": []}])
        step(commune, "sign_report", "ct.khason.cu", "sign", users)
        assert district.process.task_set.filter(flow_task=UnitReportFlow.wait_children, status=STATUS.NEW).exists()
        step(commune, "receive", "ct.phubinh", "approve", users)
    wait = district.process.task_set.get(flow_task=UnitReportFlow.wait_children)
    assert wait.status == STATUS.DONE
    assert district.process.task_set.filter(flow_task=UnitReportFlow.draft_report, status=STATUS.ASSIGNED,
                                            owner=users["cv.phubinh"]).exists()
