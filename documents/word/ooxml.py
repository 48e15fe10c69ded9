"""The body of a .docx as plain blocks: paragraphs and tables (đọc nội dung tệp Word).

The import needs only the text, the bold/italic of each run, the alignment
and the layout of tables, so it reads ``word/document.xml`` with lxml
directly (fast, and nothing of the file is executed). Safe opening is in
:mod:`.package`; styles and automatic numbering in :mod:`.styles`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .package import Package, W
from .styles import Numbering, Styles, _num_pr, _on

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RPR, _B, _I, _RSTYLE, _VAL = f"{W}rPr", f"{W}b", f"{W}i", f"{W}rStyle", f"{W}val"



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


class Reader:
    """Turns the XML of a document body into :class:`Para` and :class:`Table` blocks."""

    def __init__(self, package: Package):
        self.package = package
        self.styles = Styles(package.styles)
        self.numbering = Numbering(package.numbering)

    # runs
    def _run_format(self, r, pstyle: str | None) -> tuple[bool, bool]:
        bold = italic = rstyle = None
        rpr = r.find(_RPR)
        if rpr is not None:
            for child in rpr:
                tag = child.tag
                if tag == _B:
                    bold = _on(child)
                elif tag == _I:
                    italic = _on(child)
                elif tag == _RSTYLE:
                    rstyle = child.get(_VAL)
        if bold is None:
            bold = self.styles.lookup(rstyle, "bold") if rstyle else None
            if bold is None:
                bold = self.styles.lookup(pstyle, "bold")
        if italic is None:
            italic = self.styles.lookup(rstyle, "italic") if rstyle else None
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


def upper_share(text: str) -> float:
    """The share of upper-case letters among the letters of ``text`` (0.0 without letters): how much a line
    reads like a heading, an authority or a title typed in capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0


_RULE_RE = re.compile(r"^[\s\-_=–—.…*~·•]*$")


def is_rule(text: str) -> bool:
    """An empty line or a drawn rule (``-----``, ``____``)."""
    return bool(_RULE_RE.match(text or ""))
