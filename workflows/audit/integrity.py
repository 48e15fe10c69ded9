"""What workflows does when an issued document fails its fingerprint check (``documents.integrity``).

Connected to ``documents.signals.fingerprint_mismatch`` in ``WorkflowsConfig.ready()``: one audit entry per refused
download (on the document's process when it has one), and one notification per administrator for each distinct
tampered state (superusers, and staff holding ``documents.receive_integrity_alerts``).
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth import get_user_model
from django.db.models import Q

from workflows.audit.chain import audit_append
from workflows.models import Notification, NotificationKind, PlanProcess, UnitReport

ALERT_PERMISSION = "receive_integrity_alerts"


def integrity_alert_recipients():
    """Active superusers, and active staff given the alert permission (directly or through a group)."""
    perm = Q(user_permissions__codename=ALERT_PERMISSION, user_permissions__content_type__app_label="documents") | Q(
        groups__permissions__codename=ALERT_PERMISSION, groups__permissions__content_type__app_label="documents")
    return get_user_model().objects.filter(Q(is_superuser=True) | (Q(is_staff=True) & perm), is_active=True).distinct()


def document_process(*, document):
    """The process a document belongs to, if any: a plan's or submission's, or a unit report's."""
    process = PlanProcess.objects.filter(Q(plan=document) | Q(submission=document)).first()
    if process is not None:
        return process
    report = UnitReport.objects.filter(Q(report=document) | Q(implementing_plan=document)).select_related("process").first()
    return report.process if report is not None else None


def fingerprint_mismatch_record(sender, *, document, kind, problems, user=None, source="download", subject="", body="",
                                **kwargs):
    actor = user if getattr(user, "is_authenticated", False) else None
    audit_append(process=document_process(document=document), actor=actor, action="integrity_mismatch",
                 comment=subject, data={"document": document.pk, "symbol": document.symbol, "kind": kind,
                                        "source": source, "problems": problems})
    state = hashlib.sha256(json.dumps([document.pk, kind, document.snapshot_sha256, problems], sort_keys=True,
                                      default=str).encode()).hexdigest()[:24]
    url = document.get_absolute_url()
    for admin in integrity_alert_recipients():
        Notification.objects.get_or_create(
            key=f"integrity:{document.pk}:{admin.pk}:{state}",
            defaults={"user": admin, "kind": NotificationKind.INTEGRITY, "title": subject[:255], "body": body, "url": url})
