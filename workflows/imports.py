"""Plans that come in as Word files (Nhập từ Word).

A file with a number, a day and a signer is an issued plan: it is recorded
as issued (numbered elsewhere, so it takes no number here). Anything else is
a draft: it starts a plan process in the drafter's division, as if typed.
"""

from __future__ import annotations

import copy
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentStatus
from documents.services import content_fingerprint
from orgchart import selectors as org
from orgchart.models import Unit, UnitKind


def _is_issued(content: dict) -> bool:
    signer = content.get("signer") or {}
    return bool(not content.get("is_draft") and content.get("number") and content.get("date") and signer.get("name"))


def issuer_for(*, printed: str, on: datetime.date) -> Unit:
    """The unit whose printed name is ``printed`` on ``on`` (tên cơ quan ban hành)."""
    key = org.normalize_phrase(printed or "")
    if key:
        for unit in Unit.objects.valid_on(on).exclude(kind=UnitKind.DIVISION):
            names = [unit.name, unit.short_name, *unit.aliases]
            if key in {org.normalize_phrase(n) for n in names if n}:
                return unit
    raise ValidationError(
        _("Không tìm thấy cơ quan ban hành “%(name)s” trong sơ đồ tổ chức vào ngày %(day)s.")
        % {"name": printed or "?", "day": on.strftime("%d/%m/%Y")}
    )


@transaction.atomic
def issued_record_create(*, content: dict, user=None, filename: str = "") -> Document:
    """Record a plan issued outside Kehoach, frozen as it was printed."""
    issued_on = datetime.date.fromisoformat(content["date"])
    issuer = issuer_for(printed=content.get("issuer") or "", on=issued_on)
    symbol = content.get("symbol") or ""
    if Document.objects.filter(issuer=issuer, year=issued_on.year, symbol=symbol, status=DocumentStatus.ISSUED).exists():
        raise ValidationError(_("Văn bản %(symbol)s năm %(year)s của %(issuer)s đã có trong hệ thống.")
                              % {"symbol": symbol, "year": issued_on.year, "issuer": issuer})
    snapshot = copy.deepcopy(content)
    document = Document(
        doc_type=content.get("doc_type") or "KH", issuer=issuer, number=content["number"], year=issued_on.year,
        symbol=symbol, place=content.get("place") or issuer.place, issued_on=issued_on,
        title=content.get("title") or filename, content=content, status=DocumentStatus.ISSUED, created_by=user,
        issued_at=timezone.now(), snapshot=snapshot, snapshot_sha256=content_fingerprint(snapshot), version=1,
    )
    document.full_clean()
    document.save()
    return document


def plan_from_import(*, parsed, filename: str = "", user=None, division: Unit | None = None):
    """Create what a Word file is: an issued plan record, or a draft plan process. Returns it (has a URL)."""
    from . import actions

    content = copy.deepcopy(parsed.content)
    if _is_issued(content):
        return issued_record_create(content=content, user=user, filename=filename)
    if user is None:
        raise ValidationError(_("Tệp là dự thảo: cần chỉ định người soạn thảo (--user) để tạo dự thảo."))
    if division is None:
        units = org.user_units(user=user, on=timezone.localdate())
        if not units:
            raise ValidationError(_("Người dùng %(user)s không thuộc đơn vị nào.") % {"user": user})
        division = units[0]
    title = (content.get("title") or "").strip() or filename
    # a draft stops at its soạn thảo step: the drafter checks it, sets its Lĩnh vực and Tờ trình, then sends it
    return actions.plan_start(user=user, division=division, title=title, content=content, submit=False)
