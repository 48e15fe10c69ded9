"""``{% signature_status document as result %}``: the verification of a document's signed PDF, or None."""

from django import template

from documents.signing.services import signed_pdf_for

register = template.Library()


@register.simple_tag
def signature_status(document):
    from documents.signing.verify import pdf_verify

    row = signed_pdf_for(document=document) if document is not None and document.pk else None
    if row is None:
        return None
    with row.file.open("rb") as handle:
        result = pdf_verify(handle.read())
    result["stage"] = row.get_stage_display()
    return result
