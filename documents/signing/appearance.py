"""How the signatures look (Nghị định 30/2020, Phụ lục I, mục II) and where they go on the page.

- The person's signature: the image of their handwritten signature, blue, a transparent PNG, at the
  signature position (between the title and the name); no text.
- The agency's signature: its seal, red, a transparent PNG, covering about the left third of the person's
  image, with the agency's name and the signing time ``hh:mm:ss dd/mm/yyyy+07:00`` (ISO 8601 offset) in
  Times New Roman, upright, size 10 (Liberation Serif is metrically the same font).
- An annex in a separate file: the agency's signature at the top right of its first page, with the number
  and symbol of the main document, the time and the agency.

Positions are read from the rendered PDF's words (poppler's ``pdftotext -bbox``, the same poppler the
project uses for PDF text): the ``Số:`` line, the place-date line and the signer's name.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import io
import math
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import SigningError

BLUE = (20, 50, 170)
RED = (215, 25, 32)

SIGNATURE_W, SIGNATURE_H = 130.0, 58.0  # pt, the person's image
SEAL = 92.0  # pt (≈ 32 mm), the agency's seal
VN_OFFSET = datetime.timezone(datetime.timedelta(hours=7))


def font_path(bold: bool = False) -> str:
    """Times New Roman when installed, else the metric-compatible Liberation Serif."""
    configured = getattr(settings, "KEHOACH_SIGNING_FONT", "")
    candidates = [configured] if configured and not bold else []
    names = ["Times New Roman Bold.ttf", "timesbd.ttf", "LiberationSerif-Bold.ttf"] if bold else \
        ["Times New Roman.ttf", "times.ttf", "LiberationSerif-Regular.ttf"]
    for root in ("/usr/share/fonts/truetype/msttcorefonts", "/usr/share/fonts/truetype/liberation",
                 "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/TTF"):
        candidates += [str(Path(root) / n) for n in names]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise SigningError(_("Máy chủ chưa có phông chữ Times New Roman hoặc Liberation Serif."), code="render_failed")


def signing_time_text(at: datetime.datetime) -> str:
    """``14:05:09 16/03/2025+07:00``: hh:mm:ss dd/mm/yyyy and the Vietnam offset."""
    local = at.astimezone(VN_OFFSET)
    return local.strftime("%H:%M:%S %d/%m/%Y") + "+07:00"


# --- the demo's own images (no real person's) ------------------------------------------------------------


def demo_signature_png(name: str, path: Path) -> Path:
    """A blue, transparent handwriting-like stroke derived from the name (never a real signature)."""
    from PIL import Image, ImageDraw

    w, h = 520, 232
    image = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    seed = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    points = []
    for i in range(140):
        t = i / 139
        x = 30 + t * (w - 60)
        wobble = math.sin(t * (6 + seed % 5) + (seed % 7)) * 50 + math.sin(t * 19 + seed % 3) * 22
        points.append((x, h * 0.55 + wobble * (1 - 0.6 * t)))
    draw.line(points, fill=(*BLUE, 255), width=6, joint="curve")
    draw.line([(w * 0.18, h * 0.78), (w * 0.86, h * 0.7)], fill=(*BLUE, 255), width=4)
    initials = "".join(p[0] for p in name.split()[-2:]) if name.split() else "?"
    draw_text(draw, (w * 0.62, h * 0.4), initials, size=64, fill=(*BLUE, 230), italic=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def demo_seal_png(agency: str, path: Path) -> Path:
    """A red, transparent round seal: two rings, the agency's name around, a star in the middle."""
    from PIL import Image, ImageDraw

    size = 600
    c = size / 2
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (*RED, 235)
    draw.ellipse([8, 8, size - 8, size - 8], outline=red, width=14)
    draw.ellipse([118, 118, size - 118, size - 118], outline=red, width=6)
    star = []
    for k in range(10):
        r = 70 if k % 2 == 0 else 28
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(a), c + r * math.sin(a)))
    draw.polygon(star, fill=red)
    text = unicodedata.normalize("NFC", agency.upper())
    span = min(300.0, 14.0 * len(text))  # degrees used by the text, centred at the top
    radius = c - 70
    for i, char in enumerate(text):
        angle = -90 - span / 2 + (span * (i + 0.5) / len(text))
        glyph = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
        draw_text(ImageDraw.Draw(glyph), (32, 32), char, size=44, fill=red, bold=True, centre=True)
        glyph = glyph.rotate(-(angle + 90), resample=Image.BICUBIC)
        x = c + radius * math.cos(math.radians(angle)) - 32
        y = c + radius * math.sin(math.radians(angle)) - 32
        image.alpha_composite(glyph, (int(x), int(y)))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


