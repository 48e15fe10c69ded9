"""Reading a .docx safely into plain blocks: paragraphs and tables (đọc tệp Word).

The import needs only the text, the bold/italic of each run, the alignment
and the layout of tables, so it reads ``word/document.xml`` (and the styles
and numbering parts) with lxml directly: fast, and nothing of the file is
executed or written to disk.

Safety first (``open_package``): the upload is refused when it is larger
than :data:`MAX_UPLOAD_BYTES`, is not a zip (or is a legacy ``.doc``), when
the zip is damaged, when its members *declare* more than
:data:`MAX_EXPANDED_BYTES` once uncompressed, or when they actually expand
beyond it while being streamed (a zip bomb that lies about its sizes). The
XML parser resolves no entities and loads nothing from the network.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _
from lxml import etree

from .errors import WordImportError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 5000
_CHUNK = 1 << 16

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


# --- the package ---------------------------------------------------------------


def _read_upload(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        if hasattr(source, "seek"):
            try:
                source.seek(0)
            except (OSError, ValueError):
                pass
        data = source.read(MAX_UPLOAD_BYTES + 1)
        if isinstance(data, str):
            raise WordImportError(_("Tệp tải lên không phải văn bản Word (.docx)."), code="not_docx")
    else:
        raise WordImportError(_("Tệp tải lên không phải văn bản Word (.docx)."), code="not_docx")
    if len(data) > MAX_UPLOAD_BYTES:
        raise WordImportError(
            _("Tệp quá lớn: tối đa %(limit)d MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}, code="too_large"
        )
    return data


def _corrupt() -> WordImportError:
    return WordImportError(_("Tệp Word bị hỏng, không đọc được. Hãy mở bằng Word và lưu lại rồi tải lên."), code="corrupt")


def _bomb() -> WordImportError:
    return WordImportError(
        _("Tệp Word bất thường: khi giải nén vượt quá %(limit)d MB (nghi là tệp độc hại), không nhập được.")
        % {"limit": MAX_EXPANDED_BYTES // (1024 * 1024)},
        code="zip_bomb",
    )


@dataclass
class Package:
    """The parts of a .docx that the import reads, as parsed XML."""

    document: etree._Element
    styles: etree._Element | None = None
    numbering: etree._Element | None = None


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
    if sum(max(i.file_size, 0) for i in infos) > MAX_EXPANDED_BYTES:
        raise _bomb()
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise WordImportError(_("Tệp tải lên không phải văn bản Word (.docx)."), code="not_docx")
    wanted = {"_rels/.rels", "word/document.xml", "word/styles.xml", "word/numbering.xml"}
    parts: dict[str, bytes] = {}
    total = 0
    try:
        # Stream every member once, counting what it really expands to (sizes in
        # the zip directory can lie); keep only the few parts the import reads.
        for info in infos:
            if info.is_dir():
                continue
            keep = info.filename in wanted or info.filename.endswith("document.xml")
            chunks = []
            with zf.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > MAX_EXPANDED_BYTES:
                        raise _bomb()
                    if keep:
                        chunks.append(chunk)
            if keep:
                parts[info.filename] = b"".join(chunks)
    except WordImportError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
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


# --- styles and numbering ------------------------------------------------------------


def _on(el) -> bool | None:
    if el is None:
        return None
    return el.get(f"{W}val", "true").lower() not in {"0", "false", "off", "none"}


@dataclass
class _Style:
    name: str
    based_on: str | None
    bold: bool | None
    italic: bool | None
    align: str | None
    num: tuple[str, int] | None


class Styles:
    """Just enough of styles.xml: bold, italic, alignment and numbering, with inheritance."""

    def __init__(self, root: etree._Element | None):
        self._styles: dict[str, _Style] = {}
        self._cache: dict[tuple[str | None, str], object] = {}
        self.default_bold = self.default_italic = False
        self.default_paragraph: str | None = None
        if root is None:
            return
        rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if rpr is not None:
            self.default_bold = bool(_on(rpr.find(f"{W}b")))
            self.default_italic = bool(_on(rpr.find(f"{W}i")))
        for st in root.iter(f"{W}style"):
            sid = st.get(f"{W}styleId")
            if not sid:
                continue
            name_el, based_el = st.find(f"{W}name"), st.find(f"{W}basedOn")
            rpr, ppr = st.find(f"{W}rPr"), st.find(f"{W}pPr")
            jc = ppr.find(f"{W}jc") if ppr is not None else None
            num = None
            if ppr is not None and (np := ppr.find(f"{W}numPr")) is not None:
                num = _num_pr(np)
            self._styles[sid] = _Style(
                name=(name_el.get(f"{W}val") if name_el is not None else sid) or sid,
                based_on=based_el.get(f"{W}val") if based_el is not None else None,
                bold=_on(rpr.find(f"{W}b")) if rpr is not None else None,
                italic=_on(rpr.find(f"{W}i")) if rpr is not None else None,
                align=jc.get(f"{W}val") if jc is not None else None,
                num=num,
            )
            if st.get(f"{W}type") == "paragraph" and st.get(f"{W}default") in {"1", "true", "on"}:
                self.default_paragraph = sid

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self._styles and sid not in seen:
            seen.add(sid)
            yield self._styles[sid]
            sid = self._styles[sid].based_on

    def lookup(self, sid: str | None, attr: str):
        key = (sid, attr)
        if key in self._cache:
            return self._cache[key]
        value = None
        for st in self._chain(sid or self.default_paragraph):
            value = getattr(st, attr)
            if value is not None:
                break
        self._cache[key] = value
        return value

    def name(self, sid: str | None) -> str:
        st = self._styles.get(sid or "")
        return st.name if st else (sid or "")


def _num_pr(np) -> tuple[str, int] | None:
    num_id, ilvl = np.find(f"{W}numId"), np.find(f"{W}ilvl")
    if num_id is None:
        return None
    return num_id.get(f"{W}val", "0"), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0


_ROMAN_TABLE = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN_TABLE:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"


class Numbering:
    """Automatic list numbers (``I.``, ``1.``, ``a)``, ``-``) that Word draws but does not store as text."""

    def __init__(self, root: etree._Element | None):
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in an.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            abstract[an.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self._levels[num.get(f"{W}numId", "")] = abstract.get(ref.get(f"{W}val", ""), {})

    def label(self, num: tuple[str, int] | None) -> str:
        if num is None:
            return ""
        num_id, ilvl = num
        levels = self._levels.get(num_id)
        if not levels or num_id == "0" or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * 10)
        ilvl = min(ilvl, 9)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0

        def render(m: re.Match) -> str:
            lvl = int(m.group(1)) - 1
            value = counters[lvl] or levels.get(lvl, ("decimal", "", 1))[2]
            lfmt = levels.get(lvl, ("decimal", "", 1))[0]
            if lfmt == "upperRoman":
                return to_roman(value)
            if lfmt == "lowerRoman":
                return to_roman(value).lower()
            if lfmt in {"lowerLetter", "upperLetter"}:
                letter = _VI_LETTERS[(value - 1) % len(_VI_LETTERS)]
                return letter.upper() if lfmt == "upperLetter" else letter
            return str(value)

        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        return re.sub(r"%(\d)", render, text)


# --- blocks ------------------------------------------------------------------------


@dataclass
class Piece:
    """A stretch of a paragraph's text with one formatting."""

    text: str
    bold: bool
    italic: bool


