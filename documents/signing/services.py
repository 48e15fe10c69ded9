"""Signing documents (ký số): the person's signature at the signing step, the agency's at issue.

``document_sign_person`` renders the PDF of the exact approved version and certifies it with the key of the
person signing (PIN asked, never stored); ``document_sign_agency`` fills in the number and the date and adds
the agency's signature, after checking that nothing but that changed since the person signed. Each writes a
``SignedPdf`` row and its file; on any refusal (a ``SigningError`` with a Vietnamese message) nothing is written.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.dates.vndates import format_place_date
from documents.models import Document
from documents.pdf import PdfConversionError, docx_to_pdf
from documents.services import content_fingerprint, document_verify_snapshot
from documents.word.render import render_docx

from .appearance import annex_layout, page_layout
from .certificates import certificate_check
from .errors import SigningError
from .keys import key_source_for, signing_dir
from .models import SignatureStage, SignedPdf, SigningKey

#: What the văn thư adds at issue; the approved content is everything else.
_ISSUE_KEYS = {"number", "symbol", "date", "place", "is_draft", "doc_type", "title", "for_signing"}


def approved_fingerprint(content: dict) -> str:
    """The fingerprint of what the person approves: the content without number, date and place."""
    return content_fingerprint({k: v for k, v in (content or {}).items() if k not in _ISSUE_KEYS})


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def person_signing_key(*, user, on: datetime.date | None = None) -> SigningKey | None:
    """The key configured for one of ``user``'s holdings valid on ``on`` (their current one first)."""
    on = on or timezone.localdate()
    keys = SigningKey.objects.filter(holding__user=user).select_related("holding").order_by("-holding__valid_from")
    current = [k for k in keys if k.holding.valid_from <= on and (k.holding.valid_to is None or k.holding.valid_to >= on)]
    return (current or list(keys) or [None])[0]


def agency_signing_key(*, unit) -> SigningKey | None:
    return SigningKey.objects.filter(unit=unit).first()


def person_has_key(*, user) -> bool:
    return SigningKey.objects.filter(holding__user=user).exists()


def signed_pdf_for(*, document: Document) -> SignedPdf | None:
    """The most complete signed PDF: the agency's when issued and sealed, else the person's."""
    rows = {s.stage: s for s in SignedPdf.objects.filter(document=document)}
    return rows.get(SignatureStage.AGENCY) or rows.get(SignatureStage.PERSON)


def _render(*, document: Document) -> bytes:
    from documents.rendering import document_render_content

    content = document_render_content(document=document)
    if not document.is_issued:
        content["for_signing"] = True
    try:
        return docx_to_pdf(render_docx(content))
    except PdfConversionError as exc:
        raise SigningError(str(exc), code="render_failed") from None


def _image(key: SigningKey) -> str:
    path = Path(key.image)
    path = path if path.is_absolute() else signing_dir() / path
    if not key.image or not path.exists():
        raise SigningError(_("Chưa có hình ảnh chữ ký / con dấu cho khóa ký số này."), code="no_key")
    return str(path)


