"""Business rules of a unit's report process (quy trình báo cáo của đơn vị)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import services as document_services
from documents.models import DocType, IndicatorKind
from orgchart import selectors as org
from orgchart.models import Unit
from workflows import signals
from workflows.heads import unit_head_position
from workflows.models import IndicatorValue, ObligationKind, ReportState, UnitReport
from workflows.notifications import notify
from workflows.notifications.reports import report_submitted_notify
from workflows.plans.services import audit_record, signer_block
from workflows.reports.consolidated import plan_indicator_table


def unit_head_actor(*, unit: Unit, task=None):
    """The head of ``unit`` today, or whoever acts for them; the position is noted on the task."""
    position = unit_head_position(unit=unit)
    actor = org.position_actor(position=position, on=timezone.localdate())
    if task is not None:
        task.data["position_id"] = position.pk
    return actor.user


def report_title_default(*, obligation, cycle=None) -> str:
    """A unit report's title as the draft opens: the duty's own title when it already names a report; of a
    recurring duty, with its cycle ("…, kỳ 6 tháng đầu năm 2025")."""
    title = (obligation.title or "").strip()
    if not title.casefold().startswith("báo cáo"):
        title = _("Báo cáo %(title)s") % {"title": title}
    return _("%(title)s, kỳ %(cycle)s") % {"title": title, "cycle": cycle.label} if cycle is not None else title


def _set_state(unit_report: UnitReport, state: str, **fields) -> None:
    report = unit_report
    report.state = state
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=["state", *fields])


@transaction.atomic
def unit_report_acknowledge(*, report: UnitReport, user, task=None) -> None:
    if not org.user_has_unit_right(user=user, right=org.CLERK, unit=report.unit, on=timezone.localdate()):
        raise PermissionDenied(_("Bạn không phải văn thư của đơn vị nhận nhiệm vụ này."))
    _set_state(report, ReportState.ACKNOWLEDGED)
    audit_record(process=report.process, task=task, actor=user, action="acknowledge")


@transaction.atomic
def unit_report_assign(*, report: UnitReport, user, assignee, comment: str = "", task=None) -> None:
    if not org.unit_staff(unit=report.unit, on=timezone.localdate()).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Người được giao phải thuộc đơn vị %(unit)s.") % {"unit": report.unit}})
    _set_state(report, ReportState.DRAFTING, assignee=assignee)
    audit_record(process=report.process, task=task, actor=user, action="assign", comment=comment,
                 data={"assignee": assignee.username})


@transaction.atomic
def unit_report_save(*, report: UnitReport, user, title: str, content: dict, comment: str = "", task=None) -> None:
    """The staff member writes the report (sections following the plan's outline).

    The reports of the units below (accepted ones) are attached as inputs (báo cáo của cấp dưới).
    """
    content = dict(content)
    content["inputs"] = [
        {"unit": child.unit.short_name or child.unit.name, "symbol": child.report.symbol if child.report else None,
         "state": child.state}
        for child in report.children.select_related("unit", "report").order_by("unit__name")
    ]
    parent_plan = report.obligation.plan.plan
    implementing = report.obligation.kind == ObligationKind.IMPLEMENTING_PLAN
    if implementing:
        # The unit's own implementing plan (kế hoạch triển khai): a child plan that cites the parent.
        from documents.dates.vndates import format_short

        citation = {"text": _("Căn cứ Kế hoạch số %(symbol)s ngày %(date)s của %(issuer)s")
                    % {"symbol": parent_plan.symbol, "date": format_short(parent_plan.issued_on),
                       "issuer": parent_plan.issuer.short_name or parent_plan.issuer.name},
                    "symbol": parent_plan.symbol, "date": parent_plan.issued_on.isoformat()}
        content["legal_bases"] = [citation, *content.get("legal_bases", [])]
    if report.report is None or report.report.is_issued:
        # A returned report was signed already: the revision is a new document citing it (issued means frozen).
        document = document_services.document_create(
            doc_type=DocType.PLAN if implementing else DocType.REPORT, issuer=report.unit, title=title, content=content,
            created_by=user, parent=parent_plan, cites=report.report or (parent_plan if implementing else None))
        report.report = document
        if implementing:
            report.implementing_plan = document
            report.save(update_fields=["implementing_plan"])
    else:
        document_services.document_save_draft(document=report.report, title=title, content=content, author=user,
                                              comment=comment)
    _set_state(report, ReportState.IN_REVIEW, report=report.report)
    audit_record(process=report.process, task=task, actor=user, action="report_draft", comment=comment)


@transaction.atomic
def unit_report_sign(*, report: UnitReport, user, approve: bool, comment: str = "", task=None) -> None:
    """The head signs (the report takes its number from the unit's register, e.g. 45/BC-UBND) or sends it back."""
    if not approve:
        if not comment.strip():
            raise ValidationError({"comment": _("Trả lại cần ghi rõ lý do.")})
        _set_state(report, ReportState.DRAFTING)
        audit_record(process=report.process, task=task, actor=user, action="report_sign:return", comment=comment)
        notify.unit_report_returned_by_head_notify(report=report, comment=comment, by=user)
        return
    missing = report_figures_missing(report=report)
    if missing:
        raise ValidationError(_("Báo cáo còn thiếu %(n)s ô số liệu bắt buộc của Bảng tổng hợp; trả lại chuyên viên để bổ sung "
                                "trước khi ký.") % {"n": missing})
    today = timezone.localdate()
    position = unit_head_position(unit=report.unit, on=today)
    signer = signer_block(position=position, user=user, on=today)
    document = document_services.document_issue(document=report.report, clerk=user, issued_on=today, signer=signer)
    _set_state(report, ReportState.SUBMITTED, submitted_at=timezone.now())
    audit_record(process=report.process, task=task, actor=user, position=position, action="report_sign",
                 comment=comment, data={"symbol": document.symbol})

    report_submitted_notify(report=report, document=document)
    notify.document_issued_notify(document=document, drafter_id=report.assignee_id, unit_report=report)


def report_figures_missing(*, report: UnitReport) -> int:
    """How many required cells (counts, coded answers) of the plan's table the report still lacks (0 without a table)."""
    if report.obligation.kind != ObligationKind.REPORT:
        return 0
    table = plan_indicator_table(process=report.obligation.plan)
    if table is None:
        return 0
    required = table.indicators.filter(kind__in=(IndicatorKind.COUNT, IndicatorKind.CODED)).count() * len(table.periods)
    given = IndicatorValue.objects.filter(report=report, indicator__table=table, indicator__kind__in=(IndicatorKind.COUNT, IndicatorKind.CODED)).filter(
        Q(number__isnull=False) | Q(code__isnull=False)).count()
    return max(required - given, 0)


@transaction.atomic
def unit_report_receive(*, report: UnitReport, user, accept: bool, comment: str = "", task=None) -> None:
    """The receiving unit accepts the report, or returns it to the unit's drafter with a reason."""
    if not org.user_has_unit_right(user=user, right=org.ACT, unit=report.receiver, on=timezone.localdate()):
        raise PermissionDenied(_("Bạn không thuộc đơn vị nhận báo cáo này."))
    if accept:
        _set_state(report, ReportState.ACCEPTED, accepted_at=timezone.now())
        audit_record(process=report.process, task=task, actor=user, action="report_receive:approve", comment=comment)
        notify.unit_report_received_notify(report=report, accepted=True, comment=comment)
        # The flows move the parent's (or the plan's) process on: ``workflows.flows.runtime`` receives this.
        signals.unit_report_accepted.send(sender=UnitReport, report=report)
        return
    if not comment.strip():
        raise ValidationError({"comment": _("Trả lại cần ghi rõ lý do.")})
    _set_state(report, ReportState.RETURNED)
    audit_record(process=report.process, task=task, actor=user, action="report_receive:return", comment=comment)
    notify.unit_report_received_notify(report=report, accepted=False, comment=comment)


@transaction.atomic
def obligation_amend_deadline(*, obligation, amendment, new_due_date, user) -> int:
    """An amendment (văn bản sửa đổi, citing the plan) moves the due date of the obligation's open reports.

    Issued means frozen: the plan itself is not edited; the amendment is its own issued document.
    """
    plan = obligation.plan.plan
    if not amendment.is_issued or amendment.cites_id != plan.pk:
        raise ValidationError(_("Gia hạn phải bằng văn bản đã ban hành dẫn chiếu kế hoạch %(symbol)s.") % {"symbol": plan.symbol})
    old = obligation.due_date
    obligation.due_date = new_due_date
    obligation.save(update_fields=["due_date"])
    moved = UnitReport.objects.filter(obligation=obligation).exclude(state=ReportState.ACCEPTED).update(due_date=new_due_date)
    audit_record(process=obligation.plan, actor=user, action="amend_deadline",
                 data={"obligation": obligation.pk, "from": old.isoformat() if old else None,
                       "to": new_due_date.isoformat(), "by": amendment.symbol, "moved": moved})
    return moved
