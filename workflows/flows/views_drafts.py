"""The draft screen's autosave (tự động lưu): the drafter's open draft, saved as they type.

``static/workflows/autosave.js`` posts the draft form here every few seconds after a change. The
same form as the screen checks the input; the same service as "Lưu nháp" saves it. Only the drafter,
and only while their soạn thảo or chỉnh sửa step is open: anyone else gets 403, a bad form 400 with
its Vietnamese messages, and nothing is written.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from workflows.flows import forms
from workflows.models import PlanProcess
from workflows.plans import drafting


class PlanAutosaveView(LoginRequiredMixin, View):
    http_method_names = ("post",)
    raise_exception = True

    def post(self, request, pk: int):
        process = PlanProcess.objects.filter(pk=pk).select_related(
            "plan", "submission", "department", "province", "division").first()
        if process is None:
            raise Http404
        task = drafting.draft_task(process=process, user=request.user)
        if task is None or process.drafter_id != request.user.pk:
            return JsonResponse({"error": _("Bạn không có dự thảo đang soạn ở đây.")}, status=403)
        editing = task.flow_task.name == "edit"
        form = (forms.PlanEditForm if editing else forms.ReviseForm)(
            data=request.POST, with_submission=drafting.submission_editable(process=process))
        form.fields.pop("attachment", None)  # files go with "Lưu nháp" or "Trình duyệt", not with the autosave
        if not form.is_valid():
            return JsonResponse({"errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()}},
                                status=400)
        content = form.content()
        if not editing:
            content = {**process.plan.content, **content,
                       "annexes": forms.annexes_merge(process.plan.content.get("annexes") or [], content["annexes"])}
        try:
            drafting.plan_draft_save(process=process, user=request.user, title=form.cleaned_data["title"], content=content,
                                     submission_parts=form.submission_parts(),
                                     submission_title=form.cleaned_data.get("submission_title", ""),
                                     facts=form.facts() if editing else None, autosave=True)
        except PermissionDenied as exc:
            return JsonResponse({"error": str(exc)}, status=403)
        except ValidationError as exc:
            return JsonResponse({"errors": {"__all__": exc.messages}}, status=400)
        saved = timezone.localtime()
        return JsonResponse({"saved": saved.isoformat(), "message": _("Đã tự động lưu lúc %(time)s") % {"time": saved.strftime("%H:%M:%S")}})


class PlanRolesView(LoginRequiredMixin, View):
    """Chủ trì / phối hợp / để biết: the drafter corrects the roles read from the draft, before sending it.

    Fields ``recipient__<line key>`` and ``task__<row>__<unit key>`` (a role each), ``cooperation_days``. Only
    the drafter, while their draft step is open (else 403); a bad value: the Vietnamese reason, nothing saved."""

    http_method_names = ("post",)
    raise_exception = True

    def post(self, request, pk: int):
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.utils.http import url_has_allowed_host_and_scheme

        from workflows.plans import roles

        process = PlanProcess.objects.filter(pk=pk).select_related("plan").first()
        if process is None:
            raise Http404
        recipients, tasks = {}, {}
        for name, value in request.POST.items():
            if name.startswith("recipient__"):
                recipients[name.removeprefix("recipient__")] = value
            elif name.startswith("task__"):
                index, _sep, key = name.removeprefix("task__").partition("__")
                tasks.setdefault(index, {})[key] = value
        days = (request.POST.get("cooperation_days") or "").strip()
        try:
            roles.plan_roles_save(process=process, user=request.user, recipients=recipients, tasks=tasks,
                                  cooperation_days=int(days) if days else None)
        except ValueError:
            messages.error(request, _("Số ngày làm việc gửi trước phải là số nguyên."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu vai trò của các đơn vị."))
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            target = ""
        task = drafting.draft_task(process=process, user=request.user)
        return redirect(target or (task.reverse("execute") if task is not None else process.get_absolute_url()))
