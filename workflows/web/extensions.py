"""Deadline extensions (gia hạn): the unit's request form and the consolidating unit head's decision page.

Both ask the one rule (``workflows.authorization.extension_*_permission``) through the services of
``workflows.reports.extensions``; a report or request the user may not act on is a 404 (no hint that it exists)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from workflows import authorization
from workflows.models import UnitReport
from workflows.reports import extensions

REPORT_NOT_FOUND = _("Không tìm thấy báo cáo hoặc bạn không có quyền đề nghị gia hạn.")


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


@login_required
def extension_request(request, pk: int):
    """GET: the form (the current due date, the history); POST: ask for ``new_due_date`` with ``reason``."""
    report = UnitReport.objects.select_related("unit", "obligation__plan__plan", "obligation__consolidator").filter(
        pk=pk).first()
    if report is None or not authorization.extension_request_permission(user=request.user, report=report):
        raise Http404(REPORT_NOT_FOUND)
    errors, values = [], {}
    if request.method == "POST":
        values = {"new_due_date": request.POST.get("new_due_date", ""), "reason": request.POST.get("reason", "")}
        try:
            new_due_date = datetime.date.fromisoformat(values["new_due_date"]) if values["new_due_date"] else None
        except ValueError:
            errors = [_("Hạn mới không đúng định dạng ngày.")]
        else:
            try:
                extension = extensions.extension_request(report=report, user=request.user, new_due_date=new_due_date,
                                                         reason=values["reason"])
            except ValidationError as exc:
                errors = _errors(exc)
            except PermissionDenied as exc:
                raise Http404(str(exc)) from None
            else:
                messages.success(request, _("Đã gửi đề nghị gia hạn đến %(date)s.") % {
                    "date": extension.new_due_date.strftime("%d/%m/%Y")})
                return redirect("extension_request", pk=report.pk)
    return render(request, "workflows/extension_request.html", {
        "report": report, "history": extensions.report_extensions(report=report), "errors": errors, "values": values,
    }, status=400 if errors else 200)


@login_required
def extension_decide(request, pk: int):
    """GET: the request, the report's history and the decision form; POST ``decision`` = approve / refuse."""
    try:
        extension = extensions.extension_for_decision(user=request.user, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404(str(exc)) from None
    errors = []
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("approve", "refuse"):
            errors = [_("Vui lòng chọn đồng ý hoặc không đồng ý gia hạn.")]
        else:
            try:
                extensions.extension_decide(extension=extension, user=request.user, approve=decision == "approve",
                                            comment=request.POST.get("comment", ""))
            except ValidationError as exc:
                errors = _errors(exc)
            except PermissionDenied as exc:
                raise Http404(str(exc)) from None
            else:
                extension.refresh_from_db()
                messages.success(request, _("Đã đồng ý gia hạn.") if decision == "approve" else _("Đã không đồng ý gia hạn."))
                return redirect("my_work")
    return render(request, "workflows/extension_decide.html", {
        "extension": extension, "report": extension.unit_report, "errors": errors,
        "history": extensions.report_extensions(report=extension.unit_report),
        "pending": extension.state == "pending",
    }, status=400 if errors else 200)
