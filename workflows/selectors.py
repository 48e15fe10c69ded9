"""Reads of processes and tasks, always scoped to what a user may see."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from documents.changes import version_changes as changes
from documents.selectors import pk_in, units_of_user
from orgchart.selectors import user_standing
from workflows import flowrefs
from workflows.models import AUDIT_PENDING, AuditEntry, PlanProcess, ReceiptProcess, UnitReport, UnitReportProcess

#: Steps after which the Văn phòng UBND and the province's leaders and clerks take part.
PROVINCE_STEPS = ("vet", "decide", "issue", "disseminate", "issued")


def audit_last_action(*, process_id: int) -> str | None:
    """The action of the latest audit entry of a process, one still pending in this transaction included
    (``workflows.audit.chain.audit_deferred``), or None."""
    for entry in reversed(getattr(AUDIT_PENDING, "entries", None) or []):
        if entry.process_id == process_id:
            return entry.action
    return AuditEntry.objects.filter(process_id=process_id).order_by("-id").values_list("action", flat=True).first()


def _handled_by(user):
    """Processes ``user`` took part in: a step they completed, or an entry of the audit in their name. A former
    holder keeps reading these (what they drafted, signed or handled), and nothing else of their old unit."""
    return (Exists(Task.objects.filter(process_id=OuterRef("pk"), owner=user, status=STATUS.DONE))
            | Exists(AuditEntry.objects.filter(process_id=OuterRef("pk"), actor=user)))


def _entitled_open_task(user):
    """Processes with an open step of a position ``user`` may act for today (holder or substitute)."""
    from django.utils import timezone


    positions = sorted(user_standing(user=user, on=timezone.localdate()).positions)
    if not positions:
        return Q(pk__in=[])
    return Exists(Task.objects.filter(process_id=OuterRef("pk"), status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
                                      data__position_id__in=positions))


def plan_processes_visible_to(*, user):
    """Plans a user may open today: their sở's drafts; the province's once submitted; issued ones sent to their unit
    (units as of today: ``units_of_user``); what they drafted or handled; a step they may act for now."""
    qs = PlanProcess.objects.all()
    if user.is_superuser:
        return qs
    units = units_of_user(user=user)
    steps = [flowrefs.step(flow, name) for flow in flowrefs.PLAN_FLOWS for name in PROVINCE_STEPS
             if flow != flowrefs.CONSOLIDATED_REPORT or name != "vet"]  # the Báo cáo tổng hợp is not vetted
    reached_province = Exists(Task.objects.filter(process_id=OuterRef("pk"), flow_task__in=steps))
    received = Exists(ReceiptProcess.objects.filter(document_id=OuterRef("plan_id"), unit_id__in=units))
    received_by_me = Exists(ReceiptProcess.objects.filter(document_id=OuterRef("plan_id"), acknowledged_by=user))
    return qs.filter(
        Q(department_id__in=units) | Q(division_id__in=units) | Q(drafter=user) | _handled_by(user) | received
        | received_by_me
        | _entitled_open_task(user) | (reached_province & (Q(office_id__in=units) | Q(province_id__in=units)))
    )


def receipts_visible_to(*, user):
    qs = ReceiptProcess.objects.all()
    if user.is_superuser:
        return qs
    units = units_of_user(user=user)
    return qs.filter(Q(unit_id__in=units) | Q(document__issuer_id__in=units) | Q(acknowledged_by=user) | _handled_by(user))


def unit_report_processes_visible_to(*, user):
    """A unit sees its own report processes; the receiving unit sees what was submitted to it (units as of today);
    a person sees what they handled, and a step they may act for now."""
    qs = UnitReportProcess.objects.filter(unit_report__isnull=False)
    if user.is_superuser:
        return qs
    units = units_of_user(user=user)
    return qs.filter(Q(unit_report__unit_id__in=units) | Q(unit_report__receiver_id__in=units) | _handled_by(user)
                     | _entitled_open_task(user))


def visible_processes(*, user, flow_class):
    from viewflow.workflow.fields import get_flow_ref

    flow_ref = get_flow_ref(flow_class)
    if flow_ref in flowrefs.PLAN_FLOWS:
        return plan_processes_visible_to(user=user)
    if flow_ref == flowrefs.RECEIPT:
        return receipts_visible_to(user=user)
    if flow_ref == flowrefs.UNIT_REPORT:
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


def version_changes(*, document) -> list:
    """What the latest version of ``document`` changed from the one before, part by part, word by word."""
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


    qs = UnitReport.objects.filter(obligation__plan=process).select_related("unit", "obligation", "receiver")
    if state:
        qs = qs.filter(state=state)
    counts = dict(UnitReport.objects.filter(obligation__plan=process).values_list("state").annotate(n=Count("id")))
    return Paginator(qs.order_by("obligation_id", "unit__name"), per_page).get_page(page), counts


# --- who may see a document (rules added to documents.selectors.documents_visible_to at ready()) -------------


def documents_of_visible_processes(*, user, unit_ids) -> Q:
    """The plan and the submission of every plan process the user may open."""
    processes = plan_processes_visible_to(user=user)
    return Q(pk_in(processes.values("plan_id"))) | Q(pk_in(processes.filter(submission__isnull=False).values("submission_id")))


def reports_submitted_to(*, user, unit_ids) -> Q:
    """Reports (and implementing plans) a unit has submitted to the user's unit: the consolidator reads them."""
    from documents.selectors import pk_in
    from workflows.models import UnitReport

    submitted = UnitReport.objects.filter(receiver_id__in=unit_ids, submitted_at__isnull=False)
    return (Q(pk_in(submitted.exclude(report__isnull=True).values("report_id")))
            | Q(pk_in(submitted.exclude(implementing_plan__isnull=True).values("implementing_plan_id"))))


def unit_dashboard_reports(*, user, unit):
    """The reports a unit owes that ``user`` may follow on its drill-down page, or None when the page is not theirs.

    Their own unit or one below a unit of theirs: every report under the plans they may see. Otherwise only the
    reports that come to one of their units (as receiver, consolidator or the lead unit in between); none: None.
    """
    from django.db.models import Q

    from documents.selectors import units_of_user
    from workflows.models import UnitReport

    if not user.is_authenticated:
        return None
    units = set(units_of_user(user=user))
    chain, current = set(), unit
    while current is not None and current.pk not in chain:
        chain.add(current.pk)
        current = current.parent
    if user.is_superuser or units & chain:
        return UnitReport.objects.filter(unit=unit, obligation__plan__in=plan_processes_visible_to(user=user))
    concerning = UnitReport.objects.filter(unit=unit).filter(
        Q(receiver_id__in=units) | Q(obligation__consolidator_id__in=units) | Q(obligation__via_unit_id__in=units))
    return concerning if concerning.exists() else None
