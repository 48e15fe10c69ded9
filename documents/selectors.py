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
    """Issued documents of or sent to the user's units, and drafts of the user's own units."""
    if user.is_superuser:
        return Document.objects.all()
    unit_ids = units_of_user(user=user)
    return Document.objects.filter(
        Q(issuer_id__in=unit_ids) | Q(drafting_unit_id__in=unit_ids) | Q(created_by=user)
    ).distinct()


def document_display_date(*, document: Document):
    return document.issued_on or timezone.localdate()
