"""Deadline extensions (gia hạn): a unit asks for a later due date, the consolidating unit's head decides.

- asking: the report's assignee or the unit's head, on the day (``authorization.extension_request_permission``),
  with a reason and a date after the current due date; one pending request per report;
- deciding: the head of the obligation's consolidating unit that day, or their substitute
  (``authorization.extension_decide_permission``); approval moves ``UnitReport.due_date``, which reminders and
  dashboards read, so they follow the approved date; refusal leaves it;
- the history: every request stays as it was decided (never edited afterwards), each step in the audit chain;
- who is told: the consolidating unit's head of a new request, the requester of the decision.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows import authorization
from workflows.audit.chain import audit_append
from workflows.heads import unit_body, unit_head_position
from workflows.models import DeadlineExtension, ExtensionState, UnitReport
from workflows.notifications import notify

NOT_FOUND = _("Không tìm thấy đề nghị gia hạn hoặc bạn không có quyền xem.")


def _date_text(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else _("(chưa có hạn)")


@transaction.atomic
def extension_request(*, report: UnitReport, user, new_due_date: datetime.date | None, reason: str) -> DeadlineExtension:
    """The unit asks for ``new_due_date`` instead of the report's due date, with ``reason``."""
    report = UnitReport.objects.select_for_update().select_related("unit", "obligation__consolidator").get(pk=report.pk)
    verdict = authorization.extension_request_permission(user=user, report=report)
    if not verdict:
        raise PermissionDenied(_("Chỉ người được giao hoặc thủ trưởng đơn vị %(unit)s mới được đề nghị gia hạn báo cáo "
                                 "chưa được chấp nhận.") % {"unit": report.unit})
    errors = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Vui lòng nêu lý do đề nghị gia hạn.")
    if new_due_date is None:
        errors["new_due_date"] = _("Vui lòng chọn hạn mới.")
    elif report.due_date is not None and new_due_date <= report.due_date:
        errors["new_due_date"] = _("Hạn mới phải sau hạn hiện tại (%(due)s).") % {"due": _date_text(report.due_date)}
    elif new_due_date <= timezone.localdate():
        errors["new_due_date"] = _("Hạn mới phải sau ngày hôm nay.")
    if errors:
        raise ValidationError(errors)
    if report.extensions.filter(state=ExtensionState.PENDING).exists():
        raise ValidationError({"new_due_date": _("Báo cáo này đã có một đề nghị gia hạn đang chờ quyết định.")})
    try:
        with transaction.atomic():
            extension = DeadlineExtension.objects.create(
                unit_report=report, requested_by=user, old_due_date=report.due_date, new_due_date=new_due_date,
                reason=reason)
    except IntegrityError:  # a concurrent request was first
        raise ValidationError({"new_due_date": _("Báo cáo này đã có một đề nghị gia hạn đang chờ quyết định.")}) from None
    audit_append(process_id=report.process_id, actor=user, position=verdict.position, on_behalf_of=verdict.on_behalf_of,
                 action="extension_request", comment=reason,
                 data={"extension": extension.pk, "unit_report": report.pk, "capacity": str(verdict.capacity),
                       "old_due_date": report.due_date, "new_due_date": new_due_date})
    notify.extension_requested_notify(extension=extension)
    return extension


