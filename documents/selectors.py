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


#: Rules other apps add in their ``AppConfig.ready()``: ``rule(*, user, unit_ids) -> Q`` over Document.
#: ``workflows`` adds the documents of the plan processes a user may open and the reports submitted to their unit.
_VISIBILITY_RULES: list = []


def document_visibility_rule(rule):
    """Register one more reason a user may see a document (used as a decorator); idempotent."""
    if rule not in _VISIBILITY_RULES:
        _VISIBILITY_RULES.append(rule)
    return rule


def documents_visible_to(*, user):
    """The one access rule of documents: their pages, lists, Word, PDF and attachments.

    Documents of the user's units (drafts included), issued documents of or sent to them, and whatever the
    registered rules add (the plan's processes they may open, the reports submitted to their unit).
    """
    if not user.is_authenticated:
        return Document.objects.none()
    if user.is_superuser:
        return Document.objects.all()
    unit_ids = units_of_user(user=user)
    drafted_here = Q(drafting_unit_id__in=unit_ids) | Q(created_by=user)
    issued_here_or_sent = Q(status="issued") & (Q(issuer_id__in=unit_ids) | Q(receipts__unit_id__in=unit_ids))
    visible = drafted_here | issued_here_or_sent
    for rule in _VISIBILITY_RULES:
        visible |= rule(user=user, unit_ids=unit_ids)
    return Document.objects.filter(pk__in=Document.objects.filter(visible).values("pk"))


def document_visible_to(*, user, document) -> bool:
    """May ``user`` open this document's page and download it? (``documents_visible_to``, for one document.)"""
    return documents_visible_to(user=user).filter(pk=document.pk).exists()


def document_display_date(*, document: Document):
    return document.issued_on or timezone.localdate()
