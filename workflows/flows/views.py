"""Thin task views: a form collects input, a service decides, the activation moves on."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic
from viewflow.workflow.flow.views import mixins

from documents.services import document_attach
from workflows.figures.entry import grid_rows, report_figures_initial, report_period
from workflows.flows import forms, steps
from workflows.flows.runtime import plan_draft_submit
from workflows.flows.signing import SignatureStepMixin, SigningStepMixin
from workflows.models import Decision, ObligationKind
from workflows.notifications.notify import step_done_text
from workflows.plans import drafting, services
from workflows.plans.drafting import submission_editable
from workflows.reports.consolidated import consolidated_report_save, plan_indicator_table, report_sections_initial
from workflows.reports.services import report_title_default, unit_report_assign, unit_report_save
from workflows.selectors import plan_context


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)  # the errors themselves: their code and params name a cell of the figures grid


class TaskFormView(mixins.TaskSuccessUrlMixin, generic.FormView):
    """A task screen: the plan's preview beside a form; POST runs a service then completes the task."""

    template_name = "workflows/plan_task.html"
    success_text = _("Đã xử lý công việc.")

    @property
    def activation(self):
        return self.request.activation

    @property
    def process(self):
        return self.request.activation.process

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan_context(process=self.process) if hasattr(self.process, "plan_id") else {})
        context["process"] = self.process
        context["task"] = self.activation.task
        return context

    def perform(self, form) -> None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def perform_signature(self, form) -> None:
        """The digital signature of a signing step (``workflows.flows.signing.SignatureStepMixin``), in perform's transaction."""

    def after_execute(self) -> None:
        """What a screen records once the task has moved on (the start records the draft)."""

    def refused(self, form, exc: ValidationError):
        """A service refused the step: its transaction is rolled back, and so must be what it changed in memory
        (e.g. the report's state, set before the signature was refused), or the page shows a state that never was."""
        _errors_to_form(form, exc)
        process = self.process
        if process is not None and process.pk:
            process.refresh_from_db()
        return self.form_invalid(form)

    def get_success_text(self) -> str:
        """The toast: what happened, with the number where there is one (``notify`` words it)."""
        return step_done_text(process=self.process, step=self.activation.flow_task.name, default=str(self.success_text))

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.perform(form)
                self.perform_signature(form)
        except ValidationError as exc:
            return self.refused(form, exc)
        self.activation.execute()
        self.after_execute()
        messages.success(self.request, self.get_success_text())
        return HttpResponseRedirect(self.get_success_url())


