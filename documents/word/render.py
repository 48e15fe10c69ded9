"""Render a document as Word (xuất văn bản Word) per Nghị định 30/2020/NĐ-CP: ``render_docx(content) -> bytes``.

One engine for every kind — Kế hoạch, Tờ trình, Báo cáo, the consolidated
Báo cáo, Quyết định, công văn — the type name comes from ``doc_type``.
Layout (ND30 Phụ lục I, see DOMAIN.md 6b):

- A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New
  Roman; the page number centred at the top from page 2 on;
- a borderless two-column header table: parent body (not bold) over the
  issuing body (bold), a short rule, ``Số: 72/KH-UBND``; the Quốc hiệu
  (bold), the Tiêu ngữ (bold) with a rule of its length, place and date in
  italics;
- the type name centred in bold capitals, the trích yếu in bold, a short rule;
- preamble and body at 14 pt, justified, first-line indent 1.27 cm, 6 pt
  between paragraphs; numbered headings in bold;
- a borderless signature table: "Nơi nhận:" (bold italic 12) and its lines
  (11), each "- …;" and the last "- Lưu: …."; the authority and title (bold
  capitals), room for the signature, the name (bold);
- annexes on new pages (a landscape section for a wide indicator table):
  outline, assignment table (STT, Nội dung, Cơ quan chủ trì, Cơ quan phối
  hợp, Thời gian hoàn thành), indicator table.

An urgent document (``urgency``: "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN") carries the dấu chỉ mức độ khẩn
under the số, ký hiệu, in bold capitals in a single-line box.

A draft (``is_draft`` or no number) shows "DỰ THẢO", a blank number
(``Số:      /KH-UBND``) and a blank day (``ngày    tháng 4 năm 2025``).
"""

from __future__ import annotations

import copy
import io
import re
from datetime import date

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from lxml import etree

from documents.content import normalized, symbol_of, type_name
from documents.dates.vndates import format_long, format_place_date, format_short

from .citations import is_base_paragraph
from .render_tables import indicator_table, plain_table, task_table
from .xmlbuild import CM, FONT, W_NS, Style, TableCell, paragraph, rule, run, table

PAGE_W, PAGE_H = 11906, 16838  # A4 in twips
MARGIN_TOP = MARGIN_BOTTOM = 1134  # 20 mm
MARGIN_LEFT, MARGIN_RIGHT = 1701, 851  # 30 mm, 15 mm (rounded up)
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 9355 twips = 16.5 cm
TEXT_W_LANDSCAPE = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT
CELL_MARGIN = 57

BODY = Style(align="both", first_line=int(1.27 * CM), before=6, line=1.1)
HEADING = Style(align="both", first_line=int(1.27 * CM), before=6, line=1.1, keep_next=True)
CENTER = Style(align="center")
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_DEFAULT_ANNEX_HEADING = {"tasks": "DANH MỤC NHIỆM VỤ", "indicators": "BẢNG TỔNG HỢP",
                          "outline": "ĐỀ CƯƠNG BÁO CÁO", "table": "PHỤ LỤC", "text": "PHỤ LỤC"}
_PART_RE = re.compile(r"^(?:PHẦN|Phần|CHƯƠNG|Chương)\b")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")
_UBND_SPLIT_RE = re.compile(r"^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN)\s+(\S.*)$")


def _issuer_lines(issuer: str) -> str:
    """``ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN`` printed on two lines, as the samples do."""
    m = _UBND_SPLIT_RE.match(issuer)
    return f"{m.group(1)}\n{m.group(2)}" if m else issuer


def _iso_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


