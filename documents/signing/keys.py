"""Where a signature comes from: the signer interface and its kinds.

``KeySource.open(pin=...)`` is a context manager yielding a pyHanko ``Signer`` for one signing and releasing
the key (closing a token's session) afterwards. Shipped kinds:

- ``Pkcs12KeySource``: a software key in a PKCS#12 file (the demo CA issues one per person and agency);
- ``Pkcs11KeySource``: a key on a PKCS#11 token through pyHanko, as the USB tokens of the government CA
  (Ban Cơ yếu Chính phủ) are used; tested against SoftHSM2;
- ``RemoteSigningService``: the seam for a remote signing service (ký số từ xa): it must return a ``Signer``
  whose ``async_sign_raw`` asks the service to sign a digest after the person confirmed on their phone.
  Not implemented here; configuring it refuses clearly.

The PIN passes through, is never logged nor stored.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import SigningError
from .models import KeyKind


def signing_dir() -> Path:
    return Path(settings.KEHOACH_SIGNING_DIR)


class KeySource:
    """A key a signer can use; ``open`` yields a pyHanko ``Signer``."""

    label = ""

    @contextlib.contextmanager
    def open(self, *, pin: str):  # pragma: no cover - interface
        raise NotImplementedError
        yield


class Pkcs12KeySource(KeySource):
    def __init__(self, path: str | Path):
        path = Path(path)
        self.path = path if path.is_absolute() else signing_dir() / path
        self.label = self.path.name

    @contextlib.contextmanager
    def open(self, *, pin: str):
        from pyhanko.sign import signers

        try:
            data = self.path.read_bytes()
        except OSError:
            raise SigningError(_("Không tìm thấy tệp khóa ký số %(name)s.") % {"name": self.label}, code="no_key") from None
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=None, passphrase=(pin or "").encode("utf-8"))
        except ValueError:
            raise SigningError(_("Mã PIN không đúng."), code="wrong_pin") from None
        yield signer


class Pkcs11KeySource(KeySource):
    def __init__(self, *, module: str, key_label: str, token_label: str = "", slot: int | None = None):
        self.module, self.key_label, self.token_label, self.slot = module, key_label, token_label, slot
        self.label = token_label or f"slot {slot}"

    @contextlib.contextmanager
    def open(self, *, pin: str):
        from pkcs11 import exceptions as p11
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.general import SigningError as HankoSigningError
        from pyhanko.sign.pkcs11 import PKCS11Error, PKCS11Signer, open_pkcs11_session

        if not Path(self.module).exists():
            raise SigningError(_("Không tìm thấy thư viện của thiết bị ký số (%(module)s).") % {"module": self.module},
                               code="no_token")
        try:
            session = open_pkcs11_session(
                self.module, slot_no=self.slot,
                token_criteria=TokenCriteria(label=self.token_label) if self.token_label else None, user_pin=pin or "")
        except p11.PinIncorrect:
            raise SigningError(_("Mã PIN của thiết bị ký số không đúng."), code="wrong_pin") from None
        except (p11.PinLenRange, p11.ArgumentsBad):
            raise SigningError(_("Mã PIN của thiết bị ký số không đúng."), code="wrong_pin") from None
        except (PKCS11Error, p11.PKCS11Error, RuntimeError, OSError):
            raise SigningError(_("Không tìm thấy thiết bị ký số %(token)s; hãy cắm USB token rồi thử lại.")
                               % {"token": self.label}, code="no_token") from None
        try:
            try:
                signer = PKCS11Signer(session, key_label=self.key_label, cert_label=self.key_label)
                signer.signing_cert  # noqa: B018  (loads the certificate now: a missing key is reported here)
            except (PKCS11Error, p11.PKCS11Error, HankoSigningError):
                raise SigningError(_("Thiết bị ký số không có khóa %(label)s.") % {"label": self.key_label},
                                   code="no_key") from None
            yield signer
        finally:
            session.close()


class RemoteSigningService(KeySource):
    """Seam for a remote signing service (ký số từ xa, e.g. the government CA's): not available offline."""

    @contextlib.contextmanager
    def open(self, *, pin: str):
        raise SigningError(_("Chưa kết nối dịch vụ ký số từ xa."), code="remote_unavailable")
        yield


def key_source_for(key) -> KeySource:
    """The ``KeySource`` of a ``SigningKey`` row."""
    if key.kind == KeyKind.PKCS12:
        return Pkcs12KeySource(key.pkcs12_file)
    if key.kind == KeyKind.PKCS11:
        return Pkcs11KeySource(module=key.pkcs11_module, key_label=key.key_label, token_label=key.token_label,
                               slot=key.token_slot)
    return RemoteSigningService()
