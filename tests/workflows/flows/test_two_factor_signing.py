"""Two-factor at the moment of signing: every signature and issue is confirmed by the signer's one-time code.

The attacker's tests come first: a signature without a code, with a wrong code, with another user's code,
after the signing window has closed, and through the API without a code. Each must change nothing.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient
from viewflow.workflow.status import STATUS

from orgchart import two_factor
from tests.journey import perform, signing_code
from workflows.flows import PlanFlow
from workflows.models import AuditEntry

D = datetime.date
NO_CODE = "Nhập mã xác thực (6 chữ số trên ứng dụng xác thực) để ký."
WRONG_CODE = "Mã xác thực không đúng hoặc đã được dùng."


def _to_signature(journey):
    """A plan whose Tờ trình waits for gd.snv's signature."""
    process = journey.draft()
    journey.approve(process, "review", "tp.cchc")
    return process


def _sign(journey, process, code, username="gd.snv", step="sign_submission"):
    return journey.act(process, step, username, {"decision": "approve", "otp_code": code}, expect=200)


def _nothing_signed(journey, process):
    process.refresh_from_db()
    process.submission.refresh_from_db()
    assert journey.task(process, "sign_submission").status in (STATUS.NEW, STATUS.ASSIGNED)
    assert not process.submission.symbol
    assert not AuditEntry.objects.filter(process=process, action="sign_submission").exists()


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- the attacker ---------------------------------------------------------------------------

