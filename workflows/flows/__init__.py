"""The flows of Kehoach, read as the processes of DOMAIN.md section 4."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from workflows.authorization import flow_manager
from workflows.flows import nodes, runtime, views
from workflows.models import (
    ConsolidatedReportProcess,
    Decision,
    PlanProcess,
    ReceiptProcess,
    ReportState,
    UnitReportProcess,
    UnitRole,
)
from workflows.plans import services
from workflows.reports.consolidated import consolidated_report_draft
from workflows.reports.services import unit_head_actor
from workflows.selectors import process_visible_to


def _step_actor(step):
    """Assign a person-specific step to whoever acts for its position today (holder or substitute)."""

    def assign(activation):
        actor = services.plan_actor(process=activation.process, step=step)
        activation.task.data["position_id"] = actor.position.pk
        return actor.user

    return assign


def _drafter(activation):
    """The drafter of the plan or report writes it and every revision."""
    return activation.process.drafter


class ScopedFlow(flow.Flow):
    """A flow whose processes are visible only to the units concerned (no global view permission)."""


    def has_view_permission(self, user, obj=None):
        if not user.is_authenticated:
            return False
        return True if obj is None else process_visible_to(user=user, process=obj)

    def has_manage_permission(self, user, obj=None):
        return flow_manager(user)


class SigningSteps:
    """The top of the approval ladder, shared by a plan and a Báo cáo tổng hợp (DOMAIN.md section 4):
    the head of the sở signs the Tờ trình → the competent leader of the UBND signs → the văn thư issues.

    A plain class, not a Flow: viewflow copies a flow's nodes and wires them to that flow's own
    nodes by name (``this.check_submission`` …). Nodes inherited from another Flow subclass
    would stay wired to the parent flow's nodes, so each flow takes fresh copies from here.
    """

    # Giám đốc sở: signs the Tờ trình, which takes its number
    sign_submission = (
        nodes.View(views.SubmissionSignView.as_view())
        .Annotation(title=_("Lãnh đạo sở ký Tờ trình"))
        .Assign(_step_actor("sign_submission"))
        .Next(this.check_submission)
    )

    # Lãnh đạo UBND: the PCT in charge of the field, or the Chủ tịch; or whoever acts for them
    decide = (
        nodes.View(views.PlanSignView.as_view())
        .Annotation(title=_("Lãnh đạo UBND ký duyệt"))
        .Assign(_step_actor("decide"))
        .Next(this.check_decision)
    )

    # Văn thư UBND: number, date, freeze, then send to every recipient
    issue = (
        nodes.View(views.PlanIssueView.as_view())
        .Annotation(title=_("Văn thư cấp số, phát hành"))
        .Permission("orgchart.clerk_for_unit", obj=lambda process: process.coerced.province)
        .Next(this.disseminate)
    )
    issued = nodes.End().Annotation(title=_("Đã ban hành"))


class PlanFlow(SigningSteps, ScopedFlow):
    """Kế hoạch: soạn thảo (KH + TTr) → trưởng phòng → giám đốc sở ký TTr → VP UBND thẩm định
    → lãnh đạo UBND ký → văn thư cấp số, phát hành → gửi nơi nhận → chờ báo cáo của các đơn vị
    → báo cáo tổng hợp."""

    process_class = PlanProcess
    process_title = _("Kế hoạch")
    process_description = _("Soạn thảo, trình duyệt, ký, ban hành và gửi kế hoạch")
    process_summary_template = "{{ process.plan.symbol|default:'Dự thảo' }} — {{ process.plan.title|truncatechars:80 }}"
    lock_impl = lock.select_for_update_lock

    # Chuyên viên of the sở: drafts the plan and its Tờ trình; "Lưu nháp" keeps the draft at the edit
    # step (the start creates the process, the edit step stays open); "Trình duyệt" completes both
    start = (
        flow.Start(views.PlanCreateView.as_view())
        .Annotation(title=_("Soạn thảo kế hoạch"))
        .Available(services.user_can_draft)
        .Next(this.edit)
    )
    edit = (
        nodes.View(views.PlanEditView.as_view())
        .Annotation(title=_("Soạn thảo dự thảo, trình duyệt"))
        .Assign(_drafter)
        .Next(this.review)
    )
    revise = (
        nodes.View(views.PlanReviseView.as_view())
        .Annotation(title=_("Chỉnh sửa dự thảo theo ý kiến"))
        .Assign(_drafter)
        .Next(this.check_revision)
    )
    check_revision = (
        nodes.Switch()
        .Annotation(title=_("Trình lại bước đã trả"))
        .Case(this.vet, lambda activation: activation.process.returned_from == "vet")
        .Case(this.decide, lambda activation: activation.process.returned_from == "decide")
        .Default(this.review)
    )

    # Trưởng phòng
    review = (
        nodes.View(views.PlanDecisionView.as_view())
        .Annotation(title=_("Trưởng phòng xem xét"))
        .Assign(_step_actor("review"))
        .Next(this.check_review)
    )
    check_review = nodes.If(lambda a: a.process.last_decision == Decision.APPROVE).Annotation(title=_("Kết quả xem xét")).Then(this.sign_submission).Else(this.revise)

    # sign_submission (SigningSteps), then
    check_submission = nodes.If(lambda a: a.process.last_decision == Decision.APPROVE).Annotation(title=_("Kết quả ký Tờ trình")).Then(this.vet).Else(this.revise)

    # Văn phòng UBND tỉnh: vets form and content
    vet = (
        nodes.View(views.PlanDecisionView.as_view())
        .Annotation(title=_("Văn phòng UBND thẩm định"))
        .Permission("orgchart.act_for_unit", obj=lambda process: process.coerced.office)
        .Next(this.check_vet)
    )
    check_vet = nodes.If(lambda a: a.process.last_decision == Decision.APPROVE).Annotation(title=_("Kết quả thẩm định")).Then(this.decide).Else(this.revise)

    # decide (SigningSteps), then
    check_decision = (
        nodes.Switch()
        .Case(this.issue, lambda a: a.process.last_decision == Decision.APPROVE)
        .Case(this.vet, lambda a: a.process.last_decision == Decision.RETURN_PREVIOUS)
        .Default(this.revise)
    )

    # issue (SigningSteps), then send to every recipient
    disseminate = nodes.Function(this.send_to_recipients).Annotation(title=_("Gửi nơi nhận")).Next(this.check_obligations)

    # The units it obliges report (UnitReportFlow, one process per unit); the plan waits for them
    check_obligations = (
        nodes.If(lambda a: a.process.obligations.exists()).Annotation(title=_("Có đơn vị phải báo cáo?")).Then(this.wait_reports).Else(this.issued)
    )
    wait_reports = nodes.Handle().Annotation(title=_("Chờ báo cáo của các đơn vị")).Next(this.consolidate)
    # Every report is in: Sở Nội vụ's Báo cáo tổng hợp starts (ConsolidatedReportFlow), unless already started
    consolidate = nodes.Function(this.start_consolidated_report).Annotation(title=_("Lập báo cáo tổng hợp")).Next(this.reports_closed)
    reports_closed = nodes.End().Annotation(title=_("Đã đủ báo cáo"))

    def send_to_recipients(self, activation):
        runtime.plan_disseminate(process=activation.process)

    def start_consolidated_report(self, activation):
        runtime.consolidated_report_start(process=activation.process)


class ConsolidatedReportFlow(SigningSteps, ScopedFlow):
    """Báo cáo tổng hợp: chuyên viên cơ quan tổng hợp soạn (từ báo cáo của các đơn vị) → lãnh đạo sở ký Tờ trình
    → lãnh đạo UBND ký → văn thư cấp số, phát hành lên cấp trên (Bộ Nội vụ, Tỉnh ủy).

    The plan's signing steps (``SigningSteps``) and services; what differs: the draft is generated
    from the consolidation rather than typed, there is no division review or vetting, and nothing
    is awaited once the report is issued.
    """

    process_class = ConsolidatedReportProcess
    process_title = _("Báo cáo tổng hợp")
    process_description = _("Tổng hợp báo cáo của các đơn vị, trình ký và ban hành báo cáo")
    process_summary_template = "{{ process.plan.symbol|default:'Dự thảo' }} — {{ process.plan.title|truncatechars:80 }}"
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_report).Annotation(title=_("Bắt đầu báo cáo tổng hợp")).Next(this.draft)
    # Chuyên viên of the consolidating unit: checks the generated text and figures, edits the narrative
    draft = (
        nodes.View(views.ConsolidatedReportDraftView.as_view())
        .Annotation(title=_("Soạn báo cáo tổng hợp"))
        .Assign(_drafter)
        .Next(this.sign_submission)
    )
    revise = (
        nodes.View(views.ConsolidatedReportDraftView.as_view())
        .Annotation(title=_("Chỉnh sửa báo cáo tổng hợp theo ý kiến"))
        .Assign(_drafter)
        .Next(this.check_revision)
    )
    check_revision = (
        nodes.Switch()
        .Annotation(title=_("Trình lại bước đã trả"))
        .Case(this.decide, lambda activation: activation.process.returned_from == "decide")
        .Default(this.sign_submission)
    )
    check_submission = nodes.If(lambda a: a.process.last_decision == Decision.APPROVE).Annotation(title=_("Kết quả ký Tờ trình")).Then(this.decide).Else(this.revise)
    check_decision = nodes.If(lambda a: a.process.last_decision == Decision.APPROVE).Annotation(title=_("Kết quả ký duyệt")).Then(this.issue).Else(this.revise)
    disseminate = nodes.Function(this.send_to_recipients).Annotation(title=_("Gửi nơi nhận")).Next(this.issued)

    def start_report(self, activation, plan_process, drafter, cycle=None):
        activation.process.consolidates, activation.process.consolidates_cycle = plan_process, cycle
        consolidated_report_draft(report_process=activation.process, user=drafter)
        return activation.process

    def send_to_recipients(self, activation):
        runtime.plan_disseminate(process=activation.process, fanout=False)


class ReceiptFlow(ScopedFlow):
    """Văn bản đến: an issued document reaches a unit; its văn thư receives it (Tiếp nhận)."""

    process_class = ReceiptProcess
    process_title = _("Văn bản đến")
    process_summary_template = "{{ process.document.symbol }} — {{ process.unit }}"
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_receipt).Annotation(title=_("Văn bản đến")).Next(this.acknowledge)
    acknowledge = (
        nodes.View(views.AcknowledgeView.as_view())
        .Annotation(title=_("Tiếp nhận văn bản đến"))
        .Permission("orgchart.clerk_for_unit", obj=lambda process: process.coerced.unit)
        .Next(this.received)
    )
    received = nodes.End().Annotation(title=_("Đã tiếp nhận"))

    def start_receipt(self, activation, document, unit, line="", parent_task=None):
        activation.process.document = document
        activation.process.unit = unit
        activation.process.line = line[:255]
        activation.process.parent_task = parent_task
        return activation.process



def _unit_report(process):
    return process.coerced.unit_report if not hasattr(process, "unit_report") else process.unit_report


def _unit_head(activation):
    """The head of the reporting unit today (or whoever acts for them)."""
    return unit_head_actor(unit=activation.process.unit_report.unit, task=activation.task)


def _assignee(activation):
    return activation.process.unit_report.assignee


class UnitReportFlow(ScopedFlow):
    """Báo cáo của đơn vị: tiếp nhận → lãnh đạo giao việc → soạn báo cáo → duyệt trong đơn vị
    → thủ trưởng ký → gửi cấp trên → cấp trên chấp nhận hoặc trả lại."""

    process_class = UnitReportProcess
    process_title = _("Báo cáo của đơn vị")
    process_summary_template = "{{ process.unit_report.unit }} — {{ process.unit_report.obligation.title|truncatechars:60 }}"
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_report).Annotation(title=_("Giao nhiệm vụ báo cáo")).Next(this.acknowledge)

    # Văn thư of the unit
    acknowledge = (
        nodes.View(views.UnitAcknowledgeView.as_view())
        .Annotation(title=_("Tiếp nhận kế hoạch, nhiệm vụ"))
        .Permission("orgchart.clerk_for_unit", obj=lambda process: _unit_report(process).unit)
        .Next(this.assign)
    )
    # Lãnh đạo of the unit
    assign = (
        nodes.View(views.UnitAssignView.as_view())
        .Annotation(title=_("Giao việc"))
        .Assign(_unit_head)
        .Next(this.check_children)
    )
    # An intermediate unit waits for the reports of the units below it (cấp dưới) before writing its own
    check_children = (
        nodes.If(lambda a: a.process.unit_report.children.exclude(state=ReportState.ACCEPTED)
                 .exclude(role=UnitRole.COOPERATING).exists())  # phối hợp contributes, does not hold the lead up
        .Annotation(title=_("Có đơn vị cấp dưới chưa báo cáo?"))
        .Then(this.wait_children)
        .Else(this.draft_report)
    )
    wait_children = nodes.Handle().Annotation(title=_("Chờ báo cáo của đơn vị cấp dưới")).Next(this.draft_report)
    # Chuyên viên assigned
    draft_report = (
        nodes.View(views.UnitReportDraftView.as_view())
        .Annotation(title=_("Soạn báo cáo"))
        .Assign(_assignee)
        .Next(this.sign_report)
    )
    sign_report = (
        nodes.View(views.UnitReportSignView.as_view())
        .Annotation(title=_("Thủ trưởng ký báo cáo"))
        .Assign(_unit_head)
        .Next(this.check_signed)
    )
    check_signed = nodes.If(lambda a: a.process.unit_report.state == ReportState.SUBMITTED).Annotation(title=_("Kết quả ký báo cáo")).Then(this.receive).Else(this.draft_report)
    # The unit that receives the report (cấp trên / cơ quan tổng hợp)
    receive = (
        nodes.View(views.UnitReportReceiveView.as_view())
        .Annotation(title=_("Tiếp nhận, xem xét báo cáo"))
        .Permission("orgchart.act_for_unit", obj=lambda process: _unit_report(process).receiver)
        .Next(this.check_received)
    )
    check_received = nodes.If(lambda a: a.process.unit_report.state == ReportState.ACCEPTED).Annotation(title=_("Kết quả tiếp nhận báo cáo")).Then(this.accepted).Else(this.draft_report)
    accepted = nodes.End().Annotation(title=_("Đã được chấp nhận"))

    def start_report(self, activation, unit_report):
        activation.process.save()
        unit_report.process = activation.process
        unit_report.save(update_fields=["process"])
        return activation.process


#: Every flow of Kehoach, in the order the inbox's step filter lists them.
FLOWS = (PlanFlow, ConsolidatedReportFlow, ReceiptFlow, UnitReportFlow)
