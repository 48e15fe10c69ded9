"""Why a signature was refused: a code for programs, a Vietnamese message for people."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class SigningError(ValidationError):
    """Signing refused; nothing was signed. ``code`` says why (see ``CODES``)."""

    CODES = ("wrong_pin", "no_token", "no_key", "cert_expired", "cert_not_yet_valid", "cert_not_for_signing",
             "cert_name_mismatch", "fingerprint_mismatch", "changed_after_signing", "not_signed", "remote_unavailable",
             "render_failed")

    def __init__(self, message: str, *, code: str, params: dict | None = None):
        assert code in self.CODES, code
        super().__init__(message, code=code, params=params)
