from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình")

    def ready(self):
        from viewflow.workflow.base import Node

        # viewflow prints a node by its Python name ("Start", "Draft_Report") in card headings, task
        # lists and toasts; every Kehoach node has a Vietnamese title (.Annotation), print that instead.
        python_name = Node.__str__

        def node_title(node) -> str:
            return str(node.task_title) if getattr(node, "task_title", None) else python_name(node)

        Node.__str__ = node_title

        from documents.selectors import document_visibility_rule
        from documents.signals import fingerprint_mismatch
        from orgchart.signals import units_restructured
        from workflows import selectors
        from workflows.audit import integrity
        from workflows.restructuring import units_restructured_move_work

        document_visibility_rule(selectors.documents_of_visible_processes)
        document_visibility_rule(selectors.reports_submitted_to)
        fingerprint_mismatch.connect(integrity.fingerprint_mismatch_record, dispatch_uid="workflows.fingerprint_mismatch")
        units_restructured.connect(units_restructured_move_work, dispatch_uid="workflows.units_restructured_move_work")

        # Tasks that arrive are announced (the bell, e-mail): on a task's first save, wherever viewflow creates it.
        from django.db.models.signals import post_save
        from viewflow.workflow.flow import nodes
        from viewflow.workflow.models import Task

        from workflows.flows.receivers import task_created
        from workflows.flows.task_views import TaskAssignView

        post_save.connect(task_created, sender=Task, dispatch_uid="kehoach-task-arrived")

        # The Celery tasks, registered by name for the services that ask for them (workflows.queues).
        # The domain announces what moves a process on; the flows act on it.
        from workflows import (
            signals,
            tasks,  # noqa: F401
        )
        from workflows.flows.runtime import unit_report_accepted_release

        signals.unit_report_accepted.connect(unit_report_accepted_release, dispatch_uid="workflows.unit_report_accepted")
        nodes.View.assign_view_class = TaskAssignView  # "Đã nhận: 1/KH-UBND", not "Đã nhận công việc ."