class _Builder:
    """Collects the body XML, split into sections of one orientation each."""

    def __init__(self, content: dict):
        self.c = content
        self.draft = bool(content.get("is_draft")) or content.get("number") is None
        self.segments: list[tuple[str, list[str]]] = [("portrait", [])]

    def add(self, xml: str) -> None:
        self.segments[-1][1].append(xml)

    # --- header --------------------------------------------------------------------
    def place_date(self) -> str:
        c = self.c
        place = c.get("place") or ""
        issued = _iso_date(c.get("date"))
        if issued and not self.draft:
            return f"{place}, {format_long(issued)}"
        month = None
        if c.get("draft_month"):
            try:
                year, mon = (int(x) for x in str(c["draft_month"]).split("-")[:2])
                month = date(year, mon, 1)
            except ValueError:
                month = None
        month = month or issued or timezone.localdate()  # a draft shows the month it is written in
        return format_place_date(place, None, draft_month=month)

    def header(self) -> None:
        c = self.c
        if self.draft and not c.get("for_signing"):  # the version to sign: blank number and day, no mark
            self.add(paragraph(run("DỰ THẢO", bold=True, size=13),
                               Style(align="center", left=TEXT_W - 1900, border_box=True, after=6)))
        left_w, right_w = 3685, TEXT_W - 3685
        left = []
        if c.get("parent_body"):
            left.append(paragraph(run(c["parent_body"].upper(), size=13), CENTER))
        left.append(paragraph(run(_issuer_lines((c.get("issuer") or "").upper()), bold=True, size=13), CENTER))
        left.append(rule(int(2.2 * CM), left_w - 2 * CELL_MARGIN, before=3, after=2))
        symbol = symbol_of(c)
        number_line = f"Số: {symbol}" if not self.draft else f"Số:{' ' * 7}{symbol}"
        left.append(paragraph(run(number_line, size=13), Style(align="center", before=6)))
        if c.get("doc_type") == "CV" and c.get("title"):
            subject = c["title"] if re.match(r"^(V/v|Về việc)\b", c["title"], re.I) else f"V/v {c['title']}"
            left.append(paragraph(run(subject, size=12), Style(align="center", before=3)))
        if c.get("urgency"):  # dấu chỉ mức độ khẩn (ND30 Phụ lục I): under the số, ký hiệu, bold capitals, boxed
            inset = 700  # the box hugs the mark, not the whole column
            left.append(paragraph(run(str(c["urgency"]).upper(), bold=True, size=13),
                                  Style(align="center", left=inset, right=inset, before=6, border_box=True)))
        right = [
            paragraph(run(NATIONAL_TITLE, bold=True, size=13), CENTER),
            paragraph(run(MOTTO, bold=True, size=14), CENTER),
            rule(int(6.1 * CM), right_w - 2 * CELL_MARGIN, before=3, after=2),
            paragraph(run(self.place_date(), italic=True, size=14), Style(align="center", before=6)),
        ]
        self.add(table([left_w, right_w], [[TableCell("".join(left)), TableCell("".join(right))]],
                       borders=False, cell_margin=CELL_MARGIN))

    def title(self) -> None:
        c = self.c
        name = c.get("type_name") or type_name(c.get("doc_type") or "")
        if name:
            self.add(paragraph(run(name.upper(), bold=True, size=14), Style(align="center", before=18, keep_next=True)))
            if c.get("title"):
                self.add(paragraph(run(c["title"], bold=True, size=14), Style(align="center", keep_next=True)))
            self.add(rule(int(4 * CM), TEXT_W, before=3, after=6))
        else:
            self.add(paragraph(run(""), Style(after=6)))
        addressees = [a for a in c.get("addressees") or [] if a]
        if len(addressees) == 1:
            self.add(paragraph(run(f"Kính gửi: {addressees[0]}."), Style(align="center", before=12, after=6)))
        elif addressees:
            self.add(paragraph(run("Kính gửi:"), Style(align="left", left=int(3 * CM), before=12)))
            for i, a in enumerate(addressees):
                end = "." if i == len(addressees) - 1 else ";"
                self.add(paragraph(run(f"- {a}{end}"), Style(align="left", left=int(4.5 * CM))))

    # --- body ------------------------------------------------------------------------
    def preamble(self) -> None:
        c = self.c
        paragraphs = [p for p in c.get("preamble") or [] if p]
        if not paragraphs:
            for base in c.get("legal_bases") or []:
                text = (base.get("text") or "").strip().rstrip(";.")
                if text:
                    paragraphs.append(f"{text if is_base_paragraph(text) else 'Căn cứ ' + text};")
            proposal = c.get("proposal") or None
            if proposal:
                text = (proposal.get("text") or "").strip().rstrip(";.")
                if not text and proposal.get("symbol"):
                    when = _iso_date(proposal.get("date"))
                    text = f"Theo đề nghị tại Tờ trình số {proposal['symbol']}" + (f" ngày {format_short(when)}" if when else "")
                if text:
                    paragraphs.append(f"{text}.")
        for text in paragraphs:
            self.add(paragraph(run(text), BODY))

    def sections(self, sections: list[dict], depth: int = 0) -> None:
        for section in sections or []:
            number = (section.get("number") or "").strip()
            title = (section.get("title") or "").strip()
            paras = [p for p in section.get("paragraphs") or [] if p]
            if number or title:
                if _PART_RE.match(number):
                    head = f"{number}\n{title}" if title else number
                    self.add(paragraph(run(head, bold=True), Style(align="center", before=12, keep_next=True)))
                else:
                    head = f"{number}. {title}" if number else title
                    if section.get("inline") and paras:
                        first = paras.pop(0)
                        self.add(paragraph([run(head, bold=True), run(f" {first}")], BODY))
                    else:
                        italic = depth >= 2 and not _ROMAN_RE.match(number)
                        self.add(paragraph(run(head, bold=True, italic=italic), HEADING))
            for text in paras:
                self.add(paragraph(run(text), BODY))
            self.sections(section.get("children") or [], depth + 1)

    def closing(self) -> None:
        if self.c.get("closing"):
            self.add(paragraph(run(self.c["closing"]), Style(**{**BODY.__dict__, "keep_next": True})))

    # --- signature -------------------------------------------------------------------
    def signature(self) -> None:
        c = self.c
        recipients = [r for r in c.get("recipients") or [] if (r.get("text") or "").strip()]
        ordered = [r for r in recipients if not r.get("archive")] + [r for r in recipients if r.get("archive")]
        left = []
        if ordered:
            left.append(paragraph(run("Nơi nhận:", bold=True, italic=True, size=12), Style(align="left", before=6)))
            for i, r in enumerate(ordered):
                end = "." if i == len(ordered) - 1 else ";"
                left.append(paragraph(run(f"- {r['text'].strip()}{end}", size=11), Style(align="left")))
        if c.get("drafter_mark"):
            left.append(paragraph(run(c["drafter_mark"], size=11), Style(align="left")))
        signer = c.get("signer") or {}
        right = []
        for line in (signer.get("authority") or "").split("\n"):
            if line.strip():
                right.append(paragraph(run(line.strip().upper(), bold=True, size=14), CENTER))
        if signer.get("title"):
            right.append(paragraph(run(signer["title"].upper(), bold=True, size=14), CENTER))
        if right or signer.get("name"):
            right.extend(paragraph(run(""), CENTER) for _ in range(4))
        if signer.get("name"):
            right.append(paragraph(run(signer["name"], bold=True, size=14), CENTER))
        if not left and not right:
            return
        self.add(paragraph(run(""), Style(after=0)))
        widths = [int(7.5 * CM), TEXT_W - int(7.5 * CM)]
        self.add(table(widths, [[TableCell("".join(left)), TableCell("".join(right))]], borders=False,
                       cell_margin=CELL_MARGIN))

    # --- annexes ---------------------------------------------------------------------
    def _annex_heading(self, annex: dict, *, page_break: bool) -> None:
        lines = []
        if annex.get("label"):
            lines.append(run(annex["label"], bold=True, size=14))
        heading = annex.get("heading") or ("" if annex.get("label") else _DEFAULT_ANNEX_HEADING[annex["kind"]])
        style = Style(align="center", keep_next=True, page_break_before=page_break)
        first = True
        for text, bold, italic in (
            [(annex.get("label") or "", True, False), (heading, True, False), (annex.get("title") or "", True, False)]
            + [(n, False, True) for n in annex.get("notes") or []]
        ):
            if not text:
                continue
            self.add(paragraph(run(text, bold=bold, italic=italic, size=14),
                               style if first else Style(align="center", keep_next=True)))
            first = False
        self.add(rule(int(4 * CM), TEXT_W, before=3, after=6))

    def annexes(self) -> None:
        c = self.c
        annexes = [a for a in c.get("annexes") or [] if isinstance(a, dict) and a.get("kind")]
        tasks = list(c.get("tasks") or [])
        if tasks and not any(a["kind"] == "tasks" for a in annexes):
            name = (c.get("type_name") or type_name(c.get("doc_type") or "")).capitalize() or "Văn bản"
            issued = _iso_date(c.get("date"))
            when = format_short(issued) if issued and not self.draft else "     /     /     "
            symbol = symbol_of(c) if not self.draft else f"{' ' * 6}{symbol_of(c)}"
            annexes.append({"kind": "tasks", "label": "", "heading": "DANH MỤC NHIỆM VỤ", "title": c.get("title") or "",
                            "notes": [f"(Kèm theo {name} số {symbol} ngày {when})"], "paragraphs": [], "sections": []})
        tasks_done = False
        for annex in annexes:
            kind = annex["kind"]
            columns = 3 + len(annex.get("periods") or []) + (1 if annex.get("has_note") else 0) if kind == "indicators" \
                else len(annex.get("header") or []) if kind == "table" else 5
            orientation = "landscape" if kind in {"indicators", "table"} and columns > 6 else "portrait"
            if orientation != self.segments[-1][0]:
                self.segments.append((orientation, []))
                page_break = False
            else:
                page_break = True
            width = TEXT_W_LANDSCAPE if orientation == "landscape" else TEXT_W
            self._annex_heading(annex, page_break=page_break)
            for text in annex.get("paragraphs") or []:
                self.add(paragraph(run(text), BODY))
            self.sections(annex.get("sections") or [])
            if kind == "tasks":
                rows = annex.get("rows") if annex.get("rows") is not None else (tasks if not tasks_done else [])
                tasks_done = tasks_done or annex.get("rows") is None
                if rows:
                    self.add(task_table(rows, width))
            elif kind == "indicators":
                self.add(indicator_table(annex, width))
            elif kind == "table":
                self.add(plain_table(annex, width))
            for text in annex.get("after") or []:
                self.add(paragraph(run(text), Style(align="both", before=6)))

    def build(self) -> list[tuple[str, list[str]]]:
        self.header()
        self.title()
        self.preamble()
        self.sections(self.c.get("sections") or [])
        self.closing()
        self.signature()
        self.annexes()
        return self.segments