# --- where things are on the rendered page ---------------------------------------------------------------


@dataclass
class Word:
    page: int
    x0: float
    y0: float  # from the top of the page (pdftotext's coordinates)
    x1: float
    y1: float
    text: str


@dataclass
class PageWords:
    heights: list[float]
    words: list[Word]


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def pdf_words(pdf: bytes) -> PageWords:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise SigningError(_("Chưa cài poppler-utils (pdftotext) trên máy chủ nên không đặt được chữ ký."),
                           code="render_failed")
    out = subprocess.run([tool, "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, timeout=60,
                         check=False).stdout.decode("utf-8", "replace")
    heights, words, page = [], [], -1
    for line in out.splitlines():
        if m := _PAGE.search(line):
            page += 1
            heights.append(float(m.group(2)))
        elif m := _WORD.search(line):
            words.append(Word(page, float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)),
                              html.unescape(m.group(5))))
    return PageWords(heights, words)


@dataclass
class Layout:
    """Boxes in PDF coordinates (lower-left origin): (page, (x0, y0, x1, y1))."""

    person: tuple[int, tuple]
    agency: tuple[int, tuple]
    number: tuple[int, tuple] | None
    date: tuple[int, tuple] | None


def _pdf_box(pw: PageWords, page: int, x0, top, x1, bottom) -> tuple[int, tuple]:
    h = pw.heights[page]
    return page, (round(x0, 1), round(h - bottom, 1), round(x1, 1), round(h - top, 1))


def _segments(words: list[Word]) -> list[list[Word]]:
    """Words grouped into pieces of lines (same baseline, no wide gap). pdftotext splits Vietnamese words at
    accented glyphs ("Nguy", "ễ", "n"), so pieces are compared without spaces."""
    ordered = sorted(words, key=lambda w: (w.page, round(w.y0), w.x0))
    segments: list[list[Word]] = []
    for w in ordered:
        last = segments[-1][-1] if segments else None
        if last is not None and last.page == w.page and abs(last.y0 - w.y0) < 2.5 and w.x0 - last.x1 < 40:
            segments[-1].append(w)
        else:
            segments.append([w])
    return segments


def _compact(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(text.split()))


