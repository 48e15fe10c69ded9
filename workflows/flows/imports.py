"""Plans that come in as Word files (Nhập từ Word).

A file with a number, a day and a signer is an issued plan: only the văn thư
of the issuing unit named in the file may record it, and only when its number
is free in that unit's register (it takes no new number here). Anything else
is a draft: it starts a plan process in the drafter's division, as if typed,
for those who may draft.
"""

from __future__ import annotations

import copy
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import URGENCY_BY_MARK, Document, DocumentStatus, Register, RegisterCounter
from documents.services import content_fingerprint
from orgchart import selectors as org
from orgchart.models import Unit, UnitKind
from workflows.flows import runtime
from workflows.plans.services import user_is_clerk_of


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


def issued_record_check(*, user, issuer: Unit, on: datetime.date) -> None:
    """Recording an issued document is the act of its issuer's văn thư (or the văn thư of the unit
    that succeeded the issuer), on ``on``; raises PermissionDenied otherwise."""
    if user is not None and (user_is_clerk_of(user=user, unit=issuer, on=on)
                             or user_is_clerk_of(user=user, unit=org.unit_current(unit=issuer, on=on), on=on)):
        return
    raise PermissionDenied(
        _("Chỉ văn thư của %(issuer)s được lưu văn bản đã ban hành của cơ quan này. "
          "Nếu là dự thảo, hãy nhập tệp chưa có số, ngày và chữ ký.") % {"issuer": issuer})


def _register_of(*, issuer: Unit, doc_type: str) -> Register | None:
    registers = {r.doc_type: r for r in Register.objects.filter(unit=issuer, kind="outgoing", doc_type__in=[doc_type, ""])}
    return registers.get(doc_type) or registers.get("")


def issued_number_check(*, issuer: Unit, doc_type: str, number: int, year: int, symbol: str) -> Register | None:
    """The number must be free in the issuer's register that year: taken by no document, and not
    beyond what the register has handed out when Kehoach keeps it (else the next number issued here
    would collide). Returns the register (None when the issuer keeps none in Kehoach)."""
    register = _register_of(issuer=issuer, doc_type=doc_type)
    taken = Document.objects.filter(issuer=issuer, year=year, status=DocumentStatus.ISSUED).filter(
        Q(symbol=symbol) | (Q(number=number, register=register) if register else Q(symbol=symbol)))
    if taken.exists():
        raise ValidationError(_("Văn bản %(symbol)s năm %(year)s của %(issuer)s đã có trong hệ thống.")
                              % {"symbol": symbol, "year": year, "issuer": issuer}, code="number_taken")
    counter = RegisterCounter.objects.filter(register=register, year=year).first() if register else None
    if counter is not None and number > counter.last_number:
        raise ValidationError(
            _("Số %(number)s chưa được cấp trong %(register)s năm %(year)s (sổ mới cấp đến số %(last)s): "
              "không thể lưu văn bản đã ban hành mang số này.")
            % {"number": number, "register": register.name, "year": year, "last": counter.last_number},
            code="number_not_issued")
    return register


@transaction.atomic
def issued_record_create(*, content: dict, user, filename: str = "") -> Document:
    """The issuer's văn thư records a plan issued outside Kehoach, frozen as it was printed."""
    issued_on = datetime.date.fromisoformat(content["date"])
    issuer = issuer_for(printed=content.get("issuer") or "", on=issued_on)
    issued_record_check(user=user, issuer=issuer, on=timezone.localdate())
    symbol = content.get("symbol") or ""
    doc_type = content.get("doc_type") or "KH"
    try:
        number = int(content["number"])
    except (TypeError, ValueError):
        raise ValidationError(_("Số văn bản “%(number)s” không hợp lệ.") % {"number": content.get("number")}) from None
    register = issued_number_check(issuer=issuer, doc_type=doc_type, number=number, year=issued_on.year, symbol=symbol)
    snapshot = copy.deepcopy(content)
    document = Document(
        doc_type=doc_type, issuer=issuer, register=register, number=number, year=issued_on.year,
        symbol=symbol, place=content.get("place") or issuer.place, issued_on=issued_on,
        title=content.get("title") or filename, content=content, status=DocumentStatus.ISSUED, created_by=user,
        issued_by=user, issued_at=timezone.now(), snapshot=snapshot, snapshot_sha256=content_fingerprint(snapshot),
        version=1, urgency=URGENCY_BY_MARK.get(content.get("urgency") or "", ""),
    )
    document.full_clean()
    document.save()
    return document


def plan_from_import(*, parsed, filename: str = "", user=None, division: Unit | None = None):
    """Create what a Word file is: an issued plan record, or a draft plan process. Returns it (has a URL)."""
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
    return runtime.plan_start(user=user, division=division, title=title, content=content, submit=False,
                              urgency=URGENCY_BY_MARK.get(content.get("urgency") or "", ""))
