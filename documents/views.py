"""Document downloads, checked against what the user may see."""

from django.http import FileResponse, Http404

from . import selectors
from .models import Attachment


def attachment_download(request, pk: int):
    attachment = Attachment.objects.filter(pk=pk).select_related("document").first()
    if attachment is None or not selectors.document_visible_to(user=request.user, document=attachment.document):
        raise Http404("Không tìm thấy tệp hoặc bạn không có quyền xem.")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


def _visible_document(request, pk: int):
    from .models import Document

    document = Document.objects.filter(pk=pk).select_related("issuer", "issuer__parent", "drafting_unit").first()
    if document is None or not selectors.document_visible_to(user=request.user, document=document):
        raise Http404("Không tìm thấy văn bản hoặc bạn không có quyền xem.")
    return document


def document_word(request, pk: int):
    """Tải về bản Word (.docx) of a document, rendered per ND30."""
    import io

    from .rendering import document_docx, document_filename

    document = _visible_document(request, pk)
    data = document_docx(document=document)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=document_filename(document=document, extension="docx"),
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def document_pdf(request, pk: int):
    """The PDF: served when a worker has built it; otherwise requested, with a page that says so."""
    from django.shortcuts import render

    from .rendering import PDF_PENDING_MESSAGE, document_filename, rendition_request

    document = _visible_document(request, pk)
    from .signing.services import signed_pdf_for

    signed = signed_pdf_for(document=document) if document.is_issued else None
    if signed is not None:  # an issued document: always its signed PDF
        return FileResponse(signed.file.open("rb"), as_attachment=request.GET.get("inline") != "1",
                            content_type="application/pdf", filename=document_filename(document=document, extension="pdf"))
    rendition = rendition_request(document=document)
    if rendition is not None and rendition.file:
        inline = request.GET.get("inline") == "1"
        return FileResponse(rendition.file.open("rb"), as_attachment=not inline, content_type="application/pdf",
                            filename=document_filename(document=document, extension="pdf"))
    if rendition is not None and rendition.error:
        return render(request, "documents/pdf_status.html", {"document": document, "message": rendition.error}, status=503)
    response = render(request, "documents/pdf_status.html", {"document": document, "message": PDF_PENDING_MESSAGE,
                                                              "refresh": True}, status=202)
    return response