# --- the package -------------------------------------------------------------------------


def _styles(doc) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    fonts = f'w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"'
    new = parse_xml(
        f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr><w:rFonts {fonts}/>'
        '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    if defaults is not None:
        styles.replace(defaults, new)
    else:
        styles.insert(0, new)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _page_numbers(section) -> None:
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        '<w:r><w:t>2</w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        el = parse_xml(xml.replace("<w:r>", f'<w:r xmlns:w="{W_NS}"><w:rPr><w:sz w:val="26"/></w:rPr>', 1))
        p._p.append(el)


def _orient(sect_pr, orientation: str, *, first: bool) -> None:
    pg_sz = sect_pr.find(qn("w:pgSz"))
    if orientation == "landscape":
        pg_sz.set(qn("w:w"), str(PAGE_H))
        pg_sz.set(qn("w:h"), str(PAGE_W))
        pg_sz.set(qn("w:orient"), "landscape")
    else:
        pg_sz.set(qn("w:w"), str(PAGE_W))
        pg_sz.set(qn("w:h"), str(PAGE_H))
        pg_sz.attrib.pop(qn("w:orient"), None)
    if not first:  # later sections inherit the headers and number every page
        for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
            for el in sect_pr.findall(qn(tag)):
                sect_pr.remove(el)


def render_docx(content: dict) -> bytes:
    """The document as a .docx file (bytes)."""
    c = normalized(content)
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.header_distance = section.footer_distance = Twips(567)
    _page_numbers(section)
    root = doc.element
    body = root.body
    final = body.find(qn("w:sectPr"))
    template = copy.deepcopy(final)
    segments = _Builder(c).build()
    xml = []
    for index, (orientation, parts) in enumerate(segments):
        xml.extend(parts)
        if index < len(segments) - 1:
            sect = copy.deepcopy(template)
            _orient(sect, orientation, first=index == 0)
            xml.append(paragraph(run(""), Style(), sect_pr=_strip_ns(etree.tostring(sect, encoding=str))))
    _orient(final, segments[-1][0], first=len(segments) == 1)
    xml.append(_strip_ns(etree.tostring(final, encoding=str)))
    for child in list(body):
        body.remove(child)
    # Parsing the whole part once is much faster than moving thousands of nodes into the tree.
    skeleton = etree.tostring(root, encoding=str)
    head, _sep, tail = skeleton.rpartition("<w:body/>")
    doc.part._element = parse_xml(f"{head}<w:body>{''.join(xml)}</w:body>{tail}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _strip_ns(xml: str) -> str:
    """A serialized element without its namespace declarations (they are declared on the wrapper)."""
    return re.sub(r'\s+xmlns:\w+="[^"]*"', "", xml)
