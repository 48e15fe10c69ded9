"""Word → PDF with LibreOffice (chuyển văn bản Word sang PDF).

``docx_to_pdf(docx_bytes) -> bytes`` runs ``soffice --headless --convert-to
pdf`` in a temporary directory, with a temporary user profile of its own
(``-env:UserInstallation=file:///tmp/…``) so that conversions running at the
same time never share a profile, and with a time limit. Anything that goes
wrong raises :class:`PdfConversionError` with a Vietnamese message.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

DEFAULT_TIMEOUT = 120  # seconds; the first start of a fresh profile takes a few seconds


class PdfConversionError(Exception):
    """LibreOffice is missing, failed, or took too long."""


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    for name in (os.environ.get("KEHOACH_SOFFICE") or "", "soffice", "libreoffice"):
        if name and (found := shutil.which(name)):
            return found
    return None


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert a .docx (bytes) to PDF (bytes)."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfConversionError(_("Chưa cài LibreOffice (soffice) trên máy chủ nên không tạo được tệp PDF."))
    if not docx_bytes:
        raise PdfConversionError(_("Tệp Word rỗng, không tạo được tệp PDF."))
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
        work = Path(tmp)
        source = work / "vanban.docx"
        source.write_bytes(docx_bytes)
        profile = work / "profile"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nofirststartwizard",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work)}
        try:
            # a session of its own, so that a timeout ends soffice.bin too, not only its launcher
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=work,
                                       start_new_session=True)
        except OSError as exc:
            raise PdfConversionError(_("Không chạy được LibreOffice: %(error)s") % {"error": exc}) from None
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise PdfConversionError(
                _("LibreOffice chuyển sang PDF quá thời gian cho phép (%(seconds)s giây).") % {"seconds": f"{timeout:g}"}
            ) from None
        target = work / "vanban.pdf"
        if process.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip()[-300:]
            raise PdfConversionError(
                _("LibreOffice không chuyển được văn bản sang PDF (mã lỗi %(code)s). %(detail)s")
                % {"code": process.returncode, "detail": detail}
            )
        return target.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    try:
        process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        pass
