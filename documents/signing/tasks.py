"""Celery tasks of signing: on the "pdf" queue (LibreOffice rendering and signing are CPU-bound)."""

from celery import shared_task
from django.conf import settings

from documents.models import Document


@shared_task(name="documents.sign_issued", acks_late=True, queue="pdf")
def sign_issued(*, document_id: int) -> int | None:
    """Sign an issued document whose signed PDF is missing, with the demo's software keys only (no PIN is ever
    sent through the broker: the demo PIN is a setting, real keys need their holder's PIN at the signing step)."""
    from documents.signing.services import document_signed_pdf_build

    document = Document.objects.get(pk=document_id)
    return document_signed_pdf_build(document=document, pin=settings.KEHOACH_DEMO_PIN).pk
