"""Business rules of the plan process (quy trình ban hành kế hoạch).

The flow (``workflows.flows.PlanFlow``) calls these; so do the pages and the
API. Each function validates, writes inside one transaction and records an
audit entry: who, when, as whom, what and the comment.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import services as document_services
from documents.dates.vndates import format_short
from documents.models import DocType, Document
from orgchart import selectors as org
from orgchart.models import Position, PositionKind, Unit, UnitKind
from workflows import queues
from workflows.audit.chain import audit_append
from workflows.authorization import task_capacity
from workflows.models import AuditEntry, Decision, Obligation, PlanProcess
from workflows.notifications import notify
from workflows.plans.obligations import plan_obligations_create

# --- audit --------------------------------------------------------------------


def audit_record(*, process, actor, action: str, task=None, comment: str = "", data: dict | None = None,
                 position: Position | None = None) -> AuditEntry:
    """Record a transition: who acted and in which capacity (``data["capacity"]``: holder, delegate of
    ``on_behalf_of``, the named person, a member of the unit), as the one rule (``authorization``) sees it."""
    data = dict(data or {})
    on_behalf_of = None
    if task is not None and actor is not None:
        verdict = task_capacity(user=actor, task=task)
        if verdict.allowed:
            data.setdefault("capacity", str(verdict.capacity))
            position = position or verdict.position
            on_behalf_of = verdict.on_behalf_of
    if position is None and task is not None and task.data.get("position_id"):
        position = Position.objects.filter(pk=task.data["position_id"]).first()
    if position is not None and on_behalf_of is None:
        acting = org.position_actor(position=position, on=timezone.localdate())
        if acting.holder is not None and actor is not None and acting.holder.pk != actor.pk:
            on_behalf_of = acting.holder
    return audit_append(
        process=process, task=task, actor=actor, position=position, on_behalf_of=on_behalf_of,
        action=action, comment=comment, data=data,
    )


# --- who does what -----------------------------------------------------------


def person_name(user) -> str:
    return user.get_full_name() or user.username


def _own_position(*, user, unit: Unit, on: datetime.date) -> Position | None:
    positions = org.user_positions(user=user, on=on)
    same_unit = [p for p in positions if p.unit_id == unit.pk]
    return (same_unit or positions or [None])[0]


def signer_block(*, position: Position, user, on: datetime.date) -> dict:
    """The signature block, derived from the position signed for and who signs (ND30 thẩm quyền ký).

    - the Chủ tịch for the collective body: ``TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH``;
    - a Phó Chủ tịch: ``KT. CHỦ TỊCH / PHÓ CHỦ TỊCH``;
    - a head of a sở: ``GIÁM ĐỐC``; a deputy signing for them: ``KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC``;
    - a substitute signs with their own name and their own title and authority.
    """
    own = _own_position(user=user, unit=position.unit, on=on) or position
    if position.kind == PositionKind.CHAIR:
        if own.kind == PositionKind.CHAIR:
            return {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": person_name(user)}
        return {"authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "title": own.title, "name": person_name(user)}
    if position.kind == PositionKind.VICE_CHAIR:
        return {"authority": "KT. CHỦ TỊCH", "title": own.title if own.unit_id == position.unit_id else position.title,
                "name": person_name(user)}
    if position.kind == PositionKind.DIRECTOR:
        if own.kind == PositionKind.DIRECTOR:
            return {"authority": None, "title": own.title, "name": person_name(user)}
        return {"authority": f"KT. {position.title}", "title": own.title, "name": person_name(user)}
    return {"authority": None, "title": own.title, "name": person_name(user)}


def plan_position(*, process: PlanProcess, step: str, on: datetime.date) -> Position | None:
    """The position that handles ``step`` of the plan on ``on``."""
    if step == "review":
        return org.unit_position(unit=process.division, kind=PositionKind.HEAD_OF_DIVISION, on=on)
    if step == "sign_submission":
        return org.unit_position(unit=process.department, kind=PositionKind.DIRECTOR, on=on)
    if step == "decide":
        return org.competent_leader_position(province=process.province, field=process.field, on=on,
                                             collective=process.collective)
    raise ValueError(step)


def plan_actor(*, process: PlanProcess, step: str, on: datetime.date | None = None):
    on = on or timezone.localdate()
    position = plan_position(process=process, step=step, on=on)
    if position is None:
        raise ValidationError(_("Chưa có chức vụ xử lý bước này trong sơ đồ tổ chức."))
    actor = org.position_actor(position=position, on=on)
    if actor.user is None:
        raise ValidationError(_("Chức vụ %(position)s hiện không có người giữ hoặc người được giao quyền.") % {"position": position})
    return actor


# --- drafting -----------------------------------------------------------------


def _department_of(division: Unit) -> Unit:
    return division.parent if division.kind == UnitKind.DIVISION and division.parent else division


def _province_of(unit: Unit, on: datetime.date) -> Unit:
    for candidate in [unit, *org.unit_ancestors(unit=unit, on=on)]:
        if candidate.kind == UnitKind.PROVINCE:
            return candidate
    raise ValidationError(_("Không xác định được UBND tỉnh của đơn vị %(unit)s.") % {"unit": unit})


def _office_of(province: Unit, on: datetime.date) -> Unit:
    office = province.children.filter(kind=UnitKind.PROVINCIAL_OFFICE).valid_on(on).first()
    if office is None:
        raise ValidationError(_("UBND %(unit)s chưa có Văn phòng trong sơ đồ tổ chức.") % {"unit": province})
    return office


@transaction.atomic
def plan_draft_create(*, drafter, division: Unit, title: str, content: dict, submission_title: str = "",
                      submission_content: dict | None = None, field=None, collective: bool = False,
                      due_date: datetime.date | None = None, process: PlanProcess | None = None,
                      urgency: str = "", default_cycle: str = "half_year",
                      cycles_until: datetime.date | None = None) -> PlanProcess:
    """Create the plan (KH, issued by the UBND) and its submission (TTr, issued by the sở), as drafts.

    ``urgency``: the plan's độ khẩn (``documents.models.Urgency``), printed under its số, ký hiệu."""
    today = timezone.localdate()
    if not title.strip():
        raise ValidationError({"title": _("Cần nhập trích yếu của kế hoạch.")})
    if division not in org.user_units(user=drafter, on=today) and not drafter.is_superuser:
        raise PermissionDenied(_("Bạn chỉ soạn thảo kế hoạch cho đơn vị của mình."))
    department = _department_of(division)
    province = _province_of(department, today)
    office = _office_of(province, today)
    plan = document_services.document_create(
        doc_type=DocType.PLAN, issuer=province, drafting_unit=division, title=title, content=content, created_by=drafter,
        urgency=urgency,
    )
    submission = document_services.document_create(
        doc_type=DocType.SUBMISSION, issuer=department, drafting_unit=division,
        title=submission_title.strip() or _("Về việc ban hành Kế hoạch %(title)s") % {"title": title.strip()},
        content=submission_content or {"sections": [], "recipients": [{"text": "Như trên", "archive": False},
                                                                       {"text": "Lưu: VT, " + division.code, "archive": True}]},
        created_by=drafter,
    )
    process = process or PlanProcess()
    process.plan, process.submission = plan, submission
    process.province, process.department, process.division, process.office = province, department, division, office
    process.field, process.collective, process.drafter, process.due_date = field, collective, drafter, due_date
    process.default_cycle, process.cycles_until = default_cycle or "half_year", cycles_until  # recurring duties' cycles
    return process