@transaction.atomic
def extension_decide(*, extension: DeadlineExtension, user, approve: bool, comment: str = "") -> DeadlineExtension:
    """The consolidating unit's head approves (the due date moves) or refuses (it stays; a comment is required)."""
    extension = DeadlineExtension.objects.select_for_update().select_related(
        "unit_report__unit", "unit_report__obligation__consolidator", "requested_by").get(pk=extension.pk)
    verdict = authorization.extension_decide_permission(user=user, extension=extension)
    if not verdict:
        if verdict.reason == "state":
            raise ValidationError(_("Đề nghị gia hạn này đã được quyết định."))
        raise PermissionDenied(_("Chỉ thủ trưởng cơ quan tổng hợp (hoặc người được ủy quyền) mới được quyết định gia hạn."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Vui lòng nêu lý do không đồng ý gia hạn.")})
    report = UnitReport.objects.select_for_update().get(pk=extension.unit_report_id)
    extension.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    extension.decided_by = user
    extension.decided_at = timezone.now()
    extension.decision_comment = comment
    extension.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
    if approve:
        report.due_date = extension.new_due_date
        report.save(update_fields=["due_date"])
        extension.unit_report.due_date = report.due_date  # what the caller shows next
    audit_append(process_id=report.process_id, actor=user, position=verdict.position, on_behalf_of=verdict.on_behalf_of,
                 action="extension_approve" if approve else "extension_refuse", comment=comment,
                 data={"extension": extension.pk, "unit_report": report.pk, "capacity": str(verdict.capacity),
                       "old_due_date": extension.old_due_date, "new_due_date": extension.new_due_date})
    notify.extension_decided_notify(extension=extension)
    return extension


# --- reads ---------------------------------------------------------------------------------------------


def extensions_to_decide(*, user, on: datetime.date | None = None):
    """The pending requests ``user`` decides on ``on``: those to a consolidating body (or a phòng of it) whose head
    post they hold (or act for by delegation) that day."""
    from django.db.models import Q

    on = on or timezone.localdate()
    bodies = []
    for position in authorization.extension_head_positions(user=user, on=on):
        try:
            if unit_head_position(unit=position.unit, on=on).pk == position.pk:
                bodies.append(position.unit_id)
        except ValidationError:
            continue
    consolidated_by = Q(unit_report__obligation__consolidator_id__in=bodies) | Q(
        unit_report__obligation__consolidator__parent_id__in=bodies, unit_report__obligation__consolidator__kind="division")
    return (DeadlineExtension.objects.filter(consolidated_by, state=ExtensionState.PENDING)
            .select_related("unit_report__unit", "unit_report__obligation", "requested_by").order_by("requested_on", "id"))


def extension_for_decision(*, user, pk: int) -> DeadlineExtension:
    """The request ``pk`` if ``user`` may decide it or see it decided (its consolidating unit's head); else 404."""
    extension = DeadlineExtension.objects.select_related(
        "unit_report__unit", "unit_report__obligation__consolidator", "unit_report__obligation__plan__plan",
        "requested_by", "decided_by").filter(pk=pk).first()
    if extension is None:
        raise ObjectDoesNotExist(NOT_FOUND)
    verdict = authorization.extension_decide_permission(user=user, extension=extension)
    if not verdict and verdict.reason != "state":
        raise ObjectDoesNotExist(NOT_FOUND)
    return extension


def report_for_extensions(*, user, pk: int) -> UnitReport | None:
    """The report whose requests ``user`` may read: its unit's or receiver's people (``unit_report_for``), or the
    consolidating unit's (or its sở's); else None (no hint that it exists)."""
    from documents.selectors import units_of_user
    from workflows.reports.selectors import unit_report_for

    report = unit_report_for(user=user, pk=pk)
    if report is not None:
        return report
    report = UnitReport.objects.select_related("unit", "obligation__plan", "obligation__consolidator").filter(pk=pk).first()
    if report is None:
        return None
    consolidator = report.obligation.consolidator
    if {consolidator.pk, unit_body(consolidator).pk} & set(units_of_user(user=user)):
        return report
    return None


def report_extensions(*, report: UnitReport):
    """A report's requests, newest first (its history)."""
    return report.extensions.select_related("requested_by", "decided_by").order_by("-requested_on", "-id")


def extended_report_ids(*, reports) -> set[int]:
    """Which of ``reports`` had an extension approved (the dashboard's "đã gia hạn"): one query."""
    return set(DeadlineExtension.objects.filter(unit_report__in=reports, state=ExtensionState.APPROVED)
               .values_list("unit_report_id", flat=True).distinct())