def document_sign_person(*, document: Document, user, pin: str, at: datetime.datetime | None = None,
                         pdf: bytes | None = None) -> SignedPdf:
    """The person entitled to sign certifies the rendered PDF of the approved version.

    Refused (``SigningError``) when the content differs from the saved version (fingerprint mismatch), when
    no key is configured, the PIN is wrong, the token is missing, or the certificate is expired, not yet
    valid, not for signing, or names someone other than the signer on record.
    """
    from .pdfsign import sign_person

    at = at or timezone.now()
    document = Document.objects.select_related("issuer").get(pk=document.pk)
    signer_name = ((document.snapshot if document.is_issued else document.content) or {}).get("signer", {}).get("name")
    if not signer_name:
        raise SigningError(_("Văn bản chưa có khối chữ ký (người ký), không thể ký số."), code="not_signed")
    saved = document.versions.filter(number=document.version).first()
    content = document.snapshot if document.is_issued else document.content
    unchanged = document_verify_snapshot(document=document) if document.is_issued else (
        saved is not None and approved_fingerprint(saved.content) == approved_fingerprint(content))
    if not unchanged:
        raise SigningError(_("Nội dung văn bản khác với phiên bản đã duyệt (dấu SHA-256 không khớp); không ký."),
                           code="fingerprint_mismatch")
    key = person_signing_key(user=user)
    if key is None:
        raise SigningError(_("Chưa cấu hình khóa ký số cho %(user)s (quản trị: Khóa ký số).")
                           % {"user": user.get_full_name() or user.username}, code="no_key")
    image = _image(key)
    with key_source_for(key).open(pin=pin) as signer:
        certificate_check(cert=signer.signing_cert, expected_name=signer_name, at=at)
        pdf = pdf if pdf is not None else _render(document=document)
        layout = page_layout(pdf, signer_name=signer_name, blanks=not document.is_issued)
        signed = sign_person(pdf=pdf, signer=signer, name=signer_name, image_png=image, person_box=layout.person,
                             agency_box=layout.agency, number_box=layout.number, date_box=layout.date)
    with transaction.atomic():
        SignedPdf.objects.filter(document=document).delete()
        row = SignedPdf(document=document, stage=SignatureStage.PERSON, version=document.version,
                        content_sha256=approved_fingerprint(content), sha256=_sha256(signed), signer_name=signer_name,
                        signed_by=user, signed_at=at)
        row.file.save(f"{(document.symbol or f'du-thao-{document.pk}').replace('/', '-')}-ky.pdf", ContentFile(signed),
                      save=False)
        row.save()
    return row


def person_signed_check(*, document: Document, row: SignedPdf) -> bytes:
    """The person-signed PDF, refused when it or the approved content changed since the person signed."""
    from .verify import pdf_verify

    with row.file.open("rb") as handle:
        pdf = handle.read()
    if _sha256(pdf) != row.sha256:
        report = pdf_verify(pdf)
        shown = "; ".join(f"{s['signer']}: {'nguyên vẹn' if s['intact'] else 'bị sửa'}, thay đổi {s['changes']}"
                          for s in report["signatures"]) or _("không còn chữ ký nào đọc được")
        raise SigningError(_("Bản PDF đã bị thay đổi sau khi người có thẩm quyền ký (%(changes)s); không ký số cơ quan.")
                           % {"changes": shown}, code="changed_after_signing")
    content = document.snapshot if document.is_issued else document.content
    if approved_fingerprint(content) != row.content_sha256:
        raise SigningError(_("Nội dung văn bản đã thay đổi sau khi người có thẩm quyền ký (dấu SHA-256 không khớp); "
                             "không ký số cơ quan."), code="fingerprint_mismatch")
    return pdf


def document_sign_agency(*, document: Document, user, pin: str, at: datetime.datetime | None = None) -> SignedPdf:
    """At issue: fill in the number and the date, then the agency's signature (seal, name, time)."""
    from .pdfsign import DATE_FIELD, NUMBER_FIELD, sign_agency

    at = at or timezone.now()
    document = Document.objects.select_related("issuer").get(pk=document.pk)
    if not document.is_issued:
        raise SigningError(_("Văn bản chưa được cấp số, chưa thể ký số cơ quan."), code="not_signed")
    row = SignedPdf.objects.filter(document=document, stage=SignatureStage.PERSON).first()
    if row is None:
        raise SigningError(_("Văn bản chưa có chữ ký số của người có thẩm quyền."), code="not_signed")
    pdf = person_signed_check(document=document, row=row)
    key = agency_signing_key(unit=document.issuer)
    if key is None:
        raise SigningError(_("Chưa cấu hình khóa ký số của cơ quan %(unit)s.") % {"unit": document.issuer},
                           code="no_key")
    seal = _image(key)
    fill = {NUMBER_FIELD: (str(document.number), 13, False),
            DATE_FIELD: (format_place_date(document.place, document.issued_on), 14, True)}
    with key_source_for(key).open(pin=pin) as signer:
        certificate_check(cert=signer.signing_cert, expected_name=document.issuer.name, at=at)
        signed = sign_agency(pdf=pdf, signer=signer, agency=document.issuer.name, seal_png=seal, at=at, fill=fill)
    with transaction.atomic():
        SignedPdf.objects.filter(document=document, stage=SignatureStage.AGENCY).delete()
        final = SignedPdf(document=document, stage=SignatureStage.AGENCY, version=document.version,
                          content_sha256=row.content_sha256, sha256=_sha256(signed), signer_name=document.issuer.name,
                          signed_by=user, signed_at=at)
        final.file.save(f"{document.symbol.replace('/', '-')}.pdf", ContentFile(signed), save=False)
        final.save()
    return final