@transaction.atomic
def plan_revise(*, process: PlanProcess, user, title: str, content: dict, comment: str = "", task=None) -> None:
    """The drafter saves a revision after a return (every version is kept)."""
    if user.pk != process.drafter_id:
        raise PermissionDenied(_("Chỉ người soạn thảo được sửa dự thảo."))
    document_services.document_save_draft(document=process.plan, title=title, content=content, author=user, comment=comment)
    audit_record(process=process, task=task, actor=user, action="revise", comment=comment)


@transaction.atomic
def plan_decide(*, process: PlanProcess, task, user, step: str, decision: str, comment: str = "") -> None:
    """An approval step approves or returns (with a comment, required for a return)."""
    if decision not in Decision.values:
        raise ValidationError(_("Ý kiến không hợp lệ."))
    if decision != Decision.APPROVE and not comment.strip():
        raise ValidationError({"comment": _("Trả lại cần ghi rõ lý do.")})
    process.last_decision = decision
    process.returned_from = "" if decision == Decision.APPROVE else step
    process.save(update_fields=["last_decision", "returned_from"])
    audit_record(process=process, task=task, actor=user, action=f"{step}:{decision}", comment=comment)
    if decision == Decision.RETURN:
        notify.draft_returned_notify(process=process, comment=comment, by=user)


