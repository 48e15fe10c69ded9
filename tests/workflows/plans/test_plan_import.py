"""Nhập từ Word: upload, preview, create — an issued plan's record or a draft plan process."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.models import Document
from tests.documents import wordgen
from tests.fixtures import FIXTURES
from workflows.flows import PlanFlow
from workflows.flows.forms import PlanEditForm
from workflows.models import PlanProcess

SAMPLES = FIXTURES / "samples"
D = datetime.date
IMPORT_URL = "/workflow/flows/plan/import/"


def upload(client, path_or_bytes, name="ke-hoach.docx"):
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def token_of(response):
    return response.context["token"]


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_an_issued_word_plan_is_recorded_as_issued(chart, client, users):
    client.force_login(users["vt.ubnd"])  # the issuer's văn thư (tests/workflows/plans/test_import_trust.py: nobody else)
    preview = upload(client, next(SAMPLES.glob("000_*.docx")))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "72/KH-UBND" in page and "Nguyễn Thị Loan" in page and "Lưu văn bản đã ban hành" in page
    assert not Document.objects.exists()  # a preview creates nothing
    created = client.post(IMPORT_URL, {"token": token_of(preview)})
    assert created.status_code == 302
    document = Document.objects.get(symbol="72/KH-UBND")
    assert document.is_issued and document.issued_on == D(2025, 3, 16) and document.issuer.key == "tn-ubnd"
    assert document.snapshot_sha256 and document.number == 72 and document.issued_by == users["vt.ubnd"]
    again = upload(client, next(SAMPLES.glob("000_*.docx")))
    refused = client.post(IMPORT_URL, {"token": token_of(again)})
    assert refused.status_code == 400 and "đã có trong hệ thống" in refused.content.decode()
    assert Document.objects.filter(symbol="72/KH-UBND").count() == 1


def test_a_plan_of_an_unknown_body_is_refused_clearly(chart, client, users):
    client.force_login(users["cv.cchc"])
    preview = upload(client, next(SAMPLES.glob("002_*.docx")))
    response = client.post(IMPORT_URL, {"token": token_of(preview)})
    assert response.status_code == 400
    assert "Không tìm thấy cơ quan ban hành" in response.content.decode()
    assert not Document.objects.exists()


def test_a_draft_word_file_starts_a_plan_process(journey, client, users, on_day):
    from documents.rendering import document_docx

    with on_day(D(2025, 3, 13)):
        source = journey.draft(title="Kế hoạch tuyên truyền cải cách hành chính năm 2026")
        data = document_docx(document=source.plan)
        client.force_login(users["cv.cchc"])
        preview = upload(client, data)
        assert "Tạo dự thảo" in preview.content.decode()
        response = client.post(IMPORT_URL, {"token": token_of(preview), "division": chart_unit("tn-snv-cchc")})
    assert response.status_code == 302
    created = PlanProcess.objects.exclude(pk=source.pk).get()
    assert created.plan.title == "Kế hoạch tuyên truyền cải cách hành chính năm 2026"
    assert created.plan.content["sections"][0]["title"] == "MỤC ĐÍCH, YÊU CẦU"
    # the import lands on the drafter's soạn thảo step, with its Lĩnh vực, not straight at the trưởng phòng
    edit = created.task_set.get(flow_task=PlanFlow.edit)
    assert response.url == edit.reverse("execute") and edit.owner == users["cv.cchc"]
    assert not created.task_set.filter(flow_task=PlanFlow.review).exists()
    assert created.submission.content["sections"][0]["title"] == "SỰ CẦN THIẾT BAN HÀNH KẾ HOẠCH"  # never empty
    from orgchart.models import Field

    data = {**PlanEditForm.initial_from(created.plan.title, created.plan.content), "field": Field.objects.get(code="noi-vu").pk}
    with on_day(D(2025, 3, 13)):
        screen = client.get(response.url).content.decode()
        assert 'name="field"' in screen and "Lưu nháp" in screen and "Trình duyệt" in screen
        assert client.post(response.url, data).status_code == 302
    created.refresh_from_db()
    assert created.field.code == "noi-vu"
    assert created.task_set.filter(flow_task=PlanFlow.review).exists()


def chart_unit(key):
    from orgchart.models import Unit

    return Unit.objects.get(key=key).pk


@pytest.mark.parametrize("payload, message", [
    (b"not a word file at all", "không phải"),
    (b"PK\x03\x04broken zip", ""),
])
def test_a_broken_file_is_refused_and_nothing_is_created(chart, client, users, payload, message):
    client.force_login(users["cv.cchc"])
    response = upload(client, payload)
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert not Document.objects.exists() and not PlanProcess.objects.exists()


def test_cli_creates_a_draft_for_a_user(journey, on_day, tmp_path, capsys):
    from documents.rendering import document_docx

    with on_day(D(2025, 3, 13)):
        source = journey.draft(title="Kế hoạch kiểm tra công vụ năm 2026")
        path = tmp_path / "draft.docx"
        path.write_bytes(document_docx(document=source.plan))
        call_command("import_plan", str(path), "--user", "cv.cchc")
    url = capsys.readouterr().out.strip()
    created = PlanProcess.objects.exclude(pk=source.pk).get()
    assert url == created.get_absolute_url()


def test_cli_refuses_a_draft_without_a_drafter_and_creates_nothing(chart, tmp_path):
    path = tmp_path / "xa.docx"
    path.write_bytes(wordgen.commune_draft_plan())
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path))
    assert refused.value.returncode == 1
    assert "Không tạo được dự thảo từ tệp xa.docx" in str(refused.value) and "--user" in str(refused.value)
    assert not Document.objects.exists() and not PlanProcess.objects.exists()


def test_cli_names_an_unknown_user(chart, tmp_path):
    path = tmp_path / "xa.docx"
    path.write_bytes(wordgen.commune_draft_plan())
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path), "--user", "khong.co.ai")
    assert refused.value.returncode == 2 and "khong.co.ai" in str(refused.value)
    assert not PlanProcess.objects.exists()
