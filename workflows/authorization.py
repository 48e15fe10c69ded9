"""The one rule for who may act: may this user do ACTION on this task today?

``task_permission(user=, task=, action=, on=)`` answers for every action viewflow knows (view, assign,
unassign, execute, undo, cancel, revive) from the org chart on that date: positions, holdings,
delegations (``orgchart.selectors``) and the unit rights they bring. Deny by default. Viewflow's node
checks (``workflows.flows.nodes``), the task pages, the bulk assign/unassign, the API
(``actions.task_perform``), the queue and inbox lists and the audit all ask it.

A step is one of four kinds:

- **position step** (``.Assign(_step_actor(...))``, ``_unit_head``): the task notes the position
  (``task.data["position_id"]``). Only its holder on that day, or the substitute of a delegation of
  it in force that day, may take, hold or execute it. It never goes to an open queue: "unassign" is
  refused, and when a holder and a substitute swap, whoever is entitled that day takes it over.
- **named step** (``.Assign(_drafter)``, ``_assignee``): the person the process names (the drafter,
  the assignee), while they still serve in the unit concerned. Never unassigned either.
- **unit step** (``.Permission("orgchart.<right>", obj=unit)``): whoever has that right on that unit
  that day (a member of the unit for ``act_for_unit``, its văn thư for ``clerk_for_unit``). Taken
  from the unit's queue; its holder may put it back there.
- **system node** (gateways, functions, handles, start and end): only a flow manager, and only to
  undo, cancel or revive.

Undo, cancel and revive of a person's step (position or named) are refused to everyone: cancelling
one would leave the plan with nobody to sign it. A manager cancels the whole process instead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.status import STATUS

from orgchart import selectors as org
from orgchart.models import Position, Unit, UnitKind
from workflows import flowrefs


class TaskAction(TextChoices):
    VIEW = "view", _("Xem")
    ASSIGN = "assign", _("Nhận xử lý")
    UNASSIGN = "unassign", _("Trả lại hàng chờ")
    EXECUTE = "execute", _("Xử lý")
    UNDO = "undo", _("Hoàn tác")
    CANCEL = "cancel", _("Hủy")
    REVIVE = "revive", _("Khôi phục")


class Capacity(TextChoices):
    """In which capacity someone acts on a step (written in the audit)."""

    HOLDER = org.HOLDER, _("người giữ chức vụ")
    DELEGATE = org.DELEGATE, _("người được giao quyền")
    NAMED = "named", _("người được giao")
    UNIT = "unit", _("cán bộ của đơn vị")
    MANAGER = "manager", _("quản trị quy trình")


class StepKind(TextChoices):
    POSITION = "position"
    NAMED = "named"
    UNIT = "unit"
    SYSTEM = "system"


@dataclass(frozen=True)
class Verdict:
    """The rule's answer: allowed or not, and in which capacity (for the audit)."""

    allowed: bool
    capacity: str = ""
    position: Position | None = None
    on_behalf_of: object | None = None
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


DENIED = Verdict(False)

