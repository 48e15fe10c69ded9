"""Kiểm tra chữ ký số: anyone logged in uploads a PDF and sees what verify_pdf says."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..uploads import size_text
from .verify import REVOCATION_NOTE, pdf_verify


class SignatureCheckForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp PDF cần kiểm tra"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.KEHOACH_SIGNATURE_CHECK_MAX_BYTES:
            raise forms.ValidationError(_("Tệp vượt quá %(limit)s.")
                                        % {"limit": size_text(settings.KEHOACH_SIGNATURE_CHECK_MAX_BYTES)})
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Tệp không phải PDF."))
        return upload


@login_required
def signature_check(request):
    result = None
    form = SignatureCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = pdf_verify(form.cleaned_data["file"].read())
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "documents/signature_check.html",
                  {"form": form, "result": result, "revocation_note": REVOCATION_NOTE}, status=status)
