"""Which steps are signatures, and the signing screens' two-factor confirmation (see ``orgchart.two_factor``).

A signature is the approving outcome of a signing step: the Tờ trình signed by the head of the sở
(``sign_submission``), the plan or Báo cáo tổng hợp signed by the leader (``decide``), its issue by
the văn thư (``issue``) and a unit's report signed by its head (``sign_report``). Returning a draft
signs nothing and needs no code.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from orgchart import two_factor

from .models import Decision

#: The actions of each signing step that sign (task actions of the API, ``workflows.actions``).
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
