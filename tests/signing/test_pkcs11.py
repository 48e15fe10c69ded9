"""Signing through PKCS#11 against a real token implementation (SoftHSM2): create a token, import a key, sign."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from documents.signing.errors import SigningError
from documents.signing.models import KeyKind, SignedPdf
from documents.signing.services import document_sign_person, person_signing_key
from documents.signing.verify import pdf_verify

MODULES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"]
MODULE = next((m for m in MODULES if Path(m).exists()), None)
TOKEN_PIN = "4321"

pytestmark = pytest.mark.skipif(MODULE is None or shutil.which("softhsm2-util") is None
                                or shutil.which("pkcs11-tool") is None or shutil.which("soffice") is None,
                                reason="softhsm2, opensc and LibreOffice are needed")


@pytest.fixture
def token(keys, pct, tmp_path, monkeypatch):
    """A SoftHSM2 token holding PCT Loan's key and certificate, configured as her signing key."""
    from documents.signing.democa import demo_ca, issue_certificate

    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "kehoach", "--pin", TOKEN_PIN,
                    "--so-pin", "87654321"], check=True, capture_output=True)
    ca = demo_ca()
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # a government CA token holds RSA keys
    cert, key = issue_certificate(ca=ca, common_name="Nguyễn Thị Loan", key=key)
    (tmp_path / "key.der").write_bytes(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                          serialization.NoEncryption()))
    (tmp_path / "cert.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    for path, kind in (("key.der", "privkey"), ("cert.der", "cert")):
        subprocess.run(["pkcs11-tool", "--module", MODULE, "--token-label", "kehoach", "--login", "--pin", TOKEN_PIN,
                        "--write-object", str(tmp_path / path), "--type", kind, "--label", "loan", "--id", "01"],
                       check=True, capture_output=True)
    signing_key = person_signing_key(user=pct)
    signing_key.kind, signing_key.pkcs11_module, signing_key.token_label, signing_key.key_label = \
        KeyKind.PKCS11, MODULE, "kehoach", "loan"
    signing_key.save()
    return signing_key


def test_pct_signs_through_a_pkcs11_token(token, plan, pct, tmp_path):
    row = document_sign_person(document=plan, user=pct, pin=TOKEN_PIN)
    with row.file.open("rb") as handle:
        pdf = handle.read()
    result = pdf_verify(pdf)
    assert result["valid"] and result["signatures"][0]["signer"] == "Nguyễn Thị Loan"
    (tmp_path / "p11.pdf").write_bytes(pdf)
    report = subprocess.run(["pdfsig", str(tmp_path / "p11.pdf")], capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Signature is Valid." in report


def test_wrong_token_pin_and_missing_token_are_refused(token, plan, pct):
    with pytest.raises(SigningError) as error:
        document_sign_person(document=plan, user=pct, pin="0000")
    assert error.value.code == "wrong_pin"
    token.token_label = "khong-co"
    token.save()
    with pytest.raises(SigningError) as error:
        document_sign_person(document=plan, user=pct, pin=TOKEN_PIN)
    assert error.value.code == "no_token" and "USB token" in error.value.messages[0]
    assert not SignedPdf.objects.exists()
