"""Document downloads, checked against what the user may see."""

from django.http import FileResponse, Http404

from . import selectors
from .models import Attachment


def attachment_download(request, pk: int):
    attachment = Attachment.objects.filter(pk=pk).select_related("document").first()
    if attachment is None or not selectors.document_visible_to(user=request.user, document=attachment.document):
        raise Http404("Không tìm thấy tệp hoặc bạn không có quyền xem.")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
