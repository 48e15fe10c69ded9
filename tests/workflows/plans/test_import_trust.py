"""Nhập từ Word, as an attacker would use it: an issued record is the act of the issuer's văn thư,
with a number free in that register; previews expire and are capped per user."""

import io
import os
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document, Register, RegisterCounter
from tests.fixtures import FIXTURES
from workflows.models import PlanProcess

SAMPLE_000 = next((FIXTURES / "samples").glob("000_*.docx"))  # 72/KH-UBND, 16/3/2025, PCT Nguyễn Thị Loan
IMPORT_URL = "/workflow/flows/plan/import/"


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def forged(number: int) -> bytes:
    """Sample 000 with its number line rewritten: what vt.khason uploaded."""
    source = zipfile.ZipFile(SAMPLE_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace("Số: 72/KH-UBND".encode(), f"Số: {number}/KH-UBND".encode())
            target.writestr(info, data)
    return out.getvalue()


def upload(client, data, name="ke-hoach.docx"):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.context["token"]


def confirm(client, token, **extra):
    return client.post(IMPORT_URL, {"token": token, **extra})


def previews(tmp_path):
    return sorted((tmp_path / "imports").glob("*.docx"))


def test_a_commune_clerk_cannot_record_a_forged_province_plan(chart, client, users):
    client.force_login(users["vt.khason"])
    response = confirm(client, upload(client, forged(999)))
    assert response.status_code == 403
    assert "Chỉ văn thư của" in response.content.decode() and "UBND tỉnh" in response.content.decode()
    assert not Document.objects.exists() and not PlanProcess.objects.exists()


@pytest.mark.parametrize("login", ["cv.cchc", "pct.loan", "vt.snv", "vt.khason"])
def test_only_the_issuers_clerk_records_an_issued_plan(chart, client, users, login):
    client.force_login(users[login])
    response = confirm(client, upload(client, SAMPLE_000.read_bytes()))
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_the_provinces_clerk_records_it_in_the_register(chart, client, users):
    client.force_login(users["vt.ubnd"])
    response = confirm(client, upload(client, SAMPLE_000.read_bytes()))
    assert response.status_code == 302
    document = Document.objects.get(symbol="72/KH-UBND")
    assert document.is_issued and document.issued_by == users["vt.ubnd"] and document.number == 72
    assert document.register == Register.objects.get(unit=document.issuer, kind="outgoing", doc_type="")


def test_a_number_the_register_has_not_handed_out_is_refused(chart, client, users):
    register = Register.objects.get(unit__key="tn-ubnd", kind="outgoing", doc_type="")
    RegisterCounter.objects.create(register=register, year=2025, last_number=120)
    client.force_login(users["vt.ubnd"])
    response = confirm(client, upload(client, forged(999)))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Số 999 chưa được cấp" in text and "đến số 120" in text
    assert not Document.objects.exists()
    assert confirm(client, upload(client, SAMPLE_000.read_bytes())).status_code == 302  # 72 ≤ 120 and free


def test_a_number_already_taken_in_the_register_is_refused(chart, client, users):
    client.force_login(users["vt.ubnd"])
    assert confirm(client, upload(client, SAMPLE_000.read_bytes())).status_code == 302
    again = confirm(client, upload(client, SAMPLE_000.read_bytes()))
    assert again.status_code == 400 and "đã có trong hệ thống" in again.content.decode()
    assert Document.objects.count() == 1


def test_a_clerk_cannot_start_a_draft(journey, client, users, on_day, day):
    from documents.rendering import document_docx

    with on_day(day(2025, 3, 13)):
        source = journey.draft(title="Kế hoạch kiểm tra công vụ năm 2026")
        data = document_docx(document=source.plan)
        client.force_login(users["vt.snv"])
        response = confirm(client, upload(client, data))
    assert response.status_code == 403 and "Chỉ chuyên viên" in response.content.decode()
    assert PlanProcess.objects.count() == 1


def test_a_users_previews_are_capped_oldest_removed(chart, client, users, settings, tmp_path):
    settings.KEHOACH_IMPORT_PREVIEWS_PER_USER = 3
    client.force_login(users["vt.ubnd"])
    tokens = []
    for n in range(4):
        tokens.append(upload(client, SAMPLE_000.read_bytes()))
        stamp = time.time() - 100 + n  # uploads a second apart, whatever the file system's clock resolution
        os.utime(tmp_path / "imports" / f"{users['vt.ubnd'].pk}-{tokens[-1]}.docx", (stamp, stamp))
    assert len(previews(tmp_path)) == 3
    assert not any(tokens[0] in p.name for p in previews(tmp_path))
    gone = confirm(client, tokens[0])
    assert gone.status_code == 400 and "hết hạn" in gone.content.decode()
    client.force_login(users["cv.cchc"])
    upload(client, SAMPLE_000.read_bytes())  # another user's preview does not push these out
    assert len(previews(tmp_path)) == 4


def test_an_expired_preview_is_refused_and_purged_by_the_hourly_task(chart, client, users, settings, tmp_path):
    from workflows.tasks import import_previews_purge_task

    assert settings.CELERY_BEAT_SCHEDULE["import-previews-purge"]["schedule"] == 3600.0
    client.force_login(users["vt.ubnd"])
    old, fresh = upload(client, SAMPLE_000.read_bytes()), upload(client, SAMPLE_000.read_bytes())
    path = tmp_path / "imports" / f"{users['vt.ubnd'].pk}-{old}.docx"
    an_hour_ago = time.time() - settings.KEHOACH_IMPORT_PREVIEW_MAX_AGE - 1
    os.utime(path, (an_hour_ago, an_hour_ago))
    assert import_previews_purge_task.delay().get() == 1
    assert [p.name for p in previews(tmp_path)] == [f"{users['vt.ubnd'].pk}-{fresh}.docx"]
    refused = confirm(client, old)
    assert refused.status_code == 400 and "hết hạn" in refused.content.decode()
    fresh_path = tmp_path / "imports" / f"{users['vt.ubnd'].pk}-{fresh}.docx"
    os.utime(fresh_path, (an_hour_ago, an_hour_ago))  # expired but not yet purged: refused all the same
    assert confirm(client, fresh).status_code == 400 and not fresh_path.exists()
    assert not Document.objects.exists()


def test_someone_elses_token_is_not_found(chart, client, users):
    client.force_login(users["vt.ubnd"])
    token = upload(client, SAMPLE_000.read_bytes())
    client.force_login(users["vt.khason"])
    response = confirm(client, token)
    assert response.status_code == 400 and "hết hạn" in response.content.decode()
    assert not Document.objects.exists()


def test_the_command_line_follows_the_same_rule(chart, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(SAMPLE_000), "--user", "vt.khason")
    assert "Chỉ văn thư của" in str(refused.value) and not Document.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_plan", str(SAMPLE_000))  # nobody named: nobody may record it
    call_command("import_plan", str(SAMPLE_000), "--user", "vt.ubnd")
    assert capsys.readouterr().out.strip() == Document.objects.get(symbol="72/KH-UBND").get_absolute_url()
