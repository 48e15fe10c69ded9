"""Pages of the org chart app: the user's two-factor enrolment (Xác thực hai lớp)."""

from __future__ import annotations

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from . import two_factor


class EnrolmentForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã hiển thị trên ứng dụng (6 chữ số)"), max_length=10,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def __init__(self, *args, replacing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if replacing:
            self.fields["current_code"] = forms.CharField(
                label=gettext_lazy("Mã của thiết bị đang dùng"), max_length=10,
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class TwoFactorView(LoginRequiredMixin, generic.FormView):
    """Xác thực hai lớp: scan the QR code (drawn on the server) with an authenticator app, confirm a first code."""

    template_name = "orgchart/two_factor.html"
    form_class = EnrolmentForm

    def next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        ok = url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure())
        return url if ok else ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "replacing": two_factor.signing_device(self.request.user) is not None}

    def get_context_data(self, **kwargs):
        user = self.request.user
        pending = two_factor.enrolment_pending(user=user)
        context = super().get_context_data(**kwargs)
        context.update(device=two_factor.signing_device(user), qr_svg=two_factor.qr_svg(pending.config_url),
                       secret=b32encode(pending.bin_key).decode(), otpauth=pending.config_url, next=self.next_url(),
                       signs=two_factor.user_signs(user=user))
        return context

    def form_valid(self, form):
        try:
            two_factor.enrolment_confirm(user=self.request.user, code=form.cleaned_data["code"],
                                         current_code=form.cleaned_data.get("current_code", ""))
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã bật xác thực hai lớp. Từ nay mỗi lần ký, phát hành cần nhập mã trên ứng dụng."))
        return redirect(self.next_url() or "two_factor")
