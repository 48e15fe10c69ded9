"""Writes to documents: drafting in versions, numbering, issuing (cấp số, ban hành)."""

from __future__ import annotations

import copy
import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgchart.models import UnitKind

from .indicators import classify
from .models import (
    Attachment,
    DocType,
    Document,
    DocumentStatus,
    DocumentVersion,
    Indicator,
    IndicatorTable,
    Register,
    RegisterCounter,
    RegisterKind,
)
from .uploads import size_text


def symbol_format(*, number: int | None, doc_type: str, issuer_code: str, division_code: str = "") -> str:
    """``72/KH-UBND``; a letter has no type code: ``376/BNV-CCHC``; a draft: ``/KH-UBND``."""
    prefix = "" if number is None else str(number)
    if doc_type == DocType.LETTER:
        tail = f"{issuer_code}-{division_code}" if division_code else issuer_code
    else:
        tail = f"{doc_type}-{issuer_code}"
    return f"{prefix}/{tail}"


def register_for(*, issuer, doc_type: str) -> Register:
    """The register a document of ``doc_type`` takes its number from: the type's own, else the general one."""
    registers = {r.doc_type: r for r in Register.objects.filter(unit=issuer, kind=RegisterKind.OUTGOING,
                                                                doc_type__in=[doc_type, ""])}
    register = registers.get(doc_type) or registers.get("")
    if register is None:
        raise ValidationError(_("Cơ quan %(unit)s chưa có sổ văn bản đi để cấp số.") % {"unit": issuer})
    return register


#: Units of these kinds issue documents: each keeps a general sổ văn bản đi from the day it begins.
ISSUING_KINDS = frozenset({UnitKind.MINISTRY, UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE,
                           UnitKind.PROVINCIAL_OFFICE})


def register_open_general(*, unit) -> Register | None:
    """Open the general outgoing register of a unit that issues documents (idempotent); None for other units.
    Called when units begin (``orgchart.signals.units_created``: the demo chart, a restructuring)."""
    if unit.kind not in ISSUING_KINDS:
        return None
    register, _created = Register.objects.get_or_create(unit=unit, kind=RegisterKind.OUTGOING, doc_type="",
                                                        defaults={"name": "Sổ văn bản đi"})
    return register


def incoming_register_for(*, unit) -> Register:
    """The unit's sổ văn bản đến, opened on the first document it receives."""
    register, _created = Register.objects.get_or_create(unit=unit, kind=RegisterKind.INCOMING, doc_type="",
                                                        defaults={"name": _("Sổ văn bản đến")})
    return register


