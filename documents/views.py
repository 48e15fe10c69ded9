"""Document downloads, checked against what the user may see and, once issued, against the fingerprints of issue."""

import io

from csp.decorators import csp_replace
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from . import selectors
from .integrity import (
    ATTACHMENT,
    WORD,
    FingerprintMismatch,
    integrity_mismatch_report,
    issued_fingerprint_check,
    rendition_read,
    signed_pdf_check,
)
from .models import Attachment, Document
from .rendering import PDF_PENDING_MESSAGE, document_docx, document_filename, rendition_request
from .signing.services import signed_pdf_for


def attachment_download(request, pk: int):
    attachment = Attachment.objects.filter(pk=pk).select_related("document").first()
    if attachment is None or not selectors.document_visible_to(user=request.user, document=attachment.document):
        raise Http404(_("Không tìm thấy tệp hoặc bạn không có quyền xem."))
    if not attachment.document.is_issued:
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        data = None
    try:
        issued_fingerprint_check(document=attachment.document, kind=ATTACHMENT, payload_bytes=data, attachment=attachment)
    except FingerprintMismatch as mismatch:
        return integrity_refused(request, mismatch)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=attachment.name)


def _visible_document(request, pk: int):
    document = Document.objects.filter(pk=pk).select_related("issuer", "issuer__parent", "drafting_unit").first()
    if document is None or not selectors.document_visible_to(user=request.user, document=document):
        raise Http404(_("Không tìm thấy văn bản hoặc bạn không có quyền xem."))
    return document


def integrity_refused(request, mismatch: FingerprintMismatch):
    """409: what would be served is not what was issued. The administrators are told; nothing is served."""
    integrity_mismatch_report(mismatch=mismatch, user=request.user)
    message = _("Văn bản %(symbol)s không khớp với dấu SHA-256 ghi nhận khi ban hành nên không được tải về. "
                "Quản trị hệ thống đã được thông báo; vui lòng liên hệ văn thư của cơ quan ban hành.") % {
        "symbol": mismatch.document.symbol or mismatch.document.pk}
    return render(request, "documents/pdf_status.html", {"document": mismatch.document, "message": message,
                                                          "problems": mismatch.problems, "refused": True}, status=409)


def document_word(request, pk: int):
    """Tải về bản Word (.docx) of a document, rendered per ND30 (an issued one from its verified snapshot)."""
    document = _visible_document(request, pk)
    try:
        issued_fingerprint_check(document=document, kind=WORD)
    except FingerprintMismatch as mismatch:
        return integrity_refused(request, mismatch)
    data = document_docx(document=document)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=document_filename(document=document, extension="docx"),
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@xframe_options_sameorigin  # shown in an <iframe> on the signing screen (plan_task.html), by our own pages only
@csp_replace({"frame-ancestors": ["'self'"]})
def document_pdf(request, pk: int):
    """The PDF: served when a worker has built it; otherwise requested, with a page that says so."""
    document = _visible_document(request, pk)
    filename = document_filename(document=document, extension="pdf")
    inline = request.GET.get("inline") == "1"
    try:
        issued_fingerprint_check(document=document, kind=WORD)  # the content the PDF is (or will be) built from
        signed = signed_pdf_for(document=document) if document.is_issued else None
        if signed is not None:  # an issued document: always its signed PDF, checked against its SHA-256 at signing
            data = rendition_read(rendition=signed) or b""
            signed_pdf_check(document=document, signed=signed, payload_bytes=data)
            return FileResponse(io.BytesIO(data), as_attachment=not inline, content_type="application/pdf", filename=filename)
        rendition = rendition_request(document=document)
        if rendition is not None and rendition.file:
            data = rendition_read(rendition=rendition)
            issued_fingerprint_check(document=document, kind=rendition.kind, payload_bytes=data, rendition=rendition)
            if data is None:  # a draft's PDF whose file is gone: build it again
                raise Http404(_("Không tìm thấy tệp PDF của văn bản."))
            return FileResponse(io.BytesIO(data), as_attachment=not inline, content_type="application/pdf", filename=filename)
    except FingerprintMismatch as mismatch:
        return integrity_refused(request, mismatch)
    if rendition is not None and rendition.error:
        return render(request, "documents/pdf_status.html", {"document": document, "message": rendition.error}, status=503)
    return render(request, "documents/pdf_status.html", {"document": document, "message": PDF_PENDING_MESSAGE,
                                                          "refresh": True}, status=202)
