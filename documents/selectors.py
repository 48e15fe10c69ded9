"""Reads of documents, scoped to what a user may see."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, F, Func, Q, Subquery
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


class pk_in(Func):
    """``pk IN (subquery)`` that PostgreSQL reads through the primary key's index: ``pk = ANY(ARRAY(subquery))``.

    The subquery runs once, and the condition stays indexable, so an OR of such conditions with other indexed
    columns is a BitmapOr of index scans (a plain ``IN (subquery)`` is a hashed filter over every row read).
    Elsewhere (SQLite) it is the plain ``IN``."""

    output_field = BooleanField()

    def __init__(self, subquery):
        super().__init__(F("pk"), Subquery(subquery.order_by()))

    def as_sql(self, compiler, connection, **extra):
        pk, pk_params = compiler.compile(self.source_expressions[0])
        sub, sub_params = compiler.compile(self.source_expressions[1])
        return f"{pk} IN {sub}", [*pk_params, *sub_params]

    def as_postgresql(self, compiler, connection, **extra):
        pk, pk_params = compiler.compile(self.source_expressions[0])
        sub, sub_params = compiler.compile(self.source_expressions[1])
        return f"{pk} = ANY(ARRAY{sub})", [*pk_params, *sub_params]


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

    Documents of the user's units today (drafts included), issued documents of or sent to them, what the user
    drafted, wrote a version of, or signed and numbered themselves (kept after their holding ends), and whatever
    the registered rules add (the plan's processes they may open, the reports submitted to their unit).
    """
    if not user.is_authenticated:
        return Document.objects.none()
    if user.is_superuser:
        return Document.objects.all()
    unit_ids = units_of_user(user=user)
    # Every reason is a condition on the document's own columns or ``pk_in(one subquery)``: no join, so no
    # duplicates to remove, and PostgreSQL reads each reason through an index (a BitmapOr) instead of scanning
    # every document joined to its receipts (a province has 700 000 documents a year).
    own = (Q(created_by=user) | Q(issued_by=user)
           | pk_in(DocumentVersion.objects.filter(author=user).values("document_id")))
    drafted_here = Q(drafting_unit_id__in=unit_ids) | own
    receipts = Document._meta.get_field("receipts").related_model  # workflows' văn bản đến, not imported from here
    sent_here = receipts.objects.filter(unit_id__in=unit_ids).values("document_id")
    issued_here_or_sent = Q(status="issued") & (Q(issuer_id__in=unit_ids) | pk_in(sent_here))
    visible = drafted_here | issued_here_or_sent
    for rule in _VISIBILITY_RULES:
        visible |= rule(user=user, unit_ids=unit_ids)
    return Document.objects.filter(visible)


def document_visible_to(*, user, document) -> bool:
    """May ``user`` open this document's page and download it? (``documents_visible_to``, for one document.)"""
    return documents_visible_to(user=user).filter(pk=document.pk).exists()


def document_display_date(*, document: Document):
    return document.issued_on or timezone.localdate()
