"""Celery tasks of documents: thin wrappers around services."""

from celery import shared_task


@shared_task(name="documents.render_pdf", acks_late=True)
def render_pdf(*, document_id: int, version: int) -> int | None:
    from .rendering import rendition_build

    rendition = rendition_build(document_id=document_id, version=version)
    return rendition.pk if rendition else None


from .signing.tasks import sign_issued  # noqa: E402,F401  (registered with the app's tasks; queue "pdf")
