"""A plan imported from Word keeps a signer whose parts may be unknown (None): the preview prints none of them."""

from django.template.loader import render_to_string

from documents.models import Document


def test_a_signer_with_unknown_parts_prints_no_none(chart):
    from orgchart.models import Unit

    plan = Document(doc_type="KH", issuer=Unit.objects.get(key="tn-ubnd"), title="Kế hoạch nhập từ Word")
    content = {"signer": {"authority": None, "title": None, "name": None}, "sections": [], "recipients": []}
    html = render_to_string("documents/_content_preview.html", {"plan": plan, "content": content})
    assert "None" not in html and "(chưa ký)" in html
    content["signer"] = {"authority": None, "title": "CHỦ TỊCH", "name": "Trịnh Việt Hùng"}
    html = render_to_string("documents/_content_preview.html", {"plan": plan, "content": content})
    assert "None" not in html and "Trịnh Việt Hùng" in html
