"""The two steps of "Nhập từ Word" in the UI: keep the upload between preview and create."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.services import MAX_UPLOAD_BYTES
from documents.word.parse import parse_docx
from orgchart.models import Unit

from .imports import _is_issued, plan_from_import


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(*, user, token: str) -> Path:
    if not token.isalnum():
        raise ValidationError(_("Phiên nhập không hợp lệ, vui lòng tải tệp lên lại."))
    return _folder() / f"{user.pk}-{token}.docx"


def import_preview(*, user, upload) -> dict:
    if upload is None:
        raise ValidationError(_("Chưa chọn tệp Word (.docx)."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Tệp tải lên vượt quá 20 MB."))
    data = upload.read()
    parsed = parse_docx(data, filename=upload.name)
    token = secrets.token_hex(16)
    _path(user=user, token=token).write_bytes(data)
    content = parsed.content
    return {"token": token, "filename": upload.name, "contract": parsed.to_contract(), "content": content,
            "issued": _is_issued(content), "warnings": parsed.warnings}


def import_confirm(*, user, token: str, division_id=None):
    path = _path(user=user, token=token)
    if not path.exists():
        raise ValidationError(_("Phiên nhập đã hết hạn, vui lòng tải tệp lên lại."))
    parsed = parse_docx(path.read_bytes(), filename=path.name)
    division = Unit.objects.filter(pk=division_id).first() if division_id else None
    created = plan_from_import(parsed=parsed, filename=path.name, user=user, division=division)
    path.unlink(missing_ok=True)
    return created
