"""The Tờ trình has a body; a draft is kept with "Lưu nháp" and autosaved; every approval screen shows
the document it approves, and what changed, word by word, by section."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from docx import Document as Docx
from viewflow.workflow.status import STATUS

from documents.changes import content_changes, words_diff
from documents.rendering import document_docx
from tests.journey import BODY, issued_obligation, unit_step
from workflows.flows import PlanFlow
from workflows.models import PlanProcess, UnitReport
from workflows.plans import drafting

D = datetime.date
LEGAL = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"


def draft_data(**extra):
    from orgchart.models import Field, Unit

    return {"division": Unit.objects.get(key="tn-snv-cchc").pk, "title": "Tổng kết Chương trình cải cách hành chính",
            "field": Field.objects.get(code="noi-vu").pk, "legal_bases": LEGAL, "body": BODY,
            "tasks": "1 | Tổng kết | Sở Nội vụ | Các sở, ban, ngành | trước ngày 01/5/2025",
            "recipients": "Bộ Nội vụ\nLưu: VT, HCC", **extra}


def docx_text(data: bytes) -> str:
    doc = Docx(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


# --- the Tờ trình's body ----------------------------------------------------------------------


def test_a_blank_submission_is_written_from_the_plan(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(title="Tổng kết Chương trình cải cách hành chính")
    content = process.submission.content
    parts = {s["part"]: s for s in content["sections"]}
    assert [s["number"] for s in content["sections"]] == ["I", "II", "III", "IV"]
    assert content["addressees"] == [process.province.name]
    assert "tổng kết Chương trình cải cách hành chính" in parts["reasons"]["paragraphs"][0]
    assert parts["grounds"]["paragraphs"] == ["Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ."]
    assert "- I. MỤC ĐÍCH, YÊU CẦU;" in parts["summary"]["paragraphs"]
    assert "kính trình" in parts["proposal"]["paragraphs"][0] and content["closing"].endswith("./.")
    assert all(s["generated"] for s in content["sections"])


def test_what_the_drafter_types_is_kept_and_the_rest_follows_the_plan(journey, on_day, client):
    with on_day(D(2025, 3, 13)):
        journey.login("cv.cchc")
        client.post(PlanFlow.start.reverse("execute"), draft_data(
            submission_reasons="Kết quả năm 2024 còn hạn chế.\nCần tổng kết để đề xuất giải pháp."))
    process = PlanProcess.objects.get()
    parts = {s["part"]: s for s in process.submission.content["sections"]}
    assert parts["reasons"]["paragraphs"] == ["Kết quả năm 2024 còn hạn chế.", "Cần tổng kết để đề xuất giải pháp."]
    assert not parts["reasons"]["generated"] and parts["grounds"]["generated"]
    typed = drafting.submission_parts_typed(content=process.submission.content)
    assert typed == {"reasons": "Kết quả năm 2024 còn hạn chế.\nCần tổng kết để đề xuất giải pháp.",
                     "grounds": "", "summary": "", "proposal": ""}


def test_the_submission_word_file_holds_its_body(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
    text = docx_text(document_docx(document=process.submission))
    for expected in ("TỜ TRÌNH", "Kính gửi: Ủy ban nhân dân", "I. SỰ CẦN THIẾT BAN HÀNH KẾ HOẠCH",
                     "II. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "Nghị quyết số 76/NQ-CP", "III. NỘI DUNG CHÍNH CỦA KẾ HOẠCH",
                     "IV. KIẾN NGHỊ, ĐỀ XUẤT", "xem xét, quyết định./."):
        assert expected in text, expected


def test_the_submission_pdf_holds_its_body(journey, on_day):
    import shutil
    import subprocess

    from documents.pdf import docx_to_pdf, soffice_path

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler not installed")
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
    pdf = docx_to_pdf(document_docx(document=process.submission))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "SỰ CẦN THIẾT BAN HÀNH KẾ HOẠCH" in text and "KIẾN NGHỊ, ĐỀ XUẤT" in text


def test_the_directors_screen_shows_the_submission_first(journey, on_day, client):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.login("gd.snv")
        html = client.get(journey.task(process, "sign_submission").reverse("execute")).content.decode()
    assert "kh-submission-preview" in html and "Kính gửi: Ủy ban nhân dân" in html
    assert html.index("SỰ CẦN THIẾT BAN HÀNH KẾ HOẠCH") < html.index("MỤC ĐÍCH, YÊU CẦU")
    assert "xem xét, quyết định./." in html


# --- Lưu nháp, the soạn thảo step, autosave ---------------------------------------------------------


def test_save_draft_keeps_the_draft_at_the_edit_step_then_sends_it(journey, on_day, client, users):
    with on_day(D(2025, 3, 13)):
        journey.login("cv.cchc")
        response = client.post(PlanFlow.start.reverse("execute"), {**draft_data(), "_save": ""})
        process = PlanProcess.objects.get()
        edit = process.task_set.get(flow_task=PlanFlow.edit)
        assert response.status_code == 302 and response.url == edit.reverse("execute")
        assert edit.status == STATUS.ASSIGNED and edit.owner == users["cv.cchc"]
        assert not process.task_set.filter(flow_task=PlanFlow.review).exists()
        screen = client.get(response.url).content.decode()
        assert "Tổng kết Chương trình cải cách hành chính" in screen and "Lưu nháp" in screen
        assert "workflows/autosave.js" in screen and "data-autosave-url" in screen

        again = client.post(response.url, {**draft_data(title="Tổng kết Chương trình (bản nháp 2)"), "_save": ""})
        assert again.status_code == 302 and again.url == response.url
        process.refresh_from_db()
        assert process.plan.title == "Tổng kết Chương trình (bản nháp 2)"
        assert process.task_set.get(pk=edit.pk).status == STATUS.ASSIGNED

        sent = client.post(response.url, {**draft_data(title="Tổng kết Chương trình (bản trình)"), "_done": ""})
    assert sent.status_code == 302
    process.refresh_from_db()
    assert process.task_set.get(pk=edit.pk).status == STATUS.DONE
    assert process.task_set.filter(flow_task=PlanFlow.review, status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()
    assert process.plan.title == "Tổng kết Chương trình (bản trình)"
    assert process.submission.title == "Về việc ban hành Kế hoạch Tổng kết Chương trình (bản trình)"  # it follows


def test_trinh_duyet_on_the_first_screen_goes_straight_to_review(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
    assert process.task_set.get(flow_task=PlanFlow.edit).status == STATUS.DONE
    assert process.task_set.filter(flow_task=PlanFlow.review).exists()


def test_a_bad_save_writes_nothing_and_says_why(journey, on_day, client):
    with on_day(D(2025, 3, 13)):
        journey.login("cv.cchc")
        response = client.post(PlanFlow.start.reverse("execute"), {**draft_data(body=""), "_save": ""})
    assert response.status_code == 200 and not PlanProcess.objects.exists()


@pytest.fixture
def saved_draft(journey, on_day, client):
    with on_day(D(2025, 3, 13)):
        journey.login("cv.cchc")
        client.post(PlanFlow.start.reverse("execute"), {**draft_data(), "_save": ""})
    return PlanProcess.objects.get()


def test_autosave_saves_the_drafters_draft_without_piling_up_versions(saved_draft, on_day, client, journey):
    url = reverse("workflow:flows:plan:plan_autosave", args=[saved_draft.pk])
    versions = saved_draft.plan.versions.count()
    with on_day(D(2025, 3, 13)):
        journey.login("cv.cchc")
        first = client.post(url, draft_data(title="Bản tự lưu 1", submission_proposal="Đề nghị ban hành sớm."))
        second = client.post(url, draft_data(title="Bản tự lưu 2", submission_proposal="Đề nghị ban hành sớm."))
    assert first.status_code == second.status_code == 200 and "Đã tự động lưu" in second.json()["message"]
    saved_draft.refresh_from_db()
    assert saved_draft.plan.title == "Bản tự lưu 2"
    assert saved_draft.plan.versions.count() == versions + 1  # the second autosave replaced the first
    proposal = {s["part"]: s for s in saved_draft.submission.content["sections"]}["proposal"]
    assert proposal["paragraphs"] == ["Đề nghị ban hành sớm."]
    assert saved_draft.task_set.get(flow_task=PlanFlow.edit).status == STATUS.ASSIGNED


def test_autosave_refuses_anyone_but_the_drafter_and_bad_input(saved_draft, on_day, client, journey):
    url = reverse("workflow:flows:plan:plan_autosave", args=[saved_draft.pk])
    with on_day(D(2025, 3, 13)):
        journey.login("tp.cchc")
        assert client.post(url, draft_data(title="Chen ngang")).status_code == 403
        journey.login("cv.cchc")
        bad = client.post(url, draft_data(body=""))
        assert bad.status_code == 400 and "body" in bad.json()["errors"]
    saved_draft.refresh_from_db()
    assert saved_draft.plan.title == "Tổng kết Chương trình cải cách hành chính"


def test_autosave_stops_once_the_draft_is_sent(saved_draft, on_day, client, journey):
    url = reverse("workflow:flows:plan:plan_autosave", args=[saved_draft.pk])
    with on_day(D(2025, 3, 13)):
        journey.login("cv.cchc")
        edit = saved_draft.task_set.get(flow_task=PlanFlow.edit)
        assert client.post(edit.reverse("execute"), draft_data()).status_code == 302
        assert client.post(url, draft_data(title="Sửa sau khi trình")).status_code == 403
    saved_draft.refresh_from_db()
    assert saved_draft.plan.title == "Tổng kết Chương trình cải cách hành chính"


# --- what changed, word by word, by section ------------------------------------------------------


def test_words_diff_marks_whole_words():
    segments = words_diff("Các cơ quan báo cáo trước ngày 01/5/2025.", "Các cơ quan báo cáo đầy đủ trước ngày 15/5/2025.")
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [("insert", "đầy đủ "), ("delete", "01"), ("insert", "15")]


def test_an_added_legal_basis_and_a_changed_section_are_named():
    old = {"legal_bases": [{"text": LEGAL}], "sections": [{"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU",
                                                             "paragraphs": ["Đánh giá kết quả."], "children": []}]}
    new = {"legal_bases": [{"text": "Căn cứ Luật Tổ chức chính quyền địa phương"}, {"text": LEGAL}],
           "sections": [{"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": ["Đánh giá toàn diện kết quả."],
                         "children": []}]}
    changes = content_changes(old_title="KH", old_content=old, new_title="KH", new_content=new)
    assert [(c.label, c.added) for c in changes] == [("Căn cứ", True), ("I. MỤC ĐÍCH, YÊU CẦU", False)]
    assert changes[0].segments[0].text == "Căn cứ Luật Tổ chức chính quyền địa phương"
    assert [s.text.strip() for s in changes[1].segments if s.op == "insert"] == ["toàn diện"]


def test_the_reviewer_sees_a_revision_word_by_word(journey, on_day, client):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.give_back(process, "review", "tp.cchc")
        journey.act(process, "revise", "cv.cchc", {
            "title": process.plan.title, "body": BODY + "\nBổ sung số liệu năm 2024.", "tasks": "",
            "legal_bases": LEGAL + "\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015",
            "recipients": "Bộ Nội vụ\nLưu: VT, HCC", "comment": "Đã bổ sung"})
        journey.login("tp.cchc")
        html = client.get(journey.task(process, "review").reverse("execute")).content.decode()
    assert "@@" not in html and "+++" not in html
    assert re.search(r"<ins[^>]*>Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015</ins>", html)
    assert "III. TỔ CHỨC THỰC HIỆN" in html and re.search(r"<ins[^>]*>[^<]*Bổ sung số liệu năm 2024\.</ins>", html)
    # the Tờ trình's generated grounds followed the plan
    grounds = {s["part"]: s for s in PlanProcess.objects.get(pk=process.pk).submission.content["sections"]}["grounds"]
    assert any("Luật Tổ chức chính quyền địa phương" in p for p in grounds["paragraphs"])
    assert "Tờ trình: thay đổi so với phiên bản trước" in html


# --- the unit report's screens show the report ----------------------------------------------------


def test_the_unit_head_and_the_receiver_see_the_report_itself(journey, on_day, client, users):
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Các sở, ban, ngành"],
                                   due_date=D(2025, 5, 1))
    report = UnitReport.objects.get(obligation=obligation, unit__key="tn-stp")
    with on_day(D(2025, 3, 20)):
        unit_step(report, "acknowledge", "vt.stp", "acknowledge", users)
        unit_step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
        unit_step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo tổng kết của Sở Tư pháp",
                  sections=[{"number": "I", "title": "KẾT QUẢ", "paragraphs": ["Đã tổ chức 12 hội nghị."], "children": []}])
        from workflows.flows import UnitReportFlow

        sign = report.process.task_set.get(flow_task=UnitReportFlow.sign_report, status__in=[STATUS.NEW, STATUS.ASSIGNED])
        journey.login("gd.stp")
        html = client.get(sign.reverse("execute")).content.decode()
        assert "kh-report-preview" in html and "Đã tổ chức 12 hội nghị." in html and "BÁO CÁO" in html
        unit_step(report, "sign_report", "gd.stp", "sign", users)
        receive = report.process.task_set.get(flow_task=UnitReportFlow.receive, status=STATUS.NEW)
        journey.login("cv.cchc")
        client.post(receive.reverse("assign"))
        html = client.get(receive.reverse("execute")).content.decode()
    assert "kh-report-preview" in html and "Đã tổ chức 12 hội nghị." in html


def test_once_signed_the_submission_stays_as_signed_through_a_revision(journey, on_day, client):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.approve(process, "sign_submission", "gd.snv")
        journey.give_back(process, "vet", "cv.vp")
        signed = PlanProcess.objects.get(pk=process.pk).submission
        journey.login("cv.cchc")
        revise = journey.task(process, "revise")
        screen = client.get(revise.reverse("execute")).content.decode()
        assert "submission_reasons" not in screen and "Lưu nháp" in screen
        data = {"title": "Tổng kết (bản sửa)", "legal_bases": LEGAL, "body": BODY, "tasks": "",
                "recipients": "Bộ Nội vụ\nLưu: VT, HCC"}
        assert client.post(revise.reverse("execute"), {**data, "_save": ""}).status_code == 302
        assert journey.task(process, "revise").pk == revise.pk  # still open, still the drafter's
        assert client.post(revise.reverse("execute"), data).status_code == 302
    process = PlanProcess.objects.get(pk=process.pk)
    assert process.plan.title == "Tổng kết (bản sửa)"
    assert process.submission.version == signed.version and process.submission.content == signed.content
