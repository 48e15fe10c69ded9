"""Integrity of issued documents: the fingerprints taken at issue, checked at every download.

What is fingerprinted, and where:

- the content frozen at issue: ``Document.snapshot`` and its ``snapshot_sha256``
  (``documents.services.document_issue``). The Word file is rendered from the
  snapshot at each download, so checking the snapshot, and that the header
  columns the renderer reads (symbol, number, date, title…) still say what the
  snapshot says, checks the Word file;
- each stored rendition (the PDF today, the signed PDF later, any ``kind``):
  ``Rendition.sha256``, the SHA-256 of the file's bytes taken when they were
  written by :func:`rendition_store`. A rendition of an issued document is
  sealed: ``Rendition.save()``/``delete()`` refuse to touch it again.

:func:`issued_fingerprint_check` is the one check every download calls (the
signed-PDF download calls it too, with its own ``kind``). On a mismatch the
view answers 409 and calls :func:`integrity_mismatch_report`: it mails the
administrators and sends :data:`documents.signals.fingerprint_mismatch`, on
which ``workflows`` records the audit entry and the notifications (documents
never imports workflows).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.mail import mail_admins
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Attachment, Document, DocumentStatus, Rendition
from .services import content_fingerprint
from .signals import fingerprint_mismatch

logger = logging.getLogger(__name__)

WORD = "docx"
ATTACHMENT = "attachment"

#: Why a check failed, in words an administrator reads.
PROBLEMS = {
    "snapshot_missing": gettext_lazy("không còn bản chốt nội dung hoặc dấu SHA-256 lúc ban hành"),
    "snapshot": gettext_lazy("nội dung chốt khi ban hành đã bị sửa (dấu SHA-256 không khớp)"),
    "header": gettext_lazy("số, ký hiệu, ngày hoặc trích yếu khác với bản chốt khi ban hành"),
    "rendition_unsealed": gettext_lazy("bản kết xuất không có dấu SHA-256"),
    "rendition_missing": gettext_lazy("tệp của bản kết xuất không còn"),
    "rendition": gettext_lazy("tệp của bản kết xuất đã bị thay (dấu SHA-256 không khớp)"),
    "attachment_missing": gettext_lazy("tệp đính kèm không còn hoặc không có dấu SHA-256"),
    "attachment": gettext_lazy("tệp đính kèm đã bị thay (dấu SHA-256 không khớp)"),
}

#: Header columns the renderer prints over the snapshot, and the snapshot key each must equal.
_HEADER = (("symbol", "symbol"), ("number", "number"), ("issued_on", "date"), ("title", "title"),
           ("doc_type", "doc_type"), ("place", "place"))


@dataclass
class Problem:
    code: str
    kind: str = ""
    detail: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "kind": self.kind, "detail": self.detail, "message": str(PROBLEMS[self.code])}


@dataclass
class FingerprintMismatch(Exception):
    """What was downloaded is not what was issued."""

    document: Document
    kind: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self):
        return "; ".join(str(PROBLEMS[p.code]) for p in self.problems)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot_problems(*, document: Document) -> list[Problem]:
    """What differs between the document's content and its fingerprint at issue (empty for a draft)."""
    if document.status != DocumentStatus.ISSUED:
        return []
    if not document.snapshot or not document.snapshot_sha256:
        return [Problem("snapshot_missing")]
    if content_fingerprint(document.snapshot) != document.snapshot_sha256:
        return [Problem("snapshot")]
    problems = []
    for column, key in _HEADER:
        frozen = document.snapshot.get(key)
        if frozen in (None, ""):
            continue  # a record imported from Word may lack it; the column was filled from elsewhere
        value = getattr(document, column)
        value = value.isoformat() if hasattr(value, "isoformat") else value
        if value != frozen:
            problems.append(Problem("header", detail=column))
    return problems


def rendition_problems(*, rendition: Rendition, payload_bytes: bytes | None = None) -> list[Problem]:
    """Does the rendition's file (or the bytes about to be served) still hash to the fingerprint taken when written?"""
    if not rendition.file:
        return []
    if not rendition.sha256:
        return [Problem("rendition_unsealed", kind=rendition.kind)]
    if payload_bytes is None:
        payload_bytes = rendition_read(rendition=rendition)
        if payload_bytes is None:
            return [Problem("rendition_missing", kind=rendition.kind)]
    if sha256_of(payload_bytes) != rendition.sha256:
        return [Problem("rendition", kind=rendition.kind)]
    return []


def signed_pdf_problems(*, signed, payload_bytes: bytes | None = None) -> list[Problem]:
    """Does a signed PDF (``documents.signing.models.SignedPdf``) still hash to what was stored at signing?"""
    kind = f"pdf-signed-{signed.stage}"
    if payload_bytes is None:
        payload_bytes = rendition_read(rendition=signed)
        if payload_bytes is None:
            return [Problem("rendition_missing", kind=kind)]
    if not signed.sha256 or sha256_of(payload_bytes) != signed.sha256:
        return [Problem("rendition", kind=kind)]
    return []


def signed_pdf_check(*, document: Document, signed, payload_bytes: bytes) -> None:
    """Refuse to serve a signed PDF whose content or file is not what was issued and signed."""
    problems = snapshot_problems(document=document) + signed_pdf_problems(signed=signed, payload_bytes=payload_bytes)
    if problems:
        raise FingerprintMismatch(document=document, kind=f"pdf-signed-{signed.stage}", problems=problems)