def test_a_signature_without_a_code_is_refused_and_changes_nothing(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = _to_signature(journey)
        response = _sign(journey, process, "")
    assert NO_CODE in response.content.decode()
    _nothing_signed(journey, process)


def test_a_wrong_code_is_refused(journey, on_day, users):
    with on_day(D(2025, 3, 13)):
        process = _to_signature(journey)
        response = _sign(journey, process, _wrong(signing_code(users["gd.snv"])))
    assert WRONG_CODE in response.content.decode()
    _nothing_signed(journey, process)


def test_the_code_of_another_user_is_refused(journey, on_day, users):
    with on_day(D(2025, 3, 13)):
        process = _to_signature(journey)
        response = _sign(journey, process, signing_code(users["pct.loan"]))  # the PCT's phone, not the director's
    assert WRONG_CODE in response.content.decode()
    _nothing_signed(journey, process)


def test_a_code_is_used_once(journey, on_day, users, client):
    with on_day(D(2025, 3, 13)):
        first, second = _to_signature(journey), _to_signature(journey)
        code = signing_code(users["gd.snv"])
        journey.act(first, "sign_submission", "gd.snv", {"decision": "approve", "otp_code": code})
        client.logout()  # a new session: no signing window; the same code again
        journey.sessions.clear()
        response = _sign(journey, second, code)
    assert WRONG_CODE in response.content.decode()
    _nothing_signed(journey, second)


def test_the_signing_window_lasts_ten_minutes(journey, on_day, users):
    start = datetime.datetime(2025, 3, 13, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    with on_day(D(2025, 3, 13)):
        plans = [_to_signature(journey) for _ in range(3)]
    with time_machine.travel(start, tick=False):
        journey.act(plans[0], "sign_submission", "gd.snv", {"decision": "approve", "otp_code": signing_code(users["gd.snv"])})
    with time_machine.travel(start + datetime.timedelta(minutes=9), tick=False):
        page = journey.client.get(journey.task(plans[1], "sign_submission").reverse("execute")).content.decode()
        assert 'name="otp_code"' not in page  # the window is open: no code asked
        assert "ký tiếp không cần nhập mã đến 09:10" in page
        journey.act(plans[1], "sign_submission", "gd.snv", {"decision": "approve"})
    with time_machine.travel(start + datetime.timedelta(minutes=10, seconds=1), tick=False):
        response = _sign(journey, plans[2], "")
    assert NO_CODE in response.content.decode()
    _nothing_signed(journey, plans[2])
    assert [p.submission.symbol.endswith("/TTr-SNV") for p in plans[:2]] == [True, True]


def test_the_api_refuses_a_signature_without_a_valid_code(journey, on_day, users):
    api = APIClient()
    api.force_authenticate(users["gd.snv"])
    with on_day(D(2025, 3, 13)):
        process = _to_signature(journey)
        url = f"/api/tasks/{journey.task(process, 'sign_submission').pk}/sign/"
        missing = api.post(url, {}, format="json")
        wrong = api.post(url, {"otp": _wrong(signing_code(users["gd.snv"]))}, format="json")
    assert missing.status_code == 400 and missing.json() == {"otp": [NO_CODE]}
    assert wrong.status_code == 400 and WRONG_CODE in wrong.json()["otp"][0]
    _nothing_signed(journey, process)


def test_the_api_keeps_counting_wrong_codes(journey, on_day, users):
    """A refused code rolls nothing back but its count: the right code right after a wrong one is throttled."""
    api = APIClient()
    api.force_authenticate(users["gd.snv"])
    with on_day(D(2025, 3, 13)):
        process = _to_signature(journey)
        url = f"/api/tasks/{journey.task(process, 'sign_submission').pk}/sign/"
        assert api.post(url, {"otp": _wrong(signing_code(users["gd.snv"]))}, format="json").status_code == 400
        assert TOTPDevice.objects.get(user=users["gd.snv"]).throttling_failure_count == 1
        throttled = api.post(url, {"otp": signing_code(users["gd.snv"])}, format="json")
    assert throttled.status_code == 400 and "quá nhiều lần" in throttled.json()["otp"][0]
    _nothing_signed(journey, process)


def test_the_api_signs_with_the_code_and_then_within_the_window(journey, on_day, users):
    api = APIClient()
    api.force_authenticate(users["gd.snv"])
    with on_day(D(2025, 3, 13)):
        first, second = _to_signature(journey), _to_signature(journey)
        response = api.post(f"/api/tasks/{journey.task(first, 'sign_submission').pk}/sign/",
                            {"otp": signing_code(users["gd.snv"])}, format="json")
        assert response.status_code == 200, response.content
        again = api.post(f"/api/tasks/{journey.task(second, 'sign_submission').pk}/sign/", {}, format="json")
        assert again.status_code == 200, again.content  # the session's window
    first.submission.refresh_from_db()
    assert first.submission.symbol.endswith("/TTr-SNV")


def test_every_signing_step_needs_the_code_and_a_return_does_not(journey, on_day, users):
    with on_day(D(2025, 3, 13)):
        process = _to_signature(journey)
        journey.give_back(process, "sign_submission", "gd.snv")  # returning signs nothing: no code
        journey.revise(process)
        journey.approve(process, "review", "tp.cchc")
        journey.approve(process, "sign_submission", "gd.snv")
        journey.approve(process, "vet", "cv.vp")
        assert NO_CODE in _sign(journey, process, "", username="pct.loan", step="decide").content.decode()
        journey.approve(process, "decide", "pct.loan")
        refused = journey.act(process, "issue", "vt.ubnd", {"issued_on": "16/03/2025", "place": "Thái Nguyên", "otp_code": ""},
                              expect=200)
        assert NO_CODE in refused.content.decode()
        assert not process.plan.is_issued
        journey.issue(process)
    process.plan.refresh_from_db()
    assert process.plan.is_issued


def test_a_unit_head_signs_the_report_with_a_code(journey, on_day, users):
    from tests.journey import issued_obligation, unit_step
    from workflows.models import UnitReport

    obligation = issued_obligation(journey, on_day, title="Báo cáo", recipients=["Sở Tư pháp"])
    report = UnitReport.objects.get(obligation=obligation)
    with on_day(D(2025, 4, 1)):
        unit_step(report, "acknowledge", "vt.stp", "acknowledge", users)
        unit_step(report, "assign", "gd.stp", "assign", users, assignee="cv.stp")
        unit_step(report, "draft_report", "cv.stp", "submit", users, title="Báo cáo", sections=[])
        task = report.process.task_set.get(status__in=[STATUS.NEW, STATUS.ASSIGNED])
        with pytest.raises(ValidationError) as missing:
            perform(task, "gd.stp", "sign", users, otp="")
        assert missing.value.message_dict == {"otp": [NO_CODE]}
        report.refresh_from_db()
        assert report.state != "submitted"
        unit_step(report, "sign_report", "gd.stp", "sign", users)
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_signer_without_an_authenticator_is_sent_to_enrol(journey, on_day, users):
    TOTPDevice.objects.filter(user=users["gd.snv"]).delete()
    with on_day(D(2025, 3, 13)):
        process = _to_signature(journey)
        journey.login("gd.snv")
        url = journey.task(process, "sign_submission").reverse("execute")
        response = journey.client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/?next=")
        page = response.content.decode()
        assert "Bạn chưa đăng ký" in page and "<svg" in page
        api = APIClient()
        api.force_authenticate(users["gd.snv"])
        refused = api.post(f"/api/tasks/{journey.task(process, 'sign_submission').pk}/sign/", {"otp": "123456"}, format="json")
    assert refused.status_code == 403 and "Xác thực hai lớp" in refused.json()["detail"]
    _nothing_signed(journey, process)


# --- enrolment and the demo -----------------------------------------------------------------

def test_enrolment_shows_a_local_qr_code_and_confirms_a_first_code(client, chart):
    user = get_user_model().objects.create_user("moi", password="x" * 12)
    client.force_login(user)
    page = client.get("/accounts/two-factor/").content.decode()
    assert "Xác thực hai lớp" in page and "<svg" in page and "https://" not in page.split("kh-qr")[1][:5000]
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/", {"code": _wrong(two_factor.device_code(pending))})
    assert WRONG_CODE in response.content.decode() and two_factor.signing_device(user) is None
    pending.refresh_from_db()
    pending.throttling_failure_count, pending.throttling_failure_timestamp = 0, None
    pending.save()
    response = client.post("/accounts/two-factor/", {"code": two_factor.device_code(pending), "next": "/workflow/inbox/"})
    assert response.status_code == 302 and response["Location"] == "/workflow/inbox/"
    assert two_factor.signing_device(user).pk == pending.pk


def test_replacing_the_device_needs_a_code_of_the_current_one(client, users):
    user = users["pct.loan"]
    current = two_factor.signing_device(user)
    client.force_login(user)
    client.get("/accounts/two-factor/")
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    refused = client.post("/accounts/two-factor/", {"code": two_factor.device_code(pending), "current_code": ""})
    assert refused.status_code == 200 and two_factor.signing_device(user).pk == current.pk  # a stolen session alone cannot
    client.post("/accounts/two-factor/", {"code": two_factor.device_code(pending), "current_code": two_factor.device_code(current)})
    assert two_factor.signing_device(user).pk == pending.pk and not TOTPDevice.objects.filter(pk=current.pk).exists()


def test_the_user_menu_links_to_the_enrolment_page(client, users):
    client.force_login(users["cv.cchc"])
    assert 'href="/accounts/two-factor/"' in client.get("/workflow/inbox/").content.decode()


def test_the_demo_enrols_its_signers_with_stable_codes_and_demo_otp_prints_them(users, capsys):
    from django.core.management import call_command

    from orgchart.demo import load_orgchart

    signers = set(two_factor.signing_users().values_list("username", flat=True))
    assert {"ct.hung", "pct.loan", "pct.truong", "gd.snv", "gd.stp", "vt.ubnd", "ct.khason.cu", "ct.phubinh"} <= signers
    assert "cv.cchc" not in signers and "th.snv" not in signers
    keys = dict(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", "key"))
    assert signers <= set(keys)
    load_orgchart(password="kehoach2025")  # a rerun keeps the same secrets
    assert dict(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", "key")) == keys
    call_command("demo_otp", "pct.loan")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and two_factor.signing_device(users["pct.loan"]).verify_token(code)


def test_who_must_enrol(users, chart):
    assert two_factor.user_signs(user=users["pct.loan"], on=D(2025, 3, 13))
    assert two_factor.user_signs(user=users["vt.ubnd"], on=D(2025, 3, 13))
    assert not two_factor.user_signs(user=users["cv.cchc"], on=D(2025, 3, 13))


def test_signing_confirm_without_a_device_is_a_permission_error(users):
    TOTPDevice.objects.filter(user=users["gd.snv"]).delete()
    with pytest.raises(PermissionDenied):
        two_factor.signing_confirm(user=users["gd.snv"], code="123456", session={})


def test_every_signing_step_of_the_flows_is_guarded():
    """A new signing step cannot be added to the flows without its signing actions (and so its code)."""
    from workflows.flows import ConsolidatedReportFlow, UnitReportFlow
    from workflows.flows.signing import SIGNING_ACTIONS, SigningStepMixin

    for flow_class, step in [(PlanFlow, "sign_submission"), (PlanFlow, "decide"), (PlanFlow, "issue"),
                             (ConsolidatedReportFlow, "sign_submission"), (ConsolidatedReportFlow, "decide"),
                             (ConsolidatedReportFlow, "issue"), (UnitReportFlow, "sign_report")]:
        view = getattr(flow_class, step)._view
        assert step in SIGNING_ACTIONS and issubclass(view.view_class, SigningStepMixin), (flow_class, step)