@transaction.atomic
def submission_sign(*, process: PlanProcess, task, user, comment: str = "", on: datetime.date | None = None) -> Document:
    """The head of the sở signs the Tờ trình: it takes its number (e.g. 174/TTr-SNV) and the plan cites it."""
    on = on or timezone.localdate()
    position = plan_position(process=process, step="sign_submission", on=on)
    signer = signer_block(position=position, user=user, on=on)
    submission = process.submission
    if not submission.is_issued:
        clerk = user
        submission = document_services.document_issue(document=submission, clerk=clerk, issued_on=on, signer=signer)

    head_title = position.title.capitalize() if position else _("Giám đốc")
    proposal = {
        "symbol": submission.symbol,
        "date": submission.issued_on.isoformat(),
        "text": _("Theo đề nghị của %(title)s %(department)s tại Tờ trình số %(symbol)s ngày %(date)s")
        % {"title": head_title, "department": process.department.short_name or process.department.name,
           "symbol": submission.symbol, "date": format_short(submission.issued_on)},
    }
    content = dict(process.plan.content)
    content["proposal"] = proposal
    document_services.document_save_draft(document=process.plan, content=content, author=user,
                                          comment=_("Dẫn chiếu Tờ trình %(symbol)s") % {"symbol": submission.symbol})
    process.last_decision = Decision.APPROVE
    process.returned_from = ""
    process.save(update_fields=["last_decision", "returned_from"])
    audit_record(process=process, task=task, actor=user, position=position, action="sign_submission", comment=comment,
                 data={"symbol": submission.symbol})
    return submission


@transaction.atomic
def plan_sign(*, process: PlanProcess, task, user, comment: str = "", on: datetime.date | None = None) -> dict:
    """The competent leader signs the plan (Ký duyệt): the signer block is derived, never typed."""
    on = on or timezone.localdate()
    position = plan_position(process=process, step="decide", on=on)
    actor = org.position_actor(position=position, on=on)
    if actor.user is None or actor.user.pk != user.pk:
        raise PermissionDenied(_("Bạn không có thẩm quyền ký kế hoạch này."))
    signer = signer_block(position=position, user=user, on=on)
    content = dict(process.plan.content)
    content["signer"] = signer
    document_services.document_save_draft(document=process.plan, content=content, author=user, comment=_("Ký duyệt"))
    process.last_decision = Decision.APPROVE
    process.returned_from = ""
    process.save(update_fields=["last_decision", "returned_from"])
    audit_record(process=process, task=task, actor=user, position=position, action="sign", comment=comment, data=signer)
    return signer


