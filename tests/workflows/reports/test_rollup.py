"""Reports climb the hierarchy: communes → their district → the consolidator, with a return on the way."""

import datetime

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from tests.journey import issued_obligation
from tests.journey import unit_step as step
from workflows.flows import UnitReportFlow
from workflows.flows.runtime import unit_report_go_on
from workflows.models import Route, UnitReport

D = datetime.date


@pytest.fixture
def rollup(journey, on_day, users):
    assert {"vt.khason.cu", "cv.khason.cu", "cv.phubinh"} <= set(users)  # the demo chart's old commune and district staff
    return issued_obligation(journey, on_day, title="Báo cáo tổng kết", route=Route.VIA_PARENT, due_date=D(2025, 5, 1),
                             recipients=["UBND các huyện, thành phố", "UBND các xã, phường, thị trấn"])


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


def test_a_cooperating_units_contribution_reaches_the_lead(journey, on_day, users):
    obligation = issued_obligation(
        journey, on_day, kind="task", title="Rà soát thủ tục hành chính nội bộ", recipients=["Sở Nội vụ"],
        due_date=D(2025, 9, 30), task_row={"stt": "3", "content": "Rà soát thủ tục hành chính nội bộ", "lead": "Sở Nội vụ",
                                          "cooperating": "Sở Tư pháp", "deadline_text": "Quý III/2025"})
    lead = UnitReport.objects.get(obligation=obligation, unit__key="tn-snv")
    helper = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    assert helper.receiver.key == "tn-snv" and helper.parent == lead and lead.receiver.key == "tn-snv-cchc"
    with on_day(D(2025, 4, 1)):
        step(helper, "acknowledge", "vt.stp", "acknowledge", users)
        step(helper, "assign", "gd.stp", "assign", users, assignee="cv.stp")
        step(helper, "draft_report", "cv.stp", "submit", users, title="Ý kiến phối hợp của Sở Tư pháp",
             sections=[{"number": "", "title": "", "paragraphs": ["Đề xuất bãi bỏ 3 thủ tục."], "children": []}])
        step(helper, "sign_report", "gd.stp", "sign", users)
        step(helper, "receive", "gd.snv", "approve", users)
        step(lead, "acknowledge", "vt.snv", "acknowledge", users)
        step(lead, "assign", "gd.snv", "assign", users, assignee="cv.cchc")
        step(lead, "draft_report", "cv.cchc", "submit", users, title="Kết quả rà soát",
             sections=[{"number": "", "title": "", "paragraphs": ["Đã rà soát."], "children": []}])
    assert {"unit": "Sở Tư pháp", "symbol": helper.report.symbol, "state": "accepted"} in lead.report.content["inputs"]


def test_a_unit_builds_its_implementing_plan_citing_the_parent(journey, on_day, users):
    obligation = issued_obligation(journey, on_day, kind="implementing_plan", title="Xây dựng kế hoạch triển khai",
                                    recipients=["Sở Tư pháp"], due_date=D(2025, 3, 26), requires_plan_days=10)
    report = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    with on_day(D(2025, 3, 20)):
        step(report, "acknowledge", "vt.stp", "acknowledge", users)
        step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
        step(report, "draft_report", "cv.stp", "submit", users, title="Triển khai tổng kết Chương trình tại Sở Tư pháp",
             sections=[{"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": ["Tổ chức tổng kết."], "children": []}])
        step(report, "sign_report", "gd.stp", "sign", users)
    child = report.implementing_plan
    assert child.doc_type == "KH" and child.issuer.key == "tn-stp" and child.symbol == "1/KH-STP"
    assert child.parent == obligation.plan.plan and child.cites == obligation.plan.plan
    assert child.content["legal_bases"][0]["symbol"] == obligation.plan.plan.symbol
    assert child.content["legal_bases"][0]["text"].startswith("Căn cứ Kế hoạch số 1/KH-UBND ngày 16/3/2025")


def test_commune_district_department_then_home_affairs(journey, on_day, users):
    """The 2020 route: communes → district → lead department → Sở Nội vụ, with a return at the department."""
    from orgchart.models import Unit

    obligation = issued_obligation(journey, on_day, title="Báo cáo kết quả", route=Route.VIA_PARENT, due_date=D(2025, 10, 10),
                                   recipients=["UBND xã Kha Sơn", "UBND huyện Phú Bình", "Sở Tư pháp"],
                                   via_unit=Unit.objects.get(key="tn-stp"))
    commune, district, department = (UnitReport.objects.get(obligation=obligation, unit__key=k)
                                      for k in ("tn-x-khason", "tn-h-phubinh", "tn-stp"))
    assert (commune.receiver.key, district.receiver.key, department.receiver.key) == ("tn-h-phubinh", "tn-stp", "tn-snv-cchc")
    assert commune.parent == district and district.parent == department and department.parent is None
    text = [{"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Đã thực hiện."], "children": []}]
    with on_day(D(2025, 4, 1)):
        for report, clerk, head, staff in ((department, "vt.stp", "gd.stp", "cv.stp"), (district, "vt.phubinh", "ct.phubinh", "cv.phubinh"),
                                           (commune, "vt.khason.cu", "ct.khason.cu", "cv.khason.cu")):
            step(report, "acknowledge", clerk, "acknowledge", users)
            step(report, "assign", head, "assign", users, assignee=staff)
        step(commune, "draft_report", "cv.khason.cu", "submit", users, title="Báo cáo xã", sections=text)
        step(commune, "sign_report", "ct.khason.cu", "sign", users)
        step(commune, "receive", "ct.phubinh", "approve", users)  # the district moves on by itself
        step(district, "draft_report", "cv.phubinh", "submit", users, title="Báo cáo huyện", sections=text)
        step(district, "sign_report", "ct.phubinh", "sign", users)
        step(district, "receive", "gd.stp", "return", users, comment="Thiếu số liệu của xã Kha Sơn")
        assert district.state == "returned"
        step(district, "draft_report", "cv.phubinh", "submit", users, title="Báo cáo huyện (bổ sung)", sections=text)
        step(district, "sign_report", "ct.phubinh", "sign", users)
        step(district, "receive", "gd.stp", "approve", users)  # the department moves on by itself
        step(department, "draft_report", "cv.stp", "submit", users, title="Báo cáo sở", sections=text)
        step(department, "sign_report", "gd.stp", "sign", users)
        step(department, "receive", "th.snv", "approve", users)
    assert [r.state for r in (commune, district, department)] == ["accepted"] * 3
    assert any(i["unit"] == "UBND huyện Phú Bình" and i["state"] == "accepted" for i in department.report.content["inputs"])
