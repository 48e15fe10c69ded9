"""Task actions outside the task screens (REST API): the same rules, one lock, one transaction.

Two people acting on the same task at once: the process row is locked, the
task is re-read under the lock, and whoever comes second is told, in
Vietnamese, that the task has already been handled.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from . import authorization, services
from .authorization import TaskAction
from .models import Decision


class TaskAlreadyHandled(Exception):
    """The task was completed (or taken) by someone else first."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Công việc này đã được người khác xử lý."))


#: Which actions each step accepts.
STEP_ACTIONS = {
    "review": {"approve", "return"},
    "vet": {"approve", "return"},
    "sign_submission": {"sign", "approve", "return"},
    "decide": {"sign", "approve", "return", "return_previous"},
    "issue": {"issue"},
    "acknowledge": {"acknowledge"},
    "edit": {"submit"},
    # ConsolidatedReportFlow
    "draft": {"submit"},
    # UnitReportFlow
    "assign": {"assign"},
    "draft_report": {"submit"},
    "sign_report": {"sign", "approve", "return"},
    "receive": {"approve", "return"},
}


def _perform_unit_step(*, task: Task, user, action: str, data: dict) -> None:
    from django.contrib.auth import get_user_model

    from . import services_reports as reports

    report = task.process.unit_report
    step = task.flow_task.name
    comment = (data.get("comment") or "").strip()
    if step == "acknowledge":
        reports.unit_report_acknowledge(report=report, user=user, task=task)
    elif step == "assign":
        assignee = get_user_model().objects.filter(username=data.get("assignee")).first()
        if assignee is None:
            raise ValidationError({"assignee": _("Không có người dùng %(user)s.") % {"user": data.get("assignee")}})
        reports.unit_report_assign(report=report, user=user, assignee=assignee, comment=comment, task=task)
    elif step == "draft_report":
        sections = data.get("sections") or []
        reports.unit_report_save(report=report, user=user, title=data.get("title") or report.obligation.title,
                                 content={"sections": sections, "recipients": []}, comment=comment, task=task)
    elif step == "sign_report":
        reports.unit_report_sign(report=report, user=user, approve=action != "return", comment=comment, task=task)
    elif step == "receive":
        reports.unit_report_receive(report=report, user=user, accept=action == "approve", comment=comment, task=task)


def _sign(*, task: Task, user, pin: str) -> None:
    """The digital signature the step adds (``workflows.signing``), with the PIN passed in ``data``."""
    from .signing import signing_after_step

    process = task.process if hasattr(task.process, "unit_report") else task.process.coerced
    signing_after_step(step=task.flow_task.name, process=process, user=user, pin=pin)


def _perform(*, task: Task, user, action: str, data: dict) -> None:
    if hasattr(task.process, "unit_report"):
        _perform_unit_step(task=task, user=user, action=action, data=data)
        return
    process = task.process.coerced
    step = task.flow_task.name
    comment = (data.get("comment") or "").strip()
    if action in ("return", "return_previous"):
        decision = Decision.RETURN if action == "return" else Decision.RETURN_PREVIOUS
        services.plan_decide(process=process, task=task, user=user, step=step, decision=decision, comment=comment)
    elif step in ("review", "vet"):
        services.plan_decide(process=process, task=task, user=user, step=step, decision=Decision.APPROVE, comment=comment)
    elif step == "sign_submission":
        services.submission_sign(process=process, task=task, user=user, comment=comment, on=data.get("on"))
    elif step == "decide":
        services.plan_sign(process=process, task=task, user=user, comment=comment, on=data.get("on"))
    elif step == "issue":
        issued_on = data.get("issued_on")
        if isinstance(issued_on, str):
            from documents.dates.vndates import parse_date

            parsed = parse_date(issued_on)
            if parsed is None:
                try:
                    parsed = datetime.date.fromisoformat(issued_on)
                except ValueError:
                    raise ValidationError({"issued_on": _("Ngày ban hành không hợp lệ: %(value)s.") % {"value": issued_on}}) from None
            issued_on = parsed
        services.plan_issue(process=process, task=task, clerk=user, issued_on=issued_on, place=data.get("place") or "")
    elif step == "acknowledge":
        services.receipt_acknowledge(receipt=process, user=user, task=task)
    elif step == "draft":
        from .consolidated_report import consolidated_report_save

        texts = {index: "\n".join(section.get("paragraphs") or []) for index, section in enumerate(data.get("sections") or [])}
        consolidated_report_save(process=process, user=user, title=data.get("title") or process.plan.title, sections=texts,
                                 refresh=bool(data.get("refresh")), comment=comment, task=task)


