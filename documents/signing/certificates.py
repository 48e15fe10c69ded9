"""Checks of the signing certificate before anything is signed (hiệu lực, mục đích, tên người ký)."""

from __future__ import annotations

import datetime
import unicodedata

from django.utils.translation import gettext as _

from .errors import SigningError


def _norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def certificate_name(cert) -> str:
    """The subject's common name of an asn1crypto certificate."""
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def certificate_check(*, cert, expected_name: str, at: datetime.datetime) -> None:
    """Refuse a certificate that is expired, not yet valid, not for signing, or names someone else."""
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if at < not_before:
        raise SigningError(_("Chứng thư số chưa có hiệu lực (từ %(date)s).") % {"date": not_before.strftime("%d/%m/%Y")},
                           code="cert_not_yet_valid")
    if at > not_after:
        raise SigningError(_("Chứng thư số đã hết hạn ngày %(date)s.") % {"date": not_after.strftime("%d/%m/%Y")},
                           code="cert_expired")
    usage = cert.key_usage_value.native if cert.key_usage_value is not None else None
    if usage is not None and not ({"digital_signature", "non_repudiation"} & set(usage)):
        raise SigningError(_("Chứng thư số không dùng để ký số (mục đích sử dụng khóa không cho phép ký)."),
                           code="cert_not_for_signing")
    if cert.ca:
        raise SigningError(_("Chứng thư số là của tổ chức cấp chứng thư, không dùng để ký văn bản."),
                           code="cert_not_for_signing")
    name = certificate_name(cert)
    if _norm(name) != _norm(expected_name):
        raise SigningError(_("Chứng thư số mang tên %(cert)s, khác người ký trên văn bản (%(signer)s).")
                           % {"cert": name, "signer": expected_name}, code="cert_name_mismatch")