class DraftSaveMixin:
    """A drafting screen: "Lưu nháp" (``_save``) saves and stays on the step; "Trình duyệt" (``_done``) saves and sends.

    Viewflow starts the task for the request but saves nothing until ``execute()``: a save that does not
    execute leaves the task open, assigned to the drafter, in their list of work.
    """

    saved_text = _("Đã lưu nháp.")

    def save_draft(self, form) -> None:
        self.perform(form)

    def saved_url(self) -> str:
        return self.request.get_full_path()

    def form_valid(self, form):
        if "_save" not in self.request.POST:
            return super().form_valid(form)
        try:
            with transaction.atomic():
                self.save_draft(form)
        except ValidationError as exc:
            return self.refused(form, exc)
        messages.success(self.request, self.saved_text)
        return HttpResponseRedirect(self.saved_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["draft_step"] = True
        process = getattr(self.request.activation, "process", None)
        if process is not None and process.pk:
            from django.urls import reverse

            context["autosave_url"] = reverse("workflow:flows:plan:plan_autosave", args=[process.pk])
            if not getattr(process, "consolidates_id", None):  # chủ trì / phối hợp / để biết, corrected before sending
                from workflows.models import UnitRole
                from workflows.plans import roles

                context["role_editor"] = {
                    "recipient_lines": roles.recipient_roles(process=process), "rows": roles.task_roles(process=process),
                    "choices": UnitRole.choices, "cooperation_days": process.cooperation_days,
                    "url": reverse("workflow:flows:plan:plan_roles", args=[process.pk])}
        return context


def _submission_kwargs(process) -> dict:
    """The Tờ trình parts' generated text (placeholders) and typed text (initial) of a plan process."""
    plan = process.plan
    defaults = drafting.submission_parts_default(plan_title=plan.title, plan_content=plan.content,
                                                 department=process.department, province=process.province)
    return {"defaults": defaults, "typed": drafting.submission_parts_typed(content=process.submission.content or {})}


class PlanCreateView(DraftSaveMixin, TaskFormView):
    """Soạn thảo: the start creates the plan and its Tờ trình; "Lưu nháp" keeps them at the edit step,
    "Trình duyệt" completes the edit step at once."""

    form_class = forms.PlanDraftForm
    template_name = "workflows/plan_start.html"
    success_text = _("Đã trình dự thảo kế hoạch.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = generic.FormView.get_context_data(self, **kwargs)
        context["process"] = self.process
        context["draft_step"] = True
        return context

    def perform(self, form):
        from workflows.plans import drafting

        data = form.cleaned_data
        process = services.plan_draft_create(
            drafter=self.request.user, division=data["division"], title=data["title"], content=form.content(),
            submission_title=data.get("submission_title", ""), field=data.get("field"),
            collective=data.get("collective", False), due_date=data.get("due_date"), process=self.process,
            urgency=data.get("urgency") or "", default_cycle=data.get("default_cycle") or "half_year",
            cycles_until=data.get("cycles_until"),
        )
        drafting.submission_body_initialise(process=process, parts=form.submission_parts())
        if data.get("attachment"):
            document_attach(document=self.process.plan, upload=data["attachment"], user=self.request.user)

    def save_draft(self, form):
        self.perform(form)
        self.activation.execute()  # the process exists; its edit step waits for the drafter
        services.audit_record(process=self.process, actor=self.request.user, task=self.activation.task, action="create")

    def saved_url(self) -> str:
        from workflows.plans import drafting

        return drafting.draft_task(process=self.process, user=self.request.user).reverse("execute")

    def after_execute(self) -> None:
        services.audit_record(process=self.process, actor=self.request.user, task=self.activation.task, action="draft")
        plan_draft_submit(process=self.process, user=self.request.user)


class PlanEditView(DraftSaveMixin, TaskFormView):
    """The draft kept by "Lưu nháp" (or imported from Word): the plan, its Tờ trình and its Lĩnh vực, until sent."""

    form_class = forms.PlanEditForm
    success_text = _("Đã trình dự thảo kế hoạch.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submission_defaults": _submission_kwargs(self.process)["defaults"]}

    def get_initial(self):
        from workflows.plans import drafting

        process = self.process
        return {**forms.PlanContentForm.initial_from(process.plan.title, process.plan.content),
                **forms.SubmissionBodyForm.submission_initial(_submission_kwargs(process)["typed"]),
                "submission_title": "" if process.submission.title == drafting.submission_title_default(
                    plan_title=process.plan.title) else process.submission.title, "field": process.field,
                "collective": process.collective, "due_date": process.due_date, "urgency": process.plan.urgency,
                "default_cycle": process.default_cycle, "cycles_until": process.cycles_until}

    def perform(self, form):
        from workflows.plans import drafting

        data = form.cleaned_data
        drafting.plan_draft_save(process=self.process, user=self.request.user, title=data["title"], content=form.content(),
                                 submission_parts=form.submission_parts(), submission_title=data.get("submission_title", ""),
                                 facts=form.facts(), comment=_("Lưu nháp") if "_save" in self.request.POST else _("Trình duyệt"))
        if data.get("attachment"):
            document_attach(document=self.process.plan, upload=data["attachment"], user=self.request.user)

    def after_execute(self) -> None:
        services.audit_record(process=self.process, actor=self.request.user, task=self.activation.task, action="draft")


class StepActionView(TaskFormView):
    """A screen that posts one of its step's actions: the step registry (``workflows.flows.steps``, keyed by the node)
    runs it, as it does for the API. The posted decision is the action (``approve``, ``return``, ``return_previous``)."""

    def action(self, form) -> str:
        return form.cleaned_data["decision"]

    def action_data(self, form) -> dict:
        return {"comment": form.cleaned_data.get("comment", "")}

    def perform(self, form):
        steps.step_for(self.activation.flow_task).perform(
            task=self.activation.task, process=self.process, user=self.request.user, action=self.action(form),
            data=self.action_data(form))


class PlanDecisionView(StepActionView):
    """Trưởng phòng review and Văn phòng UBND vetting: approve or return with a comment."""

    form_class = forms.DecisionForm


class SignOrReturnView(SigningStepMixin, StepActionView):
    """A signing step: sign (the service derives the signer block) or return with a reason (``steps``)."""

    form_class = forms.DecisionForm
    step = ""
    choices: list = []

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": self.choices}


class SubmissionSignView(SignatureStepMixin, SignOrReturnView):
    success_text = _("Đã ký Tờ trình.")
    step = "sign_submission"
    choices = [(Decision.APPROVE, _("Ký Tờ trình, trình UBND")), (Decision.RETURN, Decision.RETURN.label)]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "submission_first": True}  # the document signed here


class PlanSignView(SignatureStepMixin, SignOrReturnView):
    """The leader signs or returns, in one screen, with the draft's PDF beside the form."""

    success_text = _("Đã ký duyệt kế hoạch.")
    step = "decide"
    choices = [
        (Decision.APPROVE, _("Ký duyệt")),
        (Decision.RETURN, Decision.RETURN.label),
        (Decision.RETURN_PREVIOUS, _("Trả lại Văn phòng UBND")),
    ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if getattr(self.process, "consolidates_id", None):  # a Báo cáo tổng hợp: no vetting step to return to
            kwargs["choices"] = [(Decision.APPROVE, _("Ký báo cáo")), (Decision.RETURN, Decision.RETURN.label)]
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_pdf"] = True  # the leader reads the PDF of the draft before signing
        try:
            context["signer_preview"] = services.signer_block(
                position=services.plan_position(process=self.process, step="decide", on=timezone.localdate()),
                user=self.request.user, on=timezone.localdate())
        except Exception:  # the preview is a courtesy; signing re-derives it
            context["signer_preview"] = None
        return context


class PlanReviseView(DraftSaveMixin, TaskFormView):
    form_class = forms.ReviseForm
    success_text = _("Đã trình lại dự thảo.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submission_defaults": _submission_kwargs(self.process)["defaults"],
                "with_submission": submission_editable(process=self.process)}

    def get_initial(self):
        return {**forms.PlanContentForm.initial_from(self.process.plan.title, self.process.plan.content),
                **forms.SubmissionBodyForm.submission_initial(_submission_kwargs(self.process)["typed"])}

    def _content(self, form) -> dict:
        typed = form.content()
        return {**self.process.plan.content, **typed,
                "annexes": forms.annexes_merge(self.process.plan.content.get("annexes") or [], typed["annexes"])}

    def save_draft(self, form):
        from workflows.plans import drafting

        drafting.plan_draft_save(process=self.process, user=self.request.user, title=form.cleaned_data["title"],
                                 content=self._content(form), submission_parts=form.submission_parts(),
                                 comment=form.cleaned_data.get("comment", ""))

    def perform(self, form):
        from workflows.plans import drafting

        services.plan_revise(process=self.process, user=self.request.user, title=form.cleaned_data["title"],
                             content=self._content(form), comment=form.cleaned_data.get("comment", ""), task=self.activation.task)
        drafting.submission_revise(process=self.process, user=self.request.user, parts=form.submission_parts(),
                                   comment=form.cleaned_data.get("comment", ""))
        if form.cleaned_data.get("attachment"):
            document_attach(document=self.process.plan, upload=form.cleaned_data["attachment"], user=self.request.user)


class ConsolidatedReportDraftView(TaskFormView):
    """Soạn báo cáo tổng hợp: the generated draft beside a form to edit its narrative and refresh its figures."""

    form_class = forms.ConsolidatedReportForm
    success_text = _("Đã trình báo cáo tổng hợp.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sections": self.process.plan.content.get("sections") or []}

    def get_initial(self):
        return report_sections_initial(report=self.process.plan)

    def perform(self, form):
        consolidated_report_save(process=self.process, user=self.request.user, title=form.cleaned_data["title"],
                                 sections=form.sections(), refresh=form.cleaned_data.get("refresh", False),
                                 comment=form.cleaned_data.get("comment", ""), task=self.activation.task)


class PlanIssueView(SigningStepMixin, SignatureStepMixin, StepActionView):
    form_class = forms.IssueForm
    success_text = _("Đã cấp số và phát hành kế hoạch.")

    def get_initial(self):
        return {"issued_on": timezone.localdate(), "place": self.process.province.place}

    def action(self, form) -> str:
        return "issue"

    def action_data(self, form) -> dict:
        return {"issued_on": form.cleaned_data["issued_on"], "place": form.cleaned_data["place"]}


class AcknowledgeView(StepActionView):
    form_class = forms.AcknowledgeForm
    template_name = "workflows/receipt_task.html"
    success_text = _("Đã tiếp nhận văn bản.")

    def get_context_data(self, **kwargs):
        context = generic.FormView.get_context_data(self, **kwargs)
        document = self.process.document
        context.update(process=self.process, task=self.activation.task, document=document, plan=document,
                       content=document.snapshot or document.content)
        return context

    def action(self, form) -> str:
        return "acknowledge"


def forbidden(request, exception=None):
    """403 with a clear Vietnamese message (a task done by someone else, or no right)."""
    from django.shortcuts import render

    return render(request, "403.html", {"exception": exception}, status=403)




class UnitTaskView(TaskFormView):
    """A step of a unit's report process."""

    template_name = "workflows/unit_task.html"

    @property
    def report(self):
        return self.process.unit_report

    def get_context_data(self, **kwargs):
        context = generic.FormView.get_context_data(self, **kwargs)
        context.update(process=self.process, task=self.activation.task, report=self.report,
                       obligation=self.report.obligation, plan=self.report.obligation.plan.plan)
        from workflows.authorization import extension_request_permission

        context["may_ask_extension"] = extension_request_permission(user=self.request.user, report=self.report).allowed
        if self.report.report_id:  # the report itself, as the ND30 preview, and what its last version changed
            from workflows.selectors import version_changes

            context.update(report_document=self.report.report, changes=version_changes(document=self.report.report))
        return context


class UnitAcknowledgeView(StepActionView, UnitTaskView):
    form_class = forms.AcknowledgeForm
    success_text = _("Đã tiếp nhận.")

    def action(self, form) -> str:
        return "acknowledge"


class UnitAssignView(UnitTaskView):
    form_class = forms.UnitAssignForm
    success_text = _("Đã giao việc.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.report.unit}

    def perform(self, form):
        unit_report_assign(report=self.report, user=self.request.user, assignee=form.cleaned_data["assignee"],
                           comment=form.cleaned_data.get("comment", ""), task=self.activation.task)


class UnitReportDraftView(UnitTaskView):
    """Soạn báo cáo: one text box per outline section and, when the plan has a Bảng tổng hợp, its entry grid
    (also downloadable as Excel, to fill offline and upload). Text and figures are saved together, or nothing."""

    form_class = forms.UnitReportForm
    template_name = "workflows/unit_report_draft.html"
    success_text = _("Đã trình báo cáo.")

    @cached_property
    def table(self):
        obligation = self.report.obligation
        return plan_indicator_table(process=obligation.plan) if obligation.kind == ObligationKind.REPORT else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.table is not None:
            posted = self.request.POST if self.request.method == "POST" else None
            form = context.get("form")
            period = report_period(report=self.report, table=self.table)  # a report cycle's column, if one names it
            context.update(table=self.table, period=period, cycle=self.report.cycle, grid=grid_rows(
                table=self.table, initial=report_figures_initial(report=self.report, table=self.table), posted=posted,
                errors=form.errors.as_data().get("__all__", []) if form is not None else (), period=period))
        return context

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "outline": self.report.obligation.outline}

    def get_initial(self):
        return {"title": report_title_default(obligation=self.report.obligation, cycle=self.report.cycle)}

    def perform(self, form):
        if self.table is not None:  # figures first, while the report is still open for them
            from workflows.figures.entry import entries_from_post, report_figures_save

            report_figures_save(report=self.report, table=self.table, user=self.request.user, task=self.activation.task,
                                entries=entries_from_post(table=self.table, data=self.request.POST), source="grid")
        unit_report_save(report=self.report, user=self.request.user, title=form.cleaned_data["title"],
                         content=form.content(), comment=form.cleaned_data.get("comment", ""), task=self.activation.task)


class UnitReportSignView(SigningStepMixin, SignatureStepMixin, StepActionView, UnitTaskView):
    form_class = forms.DecisionForm
    success_text = _("Đã ký và gửi báo cáo.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": [(Decision.APPROVE, _("Ký, gửi báo cáo")),
                                                         (Decision.RETURN, Decision.RETURN.label)]}


class UnitReportReceiveView(StepActionView, UnitTaskView):
    form_class = forms.DecisionForm
    success_text = _("Đã xử lý báo cáo.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": [(Decision.APPROVE, _("Chấp nhận báo cáo")),
                                                         (Decision.RETURN, _("Trả lại đơn vị báo cáo"))]}