def _signing_refused(*, step: str, action: str, user, data: dict, session) -> Exception | None:
    """The refusal of a signature not confirmed by a one-time code (``data["otp"]``), or ``None``."""
    from orgchart import two_factor

    from .signing import action_signs

    if not action_signs(step=step, action=action):
        return None
    try:
        two_factor.signing_confirm(user=user, code=data.get("otp"), session=session)
    except ValidationError as exc:
        return ValidationError({"otp": exc.messages})
    except PermissionDenied as exc:
        return exc
    return None


def task_perform(*, task_id: int, user, action: str, data: dict | None = None, signing_session=None) -> Task:
    """Take (if it waits in a queue) and complete a task with ``action``.

    ``data`` carries the comment and, for an issue, the date and place; code
    that replays history (the demo) may pass ``on`` for the day of a signature.
    A signature (``workflows.signing``) needs ``data["otp"]``, the signer's one-time
    code, unless a signing window is open in ``signing_session`` (the request's session,
    or any dict a caller keeps per user).

    Who may: ``authorization.task_permission`` (the one rule), as on the task screens.

    Raises ``Task.DoesNotExist`` (unknown), ``PermissionDenied`` (no right, or no
    authenticator enrolled for a signature), ``TaskAlreadyHandled`` (someone else first),
    ``ValidationError`` (bad input, a missing or wrong code, a wrong PIN); in every case
    nothing is written but a wrong code's count.
    """
    data = data or {}
    task = Task.objects.select_related("process").get(pk=task_id)
    flow_task = task.flow_task
    step = flow_task.name
    if action not in STEP_ACTIONS.get(step, set()):
        raise ValidationError(_("Thao tác “%(action)s” không áp dụng cho bước “%(step)s”.") % {"action": action, "step": flow_task.task_title or step})
    refused = None
    try:
        with flow_task.flow_class.lock(task.process_id), transaction.atomic():
            task.refresh_from_db()
            if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
                raise TaskAlreadyHandled()
            activation = flow_task.activation_class(task)
            if task.status == STATUS.NEW:
                if not authorization.task_allowed(user=user, task=task, action=TaskAction.ASSIGN):
                    raise PermissionDenied(_("Bạn không có quyền nhận công việc này."))
            elif not authorization.task_allowed(user=user, task=task, action=TaskAction.EXECUTE):
                if task.owner_id != user.pk and authorization.task_capacity(user=user, task=task).allowed:
                    raise TaskAlreadyHandled(_("Công việc này đã được người khác nhận xử lý."))
                raise PermissionDenied(_("Công việc này không được giao cho bạn."))
            # Before any write: a refused code leaves the block normally, so that its count (throttling) is kept
            refused = _signing_refused(step=step, action=action, user=user, data=data, session=signing_session)
            if refused is None:
                if task.status == STATUS.NEW:
                    activation.assign(user)
                activation.start(SimpleNamespace(user=user))  # what the task screen does with the request
                _perform(task=task, user=user, action=action, data=data)
                _sign(task=task, user=user, pin=data.get("pin") or "")
                activation.execute()
    except FlowLockFailed:
        raise TaskAlreadyHandled(_("Công việc đang được người khác xử lý, vui lòng thử lại.")) from None
    if refused is not None:
        raise refused
    task.refresh_from_db()
    return task


def plan_draft_submit(*, process, user) -> Task:
    """Complete the drafter's open soạn thảo step (Trình duyệt): the plan goes to the trưởng phòng.

    Runs in the caller's transaction, under the flow lock the caller holds or takes here.
    """
    from . import drafting

    with process.flow_class.lock(process.pk), transaction.atomic():
        task = drafting.draft_task(process=process, user=user)
        if task is None or task.flow_task.name != "edit":
            raise TaskAlreadyHandled(_("Dự thảo đã được trình."))
        activation = task.flow_task.activation_class(task)
        activation.start(SimpleNamespace(user=user))
        activation.execute()
    return task


def plan_start(*, user, submit: bool = True, **draft):
    """Start a plan process from code (the Word import, the demo): the same start the draft screen runs.

    ``submit=False`` keeps the draft at its soạn thảo step (a Word import is checked, and given its
    Lĩnh vực, before it is sent).
    """
    from .flows import PlanFlow

    if not services.user_can_draft(user):
        raise PermissionDenied(_("Chỉ chuyên viên được soạn thảo kế hoạch."))
    activation = PlanFlow.start.activation_class.create(PlanFlow.start, None, None)
    with transaction.atomic():
        activation.start(SimpleNamespace(user=user))  # what the start screen does with the request
        services.plan_draft_create(drafter=user, process=activation.process, **draft)
        if "submission_content" not in draft:
            from .drafting import submission_body_initialise

            submission_body_initialise(process=activation.process)  # a Tờ trình written from the plan
        activation.execute()
        services.audit_record(process=activation.process, actor=user, task=activation.task,
                              action="draft" if submit else "create")
        if submit:
            plan_draft_submit(process=activation.process, user=user)
    return activation.process
