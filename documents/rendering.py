"""From a stored document to Word and PDF (ND30 layout), and the cached PDF renditions."""

from __future__ import annotations

import copy

from django.utils.translation import gettext as _

from config.queueing import enqueue_on_commit
from orgchart.models import UnitKind

from .content import empty_content
from .integrity import PROBLEMS, rendition_store, snapshot_problems
from .models import URGENCY_MARKS, Document, Rendition
from .pdf import PdfConversionError, docx_to_pdf
from .word.render import render_docx

RENDER_PDF_TASK = "documents.render_pdf"  # documents/tasks.py, registered by DocumentsConfig.ready()

#: Bodies printed under their parent body (cơ quan chủ quản), e.g. "UBND TỈNH THÁI NGUYÊN" over "SỞ NỘI VỤ".
_UNDER_PARENT = {UnitKind.DEPARTMENT, UnitKind.PROVINCIAL_OFFICE, UnitKind.DIVISION, UnitKind.OTHER}


def document_render_content(*, document: Document) -> dict:
    """The full content to render: the stored body plus the header facts the register and org chart know."""
    content = empty_content()
    stored = document.snapshot if document.is_issued and document.snapshot else document.content
    content.update(copy.deepcopy(stored or {}))
    issuer = document.issuer
    if issuer.kind in _UNDER_PARENT and issuer.parent is not None:
        content["parent_body"] = (issuer.parent.short_name or issuer.parent.name).upper()
        content["issuer"] = (issuer.short_name or issuer.name).upper()
    else:
        content["parent_body"] = ""
        content["issuer"] = issuer.name.upper()
    content.update({
        "doc_type": document.doc_type,
        "issuer_code": issuer.code if document.doc_type != "CV" or not document.drafting_unit
        else f"{issuer.code}-{document.drafting_unit.code}",
        "number": document.number,
        "symbol": document.symbol or None,
        "place": document.place or issuer.place,
        "date": document.issued_on.isoformat() if document.issued_on else None,
        "title": document.title,
        "is_draft": not document.is_issued,
        "urgency": URGENCY_MARKS.get(document.urgency, ""),
    })
    return content


def document_docx(*, document: Document) -> bytes:
    return render_docx(document_render_content(document=document))


def document_filename(*, document: Document, extension: str) -> str:
    stem = (document.symbol or f"du-thao-{document.pk}").replace("/", "-")
    return f"{stem}.{extension}"


def rendition_for(*, document: Document, kind: str = "pdf") -> Rendition | None:
    """The rendition of the document as it stands: a draft's, or the one built from the issued snapshot."""
    return Rendition.objects.filter(document=document, version=document.version, kind=kind,
                                    issued=document.is_issued).first()


def rendition_build(*, document_id: int, version: int) -> Rendition | None:
    """Render the PDF of one version of a document (LibreOffice headless). Idempotent per (document, version).

    An issued document is rendered only from a snapshot that still matches its fingerprint, and its PDF is sealed.
    """
    document = Document.objects.select_related("issuer", "issuer__parent", "drafting_unit").get(pk=document_id)
    existing = Rendition.objects.filter(document=document, version=version, kind="pdf").first()
    if existing is not None and existing.file and existing.issued == document.is_issued:
        return existing
    if document.version != version:
        return None  # a newer version was saved meanwhile; its own request renders it
    if problems := snapshot_problems(document=document):
        return rendition_store(document=document, version=version, kind="pdf", data=None, filename="",
                               error="; ".join(str(PROBLEMS[p.code]) for p in problems))
    try:
        pdf = docx_to_pdf(document_docx(document=document))
        error = ""
    except PdfConversionError as exc:
        pdf, error = None, str(exc)
    return rendition_store(document=document, version=version, kind="pdf", data=pdf, error=error,
                           filename=document_filename(document=document, extension="pdf"))


def rendition_request(*, document: Document) -> Rendition | None:
    """The PDF when ready; otherwise ask a worker to build it (after the current transaction commits)."""
    rendition = rendition_for(document=document)
    if rendition is not None and (rendition.file or rendition.error):
        return rendition
    enqueue_on_commit(RENDER_PDF_TASK, document_id=document.pk, version=document.version)  # the page asks again while pending
    return None


PDF_PENDING_MESSAGE = _("Đang tạo bản PDF, vui lòng tải lại trang sau ít giây.")
