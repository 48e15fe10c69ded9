"""The Báo cáo tổng hợp: generated from the units' reports, approved through the plan's own steps, issued upward."""

import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import PermissionDenied
from viewflow.workflow.status import PROCESS, STATUS

from documents.services import indicator_table_create
from tests.figures import complete_entries, section_one
from tests.journey import issued_obligation, signing_code, signs
from tests.journey import unit_step as step
from workflows.figures.entry import indicator_values_save
from workflows.flows import ConsolidatedReportFlow, PlanFlow
from workflows.flows.runtime import consolidated_report_start
from workflows.models import ConsolidatedReportProcess, PlanProcess, ReceiptProcess, Route, UnitReport
from workflows.reports.consolidated import current_report, format_number

D = datetime.date
OUTLINE = [{"number": "I", "title": "KẾT QUẢ THỰC HIỆN"}, {"number": "II", "title": "KIẾN NGHỊ, ĐỀ XUẤT"}]


def report_through(report, staff, text, users):
    """A unit's whole report process: received, assigned, written (its text per section), signed, accepted."""
    clerk, head, specialist = staff
    step(report, "acknowledge", clerk, "acknowledge", users)
    step(report, "assign", head, "assign", users, assignee=specialist)
    step(report, "draft_report", specialist, "submit", users, title="Báo cáo kết quả", sections=[
        {"number": "I", "title": "KẾT QUẢ THỰC HIỆN", "paragraphs": [text], "children": []},
        {"number": "II", "title": "KIẾN NGHỊ, ĐỀ XUẤT", "paragraphs": [f"{text} — kiến nghị."], "children": []}])
    step(report, "sign_report", head, "sign", users)


@pytest.fixture
def reported(journey, on_day, users):
    """Two units report to Sở Nội vụ (CCHC) on a plan with the first section of the Thái Bình table."""
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", route=Route.DIRECT, due_date=D(2025, 5, 15),
                                   recipients=["Sở Tư pháp", "UBND huyện Phú Bình"], outline=OUTLINE)
    table = indicator_table_create(document=obligation.plan.plan, annex=section_one(periods=2))
    stp = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    district = UnitReport.objects.get(obligation=obligation, unit__key="tn-h-phubinh")
    indicator_values_save(report=stp, table=table, entries=complete_entries(table, {("I.2.1", 0): 10, ("I.2.2", 0): 9}))
    indicator_values_save(report=district, table=table, entries=complete_entries(table, {("I.2.1", 0): 40, ("I.2.2", 0): 20}))
    with on_day(D(2025, 4, 10)):
        report_through(stp, ("vt.stp", "gd.stp", "cv.stp"), "Sở Tư pháp đã rà soát 25 thủ tục.", users)
        report_through(district, ("vt.phubinh", "ct.phubinh", "cv.phubinh"), "Huyện đã tổ chức 12 hội nghị.", users)
    return obligation, table, stp, district


def open_task(process, flow, name):
    return process.task_set.get(flow_task=getattr(flow, name), status__in=[STATUS.NEW, STATUS.ASSIGNED])


def test_numbers_read_the_vietnamese_way():
    assert format_number(Decimal("1234567")) == "1.234.567"
    assert format_number(Decimal("58.3333")) == "58,33"
    assert format_number(Decimal("58.00")) == "58"


def test_the_consolidator_starts_it_early_then_the_last_acceptance_does_not_open_a_second(reported, on_day, users):
    obligation, table, stp, district = reported
    plan = PlanProcess.objects.get(pk=obligation.plan_id)
    with on_day(D(2025, 5, 2)):
        step(stp, "receive", "th.snv", "approve", users)
        with pytest.raises(PermissionDenied):
            consolidated_report_start(process=plan, user=users["cv.stp"])  # not the consolidator's staff
        report = consolidated_report_start(process=plan, user=users["th.snv"])
    assert isinstance(report, ConsolidatedReportProcess) and report.consolidates_id == plan.pk
    assert report.flow_class is ConsolidatedReportFlow and report.drafter == users["th.snv"]
    content = report.plan.content
    assert report.plan.doc_type == "BC" and report.plan.issuer.key == "tn-ubnd" and report.submission.doc_type == "TTr"
    # the Tờ trình that carries the report has its own body, written from the report
    assert [s["title"] for s in report.submission.content["sections"]][:1] == ["SỰ CẦN THIẾT BAN HÀNH BÁO CÁO"]
    assert report.submission.content["closing"].endswith("xem xét, quyết định./.")
    assert content["sections"][0]["paragraphs"] == ["Sở Tư pháp: Sở Tư pháp đã rà soát 25 thủ tục."]
    assert "Phú Bình" in content["sections"][-1]["paragraphs"][1]  # not reported yet: excluded, and said so
    annex = content["annexes"][0]
    row = {r["stt"]: r for r in annex["rows"]}
    assert row["I.2.1"]["values"][0] == "10" and row["I.2"]["values"][0] == "90"  # only the accepted unit's figures
    # the district's report is accepted later: the plan moves on, but keeps the one report already open
    with on_day(D(2025, 5, 3)):
        step(district, "receive", "th.snv", "approve", users)
    plan.refresh_from_db()
    assert plan.status == PROCESS.DONE
    assert ConsolidatedReportProcess.objects.filter(consolidates=plan).count() == 1
    assert consolidated_report_start(process=plan, user=users["th.snv"]).pk == report.pk


