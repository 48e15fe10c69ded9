"""What starts, moves on or releases a process: the flows' side of the domain's services.

The services (``plans``, ``reports``) hold the rules and never import the flows; what has to run a
flow node lives here:

- the plan's dissemination starts one ``ReceiptFlow`` per recipient unit (``plan_disseminate``);
- a unit's accepted report releases its parent unit's wait (``unit_report_release_parent``) or, at
  the top, the plan's (``plan_release_if_done``); the services announce the acceptance with
  ``workflows.signals.unit_report_accepted`` and ``unit_report_accepted_release`` below takes the
  other process's lock only after the current one is released (``lock.after_lock_released``, as
  viewflow's own ``nodes/end.py`` does for a parent task);
- past the deadlines a head decides to go on without the missing reports (``unit_report_go_on``,
  ``plan_go_on``);
- the Báo cáo tổng hợp starts once per plan, or once per report cycle of a recurring duty
  (``consolidated_report_start``);
- a plan process starts from code (``plan_start``: the Word import, the demo) and a draft is sent
  (``plan_draft_submit``).

The flow definitions (``workflows.flows``) import this module; this module reaches the flows by their
stored reference (``workflows.flowrefs``), so the two never import each other.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow import lock
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from documents.models import Document
from orgchart import selectors as org
from workflows import flowrefs
from workflows.flows.fanout import receipts_open
from workflows.heads import unit_head_position
from workflows.models import ArchiveCopy, ConsolidatedReportProcess, PlanProcess, ReportState, UnitReport, UnitRole
from workflows.plans import drafting
from workflows.plans import services as plan_services
from workflows.plans.services import audit_record, plan_fanout_schedule, plan_recipients
from workflows.reports.consolidated import consolidation_cycle, current_report, user_can_consolidate


class TaskAlreadyHandled(Exception):
    """The task was completed (or taken) by someone else first."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Công việc này đã được người khác xử lý."))


@transaction.atomic
def plan_disseminate(*, process: PlanProcess, fanout: bool = True) -> int:
    """Send the issued plan to every unit its Nơi nhận names on the issue date (văn bản đến + Tiếp nhận task).

    ``fanout``: read the plan's obligations and open the units' report processes (not for a report).
    """
    plan = Document.objects.select_related("issuer").get(pk=process.plan_id)
    if not plan.is_issued:
        raise ValidationError(_("Kế hoạch chưa ban hành, không thể gửi."))
    process.plan = plan
    recipients, archive, unresolved = plan_recipients(plan=plan, on=plan.issued_on)
    for unit in archive:
        ArchiveCopy.objects.get_or_create(document=plan, unit=unit)
    existing = set(plan.receipts.values_list("unit_id", flat=True))
    # One văn bản đến per unit, written set-wise (the rows ReceiptFlow.start.run() writes for one): a plan sent to
    # 1 000 communes is a few statements, not 1 000 flow starts inside the văn thư's request.
    started = receipts_open(document=plan,
                            recipients=[(unit, line) for unit, line in recipients if unit.pk not in existing])
    audit_record(process=process, actor=None, action="disseminate",
                 data={"recipients": len(recipients), "archive": len(archive), "unresolved": unresolved})
    if fanout:
        plan_fanout_schedule(process=process)
    return started


def unit_report_release_parent(*, parent_id: int, force: bool = False, user=None) -> bool:
    """Move an intermediate unit on to its own report once all its children are accepted (or, forced, after the deadline)."""
    parent = UnitReport.objects.select_related("process").get(pk=parent_id)
    if not force and parent.children.exclude(state=ReportState.ACCEPTED).exclude(role=UnitRole.COOPERATING).exists():
        return False
    wait_children = flowrefs.flow(flowrefs.UNIT_REPORT).wait_children
    task = parent.process.task_set.filter(flow_task=wait_children, status=STATUS.NEW).first()
    if task is None:
        return False
    wait_children.run(task)
    if user is not None:
        audit_record(process=parent.process, actor=user, action="go_on_without_children")
    return True


@transaction.atomic
def unit_report_go_on(*, report: UnitReport, user) -> bool:
    """Past the children's deadline, the unit's head decides to go on without the missing reports."""
    today = timezone.localdate()
    head = org.position_actor(position=unit_head_position(unit=report.unit, on=today), on=today).user
    if head is None or head.pk != user.pk:
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị được quyết định tiếp tục."))
    late = report.children.exclude(state=ReportState.ACCEPTED)
    if late.filter(due_date__gte=today).exists() or late.filter(due_date__isnull=True).exists():
        raise ValidationError(_("Chưa hết hạn báo cáo của đơn vị cấp dưới, chưa thể tiếp tục."))
    return unit_report_release_parent(parent_id=report.pk, force=True, user=user)


