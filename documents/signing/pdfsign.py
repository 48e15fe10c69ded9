"""The PDF side of signing, with pyHanko: fields, stamps, the person's and the agency's signatures.

Why certification (DocMDP, level FILL_FORMS) for the person's signature, not approval + FieldMDP:
the person signs *before* the number and the date exist. Certification with DocMDP level 2 lets exactly
two things happen afterwards: filling in form fields (the văn thư's ``SoVanBan`` and ``NgayBanHanh``) and
signing (the agency's ``CoQuan`` field, created empty at the person's signing). Everything else (a changed
word, an added annotation, a new page) is a *disallowed* change, which pyHanko's difference analysis
reports and which we refuse before the agency signs. The same guarantee holds in every PDF reader that
knows certification signatures; a FieldMDP lock would need one entry per field and does not stop other
additions the spec lets approval signatures tolerate. A document that is already issued when its person
signs (a Tờ trình, a unit's report) has no blanks: the same certification, and only the agency field.
"""

from __future__ import annotations

import datetime
import io

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle

from .appearance import SEAL, draw_text, signing_time_text

_FILL = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                   margins=layout.Margins.uniform(0))

PERSON_FIELD = "NguoiKy"
AGENCY_FIELD = "CoQuan"
NUMBER_FIELD = "SoVanBan"
DATE_FIELD = "NgayBanHanh"


SCALE = 3  # pixels per point of the images drawn for appearances


def _text_image(*, width: float, height: float, value: str, size: int, italic: bool):
    """A filled field's appearance: white ground (hiding the blank) and the text centred, Times 13–14.

    Drawn as an image: pyHanko's TrueType embedding spaces the glyphs of a 2048-unit font (Liberation Serif)
    as if they were 1000-unit, so the text is set with Pillow at 4 pixels per point instead.
    """
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (int(width * SCALE), int(height * SCALE)), (255, 255, 255, 255))
    draw_text(ImageDraw.Draw(image), (image.width / 2, image.height / 2), value, size=size * SCALE,
              fill=(0, 0, 0, 255), italic=italic, centre=True)
    return image


def _agency_image(*, width: float, height: float, seal_png: str, lines: list[str]):
    """The agency's appearance: the red seal at the left, its name and the time (Times 10, upright, black)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (int(width * SCALE), int(height * SCALE)), (0, 0, 0, 0))
    seal = Image.open(seal_png).convert("RGBA")
    side = int(min(height, SEAL) * SCALE)
    image.alpha_composite(seal.resize((side, side), Image.BILINEAR), (0, (image.height - side) // 2))
    draw = ImageDraw.Draw(image)
    line_h = int(11.5 * SCALE)
    y = image.height // 2 + 2 * SCALE  # under the middle, above the signer's name
    x = int(side * 0.62)
    for line in lines:
        draw_text(draw, (x, y + 9 * SCALE), line, size=10 * SCALE, fill=(0, 0, 0, 255))
        y += line_h
    return image


def _text_field(writer, *, name: str, page: int, box: tuple) -> None:
    """An empty text field (AcroForm) with its widget on ``page``."""
    page_ref = writer.find_page_for_modification(page)[0]
    widget = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Widget"),
        pdf_name("/FT"): pdf_name("/Tx"), pdf_name("/T"): pdf_string(name), pdf_name("/F"): generic.NumberObject(4),
        pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in box),
        pdf_name("/P"): page_ref, pdf_name("/DA"): pdf_string("/Helv 0 Tf 0 g"),
    })
    ref = writer.add_object(widget)
    page_obj = page_ref.get_object()
    annots = page_obj.get("/Annots")
    if annots is None:
        page_obj[pdf_name("/Annots")] = generic.ArrayObject([ref])
    else:
        annots.get_object().append(ref)
        if isinstance(annots, generic.IndirectObject):
            writer.mark_update(annots)
    writer.update_container(page_obj)
    form = writer.root.get("/AcroForm")
    if form is None:
        writer.root[pdf_name("/AcroForm")] = generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject([ref])})
        writer.update_root()
    else:
        form = form.get_object()
        form["/Fields"].append(ref)
        writer.update_container(form)


def _field_widgets(reader) -> dict:
    form = reader.root.get("/AcroForm")
    if form is None:
        return {}
    return {str(ref.get_object().get("/T")): ref for ref in form.get_object()["/Fields"]}


def sign_person(*, pdf: bytes, signer: signers.Signer, name: str, image_png: str, person_box: tuple,
                agency_box: tuple, number_box: tuple | None, date_box: tuple | None) -> bytes:
    """Certify ``pdf`` (DocMDP FILL_FORMS) with the person's visible signature; prepare the later fields."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if number_box is not None:
        _text_field(writer, name=NUMBER_FIELD, page=number_box[0], box=number_box[1])
    if date_box is not None:
        _text_field(writer, name=DATE_FIELD, page=date_box[0], box=date_box[1])
    fields.append_signature_field(writer, fields.SigFieldSpec(AGENCY_FIELD, on_page=agency_box[0], box=agency_box[1]))
    meta = signers.PdfSignatureMetadata(
        field_name=PERSON_FIELD, name=name, certify=True, docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        reason="Ký duyệt văn bản", location="Việt Nam", subfilter=fields.SigSeedSubFilter.PADES)
    style = StaticStampStyle(background=PdfImage(image_png), border_width=0, background_opacity=1.0,
                             background_layout=_FILL)
    pdf_signer = signers.PdfSigner(meta, signer, stamp_style=style, new_field_spec=fields.SigFieldSpec(
        PERSON_FIELD, on_page=person_box[0], box=person_box[1]))
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()