def user_can_draft(user) -> bool:
    """A chuyên viên (of a sở or a unit) may start drafting a plan."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_kehoach_can_draft", None)  # asked on every list page (the start button): once per request
    if cached is None:
        kinds = {PositionKind.SPECIALIST, PositionKind.CONSOLIDATOR}
        cached = any(p.kind in kinds for p in org.positions_acted_by(user=user, on=timezone.localdate()))
        user._kehoach_can_draft = cached
    return cached


def user_is_clerk_of(*, user, unit: Unit, on: datetime.date) -> bool:
    return any(p.kind == PositionKind.CLERK and p.unit_id == unit.pk for p in org.positions_acted_by(user=user, on=on))


@transaction.atomic
def plan_issue(*, process: PlanProcess, task, clerk, issued_on: datetime.date | None = None, place: str = "") -> Document:
    """The văn thư numbers, dates and freezes the plan (Cấp số, Phát hành)."""
    issued_on = issued_on or timezone.localdate()
    if not user_is_clerk_of(user=clerk, unit=process.province, on=timezone.localdate()):
        raise PermissionDenied(_("Chỉ văn thư của %(unit)s được cấp số kế hoạch.") % {"unit": process.province})
    if not process.plan.content.get("signer"):
        raise ValidationError(_("Kế hoạch chưa được ký, không thể cấp số."))
    plan = document_services.document_issue(document=process.plan, clerk=clerk, issued_on=issued_on, place=place or None)
    audit_record(process=process, task=task, actor=clerk, action="issue", data={"symbol": plan.symbol,
                                                                                  "sha256": plan.snapshot_sha256})
    notify.document_issued_notify(document=plan, drafter_id=process.drafter_id, url=process.get_absolute_url())
    return plan


# --- dissemination -----------------------------------------------------------


def plan_recipients(*, plan: Document, on: datetime.date) -> tuple[list[tuple[Unit, str]], list[Unit], list[str]]:
    """Expand the Nơi nhận lines as of ``on``: (recipient units with their line, archive units, unresolved phrases)."""
    recipients: dict[int, tuple[Unit, str]] = {}
    archive: dict[int, Unit] = {}
    unresolved: list[str] = []
    for line in plan.content.get("recipients", []):
        text = line["text"] if isinstance(line, dict) else str(line)
        expansion = org.units_for_recipient_line(line=text, on=on, issuer=plan.issuer)
        unresolved.extend(expansion.unresolved)
        for unit in expansion.units:
            if expansion.archive:
                archive.setdefault(unit.pk, unit)
            else:  # every unit a line names, the issuer included
                recipients.setdefault(unit.pk, (unit, expansion.line))
    return list(recipients.values()), list(archive.values()), unresolved


def plan_fanout_schedule(*, process: PlanProcess) -> list:
    """Create the plan's obligations and ask a worker to open the unit processes, once this transaction commits."""
    document_services.indicator_tables_from_content(document=process.plan)
    obligations = plan_obligations_create(process=process)
    # Asked now: if the message is lost (broker down, worker killed), the outbox sweep asks again once this is stale.
    Obligation.objects.filter(pk__in=[o.pk for o in obligations]).update(fanout_heartbeat=timezone.now())
    for obligation in obligations:
        queues.enqueue_on_commit(queues.FANOUT_OBLIGATION, obligation_id=obligation.pk)
    return obligations


@transaction.atomic
def receipt_acknowledge(*, receipt, user, task=None, received_on: datetime.date | None = None) -> None:
    """A recipient unit's văn thư receives the document (Tiếp nhận) and enters it in the unit's sổ văn bản đến:
    the next số đến of the year (gapless, the counter row locked in this transaction) and the ngày đến."""
    if not org.user_has_unit_right(user=user, right=org.CLERK, unit=receipt.unit, on=timezone.localdate()):
        raise PermissionDenied(_("Bạn không thuộc đơn vị nhận văn bản này."))
    receipt.acknowledged_by = user
    receipt.acknowledged_at = timezone.now()
    fields = ["acknowledged_by", "acknowledged_at"]
    if receipt.incoming_number is None:
        received_on = received_on or timezone.localdate()
        register = document_services.incoming_register_for(unit=receipt.unit)
        receipt.incoming_register, receipt.incoming_year, receipt.received_on = register, received_on.year, received_on
        receipt.incoming_number = document_services.register_next_number(register=register, year=received_on.year)
        fields += ["incoming_register", "incoming_year", "incoming_number", "received_on"]
    receipt.save(update_fields=fields)
    audit_record(process=receipt, task=task, actor=user, action="acknowledge",
                 data={"incoming_number": receipt.incoming_number, "received_on": receipt.received_on.isoformat()})