def test_from_the_last_acceptance_to_the_issued_report(reported, on_day, users, journey, client):
    obligation, table, stp, district = reported
    plan = PlanProcess.objects.get(pk=obligation.plan_id)
    with on_day(D(2025, 5, 2)):
        step(stp, "receive", "th.snv", "approve", users)
        step(district, "receive", "th.snv", "approve", users)
    plan.refresh_from_db()
    assert plan.status == PROCESS.DONE  # wait_reports → consolidate → reports_closed
    assert plan.task_set.filter(flow_task=PlanFlow.consolidate, status=STATUS.DONE).count() == 1
    report = current_report(process=plan)
    assert report.drafter == plan.drafter  # started by the flow: the plan's drafter writes it
    row = {r["stt"]: r for r in report.plan.content["annexes"][0]["rows"]}
    assert row["I.2.1"]["values"][0] == "50" and row["I.2.2"]["values"][0] == "29"
    assert row["I.2"]["values"][0] == "58"  # 29/50 recomputed, not the average of 90 % and 50 %
    coded = next(r for r in table.indicators.all() if r.kind == "coded")
    assert row[coded.stt]["values"][0].endswith(": 2")  # both units gave the same code

    with on_day(D(2025, 5, 5)):
        def act(name, username, data, flow=ConsolidatedReportFlow):
            client.force_login(users[username])
            task = open_task(report, flow, name)
            if task.status == STATUS.NEW:
                assert client.post(task.reverse("assign")).status_code == 302
            if signs(name, data):
                data = {**data, "otp_code": signing_code(users[username])}
            response = client.post(task.reverse("execute"), data)
            assert response.status_code == 302, response.content.decode()[:2000]
            report.refresh_from_db()

        client.force_login(users["cv.cchc"])
        page = client.get(open_task(report, ConsolidatedReportFlow, "draft").reverse("execute"))
        assert "Sở Tư pháp đã rà soát 25 thủ tục." in page.content.decode()
        act("draft", "cv.cchc", {"title": report.plan.title, "section_0": "Toàn tỉnh đã rà soát 25 thủ tục.\nTổ chức 12 hội nghị.",
                                 "section_1": "Đề nghị Bộ Nội vụ hướng dẫn.", "comment": ""})
        assert report.plan.content["sections"][0]["paragraphs"] == ["Toàn tỉnh đã rà soát 25 thủ tục.", "Tổ chức 12 hội nghị."]
        act("sign_submission", "gd.snv", {"decision": "approve"})
        assert report.submission.symbol.endswith("/TTr-SNV")
        # the PCT returns it; the drafter's revision goes straight back to the PCT
        act("decide", "pct.loan", {"decision": "return", "comment": "Bổ sung kiến nghị"})
        act("revise", "cv.cchc", {"title": report.plan.title, "section_0": "Toàn tỉnh đã rà soát 25 thủ tục.",
                                  "section_1": "Đề nghị Bộ Nội vụ hướng dẫn; bổ sung biên chế.", "refresh": "on"})
        assert open_task(report, ConsolidatedReportFlow, "decide")
        act("decide", "pct.loan", {"decision": "approve"})
        act("issue", "vt.ubnd", {"issued_on": "05/05/2025", "place": "Thái Nguyên"})
    report.refresh_from_db()
    bc = report.plan
    assert report.status == PROCESS.DONE and bc.status == "issued" and bc.symbol.endswith("/BC-UBND")
    assert bc.content["signer"]["authority"] == "KT. CHỦ TỊCH" and bc.cites == plan.plan
    assert ReceiptProcess.objects.filter(document=bc, unit__key="bnv").exists()  # issued upward to Bộ Nội vụ
    assert not report.obligations.exists()  # a report obliges no one
    steps = [t.flow_task.name for t in report.task_set.order_by("pk")]
    assert "review" not in steps and "vet" not in steps

    client.force_login(users["th.snv"])
    word = client.get(f"/documents/{bc.pk}/word/")
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(word.streaming_content)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    paragraphs = [p.text for p in document.paragraphs]
    assert "58" in cells and "BẢNG TỔNG HỢP SỐ LIỆU" in paragraphs
    assert any(p.startswith("Đơn vị đã báo cáo, được tổng hợp (2/2)") for p in paragraphs)
    client.force_login(users["cv.khason.cu"])  # a commune's specialist has no business with it
    assert client.get(f"/documents/{bc.pk}/word/").status_code in (403, 404)
