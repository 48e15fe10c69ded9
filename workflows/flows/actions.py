"""Task actions outside the task screens (REST API): the same rules, one lock, one transaction.

What each step accepts and which service it calls: ``workflows.flows.steps`` (keyed by the node).

Two people acting on the same task at once: the process row is locked, the
task is re-read under the lock, and whoever comes second is told, in
Vietnamese, that the task has already been handled.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from orgchart import two_factor
from workflows import authorization
from workflows.audit.chain import audit_deferred
from workflows.authorization import TaskAction
from workflows.flows import steps
from workflows.flows.runtime import TaskAlreadyHandled
from workflows.flows.signing import action_signs, signing_after_step
from workflows.plans import clocks


def _sign(*, task: Task, user, pin: str) -> None:
    """The digital signature the step adds (``workflows.flows.signing``), with the PIN passed in ``data``."""
    process = task.process if hasattr(task.process, "unit_report") else task.process.coerced
    signing_after_step(step=task.flow_task.name, process=process, user=user, pin=pin)


def _perform(*, task: Task, user, action: str, data: dict) -> None:
    process = task.process if hasattr(task.process, "unit_report") else task.process.coerced
    steps.step_for(task.flow_task).perform(task=task, process=process, user=user, action=action, data=data)


def _signing_refused(*, step: str, action: str, user, data: dict, session) -> Exception | None:
    """The refusal of a signature not confirmed by a one-time code (``data["otp"]``), or ``None``."""
    if not action_signs(step=step, action=action):
        return None
    try:
        two_factor.signing_confirm(user=user, code=data.get("otp"), session=session)
    except ValidationError as exc:
        return ValidationError({"otp": exc.messages})
    except PermissionDenied as exc:
        return exc
    return None


def task_perform(*, task_id: int, user, action: str, data: dict | None = None, signing_session=None,
                 task: Task | None = None) -> Task:
    """Take (if it waits in a queue) and complete a task with ``action``.

    ``data`` carries the comment and, for an issue, the date and place; code
    that replays history (the demo) may pass ``on`` for the day of a signature.
    A signature (``workflows.flows.signing``) needs ``data["otp"]``, the signer's one-time
    code, unless a signing window is open in ``signing_session`` (the request's session,
    or any dict a caller keeps per user).

    Who may: ``authorization.task_permission`` (the one rule), as on the task screens.

    Raises ``Task.DoesNotExist`` (unknown), ``PermissionDenied`` (no right, or no
    authenticator enrolled for a signature), ``TaskAlreadyHandled`` (someone else first),
    ``ValidationError`` (bad input, a missing or wrong code, a wrong PIN); in every case
    nothing is written but a wrong code's count.

    ``task``: the task ``task_id`` as the caller just read it (with its process), to save reading it again; it is
    re-read under the lock anyway. Returns the task as it is afterwards, with its process, report and owner.
    """
    data = data or {}
    if task is None or task.pk != task_id:
        task = Task.objects.select_related("process").get(pk=task_id)
    flow_task = task.flow_task
    step = flow_task.name
    if action not in steps.actions_for(flow_task):
        raise ValidationError(_("Thao tác “%(action)s” không áp dụng cho bước “%(step)s”.") % {"action": action, "step": flow_task.task_title or step})
    refused = None
    try:
        # the audit entries are chained at the end of the block, so that the chain's lock is held to the commit only;
        # no savepoint inside the lock's transaction (two round trips): an error leaves both blocks, which roll back
        with flow_task.flow_class.lock(task.process_id), transaction.atomic(savepoint=False), audit_deferred():
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
    # read once with what the API's answer says (the report, the owner, the document's độ khẩn)
    return clocks.with_urgency(Task.objects.select_related("process", "process__unit_report", "owner")).get(pk=task.pk)
