"""WordprocessingML written as strings: paragraphs, runs and tables for the renderer.

Building the body as text and parsing it once is several times faster than
creating python-docx objects element by element, and keeps the markup
explicit. Measures are in twentieths of a point (twips, ``dxa``): 1 cm =
567 twips; font sizes are in points.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CM = 567  # twips per centimetre
FONT = "Times New Roman"


def _esc(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def run(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
        underline: bool = False) -> str:
    """One run; ``\\n`` becomes a line break, ``\\t`` a tab."""
    props = []
    if bold:
        props.append("<w:b/><w:bCs/>")
    if italic:
        props.append("<w:i/><w:iCs/>")
    if size:
        half = int(round(size * 2))
        props.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if underline:
        props.append('<w:u w:val="single"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{_esc(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


@dataclass(frozen=True)
class Style:
    """Paragraph properties (spacing in points, indents in twips)."""

    align: str = "both"  # both, center, left, right
    first_line: int = 0
    left: int = 0
    right: int = 0
    before: float = 0
    after: float = 0
    line: float | None = None  # multiple of single spacing (1.0, 1.15 …)
    exact: float | None = None  # exact line height in points
    keep_next: bool = False
    page_break_before: bool = False
    border_bottom: bool = False
    border_box: bool = False


def _ppr(style: Style, extra: str = "") -> str:
    props = []
    if style.keep_next:
        props.append("<w:keepNext/>")
    if style.page_break_before:
        props.append("<w:pageBreakBefore/>")
    if style.border_box:
        side = '<w:{0} w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
        props.append("<w:pBdr>" + "".join(side.format(s) for s in ("top", "left", "bottom", "right")) + "</w:pBdr>")
    elif style.border_bottom:
        props.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    spacing = f'w:before="{int(style.before * 20)}" w:after="{int(style.after * 20)}"'
    if style.exact:
        spacing += f' w:line="{int(style.exact * 20)}" w:lineRule="exact"'
    elif style.line:
        spacing += f' w:line="{int(style.line * 240)}" w:lineRule="auto"'
    props.append(f"<w:spacing {spacing}/>")
    if style.first_line or style.left or style.right:
        props.append(f'<w:ind w:left="{style.left}" w:right="{style.right}" w:firstLine="{style.first_line}"/>')
    props.append(f'<w:jc w:val="{style.align}"/>')
    return f"<w:pPr>{''.join(props)}{extra}</w:pPr>"


def paragraph(runs: str | list[str], style: Style = Style(), *, sect_pr: str = "") -> str:
    body = runs if isinstance(runs, str) else "".join(runs)
    return f"<w:p>{_ppr(style, sect_pr)}{body}</w:p>"


def rule(width: int, column: int, *, before: float = 0, after: float = 0) -> str:
    """A short horizontal rule of ``width`` twips centred in a column of ``column`` twips."""
    side = max(0, (column - width) // 2)
    style = Style(align="center", left=side, right=side, before=before, after=after, exact=1, border_bottom=True)
    return paragraph(run("", size=1), style)


@dataclass
class TableCell:
    content: str  # paragraphs
    span: int = 1
    vmerge: str | None = None  # "restart" / "continue"


_NO_BORDERS = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
_BORDERS = "".join(
    f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for s in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def table(widths: list[int], rows: list[list[TableCell]], *, borders: bool, header_rows: int = 0,
          cell_margin: int = 57) -> str:
    """A fixed-layout table; ``header_rows`` repeat at the top of each page."""
    total = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    tbl_pr = (
        f'<w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{_BORDERS if borders else _NO_BORDERS}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/>'
        "</w:tblCellMar>"
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    )
    out = [f"<w:tbl>{tbl_pr}<w:tblGrid>{grid}</w:tblGrid>"]
    for r, row in enumerate(rows):
        tr_pr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if r < header_rows else "<w:trPr><w:cantSplit/></w:trPr>"
        cells = []
        col = 0
        for cell in row:
            width = sum(widths[col:col + cell.span])
            props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
            if cell.span > 1:
                props.append(f'<w:gridSpan w:val="{cell.span}"/>')
            if cell.vmerge == "restart":
                props.append('<w:vMerge w:val="restart"/>')
            elif cell.vmerge == "continue":
                props.append("<w:vMerge/>")
            props.append('<w:vAlign w:val="center"/>' if borders else '<w:vAlign w:val="top"/>')
            content = cell.content or paragraph("", Style(align="left"))
            cells.append(f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{content}</w:tc>")
            col += cell.span
        out.append(f"<w:tr>{tr_pr}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
