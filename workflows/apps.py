from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình")

    def ready(self):
        from documents.selectors import document_visibility_rule
        from documents.signals import fingerprint_mismatch

        from . import integrity, selectors

        document_visibility_rule(selectors.documents_of_visible_processes)
        document_visibility_rule(selectors.reports_submitted_to)
        fingerprint_mismatch.connect(integrity.fingerprint_mismatch_record, dispatch_uid="workflows.fingerprint_mismatch")