def register_next_number(*, register: Register, year: int) -> int:
    """Take the next number of ``register`` in ``year``.

    Must run inside the transaction that issues the document, so that a
    failure rolls the number back. The counter row is locked (SELECT … FOR
    UPDATE on PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register_next_number must run inside transaction.atomic()")
    RegisterCounter.objects.bulk_create([RegisterCounter(register=register, year=year)], ignore_conflicts=True)
    counter = RegisterCounter.objects.select_for_update().get(register=register, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def register_open_year(*, register: Register, year: int, last_number: int) -> RegisterCounter:
    """Carry over the numbers already taken on paper before the register moved into Kehoach (số đầu kỳ).

    Only allowed before the first number of that year is taken here, so no gap or duplicate can appear.
    """
    counter, _ = RegisterCounter.objects.select_for_update().get_or_create(register=register, year=year)
    taken = Document.objects.filter(register=register, year=year).exists()
    if taken and counter.last_number != last_number:
        raise ValidationError(_("Sổ đã cấp số trong năm %(year)s, không thể đặt lại số đầu kỳ.") % {"year": year})
    counter.last_number = last_number
    counter.save(update_fields=["last_number"])
    return counter


def content_fingerprint(content: dict) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def document_create(
    *,
    doc_type: str,
    issuer,
    title: str,
    content: dict | None = None,
    created_by=None,
    drafting_unit=None,
    place: str = "",
    parent: Document | None = None,
    cites: Document | None = None,
    urgency: str = "",
) -> Document:
    """Create a draft (dự thảo) and its first version; ``urgency``: its độ khẩn (``Urgency``, thường when blank)."""
    if doc_type not in DocType.values:
        raise ValidationError(_("Loại văn bản không hợp lệ: %(code)s.") % {"code": doc_type})
    document = Document(
        doc_type=doc_type,
        issuer=issuer,
        drafting_unit=drafting_unit,
        title=title.strip(),
        content=content or {},
        created_by=created_by,
        place=place or issuer.place,
        parent=parent,
        cites=cites,
        urgency=urgency or "",
    )
    document.full_clean()
    document.save()
    _version_add(document=document, author=created_by, comment="")
    return document


def _version_add(*, document: Document, author, comment: str) -> DocumentVersion:
    document.version += 1
    document.save(update_fields=["version", "updated"])
    return DocumentVersion.objects.create(
        document=document,
        number=document.version,
        title=document.title,
        content=copy.deepcopy(document.content),
        author=author,
        comment=comment,
    )


@transaction.atomic
def document_save_draft(*, document: Document, title: str | None = None, content: dict | None = None, author=None,
                        comment: str = "") -> DocumentVersion:
    """Save a new version of a draft. An issued document never changes."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.is_issued:
        raise ValidationError(_("Văn bản %(symbol)s đã ban hành, không thể sửa. Hãy ban hành văn bản đính chính.")
                              % {"symbol": document.symbol})
    if title is not None:
        document.title = title.strip()
    if content is not None:
        document.content = content
    document.full_clean()
    document.save()
    return _version_add(document=document, author=author, comment=comment)


#: The comment of a version written by the draft screen's autosave (tự động lưu).
AUTOSAVE_COMMENT = "Lưu tự động"