@dataclass
class Line:
    text: str
    bold: bool
    italic: bool


@dataclass
class Para:
    """A paragraph: its text (``\\n`` for a line break, ``\\t`` for a tab) and formatting."""

    pieces: list[Piece]
    align: str | None = None
    style: str = ""
    page_break: bool = False
    boxed_text: str = ""  # text of text boxes anchored in the paragraph (e.g. DỰ THẢO)
    label: str = ""  # automatic number drawn by Word

    @cached_property
    def text(self) -> str:
        body = "".join(p.text for p in self.pieces)
        return f"{self.label} {body}" if self.label else body

    @cached_property
    def plain(self) -> str:
        """The text on one line, whitespace collapsed."""
        return " ".join(self.text.split())

    def _share(self, attr: str) -> float:
        chars = sum(len(p.text.strip()) for p in self.pieces)
        if not chars:
            return 0.0
        return sum(len(p.text.strip()) for p in self.pieces if getattr(p, attr)) / chars

    @cached_property
    def bold(self) -> float:
        """Share of the visible characters set in bold (0 … 1)."""
        return self._share("bold")

    @property
    def italic(self) -> float:
        return self._share("italic")

    def bold_prefix(self) -> str:
        """The bold text the paragraph opens with (a run-in heading such as ``2. Yêu cầu:``)."""
        out = []
        for piece in self.pieces:
            if piece.bold or not piece.text.strip():
                out.append(piece.text)
            else:
                break
        prefix = "".join(out)
        if self.label and prefix.strip():
            prefix = f"{self.label} {prefix}"
        return prefix

    def lines(self) -> list[Line]:
        """The paragraph cut at its line breaks, each line with its dominant formatting."""
        out: list[Line] = []
        current: list[Piece] = []

        def flush():
            text = "".join(p.text for p in current)
            chars = sum(len(p.text.strip()) for p in current) or 1
            bold = sum(len(p.text.strip()) for p in current if p.bold) / chars >= 0.5
            italic = sum(len(p.text.strip()) for p in current if p.italic) / chars >= 0.5
            out.append(Line(text, bold, italic))

        for piece in self.pieces:
            parts = piece.text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    flush()
                    current = []
                current.append(Piece(part, piece.bold, piece.italic))
        flush()
        if self.label and out:
            first = out[0]
            out[0] = Line(f"{self.label} {first.text}", first.bold, first.italic)
        return out


