"""Kehoach's flow nodes: viewflow's own, with every permission check asking ``workflows.authorization``.

viewflow 2.4 decides per node: ``can_assign``, ``can_unassign``, ``can_execute`` (the activation's
transitions and the task URLs), ``can_view`` (the detail page), ``can_undo``, ``can_cancel`` and
``can_revive`` (their URLs), and the bulk assign/unassign views call the node's methods per task.
Its defaults let anyone take an unowned step without a permission, and let the owner of a person's
step "unassign" it into every queue; here they all answer by the one rule instead.
"""

from __future__ import annotations

from viewflow.workflow import flow
from viewflow.workflow.nodes.view import ViewActivation

from workflows.authorization import TaskAction, task_allowed


class PersonViewActivation(ViewActivation):
    """A position step executed by the holder or substitute entitled that day is theirs from then on."""

    @ViewActivation.status.super()
    def start(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self.task.owner_id != user.pk:
            self.task.owner = user
        super().start.original(request)


class RuleMixin:
    """The node checks of viewflow, answered by ``authorization.task_permission``."""

    def can_view(self, user, task):
        return task_allowed(user=user, task=task, action=TaskAction.VIEW)

    def can_undo(self, user, task):
        return task_allowed(user=user, task=task, action=TaskAction.UNDO)

    def can_cancel(self, user, task):
        return task_allowed(user=user, task=task, action=TaskAction.CANCEL)

    def can_revive(self, user, task):
        return task_allowed(user=user, task=task, action=TaskAction.REVIVE)


class View(RuleMixin, flow.View):
    """A human step (``flow.View``) whose assign, unassign and execute follow the one rule."""

    activation_class = PersonViewActivation

    def can_assign(self, user, task):
        return task_allowed(user=user, task=task, action=TaskAction.ASSIGN)

    def can_unassign(self, user, task):
        return task_allowed(user=user, task=task, action=TaskAction.UNASSIGN)

    def can_execute(self, user, task):
        return task_allowed(user=user, task=task, action=TaskAction.EXECUTE)


class If(RuleMixin, flow.If):
    pass


class Switch(RuleMixin, flow.Switch):
    pass


class Function(RuleMixin, flow.Function):
    pass


class Handle(RuleMixin, flow.Handle):
    pass


class End(RuleMixin, flow.End):
    pass
