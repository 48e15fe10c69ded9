"""Errors of the Word import (nhập văn bản Word)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class WordImportError(ValidationError):
    """A file that cannot be read as an administrative document in Word (.docx).

    Raised for everything the import refuses: not a Word file, a damaged or
    oversized file, a zip bomb, a document without the ND30 header. The
    message is Vietnamese and meant for the person who uploaded the file;
    ``code`` tells the cases apart (``too_large``, ``not_docx``, ``legacy_doc``,
    ``corrupt``, ``zip_bomb``, ``no_header``).
    """

    def __init__(self, message, code: str = "invalid", params=None):
        super().__init__(message, code=code, params=params)

    @property
    def text(self) -> str:
        """The message as one plain string (for a command line or a log)."""
        return " ".join(str(m) for m in self.messages)
