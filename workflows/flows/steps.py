"""What each step of each flow accepts outside its screen, and what it does: one registry, keyed by the node.

A step is named by its node's stored reference (``"workflows/flows.ReceiptFlow.acknowledge"``), never by
its bare name: ``acknowledge`` is a receipt's Tiếp nhận in ``ReceiptFlow`` and a unit's acknowledgement of
a duty in ``UnitReportFlow``, two different services. Both doors find the step here:
``actions.task_perform`` (the API, the demo, the benchmarks), which also lists a task's actions from here,
and the task screens that post an action (``views.StepActionView``: review, vetting, the signatures,
issue, the acknowledgements, a unit's signature and acceptance). The screens that edit a text or a
table (drafting, revising, assigning, writing a report) call their services with what their forms carry.

Each ``perform(task=, process=, user=, action=, data=)`` calls the service of the step; the caller holds
the flow lock and the transaction (``actions.task_perform``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from viewflow.workflow.fields import get_task_ref

from documents.dates.vndates import parse_date
from workflows import flowrefs
from workflows.models import Decision
from workflows.plans import services as plan_services
from workflows.reports import consolidated
from workflows.reports import services as reports


@dataclass(frozen=True)
class Step:
    actions: frozenset[str]
    perform: Callable[..., None]


_STEPS: dict[str, Step] = {}


def register(flow_ref: str, *names: str, actions: set[str], perform: Callable[..., None]) -> None:
    for name in names:
        ref = flowrefs.step(flow_ref, name)
        if ref in _STEPS:
            raise ValueError(f"{ref} is registered twice")
        _STEPS[ref] = Step(actions=frozenset(actions), perform=perform)


def step_for(node) -> Step | None:
    """The registered step of ``node`` (a task's ``flow_task``), or None: the step is done on its screen only."""
    return _STEPS.get(get_task_ref(node))


def actions_for(node) -> set[str]:
    step = step_for(node)
    return set(step.actions) if step else set()


def _comment(data: dict) -> str:
    return (data.get("comment") or "").strip()


# --- Kế hoạch and Báo cáo tổng hợp (PlanFlow, ConsolidatedReportFlow) --------------------------------

def _plan_return(*, task, process, user, action, data) -> bool:
    if action not in ("return", "return_previous"):
        return False
    decision = Decision.RETURN if action == "return" else Decision.RETURN_PREVIOUS
    plan_services.plan_decide(process=process, task=task, user=user, step=task.flow_task.name, decision=decision,
                              comment=_comment(data))
    return True


def _plan_review(*, task, process, user, action, data) -> None:
    if not _plan_return(task=task, process=process, user=user, action=action, data=data):
        plan_services.plan_decide(process=process, task=task, user=user, step=task.flow_task.name,
                                  decision=Decision.APPROVE, comment=_comment(data))


def _submission_sign(*, task, process, user, action, data) -> None:
    if not _plan_return(task=task, process=process, user=user, action=action, data=data):
        plan_services.submission_sign(process=process, task=task, user=user, comment=_comment(data), on=data.get("on"))


def _plan_sign(*, task, process, user, action, data) -> None:
    if not _plan_return(task=task, process=process, user=user, action=action, data=data):
        plan_services.plan_sign(process=process, task=task, user=user, comment=_comment(data), on=data.get("on"))


def _plan_issue(*, task, process, user, action, data) -> None:
    issued_on = data.get("issued_on")
    if isinstance(issued_on, str):
        parsed = parse_date(issued_on)
        if parsed is None:
            try:
                parsed = datetime.date.fromisoformat(issued_on)
            except ValueError:
                raise ValidationError({"issued_on": _("Ngày ban hành không hợp lệ: %(value)s.") % {"value": issued_on}}) from None
        issued_on = parsed
    plan_services.plan_issue(process=process, task=task, clerk=user, issued_on=issued_on, place=data.get("place") or "")


def _plan_submit(*, task, process, user, action, data) -> None:
    """Trình duyệt: the draft as saved goes on (completing the task is the whole step)."""


def _consolidated_report_submit(*, task, process, user, action, data) -> None:
    texts = {index: "\n".join(section.get("paragraphs") or []) for index, section in enumerate(data.get("sections") or [])}
    consolidated.consolidated_report_save(process=process, user=user, title=data.get("title") or process.plan.title,
                                          sections=texts, refresh=bool(data.get("refresh")), comment=_comment(data),
                                          task=task)


# --- Văn bản đến (ReceiptFlow) ------------------------------------------------------------------------

def _receipt_acknowledge(*, task, process, user, action, data) -> None:
    plan_services.receipt_acknowledge(receipt=process, user=user, task=task)


# --- Báo cáo của đơn vị (UnitReportFlow) ---------------------------------------------------------------

def _unit_acknowledge(*, task, process, user, action, data) -> None:
    reports.unit_report_acknowledge(report=process.unit_report, user=user, task=task)


def _unit_assign(*, task, process, user, action, data) -> None:
    assignee = get_user_model().objects.filter(username=data.get("assignee")).first()
    if assignee is None:
        raise ValidationError({"assignee": _("Không có người dùng %(user)s.") % {"user": data.get("assignee")}})
    reports.unit_report_assign(report=process.unit_report, user=user, assignee=assignee, comment=_comment(data), task=task)


def _unit_draft(*, task, process, user, action, data) -> None:
    report = process.unit_report
    reports.unit_report_save(report=report, user=user, title=data.get("title") or report.obligation.title,
                             content={"sections": data.get("sections") or [], "recipients": []},
                             comment=_comment(data), task=task)


def _unit_sign(*, task, process, user, action, data) -> None:
    reports.unit_report_sign(report=process.unit_report, user=user, approve=action != "return", comment=_comment(data),
                             task=task)


def _unit_receive(*, task, process, user, action, data) -> None:
    reports.unit_report_receive(report=process.unit_report, user=user, accept=action == "approve",
                                comment=_comment(data), task=task)


for _flow in flowrefs.PLAN_FLOWS:
    register(_flow, "sign_submission", actions={"sign", "approve", "return"}, perform=_submission_sign)
    register(_flow, "decide", actions={"sign", "approve", "return", "return_previous"}, perform=_plan_sign)
    register(_flow, "issue", actions={"issue"}, perform=_plan_issue)
register(flowrefs.PLAN, "review", "vet", actions={"approve", "return"}, perform=_plan_review)
register(flowrefs.PLAN, "edit", actions={"submit"}, perform=_plan_submit)
register(flowrefs.CONSOLIDATED_REPORT, "draft", actions={"submit"}, perform=_consolidated_report_submit)
register(flowrefs.RECEIPT, "acknowledge", actions={"acknowledge"}, perform=_receipt_acknowledge)
register(flowrefs.UNIT_REPORT, "acknowledge", actions={"acknowledge"}, perform=_unit_acknowledge)
register(flowrefs.UNIT_REPORT, "assign", actions={"assign"}, perform=_unit_assign)
register(flowrefs.UNIT_REPORT, "draft_report", actions={"submit"}, perform=_unit_draft)
register(flowrefs.UNIT_REPORT, "sign_report", actions={"sign", "approve", "return"}, perform=_unit_sign)
register(flowrefs.UNIT_REPORT, "receive", actions={"approve", "return"}, perform=_unit_receive)
