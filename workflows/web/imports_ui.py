"""The two steps of "Nhập từ Word" in the UI: keep the upload between preview and create.

A preview is the uploaded file in ``VAR_DIR/imports/<user>-<token>.docx``. It lives at most
``KEHOACH_IMPORT_PREVIEW_MAX_AGE`` seconds (an expired one is refused at once, and the hourly beat
task ``workflows.import_previews_purge`` deletes it), and a user keeps at most
``KEHOACH_IMPORT_PREVIEWS_PER_USER``: a new upload removes that user's oldest previews rather than
refusing, so that someone who picked the wrong file is never stuck for an hour, while the disk used
per user stays bounded by cap × upload limit.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.converters import id_or_none
from documents.uploads import upload_size_check
from documents.word.parse import parse_docx
from orgchart.models import Unit
from workflows.flows.imports import _is_issued, plan_from_import


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(*, user, token: str) -> Path:
    if not token.isalnum():
        raise ValidationError(_("Phiên nhập không hợp lệ, vui lòng tải tệp lên lại."))
    return _folder() / f"{user.pk}-{token}.docx"


def _expired(path: Path, *, now: float) -> bool:
    try:
        return now - path.stat().st_mtime > settings.KEHOACH_IMPORT_PREVIEW_MAX_AGE
    except FileNotFoundError:
        return True


def import_previews_purge(*, now: float | None = None) -> int:
    """Delete every preview older than ``KEHOACH_IMPORT_PREVIEW_MAX_AGE``; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    for path in _folder().glob("*.docx"):
        if _expired(path, now=now):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _previews_of(user) -> list[Path]:
    """The user's previews, oldest first."""
    paths = []
    for path in _folder().glob(f"{user.pk}-*.docx"):
        try:
            paths.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            continue
    return [path for _mtime, path in sorted(paths)]


def import_preview(*, user, upload) -> dict:
    if upload is None:
        raise ValidationError(_("Chưa chọn tệp Word (.docx)."))
    upload_size_check(size=upload.size, limit=settings.KEHOACH_WORD_IMPORT_MAX_BYTES)
    data = upload.read()
    parsed = parse_docx(data, filename=upload.name)
    token = secrets.token_hex(16)
    import_previews_purge()  # everyone's expired previews, between two hourly runs
    keep = max(settings.KEHOACH_IMPORT_PREVIEWS_PER_USER - 1, 0)
    previews = _previews_of(user)
    for old in previews[:max(len(previews) - keep, 0)]:
        old.unlink(missing_ok=True)
    _path(user=user, token=token).write_bytes(data)
    content = parsed.content
    return {"token": token, "filename": upload.name, "contract": parsed.to_contract(), "content": content,
            "issued": _is_issued(content), "warnings": parsed.warnings}


def import_confirm(*, user, token: str, division_id=None):
    path = _path(user=user, token=token)
    if _expired(path, now=time.time()):
        path.unlink(missing_ok=True)
        raise ValidationError(_("Phiên nhập đã hết hạn, vui lòng tải tệp lên lại."))
    parsed = parse_docx(path.read_bytes(), filename=path.name)
    division_pk = id_or_none(division_id)
    division = Unit.objects.filter(pk=division_pk).first() if division_pk else None
    created = plan_from_import(parsed=parsed, filename=path.name, user=user, division=division)
    path.unlink(missing_ok=True)
    return created
