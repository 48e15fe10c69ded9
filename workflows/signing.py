"""Digital signatures at the steps of a flow: the PIN field, and which signature each step adds.

- ``decide`` (the PCT, or whoever signs a Báo cáo tổng hợp): the person's signature on the PDF of the
  approved version, before the number exists;
- ``issue`` (the văn thư): after the number and date, the agency's signature;
- ``sign_submission`` / ``sign_report`` (a Tờ trình, a unit's report, numbered at signing): the person's
  signature on the numbered PDF; the agency's follows through ``document_signed_pdf_build``.

A person or agency without a configured key signs as before (no digital signature); with a key, the PIN
is required and every refusal is a Vietnamese message with nothing signed (the step's transaction rolls back).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.signing import services as signing

from .models import Decision

PERSON_STEPS = {"decide", "sign_submission", "sign_report"}


def pin_form(form_class):
    """``form_class`` with a PIN field (not stored, never echoed back)."""

    class PinForm(form_class):
        pin = forms.CharField(label=_("Mã PIN ký số"), required=False, strip=False,
                              widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
                              help_text=_("Mã PIN của USB token hoặc tệp khóa ký số; không được lưu lại."))

    PinForm.__name__ = form_class.__name__
    return PinForm


def signing_after_step(*, step: str, process, user, pin: str) -> None:
    """The digital signature that ``step`` adds, if the signer has a key. Raises ``SigningError``."""
    if step in PERSON_STEPS:
        if step == "sign_report":
            report = process.unit_report
            if report.state != "submitted":
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


class SignatureStepMixin:
    """For a task view: the PIN field on its form, and the step's signature after its service."""

    def get_form_class(self):
        return pin_form(super().get_form_class())

    def perform_signature(self, form):
        signing_after_step(step=self.activation.flow_task.name, process=self.process, user=self.request.user,
                           pin=form.cleaned_data.get("pin") or "")