@transaction.atomic
def document_autosave(*, document: Document, title: str | None = None, content: dict | None = None,
                      author=None) -> DocumentVersion:
    """Save a draft as the autosave does: the author's last autosaved version is replaced, not piled up.

    The replaced row takes the new version number, so a PDF cached for the old number is never served
    for the new text.
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    last = document.versions.order_by("-number").first()
    if last is None or last.comment != AUTOSAVE_COMMENT or last.author_id != getattr(author, "pk", None):
        return document_save_draft(document=document, title=title, content=content, author=author, comment=AUTOSAVE_COMMENT)
    if document.is_issued:
        raise ValidationError(_("Văn bản %(symbol)s đã ban hành, không thể sửa.") % {"symbol": document.symbol})
    if title is not None:
        document.title = title.strip()
    if content is not None:
        document.content = content
    document.full_clean()
    document.version += 1
    document.save()
    last.number, last.title, last.content = document.version, document.title, copy.deepcopy(document.content)
    last.save(update_fields=["number", "title", "content"])
    return last


@transaction.atomic
def document_issue(*, document: Document, clerk, issued_on: datetime.date | None = None, place: str | None = None,
                   signer: dict | None = None) -> Document:
    """Number, date and freeze a document (cấp số, ban hành).

    The number comes from the issuer's register inside this transaction: if
    anything fails, no number is taken and the document stays a draft.
    """
    document = Document.objects.select_for_update(of=("self",)).select_related("issuer", "drafting_unit").get(pk=document.pk)
    if document.is_issued:
        raise ValidationError(_("Văn bản đã được cấp số %(symbol)s.") % {"symbol": document.symbol})
    if clerk is None:
        raise PermissionDenied(_("Cần người cấp số."))
    issued_on = issued_on or timezone.localdate()
    register = register_for(issuer=document.issuer, doc_type=document.doc_type)
    number = register_next_number(register=register, year=issued_on.year)
    document.register = register
    document.number = number
    document.year = issued_on.year
    document.issued_on = issued_on
    document.place = place or document.place or document.issuer.place
    document.symbol = symbol_format(
        number=number,
        doc_type=document.doc_type,
        issuer_code=document.issuer.code,
        division_code=document.drafting_unit.code if document.drafting_unit else "",
    )
    content = copy.deepcopy(document.content)
    content.update(
        {
            "doc_type": document.doc_type,
            "number": number,
            "symbol": document.symbol,
            "date": issued_on.isoformat(),
            "place": document.place,
            "title": document.title,
            "is_draft": False,
        }
    )
    if signer is not None:
        content["signer"] = signer
    document.content = content
    # a PDF built from the draft of this version would be served as the issued one: drop it, the issued one is rebuilt
    document.renditions.filter(version=document.version, issued=False).delete()
    document.snapshot = copy.deepcopy(content)
    document.snapshot_sha256 = content_fingerprint(content)
    document.status = DocumentStatus.ISSUED
    document.issued_by = clerk
    document.issued_at = timezone.now()
    # the fields and constraints (a number taken twice) are checked; not that each foreign key still exists, one
    # query apiece: the rows were just read here, and the database's foreign keys refuse a dangling one anyway
    # (excluding a field would skip the constraints naming it too: they are validated apart, all of them)
    document.full_clean(exclude=[f.name for f in Document._meta.concrete_fields if f.is_relation], validate_constraints=False)
    document.validate_constraints()
    document.save()
    return document


def document_verify_snapshot(*, document: Document) -> bool:
    """True when the frozen snapshot still matches its fingerprint."""
    return bool(document.snapshot) and content_fingerprint(document.snapshot) == document.snapshot_sha256


@transaction.atomic
def document_attach(*, document: Document, upload, user=None) -> Attachment:
    """Attach a file to a draft (an issued document is frozen: corrections are new documents)."""
    if document.is_issued:
        raise ValidationError(_("Văn bản đã ban hành, không thể thêm tệp đính kèm."))
    if upload.size > settings.KEHOACH_ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("Tệp %(name)s vượt quá %(limit)s.")
                              % {"name": upload.name, "limit": size_text(settings.KEHOACH_ATTACHMENT_MAX_BYTES)})
    return Attachment.objects.create(document=document, file=upload, name=upload.name[:255], size=upload.size,
                                     uploaded_by=user)


@transaction.atomic
def indicator_table_create(*, document, annex: dict):
    """Create a plan's indicator table from an "indicators" annex of its content (typed or imported from Word)."""
    rows = classify(annex.get("rows") or [])
    if not rows:
        raise ValidationError(_("Bảng chỉ tiêu không có dòng nào."))
    table = IndicatorTable.objects.create(document=document, title=annex.get("title") or "", periods=annex.get("periods") or [])
    created = Indicator.objects.bulk_create([
        Indicator(table=table, position=r.position, stt=r.stt, label=r.label, unit=r.unit or "", kind=r.kind, codes=r.codes)
        for r in rows])
    by_stt = {i.stt: i for i in created}
    for row, indicator in zip(rows, created):
        indicator.parent = by_stt.get(row.parent)
        indicator.numerator = by_stt.get(row.numerator)
        indicator.denominator = by_stt.get(row.denominator)
    Indicator.objects.bulk_update(created, ["parent", "numerator", "denominator"], batch_size=500)
    return table


@transaction.atomic
def indicator_tables_from_content(*, document) -> list:
    """Create the tables of every "indicators" annex of an issued plan, once (idempotent).

    Called when the plan is sent out: the units then enter their figures against these rows.
    """
    existing = list(document.indicator_tables.all())
    if existing:
        return existing
    annexes = [a for a in (document.content or {}).get("annexes") or [] if a.get("kind") == "indicators" and a.get("rows")]
    return [indicator_table_create(document=document, annex=annex) for annex in annexes]
