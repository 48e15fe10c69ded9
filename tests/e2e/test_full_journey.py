"""The whole journey through the UI only, as new users would (issue 15, "Done when"): draft → Tờ trình with its
body → signatures → issue → intake with số đến → report with figures → acceptance → Bảng tổng hợp showing the unit.

Every role starts on the page login leaves them on ("Việc của tôi") and the test counts what they do there until
their step is done: clicks (links, buttons, choices) and fields typed. A screenshot of each step is saved in
tests/artifacts/ (journey_NN_*.png); the counts are printed as a table and written to
tests/artifacts/journey_clicks.txt.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.test_plan_journey import ANSWER_SHOWN, demo_keys, login  # noqa: F401  (demo_keys: a fixture)
from tests.journey import signing_code
from workflows.models import PlanProcess, ReceiptProcess, UnitReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Rà soát, đơn giản hóa thủ tục hành chính năm 2026"
REASONS = "Năm 2025 còn nhiều thủ tục hành chính rườm rà, cần rà soát để cắt giảm thời gian giải quyết hồ sơ."
BODY = ("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nCắt giảm thủ tục hành chính không cần thiết.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp\n"
        "Báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ tổng hợp) định kỳ 6 tháng, trước ngày 15/01/2027.")
INDICATORS = ("1 | Số thủ tục hành chính được rà soát | Thủ tục\n2 | Tỷ lệ hồ sơ giải quyết đúng hạn | %\n"
              "2.1 | Số hồ sơ tiếp nhận | Hồ sơ\n2.2 | Số hồ sơ giải quyết đúng hạn | Hồ sơ")


class Desk:
    """One browser, the users taking turns at it; counts what each does from their landing page to their step done."""

    def __init__(self, page, base, artifacts):
        self.page, self.base, self.artifacts = page, base, artifacts
        self.counts: dict[str, dict] = {}
        self.role = None
        self.shots = 0

    def sit(self, role, username):
        """``username`` logs in and lands on "Việc của tôi" (the login is not counted)."""
        login(self.page, self.base, username)
        assert self.page.url.rstrip("/") == self.base and self.page.locator("h2", has_text="Việc của tôi").count() == 1
        assert self.page.get_by_text("Chưa chọn công việc nào").count() == 0
        self.role, self.username = role, username
        self.counts.setdefault(role, {"login": username, "clicks": 0, "typed": 0, "done": False})

    def _count(self, kind):
        if self.role and not self.counts[self.role]["done"]:
            self.counts[self.role][kind] += 1

    def click(self, target):
        self._count("clicks")
        (self.page.locator(target) if isinstance(target, str) else target).click()

    def choose(self, radio):
        self._count("clicks")
        self.page.check(radio, force=True)  # Material radios: the input sits under its ripple

    def pick(self, select_id, label):
        self.click(f"vf-field-select#{select_id}")
        self.click(self.page.get_by_role("option", name=label))

    def type(self, selector, text):
        self._count("typed")
        self.page.fill(selector, text)

    def sign(self):
        """The signer types the one-time code of their authenticator and the PIN of their key."""
        self.type("input[name=otp_code]", signing_code(get_user_model().objects.get(username=self.username)))
        from django.conf import settings

        self.type("input[name=pin]", settings.KEHOACH_DEMO_PIN)

    def send(self, selector="button[name=_done]", first_action=True):
        """Click a submit button and wait for the page that answers it (see test_plan_journey.submit)."""
        self.page.evaluate("document.body.dataset.kehoachSent = '1'")
        with self.page.expect_response(lambda r: r.request.method == "POST") as response:
            self.click(selector)
        self.page.wait_for_function(ANSWER_SHOWN)
        if response.value.status >= 400:
            self.shot("refused")
        assert response.value.status < 400, (response.value.status, self.page.locator(".kh-errors, .errorlist").all_inner_texts())
        if first_action and self.role:
            self.counts[self.role]["done"] = True

    def open_work(self, step_title):
        """From "Việc của tôi": the row of the step, "Xử lý" (mine) or "Nhận việc" (my unit's, taken first)."""
        row = self.page.locator("table.kh-my-work tr.kh-work-row", has_text=step_title).first
        row.wait_for()
        self.click(row.locator("a.mdc-button"))  # "Xử lý" (mine) or "Nhận việc" (my unit's)
        self.page.wait_for_function("""() => location.pathname.endsWith('/execute/')
            || !!document.querySelector('form.vf-form button[name=_continue]')""")
        if not self.page.url.endswith("/execute/"):  # viewflow's "Nhận việc" page: take it, and go on to it
            self.send("form.vf-form button[name=_continue]", first_action=False)
            self.page.wait_for_function("() => location.pathname.endsWith('/execute/')")
        self.page.locator("button[name=_done]").wait_for()

    def shot(self, name):
        self.shots += 1
        self.page.screenshot(path=str(self.artifacts / f"journey_{self.shots:02d}_{name}.png"), full_page=True)

    def table(self) -> str:
        lines = ["| Vai trò | Đăng nhập | Số lần bấm | Số ô nhập |", "|---|---|---|---|"]
        lines += [f"| {role} | {c['login']} | {c['clicks']} | {c['typed']} |" for role, c in self.counts.items()]
        return "\n".join(lines)


def test_the_whole_journey_through_the_ui(live_server, page, artifacts, chart, demo_keys):  # noqa: F811
    for old in artifacts.glob("journey_*.png"):  # this run's screenshots only
        old.unlink()
    desk = Desk(page, live_server.url, artifacts)
    text = page.get_by_text

    # 1. The chuyên viên of Phòng CCHC drafts the plan, its Bảng tổng hợp and its Tờ trình, and sends it
    desk.sit("Chuyên viên soạn thảo (Sở Nội vụ)", "cv.cchc")
    desk.shot("landing_drafter")
    desk.click("a.kh-draft-new")
    page.locator("input[name=title]").wait_for()
    assert page.locator("text=Start").count() == 0
    desk.type("input[name=title]", TITLE)
    desk.pick("id_field", "Nội vụ, cải cách hành chính")
    desk.type("textarea[name=legal_bases]", "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ")
    desk.type("textarea[name=body]", BODY)
    desk.type("textarea[name=outline]", "I. KẾT QUẢ THỰC HIỆN\nII. ĐỀ XUẤT, KIẾN NGHỊ")
    desk.type("input[name=indicator_periods]", "Năm 2026")
    desk.type("textarea[name=indicators]", INDICATORS)
    desk.type("textarea[name=recipients]", "Sở Tư pháp\nLưu: VT, HCC")
    desk.type("textarea[name=submission_reasons]", REASONS)
    desk.shot("draft")
    desk.send()
    process = PlanProcess.objects.latest("pk")
    assert process.plan.title == TITLE

    # 2. The trưởng phòng returns it with a comment; the drafter (her bell rings) adds a căn cứ and sends it again;
    # the trưởng phòng sees that change word by word, in colour, under the section's Vietnamese name, and approves
    desk.sit("Trưởng phòng (Sở Nội vụ)", "tp.cchc")
    desk.open_work("Trưởng phòng xem xét")
    assert page.locator(".kh-preview").count() >= 1 and text(TITLE).count() >= 1  # the plan itself
    desk.shot("review")
    desk.choose("input[name=decision][value=return]")
    desk.type("textarea[name=comment]", "Bổ sung căn cứ Nghị định 118/2025/NĐ-CP.")
    desk.send()

    desk.sit("Chuyên viên soạn thảo (Sở Nội vụ)", "cv.cchc")
    assert page.locator(".kh-bell .kh-unread").count() == 1
    desk.open_work("Chỉnh sửa dự thảo theo ý kiến")
    assert text("Bổ sung căn cứ Nghị định 118/2025/NĐ-CP.").count() >= 1  # the comment, where she works
    page.fill("textarea[name=legal_bases]", "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ\n"
                                            "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ")
    desk.shot("revise")
    desk.send()

    desk.sit("Trưởng phòng (Sở Nội vụ)", "tp.cchc")
    desk.open_work("Trưởng phòng xem xét")
    added = page.locator(".kh-changes ins", has_text="Nghị định số 118/2025/NĐ-CP")
    assert added.count() >= 1 and "rgb(200, 230, 201)" in added.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert page.locator(".kh-changes", has_text="Căn cứ").count() >= 1 and page.locator(".kh-changes", has_text="@@").count() == 0
    desk.shot("review_changes")
    page.check("input[name=decision][value=approve]", force=True)
    desk.send(first_action=False)

    # 3. The giám đốc sở reads the Tờ trình's body and signs it
    desk.sit("Giám đốc sở", "gd.snv")
    desk.open_work("Lãnh đạo sở ký Tờ trình")
    preview = page.locator(".kh-submission-preview")
    assert preview.get_by_text(REASONS, exact=False).count() >= 1
    desk.shot("sign_submission")
    desk.choose("input[name=decision][value=approve]")
    desk.sign()
    desk.send()
    process.refresh_from_db()
    process.submission.refresh_from_db()
    assert process.submission.symbol.endswith("/TTr-SNV")

    # 4. Văn phòng UBND vets
    desk.sit("Chuyên viên Văn phòng UBND", "cv.vp")
    desk.open_work("Văn phòng UBND thẩm định")
    assert page.locator(".kh-submission-preview").count() == 1 and page.locator(".kh-preview").count() >= 1
    desk.shot("vet")
    desk.choose("input[name=decision][value=approve]")
    desk.send()

    # 5. The PCT signs
    desk.sit("Phó Chủ tịch UBND", "pct.loan")
    desk.open_work("Lãnh đạo UBND ký duyệt")
    assert text("KT. CHỦ TỊCH").count() >= 1
    desk.shot("decide")
    desk.choose("input[name=decision][value=approve]")
    desk.sign()
    desk.send()

    # 6. The văn thư UBND numbers and issues; the toast says the number
    desk.sit("Văn thư UBND tỉnh", "vt.ubnd")
    desk.open_work("Văn thư cấp số, phát hành")
    desk.shot("issue")
    desk.sign()
    desk.send()
    process.refresh_from_db()
    plan = process.plan
    plan.refresh_from_db()
    assert plan.is_issued and plan.symbol.endswith("/KH-UBND")
    assert text(f"Đã phát hành {plan.symbol}").count() >= 1
    desk.shot("issued")

    # 7. Sở Tư pháp's văn thư: the bell rings; receives the plan into the sổ văn bản đến, seeing the document
    receipt = ReceiptProcess.objects.get(document=plan, unit__key="tn-stp")
    desk.sit("Văn thư đơn vị nhận (Sở Tư pháp)", "vt.stp")
    assert page.locator(".kh-bell .kh-unread").count() == 1  # something arrived
    desk.open_work("Tiếp nhận văn bản đến")
    assert page.locator(".kh-preview").count() == 1 and text(plan.symbol).count() >= 1
    desk.shot("intake")
    desk.send()
    receipt.refresh_from_db()
    assert receipt.incoming_number == 1
    assert text(f"Đã vào sổ văn bản đến số 1, ngày {receipt.received_on:%d/%m/%Y}").count() >= 1
    desk.shot("intake_done")
    page.click("a.kh-my-work-link")  # and takes the reporting duty into the unit
    page.wait_for_url(lambda url: url.rstrip("/") == desk.base)
    # one reporting duty ("định kỳ 6 tháng, trước ngày 15/01/2027"), one task for the unit, not one per date
    assert page.locator("table.kh-my-work tr.kh-work-row", has_text="Tiếp nhận kế hoạch, nhiệm vụ").count() == 1
    desk.open_work("Tiếp nhận kế hoạch, nhiệm vụ")
    desk.send()

    # 8. The head of Sở Tư pháp gives the report to a specialist
    report = UnitReport.objects.get(obligation__plan=process, unit__key="tn-stp")
    specialist = get_user_model().objects.get(username="cv.stp")
    desk.sit("Thủ trưởng đơn vị (Sở Tư pháp)", "gd.stp")
    desk.open_work("Giao việc")
    desk.pick("id_assignee", specialist.get_full_name())
    desk.shot("assign")
    desk.send()

    # 9. The specialist writes the report and enters its figures
    desk.sit("Chuyên viên đơn vị (Sở Tư pháp)", "cv.stp")
    desk.open_work("Soạn báo cáo")
    assert page.input_value("input[name=title]") == f"Báo cáo kết quả thực hiện {plan.symbol}"  # not "Báo cáo Báo cáo …"
    desk.type("textarea[name=section_0]", "Đã rà soát 25 thủ tục, cắt giảm 30% thời gian giải quyết.")
    desk.type("textarea[name=section_1]", "Đề nghị Bộ Tư pháp hướng dẫn thống nhất mẫu biểu.")
    desk.type("tr[data-stt='1'] td:nth-child(4) input", "25")
    desk.type("tr[data-stt='2.1'] td:nth-child(4) input", "40")
    desk.type("tr[data-stt='2.2'] td:nth-child(4) input", "38")
    assert page.locator("tr[data-stt='2'] td:nth-child(4) output").inner_text() == "95 %"
    desk.shot("report_figures")
    desk.send()
    report.refresh_from_db()
    assert report.state == "in_review"

    # 10. The head reads the report and signs it
    desk.sit("Thủ trưởng đơn vị (Sở Tư pháp)", "gd.stp")  # his first action (Giao việc) is counted already
    desk.open_work("Thủ trưởng ký báo cáo")
    assert page.locator(".kh-report-preview .kh-preview").count() == 1
    desk.shot("sign_report")
    desk.choose("input[name=decision][value=approve]")
    desk.sign()
    desk.send()
    report.refresh_from_db()
    assert report.state == "submitted" and report.report.symbol

    # 11. The consolidator (Phòng CCHC) reads and accepts it
    desk.sit("Chuyên viên tổng hợp (Sở Nội vụ)", "th.snv")
    desk.open_work("Tiếp nhận, xem xét báo cáo")
    assert page.locator(".kh-report-preview .kh-preview").count() == 1
    desk.shot("receive")
    desk.choose("input[name=decision][value=approve]")
    desk.send()
    report.refresh_from_db()
    assert report.state == "accepted"

    # 12. ... and opens the Bảng tổng hợp: Sở Tư pháp is in it, inside the same frame (side menu)
    menu = ".mdc-drawer, vf-page-menu, .vf-page__menu"  # the side menu: every page inside the same frame
    page.click("a[title='Theo dõi thực hiện']")
    row = page.locator("table.kh-plans tr", has_text=plan.symbol)
    row.wait_for()
    assert row.locator("td").all_inner_texts()[1:3] == ["1", "1"]  # units, not obligations; accepted
    assert page.locator(menu).count() >= 1
    desk.shot("dashboard")
    page.click(f"a[href='/dashboard/plan/{process.pk}/']")
    page.click("a.kh-consolidated-link")
    page.locator("table.kh-consolidated").wait_for()
    assert "Đã báo cáo, được tổng hợp: 1 đơn vị" in page.locator(".kh-included").inner_text()
    assert "Sở Tư pháp" in page.locator(".kh-included").inner_text()
    assert page.locator("table.kh-consolidated tr[data-stt='2'] td:nth-child(4)").inner_text() == "95"
    assert page.locator(menu).count() >= 1
    desk.shot("consolidated")

    page.click("a.kh-my-work-link")  # the same frame everywhere: the home icon of the top bar
    page.wait_for_url(lambda url: url.rstrip("/") == desk.base)

    # 13. The drafter: the bell says the plan was issued, with its number; the Văn bản list (its search box in
    # Vietnamese) leads to the document page, which shows the document itself and its facts
    desk.sit("(sau) Chuyên viên soạn thảo", "cv.cchc")
    page.click("a.kh-bell")
    page.locator("table.kh-notifications").wait_for()
    assert page.locator("table.kh-notifications", has_text=plan.symbol).count() == 1
    assert page.locator(menu).count() >= 1
    desk.shot("notifications")
    page.click("a[href='/documents/']")
    page.locator("#id_page_search_label").wait_for(state="attached")
    page.wait_for_function("() => document.getElementById('id_page_search_label').textContent === 'Tìm kiếm...'")
    page.click(f"a:has-text('{plan.symbol}')")
    page.locator(".kh-preview").wait_for()
    assert page.locator(".kh-preview", has_text=TITLE.upper()).count() + page.locator(".kh-preview", has_text=TITLE).count() >= 1
    body = page.evaluate("""() => {  // what reads as text: icons are ligatures of their names, drawn as icons
        const copy = document.body.cloneNode(true);
        copy.querySelectorAll('.material-icons, script, style').forEach(e => e.remove());
        return copy.innerText; }""")
    assert "{'" not in body and "None" not in body and "descripti" not in body and "picture_" not in body
    desk.shot("document_page")
    del desk.counts["(sau) Chuyên viên soạn thảo"]

    table = desk.table()
    print("\n" + table)
    (artifacts / "journey_clicks.txt").write_text(table + "\n", encoding="utf-8")
    assert all(c["done"] for c in desk.counts.values())
    assert max(c["clicks"] for c in desk.counts.values()) <= 4  # from "Việc của tôi" to the step done
