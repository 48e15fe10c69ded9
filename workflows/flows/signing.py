"""Which steps are signatures, and the signing screens' two-factor confirmation (see ``orgchart.two_factor``).

A signature is the approving outcome of a signing step: the Tờ trình signed by the head of the sở
(``sign_submission``), the plan or Báo cáo tổng hợp signed by the leader (``decide``), its issue by
the văn thư (``issue``) and a unit's report signed by its head (``sign_report``). Returning a draft
signs nothing and needs no code.

Digital signatures (PAdES) at the same steps: the PIN field, and which signature each step adds.

- ``decide`` (the PCT, or whoever signs a Báo cáo tổng hợp): the person's signature on the PDF of the
  approved version, before the number exists;
- ``issue`` (the văn thư): after the number and date, the agency's signature;
- ``sign_submission`` / ``sign_report`` (a Tờ trình, a unit's report, numbered at signing): the person's
  signature on the numbered PDF; the agency's follows through ``document_signed_pdf_build``.

A person or agency without a configured key signs as before (no digital signature); with a key, the PIN
is required and every refusal is a Vietnamese message with nothing signed (the step's transaction rolls back).
"""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.signing import services as signing
from orgchart import two_factor
from workflows.models import Decision, ReportState

#: The actions of each signing step that sign (task actions of the API, ``workflows.flows.actions``).
SIGNING_ACTIONS = {
    "sign_submission": {"sign", "approve"},
    "decide": {"sign", "approve"},
    "issue": {"issue"},
    "sign_report": {"sign", "approve"},
}


def action_signs(*, step: str, action: str) -> bool:
    return action in SIGNING_ACTIONS.get(step, ())


class SigningStepMixin:
    """A signing screen: the form gets ``otp_code``; a signer with no authenticator is sent to enrol first."""

    def dispatch(self, request, *args, **kwargs):
        if two_factor.signing_device(request.user) is None:
            messages.warning(request, _("Ký, phát hành văn bản cần mã xác thực hai lớp. Bạn chưa đăng ký: "
                                        "hãy quét mã QR bằng ứng dụng xác thực và xác nhận, rồi quay lại để ký."))
            return redirect(f"{two_factor.enrolment_url()}?next={quote(request.get_full_path())}")
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return two_factor.signing_form_class(super().get_form_class())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "signer": self.request.user, "signing_session": self.request.session,
                "signs": self.signs}

    def signs(self, data: dict) -> bool:
        """Does this submission sign? A decision signs when it approves; an issue always does."""
        return data.get("decision", Decision.APPROVE) == Decision.APPROVE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signing_window_until"] = getattr(context.get("form"), "signing_window_until", None)
        return context


# --- digital signatures (PAdES) ---------------------------------------------------------

PERSON_STEPS = {"decide", "sign_submission", "sign_report"}


def pin_form(form_class):
    """``form_class`` with a PIN field (not stored, never echoed back)."""

    class PinForm(form_class):
        pin = forms.CharField(label=gettext_lazy("Mã PIN ký số"), required=False, strip=False,
                              widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
                              help_text=gettext_lazy("Mã PIN của USB token hoặc tệp khóa ký số; không được lưu lại."))

    PinForm.__name__ = form_class.__name__
    return PinForm


def signing_after_step(*, step: str, process, user, pin: str) -> None:
    """The digital signature that ``step`` adds, if the signer has a key. Raises ``SigningError``."""
    if step in PERSON_STEPS:
        if step == "sign_report":
            report = process.unit_report
            if report.state != ReportState.SUBMITTED:
                return
            document = report.report
        else:
            if process.last_decision != Decision.APPROVE:
                return
            document = process.submission if step == "sign_submission" else process.plan
        if signing.person_has_key(user=user):
            signing.document_sign_person(document=document, user=user, pin=pin)
    elif step == "issue":
        document = process.plan
        if signing.agency_signing_key(unit=document.issuer) is not None and \
                document.signed_pdfs.filter(stage="person").exists():
            signing.document_sign_agency(document=document, user=user, pin=pin)
            signing.document_annexes_sign(document=document, pin=pin)  # annexes in separate PDF files


class SignatureStepMixin:
    """For a task view: the PIN field on its form, and the step's signature after its service."""

    def get_form_class(self):
        return pin_form(super().get_form_class())

    def perform_signature(self, form):
        signing_after_step(step=self.activation.flow_task.name, process=self.process, user=self.request.user,
                           pin=form.cleaned_data.get("pin") or "")
