"""The open work of units that ended in a restructuring moves to their successors."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from orgchart import selectors as org
from orgchart.models import Position, Unit
from workflows.models import ReceiptProcess, ReportState, UnitReport
from workflows.plans.services import audit_record

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def _repoint_tasks(process, *, old: Unit, new: Unit) -> int:
    """Queue tasks that waited for the old unit's people now wait for the successor's; a step of one of the old
    unit's positions (its head's) goes to the same post of the successor and whoever acts for it today, since
    the one rule (``authorization``) lets nobody else hold it."""
    ct = ContentType.objects.get_for_model(Unit)
    moved = Task.objects.filter(process=process, status__in=OPEN, owner_permission_content_type=ct,
                                owner_permission_obj_pk=str(old.pk)).update(owner_permission_obj_pk=str(new.pk))
    today = timezone.localdate()
    for task in Task.objects.filter(process=process, status__in=OPEN, owner_permission__isnull=True,
                                    data__has_key="position_id"):
        position = Position.objects.filter(pk=task.data["position_id"], unit=old).first()
        if position is None:
            continue
        successor_post = org.unit_position(unit=new, kind=position.kind, on=today)
        if successor_post is None:
            continue
        actor = org.position_actor(position=successor_post, on=today)
        task.data["position_id"] = successor_post.pk
        if actor.user is not None:
            task.owner = actor.user
            task.status = STATUS.ASSIGNED if task.status == STATUS.NEW else task.status
        task.save(update_fields=["data", "owner", "status"])
        moved += 1
    return moved


def units_restructured_move_work(sender, *, units, on, result, actor=None, **kwargs) -> None:
    """Receiver of ``orgchart.signals.units_restructured`` (connected in ``WorkflowsConfig.ready()``)."""
    move_open_work(units=units, on=on, result=result, actor=actor)


def move_open_work(*, units: list[Unit], on, result, actor=None) -> None:
    for old in units:
        new = org.unit_current(unit=old, on=on)
        if new.pk == old.pk:
            continue
        _move_reports(old=old, new=new, result=result, actor=actor)
        _move_receivers(old=old, new=new, result=result, actor=actor)
        _move_receipts(old=old, new=new, result=result, actor=actor)


def _move_reports(*, old: Unit, new: Unit, result, actor) -> None:
    reports = UnitReport.objects.filter(unit=old).exclude(state=ReportState.ACCEPTED).select_related("process", "obligation")
    for report in reports:
        if report.process is None or report.process.status in (PROCESS.DONE, PROCESS.CANCELED):
            continue
        # the successor's report on the same duty and, for a recurring one, the same cycle
        twin = UnitReport.objects.filter(obligation=report.obligation, cycle_id=report.cycle_id, unit=new).first()
        if twin is None:
            report.unit = new
            report.save(update_fields=["unit"])
            moved = _repoint_tasks(report.process, old=old, new=new)
            audit_record(process=report.process, actor=actor, action="restructure_move",
                         data={"from": old.key, "to": new.key, "tasks": moved})
            result.moved.append(f"{report.obligation} — {old} → {new} ({moved} công việc)")
        else:
            # The successor already reports on this obligation: fold the predecessor into it, keep its children.
            UnitReport.objects.filter(parent=report).update(parent=twin)
            now = timezone.now()
            Task.objects.filter(process=report.process, status__in=OPEN).update(status=STATUS.CANCELED, finished=now)
            report.process.status = PROCESS.CANCELED
            report.process.finished = now
            report.process.save(update_fields=["status", "finished"])
            audit_record(process=report.process, actor=actor, action="restructure_merge",
                         data={"from": old.key, "into": new.key, "into_report": twin.pk})
            result.merged.append(f"{report.obligation} — {old} gộp vào báo cáo của {new}")


def _move_receivers(*, old: Unit, new: Unit, result, actor) -> None:
    reports = UnitReport.objects.filter(receiver=old).exclude(state=ReportState.ACCEPTED).select_related("process")
    for report in reports:
        report.receiver = new
        report.save(update_fields=["receiver"])
        if report.process is not None:
            moved = _repoint_tasks(report.process, old=old, new=new)
            audit_record(process=report.process, actor=actor, action="restructure_receiver",
                         data={"from": old.key, "to": new.key, "tasks": moved})
        result.moved.append(f"Nơi nhận báo cáo của {report.unit}: {old} → {new}")


def _move_receipts(*, old: Unit, new: Unit, result, actor) -> None:
    for receipt in ReceiptProcess.objects.filter(unit=old, acknowledged_at__isnull=True).exclude(status=PROCESS.DONE):
        if ReceiptProcess.objects.filter(document=receipt.document, unit=new).exists():
            now = timezone.now()
            Task.objects.filter(process=receipt, status__in=OPEN).update(status=STATUS.CANCELED, finished=now)
            receipt.status, receipt.finished = PROCESS.CANCELED, now
            receipt.save(update_fields=["status", "finished"])
            result.merged.append(f"Văn bản đến {receipt.document.symbol}: {old} đã có ở {new}")
            continue
        receipt.unit = new
        receipt.save(update_fields=["unit"])
        moved = _repoint_tasks(receipt, old=old, new=new)
        audit_record(process=receipt, actor=actor, action="restructure_move", data={"from": old.key, "to": new.key})
        result.moved.append(f"Văn bản đến {receipt.document.symbol}: {old} → {new} ({moved} công việc)")
