"""Drafting in the browser: "Lưu nháp", reopen, autosave, "Trình duyệt"; the giám đốc reads the Tờ trình's body."""

import pytest
from viewflow.workflow.status import STATUS

from tests.e2e.test_plan_journey import decide, login, open_task, submit
from workflows.flows import PlanFlow
from workflows.models import PlanProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASONS = "Kết quả thực hiện Chương trình năm 2024 còn hạn chế, cần tổng kết để đề xuất giải pháp."


def test_a_saved_draft_reopens_autosaves_and_its_submission_reaches_the_director(live_server, page, artifacts, chart):
    base = live_server.url
    login(page, base, "cv.cchc")
    page.goto(f"{base}{PlanFlow.start.reverse('execute')}")
    page.fill("input[name=title]", "Tổng kết công tác cải cách hành chính năm 2025")
    page.click("vf-field-select#id_field")
    page.get_by_role("option", name="Nội vụ, cải cách hành chính").click()
    page.fill("textarea[name=legal_bases]", "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ")
    page.fill("textarea[name=body]", "I. MỤC ĐÍCH, YÊU CẦU\nĐánh giá toàn diện kết quả.\nII. TỔ CHỨC THỰC HIỆN\n"
                                     "Các sở báo cáo trước ngày 01/12/2025.")
    page.fill("textarea[name=recipients]", "Các sở, ban, ngành\nLưu: VT, HCC")
    page.fill("textarea[name=submission_reasons]", REASONS)
    submit(page, "button[name=_save]")  # Lưu nháp

    process = PlanProcess.objects.get()
    edit = process.task_set.get(flow_task=PlanFlow.edit)
    assert edit.status == STATUS.ASSIGNED
    page.wait_for_selector("text=Đã lưu nháp.")
    page.screenshot(path=str(artifacts / "draft_saved.png"), full_page=True)

    # Reopen it later, from the list of my work
    page.goto(f"{base}/")
    page.goto(f"{base}{edit.reverse('execute')}")
    assert page.input_value("input[name=title]") == "Tổng kết công tác cải cách hành chính năm 2025"
    assert page.input_value("textarea[name=submission_reasons]") == REASONS

    # Typing is autosaved: the status line says so, and a reload shows the text
    page.fill("input[name=title]", "Tổng kết công tác cải cách hành chính tỉnh năm 2025")
    page.wait_for_selector(".kh-autosave-status:has-text('Đã tự động lưu')")
    page.reload()
    assert page.input_value("input[name=title]") == "Tổng kết công tác cải cách hành chính tỉnh năm 2025"

    submit(page)  # Trình duyệt
    process.refresh_from_db()
    assert process.task_set.filter(flow_task=PlanFlow.review, status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()

    login(page, base, "tp.cchc")
    open_task(page, base, process, "review")
    decide(page)

    # The giám đốc sở signs the Tờ trình: he reads its body, not only the plan
    login(page, base, "gd.snv")
    open_task(page, base, process, "sign_submission")
    preview = page.locator(".kh-submission-preview")
    preview.wait_for()
    for text in ("Kính gửi: Ủy ban nhân dân", "I. SỰ CẦN THIẾT BAN HÀNH KẾ HOẠCH", REASONS,
                 "II. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "Nghị quyết số 76/NQ-CP", "IV. KIẾN NGHỊ, ĐỀ XUẤT"):
        assert preview.get_by_text(text, exact=False).count() >= 1, text
    page.screenshot(path=str(artifacts / "sign_submission_with_body.png"), full_page=True)
