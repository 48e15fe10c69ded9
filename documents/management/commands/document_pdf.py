"""python manage.py document_pdf 72/KH-UBND --year 2025 --out 72.pdf: the issued document's signed PDF.

When no signed PDF exists yet (the worker has not done it), it is built and signed now: the person on
record with their configured key, then the agency. ``--pin`` (and ``--agency-pin``) give the PINs; without
them the demo's PIN (``KEHOACH_DEMO_PIN``) is used, which only opens the demo's software keys.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.models import Document
from documents.signing.errors import SigningError
from documents.signing.services import document_signed_pdf_build


class Command(BaseCommand):
    help = "Ghi bản PDF đã ký số của văn bản đã ban hành (ký ngay nếu chưa có)."

    def add_arguments(self, parser):
        parser.add_argument("symbol")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--pin", default=None)
        parser.add_argument("--agency-pin", default=None)

    def handle(self, *args, symbol, year, out, pin, agency_pin, **options):
        document = Document.objects.issued().filter(symbol=symbol, year=year).first()
        if document is None:
            raise CommandError(f"Không có văn bản đã ban hành {symbol} năm {year}.")
        pin = pin or settings.KEHOACH_DEMO_PIN
        try:
            row = document_signed_pdf_build(document=document, pin=pin, agency_pin=agency_pin or pin)
        except SigningError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        with row.file.open("rb") as handle:
            Path(out).write_bytes(handle.read())
        self.stdout.write(f"{out}: {row.get_stage_display()} ({row.sha256})")
