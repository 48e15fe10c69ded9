"""Signing fixtures: a demo CA and keys in a temporary directory, a plan signed by its PCT."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

PIN = "246810"


@pytest.fixture
def signing_dir(settings, tmp_path):
    settings.KEHOACH_SIGNING_DIR = tmp_path / "signing"
    settings.KEHOACH_SIGNING_TRUST_ROOTS = [str(tmp_path / "signing" / "demo-ca.pem")]
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "signing"


@pytest.fixture
def keys(chart, signing_dir):
    from documents.signing.democa import demo_keys_create

    demo_keys_create(pin=PIN)
    return signing_dir


@pytest.fixture
def pct(chart):
    return get_user_model().objects.get(username="pct.loan")


@pytest.fixture
def clerk(chart):
    return get_user_model().objects.get(username="vt.ubnd")


@pytest.fixture
def plan(chart, pct):
    """A plan of the UBND tỉnh with its signer block, approved and awaiting signature."""
    from documents import services
    from workflows.plans.services import person_name

    content = {
        "sections": [{"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU",
                      "paragraphs": ["Tổng kết việc thực hiện Chương trình cải cách hành chính giai đoạn 2021 - 2025."],
                      "children": []}],
        "recipients": [{"text": "Các sở, ban, ngành", "archive": False}, {"text": "Lưu: VT, HCC", "archive": True}],
        "signer": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": person_name(pct)},
    }
    document = services.document_create(doc_type="KH", issuer=chart["tn-ubnd"], drafting_unit=chart["tn-snv-cchc"],
                                        title="Tổng kết Chương trình cải cách hành chính", content=content)
    document.place = "Thái Nguyên"
    document.save(update_fields=["place"])
    return document
