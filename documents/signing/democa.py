"""The demo's certification authority, created offline (no network): a root, and one PKCS#12 per signer.

Files live in ``KEHOACH_SIGNING_DIR`` (``var/signing`` by default, never committed): ``demo-ca.pem`` (the
trust root the demo's ``KEHOACH_SIGNING_TRUST_ROOTS`` defaults to), ``demo-ca.key.pem``, ``keys/*.p12``
(each protected by its PIN), ``images/*.png`` (the signature and seal images the demo draws itself).
"""

from __future__ import annotations

import datetime
import warnings
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from documents.models import Register
from orgchart.models import Holding, PositionKind, Unit

from .appearance import demo_seal_png, demo_signature_png
from .keys import signing_dir
from .models import KeyKind, SigningKey

CA_NAME = "Kehoach Demo CA (không dùng thật)"
#: The demo replays history from 2025 (72/KH-UBND was signed on 16/3/2025): its certificates start earlier.
DEMO_VALID_FROM = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


@dataclass
class DemoCA:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _leaf_key() -> ec.EllipticCurvePrivateKey:
    """Signers' keys are ECDSA P-256: loading an RSA key costs ~130 ms per signature in cryptography's checks,
    an EC key a fraction of a millisecond; pdfsig (NSS) and pyHanko verify both. Tokens may hold RSA keys."""
    return ec.generate_private_key(ec.SECP256R1())


def demo_ca(directory: Path | None = None) -> DemoCA:
    """Load the demo CA, creating it on first use."""
    directory = directory or signing_dir()
    cert_path, key_path = directory / "demo-ca.pem", directory / "demo-ca.key.pem"
    if cert_path.exists() and key_path.exists():
        return DemoCA(x509.load_pem_x509_certificate(cert_path.read_bytes()),
                      serialization.load_pem_private_key(key_path.read_bytes(), password=None))
    directory.mkdir(parents=True, exist_ok=True)
    key = _key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kehoach demo"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(min(DEMO_VALID_FROM, now)).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return DemoCA(cert, key)


def issue_certificate(*, ca: DemoCA, common_name: str, organization: str = "",
                      not_before: datetime.datetime | None = None, not_after: datetime.datetime | None = None,
                      for_signing: bool = True, key=None):
    """A leaf certificate (and its new key) for a person or an agency; ``for_signing=False`` gives a TLS-like one."""
    key = key or _leaf_key()
    now = datetime.datetime.now(datetime.UTC)
    # the 64-character limit of RFC 5280 counts characters; Vietnamese names pass it but not a 64-byte check
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name, _validate=False),
                 x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
        if organization:
            attrs.insert(1, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64], _validate=False))
    usage = dict(digital_signature=for_signing, content_commitment=for_signing, key_encipherment=False,  # noqa: C408
                 key_agreement=not for_signing,
                 data_encipherment=False, key_cert_sign=False, crl_sign=False,
                 encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(x509.Name(attrs)).issuer_name(ca.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before or min(DEMO_VALID_FROM, now - datetime.timedelta(days=1)))
            .not_valid_after(not_after or now + datetime.timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(**usage), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    return cert, key


def write_pkcs12(*, path: Path, cert, key, ca: DemoCA, pin: str, friendly_name: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # AES-256 with 5 000 PBKDF2 rounds: opening the demo's key takes ~30 ms instead of ~150 ms with the
    # library's default; a demo PIN guards demo keys only (real keys live on tokens)
    encryption = (serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(5000)
                  .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC).hmac_hash(hashes.SHA256())
                  .build(pin.encode("utf-8")))
    data = pkcs12.serialize_key_and_certificates((friendly_name or "key").encode(), key, cert, [ca.cert], encryption)
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def demo_keys_create(*, pin: str) -> int:
    """A software key, a signature image and a seal image for every demo signer and issuing agency.

    Signers: the holders of the positions that sign (chủ tịch, phó chủ tịch, giám đốc, phó giám đốc);
    agencies: every unit with a number register. Idempotent: existing keys are kept. Returns how many were made.
    """
    ca = demo_ca()
    base = signing_dir()
    made = 0
    signing_kinds = [PositionKind.CHAIR, PositionKind.VICE_CHAIR, PositionKind.DIRECTOR, PositionKind.DEPUTY_DIRECTOR]
    for holding in Holding.objects.filter(position__kind__in=signing_kinds).select_related("user", "position__unit"):
        if SigningKey.objects.filter(holding=holding).exists():
            continue
        user = holding.user
        name = user.get_full_name() or user.username
        p12 = Path("keys") / f"holding-{holding.pk}-{user.username}.p12"
        if not (base / p12).exists():
            cert, key = issue_certificate(ca=ca, common_name=name, organization=holding.position.unit.name)
            write_pkcs12(path=base / p12, cert=cert, key=key, ca=ca, pin=pin, friendly_name=user.username)
        image = Path("images") / f"signature-{user.username}.png"
        if not (base / image).exists():
            demo_signature_png(name, base / image)
        SigningKey.objects.create(holding=holding, kind=KeyKind.PKCS12, pkcs12_file=str(p12), image=str(image))
        made += 1
    for unit in Unit.objects.filter(pk__in=Register.objects.filter(kind="outgoing").values("unit")):
        if SigningKey.objects.filter(unit=unit).exists():
            continue
        p12 = Path("keys") / f"agency-{unit.pk}-{unit.code}.p12"
        if not (base / p12).exists():
            cert, key = issue_certificate(ca=ca, common_name=unit.name, organization=unit.name)
            write_pkcs12(path=base / p12, cert=cert, key=key, ca=ca, pin=pin, friendly_name=unit.code)
        image = Path("images") / f"seal-{unit.pk}.png"
        if not (base / image).exists():
            demo_seal_png(unit.name, base / image)
        SigningKey.objects.create(unit=unit, kind=KeyKind.PKCS12, pkcs12_file=str(p12), image=str(image))
        made += 1
    return made
