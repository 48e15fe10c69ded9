"""Verify the signatures of a PDF offline: intact, trusted (configured roots), and what changed after each.

Offline means: no OCSP or CRL over the network. Revocation is therefore *not* checked, and the result
says so (``REVOCATION_NOTE``); a signer's certificate that chains to a configured root is "trusted".
"""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from asn1crypto import pem, x509
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from .pdfsign import AGENCY_FIELD, PERSON_FIELD

REVOCATION_NOTE = _("Không kiểm tra tình trạng thu hồi chứng thư số (OCSP/CRL) vì việc kiểm tra chạy ngoại tuyến.")


def trust_roots() -> list:
    """The configured trust roots (PEM or DER files); the demo CA by default."""
    roots = []
    for path in settings.KEHOACH_SIGNING_TRUST_ROOTS:
        path = Path(path)
        if not path.exists():
            continue
        data = path.read_bytes()
        blocks = [der for _t, _h, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        roots += [x509.Certificate.load(der) for der in blocks]
    return roots


def _changes(status) -> str:
    if status.docmdp_ok is False:
        return "disallowed"
    level = status.modification_level
    if level is None or level <= ModificationLevel.LTA_UPDATES:
        return "none"
    return "allowed"


def pdf_verify(pdf: bytes) -> dict:
    """``{"signatures": [{"signer", "kind", "signed_at", "intact", "trusted", "changes"}], "valid": bool}``.

    pyHanko validates with ``asyncio.run``; inside a running event loop (an async caller) it runs in a thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _pdf_verify(pdf)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_pdf_verify, pdf).result()


def _pdf_verify(pdf: bytes) -> dict:
    result = {"signatures": [], "valid": False}
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        result["error"] = _("Không đọc được tệp PDF: %(error)s") % {"error": exc}
        return result
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False, revocation_mode="soft-fail")
    for sig in embedded:
        entry = {"signer": "", "kind": "agency" if sig.field_name == AGENCY_FIELD else "person",
                 "signed_at": None, "intact": False, "trusted": False, "changes": "disallowed"}
        try:
            status = validate_pdf_signature(sig, context)
            entry.update(
                signer=status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else "",
                signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
                intact=bool(status.intact and status.valid), trusted=bool(status.trusted), changes=_changes(status))
        except Exception as exc:
            entry["error"] = str(exc)[:300]
        if sig.field_name not in (PERSON_FIELD, AGENCY_FIELD):
            entry["kind"] = "agency" if sig.field_name and "coquan" in sig.field_name.lower() else "person"
        result["signatures"].append(entry)
    sigs = result["signatures"]
    result["valid"] = bool(sigs) and all(s["intact"] and s["trusted"] and s["changes"] != "disallowed" for s in sigs)
    return result
