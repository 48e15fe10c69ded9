"""Đôn đốc: the consolidator sends a message to selected late units of a plan, recorded in the audit log.

Who may: the consolidation right the dashboard uses (``user_can_consolidate``: a specialist of the plan's
consolidating unit or of its sở) on a plan the user may see; nobody else (deny by default). What: only units
of this plan that are late on the day; a forged or foreign id refuses the whole request, nothing is sent.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows import flowrefs
from workflows.audit.chain import audit_append
from workflows.models import Notification, PlanProcess
from workflows.notifications import notify
from workflows.notifications.reminders import unit_heads
from workflows.reports.consolidated import user_can_consolidate
from workflows.reports.dashboard import late_reports, plan_reports
from workflows.selectors import plan_processes_visible_to

MESSAGE_MAX = 2000


@dataclasses.dataclass
class Urged:
    reports: list  # the late units' reports urged
    notifications: list[Notification]
    unreached: list[str]  # units with nobody to tell on the day (no head, no assignee): said, not hidden


def urge_allowed(*, user, process: PlanProcess) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if not plan_processes_visible_to(user=user).filter(pk=process.pk).exists():
        return False
    return user_can_consolidate(user=user, process=process)


def _report_url(report) -> str:
    return flowrefs.flow(flowrefs.UNIT_REPORT).instance.reverse("process_detail", args=[report.process_id])


@transaction.atomic
def urge_late_units(*, user, process: PlanProcess, report_ids, message: str,
                    today: datetime.date) -> Urged:
    """Send the message to the units of ``report_ids`` (all late reports of this plan), record it; the notifications."""
    if not urge_allowed(user=user, process=process):
        raise PermissionDenied(_("Bạn không có quyền đôn đốc các đơn vị của kế hoạch này."))
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Nhập nội dung đôn đốc."))
    if len(message) > MESSAGE_MAX:
        raise ValidationError(_("Nội dung đôn đốc dài quá %(n)s ký tự.") % {"n": MESSAGE_MAX})
    try:
        ids = {int(pk) for pk in report_ids}
    except (TypeError, ValueError):
        raise ValidationError(_("Danh sách đơn vị không hợp lệ.")) from None
    if not ids:
        raise ValidationError(_("Chọn ít nhất một đơn vị quá hạn để đôn đốc."))
    reports = list(late_reports(reports=plan_reports(process=process), today=today).filter(pk__in=ids)
                   .select_related("unit", "obligation").order_by("unit__name"))
    if len(reports) != len(ids):
        raise ValidationError(_("Có đơn vị không thuộc kế hoạch này hoặc không còn quá hạn; chưa gửi đôn đốc."))
    entry = audit_append(process=process, actor=user, action="urge", comment=message, data={
        "reports": [r.pk for r in reports], "units": [r.unit_id for r in reports],
        "unit_names": [r.unit.short_name or r.unit.name for r in reports]})
    heads = unit_heads(unit_ids={r.unit_id for r in reports}, on=today)
    sent = notify.unit_reports_urged_notify(reports=reports, heads=heads, message=message, by=user, entry_id=entry.pk,
                                            url_of=_report_url)
    reached = {n.unit_report_id for n in sent}
    return Urged(reports=reports, notifications=sent,
                 unreached=[r.unit.short_name or r.unit.name for r in reports if r.pk not in reached])
