"""Reads of documents, scoped to what a user may see."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from orgchart.models import Unit

from .models import Document


def units_of_user(*, user) -> list[int]:
    """Ids of the units whose work ``user`` may see (guardian object permissions, granted per unit)."""
    if not user.is_authenticated:
        return []
    units = get_objects_for_user(user, "orgchart.view_unit_work", klass=Unit, accept_global_perms=False)
    return list(units.values_list("pk", flat=True))


def documents_visible_to(*, user):
    """Documents of the user's units (drafts included), and issued documents sent to them."""
    if user.is_superuser:
        return Document.objects.all()
    unit_ids = units_of_user(user=user)
    drafted_here = Q(drafting_unit_id__in=unit_ids) | Q(created_by=user)
    issued_here_or_sent = Q(status="issued") & (Q(issuer_id__in=unit_ids) | Q(receipts__unit_id__in=unit_ids))
    return Document.objects.filter(drafted_here | issued_here_or_sent).distinct()


def document_visible_to(*, user, document) -> bool:
    """A document is visible if listed above, or if the user may see the plan process it belongs to."""
    if documents_visible_to(user=user).filter(pk=document.pk).exists():
        return True
    from workflows.selectors import plan_processes_visible_to

    return plan_processes_visible_to(user=user).filter(Q(plan=document) | Q(submission=document)).exists()


def document_display_date(*, document: Document):
    return document.issued_on or timezone.localdate()
