"""Opening an uploaded .docx safely (mở tệp Word an toàn).

The upload is refused when it is larger than ``settings.KEHOACH_WORD_IMPORT_MAX_BYTES``, is
not a zip (or is a legacy ``.doc``), when the zip is damaged, when its members
*declare* more than ``settings.KEHOACH_UPLOAD_settings.KEHOACH_UPLOAD_MAX_EXPANDED_BYTES`` once uncompressed, or
when they *actually* expand beyond it — every member is inflated from its raw
bytes in chunks, counting, so a zip that lies about its sizes is caught
without ever holding the whole expansion. Only the XML parts the import
reads are kept; the XML parser resolves no entities and loads nothing from
the network.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from ..uploads import size_text
from .errors import WordImportError

MAX_MEMBERS = 5000
_CHUNK = 1 << 16

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)



def _read_upload(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        if hasattr(source, "seek"):
            try:
                source.seek(0)
            except (OSError, ValueError):
                pass
        data = source.read(settings.KEHOACH_WORD_IMPORT_MAX_BYTES + 1)
        if isinstance(data, str):
            raise WordImportError(_("Tệp tải lên không phải văn bản Word (.docx)."), code="not_docx")
    else:
        raise WordImportError(_("Tệp tải lên không phải văn bản Word (.docx)."), code="not_docx")
    if len(data) > settings.KEHOACH_WORD_IMPORT_MAX_BYTES:
        raise WordImportError(
            _("Tệp quá lớn: tối đa %(limit)s.") % {"limit": size_text(settings.KEHOACH_WORD_IMPORT_MAX_BYTES)},
            code="too_large",
        )
    return data


def _corrupt() -> WordImportError:
    return WordImportError(_("Tệp Word bị hỏng, không đọc được. Hãy mở bằng Word và lưu lại rồi tải lên."), code="corrupt")


def _bomb() -> WordImportError:
    return WordImportError(
        _("Tệp Word bất thường: khi giải nén vượt quá %(limit)d MB (nghi là tệp độc hại), không nhập được.")
        % {"limit": settings.KEHOACH_UPLOAD_MAX_EXPANDED_BYTES // (1024 * 1024)},
        code="zip_bomb",
    )


@dataclass
class Package:
    """The parts of a .docx that the import reads, as parsed XML."""

    document: etree._Element
    styles: etree._Element | None = None
    numbering: etree._Element | None = None


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


def _expand(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo):
    """The uncompressed bytes of a member, in chunks, from its raw data (sizes in the directory not trusted)."""
    start = info.header_offset
    header = _LOCAL_HEADER.unpack_from(data, start)
    if header[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    offset = start + _LOCAL_HEADER.size + header[10] + header[11]
    raw = memoryview(data)[offset:offset + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), _CHUNK):
            yield bytes(raw[i:i + _CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        with zf.open(info) as member:  # bzip2/lzma: never seen in .docx, read through zipfile
            while chunk := member.read(_CHUNK):
                yield chunk
        return
    inflater = zlib.decompressobj(-15)
    for i in range(0, len(raw), _CHUNK):
        pending = bytes(raw[i:i + _CHUNK])
        while pending:
            out = inflater.decompress(pending, _CHUNK)
            if out:
                yield out
            pending = inflater.unconsumed_tail
    tail = inflater.flush()  # at most the 32 KB window
    if tail:
        yield tail


def _main_part_name(zf: zipfile.ZipFile, names: set[str], parts: dict[str, bytes]) -> str | None:
    rels = parts.get("_rels/.rels")
    if rels is not None:
        try:
            root = etree.fromstring(rels, _XML_PARSER)
        except etree.XMLSyntaxError:
            root = None
        if root is not None:
            for rel in root.iter(f"{_REL_NS}Relationship"):
                if rel.get("Type") == _OFFICE_DOC:
                    target = (rel.get("Target") or "").lstrip("/")
                    if target in names:
                        return target
    return "word/document.xml" if "word/document.xml" in names else None


def open_package(source) -> Package:
    """Check the upload and parse its XML parts; raise :class:`WordImportError` when refused."""
    data = _read_upload(source)
    if data.startswith(_OLE_MAGIC):
        raise WordImportError(
            _("Tệp là định dạng Word cũ (.doc) hoặc đã đặt mật khẩu. Hãy lưu lại dưới dạng .docx rồi tải lên."),
            code="legacy_doc",
        )
    if not data.startswith(b"PK"):
        raise WordImportError(_("Tệp tải lên không phải văn bản Word (.docx)."), code="not_docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _corrupt() from None
    if len(infos) > MAX_MEMBERS:
        raise _bomb()
    if sum(max(i.file_size, 0) for i in infos) > settings.KEHOACH_UPLOAD_MAX_EXPANDED_BYTES:
        raise _bomb()
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise WordImportError(_("Tệp tải lên không phải văn bản Word (.docx)."), code="not_docx")
    wanted = {"_rels/.rels", "word/document.xml", "word/styles.xml", "word/numbering.xml"}
    parts: dict[str, bytes] = {}
    total = 0
    try:
        # Decompress every member once from its raw bytes, counting what it really
        # expands to (the sizes written in the zip can lie), and keep only the few
        # parts the import reads.
        for info in infos:
            if info.is_dir():
                continue
            keep = info.filename in wanted or info.filename.endswith("document.xml")
            chunks = []
            for chunk in _expand(zf, data, info):
                total += len(chunk)
                if total > settings.KEHOACH_UPLOAD_MAX_EXPANDED_BYTES:
                    raise _bomb()
                if keep:
                    chunks.append(chunk)
            if keep:
                blob = b"".join(chunks)
                if len(blob) != info.file_size or zlib.crc32(blob) & 0xFFFFFFFF != info.CRC:
                    raise _corrupt()
                parts[info.filename] = blob
    except WordImportError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError, NotImplementedError,
            struct.error):
        raise _corrupt() from None
    main = _main_part_name(zf, names, parts)
    if main is None or main not in parts:
        raise WordImportError(_("Tệp tải lên không phải văn bản Word (.docx)."), code="not_docx")

    def parse(name: str) -> etree._Element | None:
        raw = parts.get(name)
        if raw is None:
            return None
        try:
            return etree.fromstring(raw, _XML_PARSER)
        except (etree.XMLSyntaxError, ValueError):
            raise _corrupt() from None

    document = parse(main)
    if document is None or document.find(f"{W}body") is None:
        raise _corrupt()
    try:
        styles, numbering = parse("word/styles.xml"), parse("word/numbering.xml")
    except WordImportError:
        styles = numbering = None  # a damaged styles part only costs formatting
    return Package(document=document, styles=styles, numbering=numbering)