def rendition_read(*, rendition) -> bytes | None:
    """The bytes of a rendition (or of anything with a ``file``), or None when its file is gone from the storage."""
    try:
        with rendition.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def attachment_problems(*, attachment: Attachment, payload_bytes: bytes | None = None) -> list[Problem]:
    """Does an attachment of an issued document still hash to the fingerprint taken when it was uploaded?"""
    if payload_bytes is None:
        try:
            with attachment.file.open("rb") as handle:
                payload_bytes = handle.read()
        except (FileNotFoundError, OSError, ValueError):
            payload_bytes = None
    if payload_bytes is None or not attachment.sha256:
        return [Problem("attachment_missing", kind=ATTACHMENT, detail=attachment.name)]
    if sha256_of(payload_bytes) != attachment.sha256:
        return [Problem("attachment", kind=ATTACHMENT, detail=attachment.name)]
    return []


def issued_fingerprint_check(*, document: Document, kind: str, payload_bytes: bytes | None = None,
                             rendition: Rendition | None = None, attachment: Attachment | None = None) -> None:
    """Refuse to serve an issued document whose content or file is not what was issued.

    ``kind`` is ``"docx"`` for the Word file (rendered from the snapshot, so
    ``payload_bytes`` is not needed), ``"attachment"`` with the ``attachment``,
    or a rendition's kind (``"pdf"``, a signed PDF's kind…) with the exact
    bytes about to be served and, when the caller has it, the ``rendition``
    they were read from.

    Raises :class:`FingerprintMismatch`. A draft is never checked.
    """
    if document.status != DocumentStatus.ISSUED:
        return
    problems = snapshot_problems(document=document)
    if kind == ATTACHMENT:
        problems += attachment_problems(attachment=attachment, payload_bytes=payload_bytes)
    elif kind != WORD:
        if rendition is None:
            rendition = Rendition.objects.filter(document=document, version=document.version, kind=kind, issued=True).first()
        if rendition is None:
            problems.append(Problem("rendition_unsealed", kind=kind))
        else:
            problems += rendition_problems(rendition=rendition, payload_bytes=payload_bytes)
    if problems:
        raise FingerprintMismatch(document=document, kind=kind, problems=problems)


def document_integrity_problems(*, document: Document) -> list[Problem]:
    """Every problem of an issued document: its snapshot and each of its sealed renditions' files."""
    problems = snapshot_problems(document=document)
    if document.status != DocumentStatus.ISSUED:
        return problems
    for rendition in document.renditions.filter(issued=True).order_by("kind", "version"):
        problems += rendition_problems(rendition=rendition)
    for attachment in document.attachments.order_by("pk"):
        problems += attachment_problems(attachment=attachment)
    for signed in document.signed_pdfs.order_by("pk"):
        problems += signed_pdf_problems(signed=signed)
    return problems


def documents_verify(*, queryset=None) -> dict:
    """Scan every issued document: ``{"checked": N, "mismatched": [{"id", "symbol", "problems"}]}``."""
    documents = (queryset if queryset is not None else Document.objects.all()).filter(status=DocumentStatus.ISSUED)
    checked, mismatched = 0, []
    for document in documents.order_by("pk").iterator(chunk_size=200):
        checked += 1
        problems = document_integrity_problems(document=document)
        if problems:
            mismatched.append({"id": document.pk, "symbol": document.symbol,
                               "problems": [p.as_dict() for p in problems]})
    return {"checked": checked, "mismatched": mismatched}


def integrity_mismatch_report(*, mismatch: FingerprintMismatch, user=None, source: str = "download") -> None:
    """Tell the administrators: a mail to ADMINS, and the ``fingerprint_mismatch`` signal (audit, notifications)."""
    document = mismatch.document
    lines = [str(PROBLEMS[p.code]) + (f" ({p.kind or p.detail})" if (p.kind or p.detail) else "") for p in mismatch.problems]
    subject = _("Văn bản %(symbol)s không khớp dấu SHA-256 lúc ban hành") % {"symbol": document.symbol or document.pk}
    body = "\n".join([
        _("Văn bản: %(symbol)s — %(title)s (mã %(pk)s)")
        % {"symbol": document.symbol, "title": document.title, "pk": document.pk},
        _("Bản tải về: %(kind)s") % {"kind": mismatch.kind},
        _("Người tải: %(user)s") % {"user": getattr(user, "username", "") or "—"},
        *[f"- {line}" for line in lines],
    ])
    logger.error("fingerprint mismatch: document %s kind %s: %s", document.pk, mismatch.kind, lines)
    fingerprint_mismatch.send(sender=Document, document=document, kind=mismatch.kind,
                              problems=[p.as_dict() for p in mismatch.problems], user=user, source=source,
                              subject=subject, body=body)
    transaction.on_commit(lambda: mail_admins(subject, body, fail_silently=True))


def rendition_store(*, document: Document, version: int, kind: str, data: bytes | None, filename: str,
                    error: str = "") -> Rendition:
    """Write one rendition of a document's version, with the SHA-256 of its bytes.

    A rendition of an issued document is sealed as soon as it has its file:
    this refuses to write it again (:class:`documents.models.RenditionSealed`).
    The signed PDF is stored the same way, under its own ``kind``.
    """
    with transaction.atomic():
        rendition, _created = Rendition.objects.select_for_update().get_or_create(
            document=document, version=version, kind=kind, defaults={"issued": document.is_issued})
        rendition.issued = document.is_issued
        rendition.error = error
        if data is not None:
            rendition.file.save(filename, ContentFile(data), save=False)
            rendition.sha256 = sha256_of(data)
        rendition.save()
    return rendition