def plan_release_if_done(*, plan_process_id: int, force: bool = False, user=None) -> bool:
    """Move the plan on (to consolidation) once every unit's report is accepted, or, forced, after the deadlines."""
    process = PlanProcess.objects.get(pk=process_id) if (process_id := plan_process_id) else None
    open_reports = UnitReport.objects.filter(obligation__plan=process).exclude(state=ReportState.ACCEPTED).exclude(
        process__status=PROCESS.CANCELED).exclude(role=UnitRole.COOPERATING)  # a row is done when its chủ trì units are
    if not force and open_reports.exists():
        return False
    wait_reports = flowrefs.flow(flowrefs.PLAN).wait_reports
    task = process.task_set.filter(flow_task=wait_reports, status=STATUS.NEW).first()
    if task is None:
        return False
    wait_reports.run(task)
    if user is not None:
        audit_record(process=process, actor=user, action="go_on_without_reports",
                     data={"missing": open_reports.count()})
    return True


@transaction.atomic
def plan_go_on(*, process, user) -> bool:
    """After every deadline, the consolidator decides to consolidate without the missing reports."""
    if not org.user_has_unit_right(user=user, right=org.ACT, unit=process.division, on=timezone.localdate()):
        raise PermissionDenied(_("Chỉ đơn vị tổng hợp được quyết định tiếp tục."))
    today = timezone.localdate()
    if process.obligations.filter(due_date__gte=today).exists() or process.obligations.filter(due_date__isnull=True).exists():
        raise ValidationError(_("Chưa hết hạn báo cáo của các đơn vị, chưa thể tổng hợp."))
    return plan_release_if_done(plan_process_id=process.pk, force=True, user=user)


@transaction.atomic
def consolidated_report_start(*, process: PlanProcess, user=None, cycle=None) -> ConsolidatedReportProcess:
    """Open the Báo cáo tổng hợp of ``process`` once per report cycle (a second call for the same plan and cycle
    returns the same one, never a second process).

    ``cycle``: the report cycle of the plan's reporting duty it reports on, as chosen on the Bảng tổng hợp
    (``consolidated.consolidation_cycle``); None: the current one, or none for a plan without cycles.
    Started by the consolidator's specialist from the consolidated table, or by the plan's
    process itself when the last unit's report is accepted (then drafted by the plan's drafter).
    Raises ValidationError (plan not issued, a cycle of another plan), PermissionDenied (not the consolidator's).
    """
    # One report per plan and cycle, even when two click: the plan's row lock serialises the check and the start
    PlanProcess.objects.select_for_update().filter(pk=process.pk).first()
    if cycle is None:
        cycle = consolidation_cycle(process=process, value=None, today=timezone.localdate())
    elif cycle.obligation.plan_id != process.pk:
        raise ValidationError(_("Kỳ báo cáo không thuộc kế hoạch này."))
    existing = current_report(process=process, cycle=cycle)
    if existing is not None:
        return existing
    if process.plan.status != "issued":
        raise ValidationError(_("Kế hoạch chưa ban hành, chưa thể lập báo cáo tổng hợp."))
    if user is not None and not user_can_consolidate(user=user, process=process):
        raise PermissionDenied(_("Chỉ chuyên viên của cơ quan tổng hợp được lập báo cáo tổng hợp."))
    drafter = user or process.drafter
    return flowrefs.flow(flowrefs.CONSOLIDATED_REPORT).start.run(plan_process=process, drafter=drafter, cycle=cycle)


def unit_report_accepted_release(sender, *, report: UnitReport, **kwargs) -> None:
    """``signals.unit_report_accepted``: move the parent unit's (or the plan's) process on once every report is in.

    That process has its own lock: take it after this one is released (viewflow's rule)."""
    if report.parent_id:
        parent_id = report.parent_id
        lock.after_lock_released(lambda: unit_report_release_parent(parent_id=parent_id))
    else:
        plan_id = report.obligation.plan_id
        lock.after_lock_released(lambda: plan_release_if_done(plan_process_id=plan_id))


def plan_draft_submit(*, process, user) -> Task:
    """Complete the drafter's open soạn thảo step (Trình duyệt): the plan goes to the trưởng phòng.

    Runs in the caller's transaction, under the flow lock the caller holds or takes here.
    """
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
    PlanFlow = flowrefs.flow(flowrefs.PLAN)
    if not plan_services.user_can_draft(user):
        raise PermissionDenied(_("Chỉ chuyên viên được soạn thảo kế hoạch."))
    activation = PlanFlow.start.activation_class.create(PlanFlow.start, None, None)
    with transaction.atomic():
        activation.start(SimpleNamespace(user=user))  # what the start screen does with the request
        plan_services.plan_draft_create(drafter=user, process=activation.process, **draft)
        if "submission_content" not in draft:
            drafting.submission_body_initialise(process=activation.process)  # a Tờ trình written from the plan
        activation.execute()
        plan_services.audit_record(process=activation.process, actor=user, task=activation.task,
                              action="draft" if submit else "create")
        if submit:
            plan_draft_submit(process=activation.process, user=user)
    return activation.process
