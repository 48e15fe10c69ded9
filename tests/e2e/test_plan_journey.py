"""The plan's journey in the real UI, in headless Chromium: draft → … → issue → a recipient acknowledges."""

import pytest
from django.conf import settings
from viewflow.workflow.status import STATUS

from workflows.flows import PlanFlow, ReceiptFlow
from workflows.models import PlanProcess, ReceiptProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, username):
    # Leave the previous user's page before forgetting its cookies: a request that page still has in flight
    # would otherwise come back anonymous, be sent to the login page and set a second CSRF cookie over the
    # one the form below carries ("CSRF token from POST incorrect"). about:blank cancels whatever is left.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    submit(page, "button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def open_task(page, base, process, step):
    task = process.task_set.get(flow_task=getattr(PlanFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    if task.status == STATUS.NEW:  # waits in the unit's queue: take it (Nhận việc)
        page.goto(f"{base}{task.reverse('assign')}")
        submit(page, "form.vf-form button[name=_continue]")
    page.goto(f"{base}{task.reverse('execute')}")
    return task


# The page that answers a POST is on screen: a new <body> (Turbo swaps it, a full load makes one), the document
# loaded, and no Turbo visit under way (Turbo marks <html aria-busy> from the visit's start to its render).
ANSWER_SHOWN = """() => document.readyState === "complete" && document.body && !document.body.dataset.kehoachSent
    && !document.documentElement.hasAttribute("aria-busy")"""


def submit(page, selector="button[name=_done]"):
    """Click a submit button and wait until the page that answers it is shown.

    viewflow's pages submit through Turbo: the POST's 302 is only the first answer; fetch then GETs the redirect
    target and Turbo renders it, all without a navigation event. Waiting for the 302 alone left that GET in
    flight while the test went on (next login, next page), so wait for the new body instead.
    A signing step asks for the PIN of the signer's key (the demo's keys: ``KEHOACH_DEMO_PIN``).
    """
    if page.locator("input[name=pin]").count():
        page.fill("input[name=pin]", settings.KEHOACH_DEMO_PIN)
    page.evaluate("document.body.dataset.kehoachSent = '1'")
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.click(selector)
    assert response.value.status < 400, response.value.status
    page.wait_for_function(ANSWER_SHOWN)


def enter_code(page, username):
    """Type the signer's one-time code, as read from their authenticator (the demo device), when the screen asks."""
    from django.contrib.auth import get_user_model

    from tests.journey import signing_code

    if page.locator("input[name=otp_code]").count():
        page.fill("input[name=otp_code]", signing_code(get_user_model().objects.get(username=username)))


def decide(page, value="approve", comment="", signer=None):
    page.check(f"input[name=decision][value={value}]", force=True)
    if comment:
        page.fill("textarea[name=comment]", comment)
    if signer:
        enter_code(page, signer)
    submit(page)


def enrol(page, base, username, artifacts):
    """A signer with no authenticator opens a signing step: sent to "Xác thực hai lớp", scans the QR code, confirms."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from orgchart.two_factor import device_code

    page.wait_for_url(lambda url: "/accounts/two-factor/" in url)
    assert page.get_by_text("Bạn chưa đăng ký").count() >= 1
    assert page.locator(".kh-qr svg").count() == 1
    page.screenshot(path=str(artifacts / "two_factor_enrolment.png"), full_page=True)
    pending = TOTPDevice.objects.get(user=get_user_model().objects.get(username=username), confirmed=False)
    page.fill("input[name=code]", device_code(pending))
    submit(page, "button[name=_confirm]")
    page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)  # back to the step it came from


@pytest.fixture
def demo_keys(chart, settings, tmp_path):
    """The demo CA and its keys (load_demo's), in a temporary directory."""
    from documents.signing.democa import demo_keys_create

    settings.KEHOACH_SIGNING_DIR = tmp_path / "signing"
    settings.KEHOACH_SIGNING_TRUST_ROOTS = [str(tmp_path / "signing" / "demo-ca.pem")]
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_keys_create(pin=settings.KEHOACH_DEMO_PIN)


def test_plan_journey_in_the_browser(live_server, page, artifacts, chart, demo_keys):
    from workflows.demo.plans import SEED_000_BASES

    base = live_server.url
    # Chuyên viên Sở Nội vụ drafts the plan and its Tờ trình
    login(page, base, "cv.cchc")
    page.goto(f"{base}{PlanFlow.start.reverse('execute')}")
    page.fill("input[name=title]", "Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công giai đoạn 2022 - 2025")
    page.click("vf-field-select#id_field")  # Material select: open it, pick the field (lĩnh vực)
    page.get_by_role("option", name="Nội vụ, cải cách hành chính").click()
    page.fill("textarea[name=legal_bases]", SEED_000_BASES)
    page.fill("textarea[name=body]", "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nĐánh giá toàn diện kết quả.\n"
                                     "II. TỔ CHỨC THỰC HIỆN\nBáo cáo trước ngày 01/5/2025.")
    page.fill("textarea[name=recipients]", "Bộ Nội vụ\nCác sở, ban, ngành\nLưu: VT, HCC")
    submit(page)
    process = PlanProcess.objects.latest("pk")
    assert process.plan.title.startswith("Tổng kết Chương trình")

    # Trưởng phòng approves, Giám đốc signs the Tờ trình (enrolling his authenticator first), Văn phòng UBND vets
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="gd.snv").delete()
    for step, user in [("review", "tp.cchc"), ("sign_submission", "gd.snv"), ("vet", "cv.vp")]:
        login(page, base, user)
        open_task(page, base, process, step)
        if step == "sign_submission":
            enrol(page, base, user, artifacts)
            with page.expect_response(lambda r: r.request.method == "POST") as refused:  # without the code
                page.click("button[name=_done]")
            assert refused.value.status == 422
            page.wait_for_selector("text=Nhập mã xác thực (6 chữ số trên ứng dụng xác thực) để ký.")
            process.submission.refresh_from_db()
            assert not process.submission.symbol
        decide(page, signer=user if step == "sign_submission" else None)
        process.refresh_from_db()
    process.submission.refresh_from_db()
    assert process.submission.symbol.endswith("/TTr-SNV")

    # The PCT works from the inbox
    login(page, base, "pct.loan")
    page.goto(f"{base}/workflow/inbox/")
    assert page.get_by_text("Lãnh đạo UBND ký duyệt").count() >= 1
    page.screenshot(path=str(artifacts / "inbox.png"), full_page=True)
    open_task(page, base, process, "decide")
    assert page.get_by_text("KT. CHỦ TỊCH").count() >= 1
    decide(page, signer="pct.loan")

    # Văn thư UBND numbers and issues
    login(page, base, "vt.ubnd")
    open_task(page, base, process, "issue")
    enter_code(page, "vt.ubnd")
    submit(page)
    process.refresh_from_db()
    process.plan.refresh_from_db()
    assert process.plan.is_issued and process.plan.symbol.endswith("/KH-UBND")
    # the issued PDF carries the PCT's signature and the agency's, both valid for pyHanko and poppler's pdfsig
    import subprocess

    from documents.signing.services import signed_pdf_for
    from documents.signing.verify import pdf_verify

    signed = signed_pdf_for(document=process.plan)
    with signed.file.open("rb") as handle:
        result = pdf_verify(handle.read())
    assert result["valid"], result
    assert [(s["kind"], s["signer"]) for s in result["signatures"]] == [
        ("person", "Nguyễn Thị Loan"), ("agency", process.plan.issuer.name)]
    report = subprocess.run(["pdfsig", signed.file.path], capture_output=True, text=True, check=False).stdout
    assert report.count("Signature Validation: Signature is Valid.") == 2

    # A recipient unit's văn thư acknowledges
    receipt = ReceiptProcess.objects.get(document=process.plan, unit__key="tn-stp")
    task = receipt.task_set.get(flow_task=ReceiptFlow.acknowledge)
    login(page, base, "vt.stp")
    page.goto(f"{base}{task.reverse('assign')}")
    submit(page, "form.vf-form button[name=_continue]")
    page.goto(f"{base}{task.reverse('execute')}")
    assert page.get_by_text("Tải Word").count() >= 1 and page.locator(".kh-preview").count() == 1  # the document itself
    page.screenshot(path=str(artifacts / "receipt_screen.png"), full_page=True)
    submit(page)
    receipt.refresh_from_db()
    assert receipt.acknowledged_by.username == "vt.stp" and receipt.incoming_number == 1
    assert page.get_by_text(f"Đã vào sổ văn bản đến số 1, ngày {receipt.received_on:%d/%m/%Y}").count() >= 1

    login(page, base, "cv.cchc")
    page.goto(f"{base}{process.get_absolute_url()}")
    assert page.get_by_text(process.plan.symbol).count() >= 1
    assert page.get_by_text("Đã tiếp nhận").count() >= 1
    page.screenshot(path=str(artifacts / "issued_plan.png"), full_page=True)
