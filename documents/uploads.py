"""Upload limits: one setting per kind of upload (``config/settings/base.py``; README "Uploads").

=====================================  =============================================================
``KEHOACH_ATTACHMENT_MAX_BYTES``       a file attached to a draft (``services.document_attach``)
``KEHOACH_WORD_IMPORT_MAX_BYTES``      a Word plan to import (``word.package``, the Nhập từ Word page)
``KEHOACH_XLSX_UPLOAD_MAX_BYTES``      a unit's figures as Excel (``xlsx.workbook_open_bounded``)
``KEHOACH_SIGNATURE_CHECK_MAX_BYTES``  a PDF whose signatures are checked (``signing.views``)
=====================================  =============================================================

Each path reads its own setting when it checks, and says the limit with :func:`size_text`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _

MB = 1024 * 1024


def size_text(n: int) -> str:
    """20 MB, 512 KB: a limit as people read it."""
    return f"{n // MB} MB" if n >= MB else f"{max(n // 1024, 1)} KB"


def upload_size_check(*, size: int, limit: int) -> None:
    """Refuse a file of ``size`` bytes above ``limit`` (the setting of its kind), before it is read."""
    if size > limit:
        raise ValidationError(_("Tệp quá lớn: tối đa %(limit)s.") % {"limit": size_text(limit)}, code="too_large")


def _label_with_limit(label, setting: str) -> str:
    return _("%(label)s (tối đa %(limit)s)") % {"label": label, "limit": size_text(getattr(settings, setting))}


#: A form field's label naming the limit of its kind of upload (``setting``), read when the form is shown.
label_with_limit = lazy(_label_with_limit, str)
