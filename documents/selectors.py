"""Reads of documents, scoped to what a user may see."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from orgchart import selectors as org

from .models import Document, DocumentVersion


def units_of_user(*, user, on: datetime.date | None = None) -> list[int]:
    """Ids of the units whose work ``user`` may see on ``on`` (today by default): the units of the holdings and
    delegations in force that day. A former holder sees no unit's work; what they drafted, signed or handled
    themselves stays readable through the selectors that ask for it (``documents_visible_to``,
    ``workflows.selectors.plan_processes_visible_to``)."""
    if not user.is_authenticated:
        return []
    return sorted(org.unit_ids_with_right(user=user, right=org.VIEW, on=on or timezone.localdate()))


def documents_visible_to(*, user):
    """Documents of the user's units today (drafts included), issued documents sent to them, and what the user
    drafted, wrote a version of, or signed and numbered themselves (kept after their holding ends)."""
    if user.is_superuser:
        return Document.objects.all()
    unit_ids = units_of_user(user=user)
    own = Q(created_by=user) | Q(issued_by=user) | Q(pk__in=DocumentVersion.objects.filter(author=user).values("document_id"))
    drafted_here = Q(drafting_unit_id__in=unit_ids) | own
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
