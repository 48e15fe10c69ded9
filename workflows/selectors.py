"""Reads of processes and tasks, always scoped to what a user may see."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from documents.selectors import units_of_user

from .models import AuditEntry, PlanProcess, ReceiptProcess

#: Steps after which the Văn phòng UBND and the province's leaders and clerks take part.
PROVINCE_STEPS = ("vet", "decide", "issue", "disseminate", "issued")


def plan_processes_visible_to(*, user):
    """Plans a user may open: their sở's drafts; the province's once submitted; issued ones sent to their unit."""
    qs = PlanProcess.objects.all()
    if user.is_superuser:
        return qs
    units = units_of_user(user=user)
    from viewflow.workflow.fields import get_task_ref

    from .flows import ConsolidatedReportFlow, PlanFlow

    steps = [get_task_ref(getattr(flow, name)) for flow in (PlanFlow, ConsolidatedReportFlow) for name in PROVINCE_STEPS
             if getattr(flow, name, None) is not None]
    reached_province = Exists(Task.objects.filter(process_id=OuterRef("pk"), flow_task__in=steps))
    own_task = Exists(Task.objects.filter(process_id=OuterRef("pk"), owner=user))
    received = Exists(ReceiptProcess.objects.filter(document_id=OuterRef("plan_id"), unit_id__in=units))
    return qs.filter(
        Q(department_id__in=units) | Q(division_id__in=units) | Q(drafter=user) | own_task | received
        | (reached_province & (Q(office_id__in=units) | Q(province_id__in=units)))
    )


def receipts_visible_to(*, user):
    qs = ReceiptProcess.objects.all()
    if user.is_superuser:
        return qs
    units = units_of_user(user=user)
    return qs.filter(Q(unit_id__in=units) | Q(document__issuer_id__in=units))


def unit_report_processes_visible_to(*, user):
    """A unit sees its own report processes; the receiving unit sees what was submitted to it."""
    from .models import UnitReportProcess

    qs = UnitReportProcess.objects.filter(unit_report__isnull=False)
    if user.is_superuser:
        return qs
    units = units_of_user(user=user)
    return qs.filter(Q(unit_report__unit_id__in=units) | Q(unit_report__receiver_id__in=units))


def visible_processes(*, user, flow_class):
    from .flows import ConsolidatedReportFlow, PlanFlow, ReceiptFlow, UnitReportFlow

    if flow_class in (PlanFlow, ConsolidatedReportFlow):
        return plan_processes_visible_to(user=user)
    if flow_class is ReceiptFlow:
        return receipts_visible_to(user=user)
    if flow_class is UnitReportFlow:
        return unit_report_processes_visible_to(user=user)
    return Process.objects.none() if not user.is_superuser else Process.objects.filter(flow_class=flow_class)


def process_visible_to(*, user, process) -> bool:
    if not user.is_authenticated:
        return False
    process = process.coerced if isinstance(process, Process) and type(process) is Process else process
    if isinstance(process, PlanProcess):
        return plan_processes_visible_to(user=user).filter(pk=process.pk).exists()
    if isinstance(process, ReceiptProcess):
        return receipts_visible_to(user=user).filter(pk=process.pk).exists()
    if hasattr(process, "unit_report"):
        return unit_report_processes_visible_to(user=user).filter(pk=process.pk).exists()
    return user.is_superuser


def user_open_tasks(*, user):
    """The user's inbox (assigned to them) and queue (their units may take), soonest due first."""
    from .flows import FLOWS

    flows = list(FLOWS)
    inbox = Task.objects.inbox(flows, user)
    queue = Task.objects.queue(flows, user)
    return (inbox | queue).select_related("process", "owner").order_by("created")


def version_changes(*, document) -> list:
    """What the latest version of ``document`` changed from the one before, part by part, word by word."""
    from documents.changes import version_changes as changes

    versions = list(document.versions.order_by("-number")[:2])
    return changes(old=versions[1], new=versions[0]) if len(versions) == 2 else []


def plan_context(*, process: PlanProcess) -> dict:
    """Everything the plan page and the task screens show."""
    plan = process.plan
    versions = list(plan.versions.select_related("author").order_by("number"))
    from documents.changes import version_changes as changes

    submission = process.submission
    receipts = list(plan.receipts.select_related("unit", "acknowledged_by").order_by("unit__kind", "unit__name"))
    return {
        "plan": plan,
        "submission": submission,
        "content": plan.content,
        "versions": versions,
        "changes": changes(old=versions[-2], new=versions[-1]) if len(versions) > 1 else [],
        "submission_changes": version_changes(document=submission) if submission is not None else [],
        "audit": list(AuditEntry.objects.filter(process=process).select_related("actor", "on_behalf_of", "position")),
        "receipts": receipts,
        "acknowledged": sum(1 for r in receipts if r.acknowledged_at),
        "archive_copies": list(plan.archive_copies.select_related("unit")),
        "attachments": list(plan.attachments.all()),
        "obligations": list(process.obligations.all()),
        "open_tasks": list(process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED])
                           .select_related("owner")),
    }


def unit_reports_page(*, process: PlanProcess, state: str = "", page: int = 1, per_page: int = 50):
    """Every unit's state under the plan, filterable by state, paginated."""
    from django.core.paginator import Paginator

    from .models import UnitReport

    qs = UnitReport.objects.filter(obligation__plan=process).select_related("unit", "obligation", "receiver")
    if state:
        qs = qs.filter(state=state)
    counts = dict(UnitReport.objects.filter(obligation__plan=process).values_list("state").annotate(n=Count("id")))
    return Paginator(qs.order_by("obligation_id", "unit__name"), per_page).get_page(page), counts