def annex_sign_agency(*, pdf: bytes, document: Document, pin: str, at: datetime.datetime | None = None) -> bytes:
    """An annex in a separate file: the agency's signature at the top right of its first page, with the main
    document's number and symbol, the time and the agency."""
    from .pdfsign import sign_agency

    at = at or timezone.now()
    key = agency_signing_key(unit=document.issuer)
    if key is None:
        raise SigningError(_("Chưa cấu hình khóa ký số của cơ quan %(unit)s.") % {"unit": document.issuer},
                           code="no_key")
    with key_source_for(key).open(pin=pin) as signer:
        certificate_check(cert=signer.signing_cert, expected_name=document.issuer.name, at=at)
        return sign_agency(pdf=pdf, signer=signer, agency=document.issuer.name, seal_png=_image(key), at=at,
                           box=annex_layout(pdf), extra_line=_("Số: %(symbol)s") % {"symbol": document.symbol})


def document_annexes_sign(*, document: Document, pin: str, at: datetime.datetime | None = None) -> int:
    """At issue: every annex attached as a separate PDF file gets the agency's signature at the top right of
    its first page (ND30 Phụ lục I), in place, with a new fingerprint taken from the signed bytes. Files that are
    not PDF (a Word annex) are left as they are: PAdES signs PDF only. Returns how many were signed."""
    signed = 0
    for attachment in document.attachments.order_by("pk"):
        with attachment.file.open("rb") as handle:
            data = handle.read()
        if not data.startswith(b"%PDF"):
            continue
        result = annex_sign_agency(pdf=data, document=document, pin=pin, at=at)
        attachment.file.save(attachment.file.name.rsplit("/", 1)[-1], ContentFile(result), save=False)
        attachment.sha256 = hashlib.sha256(result).hexdigest()
        attachment.save(update_fields=["file", "sha256"])
        signed += 1
    return signed


def document_signed_pdf_build(*, document: Document, pin: str, agency_pin: str | None = None) -> SignedPdf:
    """The issued document's signed PDF, signing now what is missing (``document_pdf``, the demo).

    The person on record signs with their configured key when no person signature exists yet; then the
    agency signs. ``agency_pin`` defaults to ``pin``.
    """

    existing = signed_pdf_for(document=document)
    if existing is not None and existing.stage == SignatureStage.AGENCY:
        return existing
    if existing is None:
        name = ((document.snapshot or document.content) or {}).get("signer", {}).get("name", "")
        candidates = [k.holding.user for k in SigningKey.objects.filter(holding__isnull=False).select_related("holding__user")
                      if (k.holding.user.get_full_name() or k.holding.user.username) == name]
        if not candidates:
            raise SigningError(_("Không tìm thấy khóa ký số của người ký %(name)s.") % {"name": name}, code="no_key")
        document_sign_person(document=document, user=candidates[0], pin=pin)
    return document_sign_agency(document=document, user=document.issued_by, pin=agency_pin or pin)


def demo_documents_sign(*, pin: str) -> int:
    """Every issued document without its agency-signed PDF gets it (the demo's software keys). Returns how many."""
    done = 0
    for document in Document.objects.issued().exclude(signed_pdfs__stage=SignatureStage.AGENCY).select_related("issuer"):
        document_signed_pdf_build(document=document, pin=pin)
        done += 1
    return done
