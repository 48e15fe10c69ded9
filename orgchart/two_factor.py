"""Two-factor confirmation at the moment of signing (xác thực hai lớp khi ký).

Whoever signs or issues (Chủ tịch, Phó Chủ tịch, giám đốc sở and the heads who sign their unit's
report, văn thư who issue) confirms every signature with a one-time code from an authenticator
app (TOTP, django-otp). A verified code opens a signing window of ``SIGNING_WINDOW`` in the
user's session: further signatures within it do not ask again. The code of another user, a code
already used, a wrong code or an expired window confirm nothing.

This module holds the rule ("who needs a code"), the check, the form mixin that adds the
``otp_code`` field to a signing screen, enrolment and the demo devices. Which workflow steps are
signatures is said by the workflows app (``workflows.flows.signing``).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Callable, MutableMapping

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Delegation, Holding, Position, PositionKind

#: How long a verified code lets its user go on signing without another code.
SIGNING_WINDOW = datetime.timedelta(minutes=10)
#: Positions that sign or issue documents, and so must enrol an authenticator.
SIGNING_POSITION_KINDS = frozenset({
    PositionKind.CHAIR, PositionKind.VICE_CHAIR, PositionKind.DIRECTOR, PositionKind.DEPUTY_DIRECTOR, PositionKind.CLERK,
})
DEVICE_NAME = "Ứng dụng xác thực"
DEMO_DEVICE_NAME = "Thiết bị mẫu (demo)"
_WINDOW_KEY = "kehoach_signing_until:{user_id}"


# --- the rule -------------------------------------------------------------------------------

def position_signs(position: Position) -> bool:
    """Does the holder of ``position`` sign or issue documents (and so confirm with a code)?"""
    return position.kind in SIGNING_POSITION_KINDS


def user_signs(*, user, on: datetime.date | None = None) -> bool:
    """Does ``user`` hold, or act by delegation for, a signing position on ``on`` (today by default)?"""
    on = on or timezone.localdate()
    kinds = list(SIGNING_POSITION_KINDS)
    held = Holding.objects.valid_on(on).filter(user=user, position__kind__in=kinds)
    acting = Delegation.objects.filter(substitute=user, start__lte=on, end__gte=on, position__kind__in=kinds)
    return held.exists() or acting.exists()


def signing_users():
    """Every user who holds or ever held a signing position, or substitutes for one (the demo enrols them)."""
    kinds = list(SIGNING_POSITION_KINDS)
    return get_user_model().objects.filter(
        Q(holdings__position__kind__in=kinds) | Q(delegations_received__position__kind__in=kinds)).distinct().order_by("username")


# --- devices and the check ---------------------------------------------------------------

def signing_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, or ``None`` when they have not enrolled one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def signing_window_until(*, session: MutableMapping | None, user) -> datetime.datetime | None:
    """When the user's open signing window closes, or ``None`` when no window is open in ``session``."""
    if session is None or not getattr(user, "pk", None):
        return None
    until = session.get(_WINDOW_KEY.format(user_id=user.pk))
    if not isinstance(until, (int, float)):
        return None
    now = timezone.now().timestamp()
    # a window "opened in the future" (clock moved back) is no window
    if not (now < until <= now + SIGNING_WINDOW.total_seconds()):
        return None
    return datetime.datetime.fromtimestamp(until, tz=datetime.UTC)


def _window_open(*, session: MutableMapping, user) -> None:
    session[_WINDOW_KEY.format(user_id=user.pk)] = (timezone.now() + SIGNING_WINDOW).timestamp()


def enrolment_url() -> str:
    return reverse("two_factor")


def _verify(*, device: TOTPDevice, code: str) -> None:
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(_("Nhập sai mã quá nhiều lần. Vui lòng đợi một lát rồi nhập mã mới."), code="otp_throttled")
    if not device.verify_token(code):
        raise ValidationError(_("Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã đang hiển thị trên ứng dụng xác thực."),
                              code="otp_invalid")


def signing_confirm(*, user, code: str | None, session: MutableMapping | None) -> None:
    """Confirm that ``user`` is present to sign: an open signing window in ``session``, or a valid code.

    A valid code opens a window of ``SIGNING_WINDOW`` in ``session`` (kept only as long as the
    session is: the API's Basic auth has none, so there every signature needs a code).

    Raises ``PermissionDenied`` when the user has no authenticator enrolled, ``ValidationError``
    (code ``otp_required``, ``otp_invalid`` or ``otp_throttled``) otherwise. A wrong code is
    counted against the device (django-otp throttles the next tries), so call this where a
    rollback will not undo the count.
    """
    if signing_window_until(session=session, user=user) is not None:
        return
    device = signing_device(user)
    if device is None:
        raise PermissionDenied(_("Bạn chưa đăng ký xác thực hai lớp. Ký, phát hành văn bản cần mã xác thực: "
                                 "vào trang “Xác thực hai lớp” (%(url)s) để đăng ký.") % {"url": enrolment_url()})
    code = (code or "").strip().replace(" ", "")
    if not code:
        raise ValidationError(_("Nhập mã xác thực (6 chữ số trên ứng dụng xác thực) để ký."), code="otp_required")
    _verify(device=device, code=code)
    if session is not None:
        _window_open(session=session, user=user)