def page_layout(pdf: bytes, *, signer_name: str, blanks: bool) -> Layout:
    """Where the person's image, the agency's seal and (for a PDF signed before issue) the number and date go."""
    pw = pdf_words(pdf)
    segments = _segments(pw.words)
    wanted = _compact(signer_name)
    named = [s for s in segments if _compact("".join(w.text for w in s)) == wanted]
    if not wanted or not named:
        raise SigningError(_("Không tìm thấy tên người ký %(name)s trong bản PDF để đặt chữ ký.") % {"name": signer_name},
                           code="render_failed")
    name = named[-1]
    page, top = name[0].page, min(w.y0 for w in name)
    centre = (name[0].x0 + name[-1].x1) / 2
    above = [s for s in segments if s[0].page == page and max(w.y1 for w in s) < top - 1
             and s[0].x0 - 5 < centre < s[-1].x1 + 5]
    gap_top = max((max(w.y1 for w in s) for s in above), default=top - 70)
    gap_mid = (gap_top + top) / 2
    person = _pdf_box(pw, page, centre - SIGNATURE_W / 2, gap_mid - SIGNATURE_H / 2, centre + SIGNATURE_W / 2,
                      gap_mid + SIGNATURE_H / 2)
    # the seal's right edge covers the left third of the person's image; the text runs to its right
    seal_x1 = centre - SIGNATURE_W / 2 + SIGNATURE_W / 3
    agency = _pdf_box(pw, page, seal_x1 - SEAL, gap_mid - SEAL / 2, centre + SIGNATURE_W / 2 + 40, gap_mid + SEAL / 2)
    number = date = None
    if blanks:
        first = [s for s in segments if s[0].page == 0]
        for s in first:
            text = "".join(w.text for w in s)
            if number is None and text.startswith("Số:"):
                colon = next(i for i, w in enumerate(s) if w.text.endswith(":"))
                label = s[colon]
                x1 = s[colon + 1].x0 - 1 if colon + 1 < len(s) else label.x1 + 40
                number = _pdf_box(pw, 0, label.x1 + 1, label.y0 - 1, x1, label.y1 + 1)
            if date is None and any(w.text == "ngày" for w in s) and s[0].y0 < pw.heights[0] / 3:
                date = _pdf_box(pw, 0, s[0].x0 - 30, s[0].y0 - 1, s[-1].x1 + 30, max(w.y1 for w in s) + 1)
    return Layout(person=person, agency=agency, number=number, date=date)


def annex_layout(pdf: bytes) -> tuple[int, tuple]:
    """Top right of the first page, for an annex in a separate file."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf))
    box = reader.root["/Pages"]["/Kids"][0].get_object()["/MediaBox"]
    width, height = float(box[2]), float(box[3])
    return 0, (width - 40 - 230, height - 20 - SEAL, width - 40, height - 20)


# --- text in images: Times/Liberation, falling back glyph by glyph (Liberation 1.x lacks ỦỈỄ…) ----------

_FALLBACKS = ["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
              "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"]


@functools.lru_cache(maxsize=16)
def _cmap(path: str) -> frozenset:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


@functools.lru_cache(maxsize=32)
def _font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def _styled(path: str, *, bold: bool, italic: bool) -> str:
    if bold:
        return path.replace("Regular", "Bold").replace("Serif.ttf", "Serif-Bold.ttf")
    if italic:
        return path.replace("Regular", "Italic").replace("Serif.ttf", "Serif-Italic.ttf")
    return path


def draw_text(draw, xy: tuple[float, float], text: str, *, size: float, fill, bold: bool = False, italic: bool = False,
              centre: bool = False) -> None:
    """Draw ``text`` with Times (Liberation Serif), taking each glyph the font lacks from DejaVu Serif.

    ``xy`` is the left end of the baseline's line box (or its centre with ``centre=True``)."""
    text = unicodedata.normalize("NFC", text)
    primary = _styled(font_path(), bold=bold, italic=italic)
    fallback = next((p for p in (_styled(_FALLBACKS[0], bold=bold, italic=italic), _FALLBACKS[0]) if Path(p).exists()), None)
    runs: list[tuple[str, str]] = []
    for char in text:
        path = primary if ord(char) in _cmap(primary) or fallback is None else fallback
        if runs and runs[-1][0] == path:
            runs[-1] = (path, runs[-1][1] + char)
        else:
            runs.append((path, char))
    fonts = {p: _font(p, int(size)) for p, _t in runs}
    width = sum(fonts[p].getlength(t) for p, t in runs)
    x, y = xy
    if centre:
        x -= width / 2
    for path, chunk in runs:
        draw.text((x, y), chunk, font=fonts[path], fill=fill, anchor="ls" if not centre else "lm")
        x += fonts[path].getlength(chunk)
