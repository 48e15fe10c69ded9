"""Reads of unit reports and of the consolidation, scoped to what a user may see (the pages and the API ask here)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from documents.selectors import units_of_user
from workflows import selectors
from workflows.models import UnitReport
from workflows.reports import consolidated


def unit_report_for(*, user, pk: int) -> UnitReport | None:
    """The report if the user's unit owes it or receives it (else None: no hint that it exists)."""
    report = UnitReport.objects.select_related("unit", "obligation__plan").filter(pk=pk).first()
    if report is None or user.is_superuser or {report.unit_id, report.receiver_id} & set(units_of_user(user=user)):
        return report
    return None


def consolidation_level(*, user, pk: int, unit: str | None = None):
    """The plan ``pk`` the user consolidates, the levels they may consolidate at and the one chosen (``unit``, an id
    as typed, else the first): ``(process, levels, level)``.

    Raises ``ObjectDoesNotExist`` with the Vietnamese reason (a 404 on the pages and in the API)."""
    process = selectors.plan_processes_visible_to(user=user).select_related(
        "plan", "division", "province").filter(pk=pk, consolidates__isnull=True).first()
    if process is None:
        raise ObjectDoesNotExist(_("Không tìm thấy kế hoạch hoặc bạn không có quyền xem."))
    levels = consolidated.consolidation_levels(user=user, process=process)
    if not levels:
        raise ObjectDoesNotExist(_("Bạn không thuộc đơn vị tổng hợp báo cáo của kế hoạch này."))
    level = next((u for u in levels if str(u.pk) == unit), levels[0])
    return process, levels, level