#: The one answer (404) for a plan that does not exist and for one the user may not see: the same words, so that
#: nobody learns which plans exist.
PLAN_NOT_FOUND = _("Không tìm thấy kế hoạch hoặc bạn không có quyền xem.")


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def flow_manager(user) -> bool:
    """Who manages flows (cancel a whole process, undo or revive a system node): the administrators."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def step_kind(task) -> str:
    node = task.flow_task
    if getattr(node, "task_type", None) != "HUMAN" or not hasattr(node, "_owner"):
        return StepKind.SYSTEM
    if task.owner_permission:
        return StepKind.UNIT
    if (task.data or {}).get("position_id"):
        return StepKind.POSITION
    if node._owner is not None:
        return StepKind.NAMED
    return StepKind.SYSTEM  # a human step with neither owner nor permission: nobody's, so nobody may take it


def _task_position(task) -> Position | None:
    position_id = (task.data or {}).get("position_id")
    if not position_id:
        return None
    cache = task.__dict__.setdefault("_kehoach_position", {})
    if position_id not in cache:
        cache[position_id] = Position.objects.select_related("unit").filter(pk=position_id).first()
    return cache[position_id]


def _named_person_and_unit(task):
    """The person a named step belongs to and the unit they must still serve in."""
    process = task.process.coerced
    report = getattr(process, "unit_report", None) if hasattr(process, "unit_report") else None
    if report is not None:
        return report.assignee, report.unit
    drafter = getattr(process, "drafter", None)
    department = getattr(process, "department", None) or getattr(process, "division", None)
    return drafter, department


def serves_in(*, user, unit: Unit | None, on: datetime.date) -> bool:
    """``user`` acts for ``unit`` or one of its phòng on ``on`` (a holding or a delegation in force)."""
    if unit is None:
        return False
    units = org.unit_ids_with_right(user=user, right=org.ACT, on=on)
    if unit.pk in units:
        return True
    return Unit.objects.filter(pk__in=units, parent=unit, kind=UnitKind.DIVISION).exists()


def task_capacity(*, user, task, on: datetime.date | None = None) -> Verdict:
    """Who ``user`` is for this step on ``on`` (whatever the task's state): holder, delegate, the named person,
    a member (or văn thư) of the unit, a flow manager, or nobody."""
    on = _today(on)
    if user is None or not user.is_authenticated or not user.is_active:
        return DENIED
    kind = step_kind(task)
    if kind == StepKind.POSITION:
        position = _task_position(task)
        found = org.acting_capacity(user=user, position=position, on=on) if position is not None else None
        if found is None:
            return Verdict(False, position=position, reason="not_holder")
        capacity, delegation = found
        holder = org.position_holder(position=position, on=on) if delegation is not None else None
        return Verdict(True, capacity, position, holder)
    if kind == StepKind.NAMED:
        person, unit = _named_person_and_unit(task)
        if person is None or person.pk != user.pk or not serves_in(user=user, unit=unit, on=on):
            return Verdict(False, reason="not_named")
        return Verdict(True, Capacity.NAMED)
    if kind == StepKind.UNIT:
        right = task.owner_permission.split(".")[-1]
        if task.owner_permission.split(".")[0] != "orgchart" or right not in org.UNIT_RIGHTS:
            return Verdict(False, reason="unknown_right")
        try:
            unit_id = int(task.owner_permission_obj_pk)
        except (TypeError, ValueError):
            return Verdict(False, reason="no_unit")
        if unit_id not in org.unit_ids_with_right(user=user, right=right, on=on):
            return Verdict(False, reason="not_member")
        return Verdict(True, Capacity.UNIT)
    if flow_manager(user):
        return Verdict(True, Capacity.MANAGER)
    return DENIED


def task_permission(*, user, task, action: str, on: datetime.date | None = None) -> Verdict:
    """THE rule: may ``user`` do ``action`` (a ``TaskAction``) on ``task`` on ``on`` (today by default)?

    - view: whoever may see the process (``selectors.process_visible_to``);
    - assign: an unowned task (status NEW), to one entitled that day;
    - unassign: a unit step only, by its owner or a flow manager (a person's step never goes to a queue);
    - execute: one entitled that day; a unit step only by its owner; a person's step by its holder or
      the holder's substitute, who then takes it over from whoever held it;
    - undo, cancel, revive: a flow manager, and never on a person's step.
    """
    on = _today(on)
    if user is None or not user.is_authenticated or not user.is_active:
        return DENIED
    if action == TaskAction.VIEW:
        from workflows.selectors import process_visible_to

        return Verdict(process_visible_to(user=user, process=task.process), reason="view")
    kind = step_kind(task)
    if action in (TaskAction.UNDO, TaskAction.CANCEL, TaskAction.REVIVE):
        if kind in (StepKind.POSITION, StepKind.NAMED):
            return Verdict(False, reason="person_step")
        return Verdict(True, Capacity.MANAGER) if flow_manager(user) else DENIED
    if kind == StepKind.SYSTEM:
        return DENIED
    if action == TaskAction.UNASSIGN:
        if kind != StepKind.UNIT or task.status != STATUS.ASSIGNED or task.owner_id is None:
            return Verdict(False, reason="person_step" if kind != StepKind.UNIT else "state")
        if task.owner_id == user.pk:
            return Verdict(True, Capacity.UNIT)
        return Verdict(True, Capacity.MANAGER) if flow_manager(user) else DENIED
    capacity = task_capacity(user=user, task=task, on=on)
    if action == TaskAction.ASSIGN:
        if task.status != STATUS.NEW or task.owner_id is not None:
            return Verdict(False, reason="state")
        return capacity
    if action == TaskAction.EXECUTE:
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED):
            return Verdict(False, reason="state")
        if kind == StepKind.UNIT and task.owner_id != user.pk:
            return Verdict(False, reason="not_owner")
        if kind == StepKind.NAMED and task.owner_id not in (None, user.pk):
            return Verdict(False, reason="not_owner")
        return capacity
    return DENIED


def task_allowed(*, user, task, action: str, on: datetime.date | None = None) -> bool:
    return task_permission(user=user, task=task, action=action, on=on).allowed


def process_allowed(*, user, process, action: str = TaskAction.VIEW) -> bool:
    """The process-level half of the rule: who may see a process (and its chart); who manages it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if action == TaskAction.VIEW:
        from workflows.selectors import process_visible_to

        return process_visible_to(user=user, process=process)
    return flow_manager(user)


# --- the lists: what a user may take (queue) and holds (inbox), by the same rule --------------------------


def _entitled_filter(*, user, on: datetime.date) -> Q:
    """The open tasks ``user`` is entitled to on ``on``, as a filter on ``Task`` (position, unit and named steps)."""
    standing = org.user_standing(user=user, on=on)
    by_unit = Q(pk__in=[])
    for right in org.UNIT_RIGHTS:
        units = sorted(str(unit_id) for codename, unit_id in standing.rights if codename == right)
        if units:
            by_unit |= Q(owner_permission=f"orgchart.{right}", owner_permission_obj_pk__in=units)
    positions = sorted(standing.positions)
    by_position = Q(owner_permission__isnull=True, data__position_id__in=positions) if positions else Q(pk__in=[])
    named = Q(owner_permission__isnull=True, owner=user) & ~Q(data__has_key="position_id")
    return by_position | by_unit | named


def tasks_queue(*, user, flow_classes, on: datetime.date | None = None):
    """Unowned tasks ``user`` may take today: their units' queues, and a position step left unowned (by rows
    written before this rule) only for its holder or substitute. Named steps are re-checked on assign."""
    from viewflow.workflow.models import Task

    if not user.is_authenticated:
        return Task.objects.none()
    on = _today(on)
    return Task.objects.filter_available(flow_classes, user).filter(
        flow_task_type="HUMAN", status=STATUS.NEW, owner__isnull=True).filter(_entitled_filter(user=user, on=on))


def tasks_inbox(*, user, flow_classes, on: datetime.date | None = None):
    """Tasks assigned to ``user`` that they may still execute today (a former holder's ones drop out), plus the
    position steps that a holder and substitute share on that day."""
    from viewflow.workflow.models import Task

    if not user.is_authenticated:
        return Task.objects.none()
    on = _today(on)
    standing = org.user_standing(user=user, on=on)
    mine = Q(owner=user) & _entitled_filter(user=user, on=on)
    positions = sorted(standing.positions)
    shared = Q(owner_permission__isnull=True, data__position_id__in=positions) if positions else Q(pk__in=[])
    return Task.objects.filter_available(flow_classes, user).filter(
        flow_task_type="HUMAN", status=STATUS.ASSIGNED).filter(mine | shared)


def user_open_tasks(*, user):
    """The user's inbox (assigned to them) and queue (their units may take), soonest due first: the one rule's
    lists (``authorization.tasks_inbox`` / ``tasks_queue``), as on the pages."""
    flows = [flowrefs.flow(ref) for ref in flowrefs.ALL]
    inbox = tasks_inbox(user=user, flow_classes=flows)
    queue = tasks_queue(user=user, flow_classes=flows)
    return (inbox | queue).select_related("process", "process__unit_report", "owner").order_by("created")


# --- deadline extensions (gia hạn): who asks, who decides --------------------------------------------


def _acts_for_head(*, user, unit: Unit | None, on: datetime.date) -> Verdict:
    """``user`` is the head of ``unit`` on ``on`` (holder) or the substitute of a delegation of the head's post."""
    from django.core.exceptions import ValidationError

    from workflows.heads import unit_head_position

    if unit is None:
        return DENIED
    try:
        position = unit_head_position(unit=unit, on=on)
    except ValidationError:  # no head in the chart that day: nobody decides in their name
        return Verdict(False, reason="no_head")
    found = org.acting_capacity(user=user, position=position, on=on)
    if found is None:
        return Verdict(False, position=position, reason="not_head")
    capacity, delegation = found
    holder = org.position_holder(position=position, on=on) if delegation is not None else None
    return Verdict(True, capacity, position, holder)


def extension_request_permission(*, user, report, on: datetime.date | None = None) -> Verdict:
    """May ``user`` ask for a later due date for the unit's ``report`` on ``on``? Its assignee (still serving in the
    unit) or the unit's head (holder or delegate), while the report is not accepted. Deny by default."""
    on = _today(on)
    if user is None or not user.is_authenticated or not user.is_active or report is None:
        return DENIED
    if report.state == "accepted":
        return Verdict(False, reason="state")
    if report.assignee_id is not None and report.assignee_id == user.pk and serves_in(user=user, unit=report.unit, on=on):
        return Verdict(True, Capacity.NAMED)
    return _acts_for_head(user=user, unit=report.unit, on=on)


def extension_decide_permission(*, user, extension, on: datetime.date | None = None) -> Verdict:
    """May ``user`` approve or refuse ``extension`` on ``on``? The head of the obligation's consolidating body that
    day (holder or delegate; for a phòng, the head of its sở), while the request is pending. Deny by default."""
    on = _today(on)
    if user is None or not user.is_authenticated or not user.is_active or extension is None:
        return DENIED
    from workflows.heads import unit_body

    verdict = _acts_for_head(user=user, unit=unit_body(extension.unit_report.obligation.consolidator), on=on)
    if verdict and extension.state != "pending":
        return Verdict(False, reason="state")
    return verdict


def extension_head_positions(*, user, on: datetime.date | None = None) -> list[Position]:
    """The head posts ``user`` acts for on ``on`` (held or delegated): whose extension requests they decide."""
    from workflows.heads import HEAD_KINDS

    on = _today(on)
    if user is None or not user.is_authenticated:
        return []
    return [p for p in org.positions_acted_by(user=user, on=on) if p.kind in HEAD_KINDS]


# --- the kiểm điểm list: who reads it ---------------------------------------------------------------------


def discipline_list_permission(*, user, discipline_list, on: datetime.date | None = None) -> Verdict:
    """May ``user`` read ``discipline_list`` on ``on``? The list is the superior's: whoever is its head that day
    (holder or delegate: a successor in the post too, a former holder no longer), or for a list sent to the
    consolidator's staff, someone serving in the consolidator that day. Deny by default."""
    on = _today(on)
    if user is None or not user.is_authenticated or not user.is_active or discipline_list is None:
        return DENIED
    if discipline_list.to_head:
        return _acts_for_head(user=user, unit=discipline_list.unit, on=on)
    return Verdict(True, Capacity.UNIT) if serves_in(user=user, unit=discipline_list.unit, on=on) else DENIED