def fill_fields(writer, *, values: dict[str, tuple[str, int, bool]]) -> None:
    """Fill text fields: {name: (value, font size, italic)}; a new appearance stream for each widget."""
    widgets = _field_widgets(writer.prev)
    for name, (value, size, italic) in values.items():
        ref = widgets.get(name)
        if ref is None:
            continue
        widget = ref.get_object()
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        picture = _text_image(width=x1 - x0, height=y1 - y0, value=value, size=size, italic=italic)
        appearance = PdfImage(picture, writer=writer, box=layout.BoxConstraints(x1 - x0, y1 - y0))
        stream = appearance.as_form_xobject()
        widget[pdf_name("/V")] = pdf_string(value)
        widget[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): writer.add_object(stream)})
        widget[pdf_name("/Ff")] = generic.NumberObject(1)  # read-only once filled
        writer.update_container(widget)


def has_field(pdf: bytes, name: str) -> bool:
    return name in _field_widgets(PdfFileReader(io.BytesIO(pdf), strict=False))


def sign_agency(*, pdf: bytes, signer: signers.Signer, agency: str, seal_png: str, at: datetime.datetime,
                fill: dict[str, tuple[str, int, bool]] | None = None, box: tuple | None = None,
                extra_line: str = "") -> bytes:
    """The agency's visible signature (seal + name + time) in the ``CoQuan`` field (or a new one at ``box``)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if fill:
        fill_fields(writer, values=fill)
    lines = [agency] + ([extra_line] if extra_line else []) + [signing_time_text(at)]
    if box is not None:
        page_box = box[1]
    else:
        widget = _field_widgets(writer.prev)[AGENCY_FIELD].get_object()
        page_box = tuple(float(v) for v in widget["/Rect"])
    width, height = page_box[2] - page_box[0], page_box[3] - page_box[1]
    picture = _agency_image(width=width, height=height, seal_png=seal_png, lines=lines)
    style = StaticStampStyle(background=PdfImage(picture, box=layout.BoxConstraints(width, height)), border_width=0,
                             background_opacity=1.0, background_layout=_FILL)
    meta = signers.PdfSignatureMetadata(field_name=AGENCY_FIELD, name=agency, reason="Phát hành văn bản",
                                        location="Việt Nam", subfilter=fields.SigSeedSubFilter.PADES)
    spec = fields.SigFieldSpec(AGENCY_FIELD, on_page=box[0], box=box[1]) if box is not None else None
    pdf_signer = signers.PdfSigner(meta, signer, stamp_style=style, new_field_spec=spec)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()
