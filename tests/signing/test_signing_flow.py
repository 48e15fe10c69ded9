"""Signing at the plan's steps, through viewflow's task URLs: the PCT's PIN at "Ký duyệt", the văn thư's at issue."""

from __future__ import annotations

import datetime
import hashlib
import shutil

import pytest
from django.core.files.base import ContentFile

from documents.models import Attachment
from documents.pdf import docx_to_pdf
from documents.signing.models import SignedPdf
from documents.signing.verify import pdf_verify
from documents.word.render import render_docx
from tests.journey import signing_code

from .conftest import PIN

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed")


def test_pct_and_clerk_sign_through_the_task_screens(keys, journey, on_day):
    with on_day(datetime.date(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.act(process, "sign_submission", "gd.snv", {"decision": "approve", "pin": PIN})
        journey.approve(process, "vet", "cv.vp")
        # a wrong PIN: the form says so, the task stays open, nothing is signed
        page = journey.act(process, "decide", "pct.loan", {"decision": "approve", "pin": "999999"}, expect=200)
        assert "Mã PIN không đúng" in page.content.decode()
        assert not SignedPdf.objects.filter(document=process.plan).exists()
        journey.act(process, "decide", "pct.loan", {"decision": "approve", "pin": PIN})
        person = SignedPdf.objects.get(document=process.plan, stage="person")
        # an annex in a separate PDF file, attached before issue
        annex_pdf = docx_to_pdf(render_docx({"doc_type": "KH", "is_draft": False, "title": "Phụ lục", "sections": [
            {"number": "", "title": "PHỤ LỤC", "paragraphs": ["Danh mục nhiệm vụ."], "children": []}]}))
        annex = Attachment(document=process.plan, name="phu-luc.pdf")
        annex.file.save("phu-luc.pdf", ContentFile(annex_pdf), save=False)
        annex.save()
        journey.act(process, "issue", "vt.ubnd", {"issued_on": "16/03/2025", "place": "Thái Nguyên", "pin": PIN})
    process.plan.refresh_from_db()
    annex.refresh_from_db()
    with annex.file.open("rb") as handle:
        annex_signed = handle.read()
    annex_result = pdf_verify(annex_signed)
    assert annex_result["valid"] and [s["kind"] for s in annex_result["signatures"]] == ["agency"]
    assert annex.sha256 == hashlib.sha256(annex_signed).hexdigest()  # downloads check the signed bytes
    agency = SignedPdf.objects.get(document=process.plan, stage="agency")
    with agency.file.open("rb") as handle:
        result = pdf_verify(handle.read())
    assert result["valid"]
    assert [s["kind"] for s in result["signatures"]] == ["person", "agency"]
    assert person.signer_name == result["signatures"][0]["signer"]
    # the Tờ trình was signed by the giám đốc sở at its own step
    assert SignedPdf.objects.filter(document=process.submission, stage="person").exists()


def test_issue_with_a_wrong_agency_pin_takes_no_number(keys, journey, on_day):
    with on_day(datetime.date(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.act(process, "sign_submission", "gd.snv", {"decision": "approve", "pin": PIN})
        journey.approve(process, "vet", "cv.vp")
        journey.act(process, "decide", "pct.loan", {"decision": "approve", "pin": PIN})
        page = journey.act(process, "issue", "vt.ubnd", {"issued_on": "16/03/2025", "place": "Thái Nguyên", "pin": "1"},
                           expect=200)
    assert "Mã PIN không đúng" in page.content.decode()
    process.plan.refresh_from_db()
    assert not process.plan.is_issued and process.plan.number is None
    assert not SignedPdf.objects.filter(document=process.plan, stage="agency").exists()


def test_api_signs_with_the_pin_and_refuses_a_wrong_one_with_400(keys, journey, on_day, users):
    from rest_framework.test import APIClient

    with on_day(datetime.date(2025, 3, 13)):
        process = journey.draft()
        journey.approve(process, "review", "tp.cchc")
        journey.act(process, "sign_submission", "gd.snv", {"decision": "approve", "pin": PIN})
        journey.approve(process, "vet", "cv.vp")
        client = APIClient()
        client.force_authenticate(users["pct.loan"])
        task = journey.task(process, "decide")
        # the one-time code is right (issue 12's two-factor), the PIN is wrong
        response = client.post(f"/api/tasks/{task.pk}/sign/", {"pin": "111111", "otp": signing_code(users["pct.loan"])},
                               format="json")
        assert response.status_code == 400 and "PIN" in str(response.json())
        assert not SignedPdf.objects.filter(document=process.plan).exists()
        response = client.post(f"/api/tasks/{task.pk}/sign/", {"pin": PIN, "otp": signing_code(users["pct.loan"])},
                               format="json")
        assert response.status_code == 200, response.content
    assert SignedPdf.objects.filter(document=process.plan, stage="person").exists()