# --- the form field ------------------------------------------------------------------------

class SigningCodeFormMixin:
    """Adds ``otp_code`` to a signing form and checks it with ``signing_confirm`` once the rest is valid.

    Keyword arguments: ``signer`` (the user), ``signing_session`` (the request's session) and
    ``signs`` (``cleaned_data → bool``: does this submission sign? a return does not).
    While the signer's window is open the field is left out.
    """

    def __init__(self, *args, signer=None, signing_session=None, signs: Callable[[dict], bool] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.signer, self.signing_session, self.signs = signer, signing_session, signs or (lambda data: True)
        self.signing_window_until = signing_window_until(session=signing_session, user=signer)
        if self.signing_window_until is None:
            self.fields["otp_code"] = forms.CharField(
                label=gettext_lazy("Mã xác thực (6 chữ số trên ứng dụng xác thực)"), required=False, max_length=10,
                help_text=gettext_lazy("Ký, phát hành cần mã xác thực hai lớp; mã đúng cho phép ký tiếp trong 10 phút."),
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def clean(self):
        data = super().clean()
        if self.errors or not self.signs(data):
            return data
        try:
            signing_confirm(user=self.signer, code=data.get("otp_code"), session=self.signing_session)
        except (ValidationError, PermissionDenied) as exc:
            message = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            self.add_error("otp_code" if "otp_code" in self.fields else None, message)
        return data


_form_classes: dict[type, type] = {}


def signing_form_class(form_class: type) -> type:
    """``form_class`` with the ``otp_code`` field (one class per form class)."""
    if form_class not in _form_classes:
        _form_classes[form_class] = type(f"Signing{form_class.__name__}", (SigningCodeFormMixin, form_class), {})
    return _form_classes[form_class]


# --- enrolment ------------------------------------------------------------------------------

def enrolment_pending(*, user) -> TOTPDevice:
    """The unconfirmed device the enrolment page shows as a QR code (created once, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def enrolment_confirm(*, user, code: str, current_code: str = "") -> TOTPDevice:
    """Confirm the pending device with its first code; it replaces any earlier device.

    Replacing a confirmed device needs a code of that device too (``current_code``): a stolen
    password alone must not be enough to move the signature to another phone.
    """
    current = signing_device(user)
    if current is not None:
        if not (current_code or "").strip():
            raise ValidationError({"current_code": _("Nhập mã của thiết bị đang dùng để đổi sang thiết bị mới.")})
        try:
            _verify(device=current, code=current_code.strip())
        except ValidationError as exc:
            raise ValidationError({"current_code": exc.messages}) from None
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise ValidationError({"code": _("Không có thiết bị đang chờ xác nhận; tải lại trang.")})
    try:
        _verify(device=device, code=(code or "").strip().replace(" ", ""))
    except ValidationError as exc:
        raise ValidationError({"code": exc.messages}) from None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def qr_svg(text: str) -> str:
    """An inline SVG QR code of ``text``, drawn here (no external service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


# --- the demo -------------------------------------------------------------------------------

def demo_key(login: str) -> str:
    """A deterministic secret per login, from SECRET_KEY: reruns of load_demo keep the same codes."""
    return hmac.new(settings.SECRET_KEY.encode(), f"kehoach-demo-otp:{login}".encode(), hashlib.sha256).hexdigest()[:40]


def demo_device_enrol(user) -> TOTPDevice:
    """Enrol ``user`` with the demo device (idempotent; an authenticator app can add it from ``config_url``).

    A user who has confirmed a device of their own keeps it."""
    key = demo_key(user.get_username())
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
    own = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(name=DEMO_DEVICE_NAME).first()
    if own is not None:  # the user enrolled their own phone: leave it
        return own
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        return TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=key, confirmed=True)
    if device.key != key or not device.confirmed:
        device.key, device.confirmed, device.last_t, device.drift = key, True, -1, 0
        device.save(update_fields=["key", "confirmed", "last_t", "drift"])
    return device


def demo_signers_enrol() -> int:
    """Enrol every signer of the demo chart; returns how many."""
    users = list(signing_users())
    for user in users:
        demo_device_enrol(user)
    return len(users)


def device_code(device: TOTPDevice) -> str:
    """The code ``device`` accepts now that has not been used yet (the current one, else the next one)."""
    now_t = (int(timezone.now().timestamp()) - device.t0) // device.step + device.drift
    usable = [t for t in range(now_t, now_t + device.tolerance + 1) if t > device.last_t]
    t = usable[0] if usable else now_t
    return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"


def demo_code(user) -> str:
    """The current code of ``user``'s demo device (what ``manage.py demo_otp LOGIN`` prints)."""
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME, confirmed=True).first()
    if device is None:
        raise ValidationError(_("%(user)s không có thiết bị xác thực mẫu (chạy load_demo).") % {"user": user.get_username()})
    return device_code(device)