@dataclass
class Cell:
    paras: list[Para]
    col: int
    span: int = 1
    vmerge: str | None = None  # "restart", "continue" or None

    @cached_property
    def text(self) -> str:
        return " ".join(" ".join(p.plain for p in self.paras).split())

    def lines(self) -> list[Line]:
        return [line for p in self.paras for line in p.lines()]


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def ncols(self) -> int:
        return max((c.col + c.span for row in self.rows for c in row), default=0)

    @property
    def text(self) -> str:
        return " ".join(c.text for row in self.rows for c in row)


Block = Para | Table

_CONTAINERS = {f"{W}hyperlink", f"{W}ins", f"{W}smartTag", f"{W}fldSimple", f"{W}customXml", f"{W}moveTo",
               f"{W}sdtContent", f"{W}dir", f"{W}bdo"}
_SKIPPED = {f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{W}instrText", f"{W}delText"}


class Reader:
    """Turns the XML of a document body into :class:`Para` and :class:`Table` blocks."""

    def __init__(self, package: Package):
        self.package = package
        self.styles = Styles(package.styles)
        self.numbering = Numbering(package.numbering)

    # runs
    def _run_format(self, r, pstyle: str | None) -> tuple[bool, bool]:
        rpr = r.find(f"{W}rPr")
        bold = italic = None
        rstyle = None
        if rpr is not None:
            bold, italic = _on(rpr.find(f"{W}b")), _on(rpr.find(f"{W}i"))
            rs = rpr.find(f"{W}rStyle")
            rstyle = rs.get(f"{W}val") if rs is not None else None
        if bold is None and rstyle:
            bold = self.styles.lookup(rstyle, "bold")
        if italic is None and rstyle:
            italic = self.styles.lookup(rstyle, "italic")
        if bold is None:
            bold = self.styles.lookup(pstyle, "bold")
        if italic is None:
            italic = self.styles.lookup(pstyle, "italic")
        return (self.styles.default_bold if bold is None else bold,
                self.styles.default_italic if italic is None else italic)

    def _boxed(self, el) -> str:
        texts = []
        for box in el.iter(f"{W}txbxContent"):
            for p in box.iter(f"{W}p"):
                texts.append("".join(t.text or "" for t in p.iter(f"{W}t")))
        return "\n".join(t for t in texts if t.strip())

    def _walk(self, el, pstyle, pieces: list[Piece], state: dict) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}r":
                bold, italic = self._run_format(child, pstyle)
                buf = []
                for rc in child:
                    rtag = rc.tag
                    if rtag == f"{W}t":
                        buf.append(rc.text or "")
                    elif rtag == f"{W}tab" or rtag == f"{W}ptab":
                        buf.append("\t")
                    elif rtag == f"{W}br":
                        if rc.get(f"{W}type") == "page":
                            state["page_break"] = True
                        else:
                            buf.append("\n")
                    elif rtag == f"{W}cr":
                        buf.append("\n")
                    elif rtag == f"{W}noBreakHyphen":
                        buf.append("-")
                    elif rtag == f"{W}lastRenderedPageBreak":
                        continue
                    elif rtag in {f"{W}drawing", f"{W}pict", f"{_MC}AlternateContent", f"{W}object"}:
                        boxed = self._boxed(rc)
                        if boxed:
                            state["boxed"].append(boxed)
                if buf:
                    pieces.append(Piece("".join(buf), bold, italic))
            elif tag in _CONTAINERS:
                self._walk(child, pstyle, pieces, state)
            elif tag == f"{W}sdt":
                inner = child.find(f"{W}sdtContent")
                if inner is not None:
                    self._walk(inner, pstyle, pieces, state)
            elif tag == f"{_MC}AlternateContent":
                boxed = self._boxed(child)
                if boxed:
                    state["boxed"].append(boxed)

    def para(self, p) -> Para:
        ppr = p.find(f"{W}pPr")
        pstyle = None
        align = None
        num = None
        page_break = False
        if ppr is not None:
            ps = ppr.find(f"{W}pStyle")
            pstyle = ps.get(f"{W}val") if ps is not None else None
            jc = ppr.find(f"{W}jc")
            align = jc.get(f"{W}val") if jc is not None else None
            np = ppr.find(f"{W}numPr")
            num = _num_pr(np) if np is not None else None
            page_break = bool(_on(ppr.find(f"{W}pageBreakBefore")))
        if align is None:
            align = self.styles.lookup(pstyle, "align")
        if num is None:
            num = self.styles.lookup(pstyle, "num")
        pieces: list[Piece] = []
        state = {"page_break": False, "boxed": []}
        self._walk(p, pstyle, pieces, state)
        has_text = any(pc.text.strip() for pc in pieces)
        label = self.numbering.label(num) if num and has_text else ""
        return Para(
            pieces=pieces,
            align=align,
            style=self.styles.name(pstyle),
            page_break=page_break or state["page_break"],
            boxed_text="\n".join(state["boxed"]),
            label=label,
        )

    def _cell_blocks(self, tc) -> list[Para]:
        out: list[Para] = []
        for child in tc:
            if child.tag == f"{W}p":
                out.append(self.para(child))
            elif child.tag == f"{W}tbl":  # a table nested in a cell: keep its text
                for row in self.table(child).rows:
                    for cell in row:
                        out.extend(cell.paras)
            elif child.tag in {f"{W}sdt", f"{W}customXml"}:
                inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
                if inner is not None:
                    out.extend(self._cell_blocks(inner))
        return out

    @staticmethod
    def _children(el, tag: str):
        """Direct children with ``tag``, looking through content controls (w:sdt) and w:customXml."""
        for child in el:
            if child.tag == tag:
                yield child
            elif child.tag == f"{W}sdt":
                inner = child.find(f"{W}sdtContent")
                if inner is not None:
                    yield from Reader._children(inner, tag)
            elif child.tag == f"{W}customXml":
                yield from Reader._children(child, tag)

    def table(self, tbl) -> Table:
        table = Table()
        for tr in self._children(tbl, f"{W}tr"):
            col = 0
            trpr = tr.find(f"{W}trPr")
            if trpr is not None and (gb := trpr.find(f"{W}gridBefore")) is not None:
                try:
                    col += int(gb.get(f"{W}val", "0") or 0)
                except ValueError:
                    pass
            row: list[Cell] = []
            for tc in self._children(tr, f"{W}tc"):
                tcpr = tc.find(f"{W}tcPr")
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(f"{W}gridSpan")
                    if gs is not None:
                        try:
                            span = max(1, int(gs.get(f"{W}val", "1")))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(f"{W}vMerge")
                    if vm is not None:
                        vmerge = "restart" if vm.get(f"{W}val") == "restart" else "continue"
                    hm = tcpr.find(f"{W}hMerge")
                    if hm is not None and hm.get(f"{W}val") != "restart" and row:
                        row[-1].span += 1
                        col += 1
                        continue
                row.append(Cell(self._cell_blocks(tc), col, span, vmerge))
                col += span
            table.rows.append(row)
        return table

    def blocks(self) -> list[Block]:
        body = self.package.document.find(f"{W}body")
        out: list[Block] = []

        def visit(container):
            for child in container:
                tag = child.tag
                if tag == f"{W}p":
                    out.append(self.para(child))
                elif tag == f"{W}tbl":
                    out.append(self.table(child))
                elif tag == f"{W}sdt":
                    inner = child.find(f"{W}sdtContent")
                    if inner is not None:
                        visit(inner)
                elif tag == f"{W}customXml":
                    visit(child)

        visit(body)
        return out


# --- text helpers --------------------------------------------------------------------


def fold(text: str) -> str:
    """Upper case without diacritics, for comparing words: ``Nơi nhận`` → ``NOI NHAN``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.upper().split())


def collapse(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


_RULE_RE = re.compile(r"^[\s\-_=–—.…*~·•]*$")


def is_rule(text: str) -> bool:
    """An empty line or a drawn rule (``-----``, ``____``)."""
    return bool(_RULE_RE.match(text or ""))
