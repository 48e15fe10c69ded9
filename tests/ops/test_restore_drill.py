"""The restore drill of README "Production", on PostgreSQL: build data, `pg_dump -Fc` plus a tar of the media,
DROP the database and the media, `pg_restore` and untar; then `verify_documents` passes and every user's inbox
shows the same tasks. Skipped only when the suite does not run on PostgreSQL (DATABASE_URL=postgres://…, as CI)."""

import datetime
import io
import json
import os
import shutil
import subprocess
import tarfile

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections

from documents.services import document_attach
from tests.journey import issued_obligation
from workflows.models import PlanProcess, UnitReport

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="the restore drill needs PostgreSQL (DATABASE_URL=postgres://…), as CI runs it"),
]


def pg_env(settings_dict):
    env = {**os.environ, "PGHOST": settings_dict["HOST"] or "127.0.0.1", "PGPORT": str(settings_dict["PORT"] or 5432),
           "PGUSER": settings_dict["USER"] or "postgres"}
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def every_inbox():
    """What each user's inbox and queue list (the same selector the inbox pages use)."""
    from workflows.authorization import user_open_tasks

    return {user.username: sorted((t.pk, t.flow_task.name, t.status, t.process_id) for t in user_open_tasks(user=user))
            for user in get_user_model().objects.order_by("username")}


def files_in(folder):
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def verify_documents():
    out = io.StringIO()
    call_command("verify_documents", "--json", stdout=out)  # exits 1 (SystemExit) on any mismatch
    return json.loads(out.getvalue())


def test_dump_drop_restore_then_documents_verify_and_inboxes_match(journey, on_day, users, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # data: an issued plan whose obligation is fanned out to units, one unit's report under way, a plan awaiting review
    obligation = issued_obligation(journey, on_day, title="Báo cáo kết quả cải cách hành chính",
                                   recipients=["Sở Tư pháp", "Sở Nội vụ", "UBND huyện Phú Bình"],
                                   due_date=datetime.date.today() + datetime.timedelta(days=10))
    with on_day(datetime.date(2025, 4, 2)):
        draft = journey.draft(title="Kế hoạch kiểm tra công tác văn thư, lưu trữ năm 2025")
    annex = SimpleUploadedFile("phu-luc-danh-muc.xlsx", "Phụ lục: danh mục hồ sơ".encode() * 100)
    attachment = document_attach(document=PlanProcess.objects.get(pk=draft.pk).plan, upload=annex, user=users["cv.cchc"])
    before_inbox = every_inbox()
    assert sum(len(tasks) for tasks in before_inbox.values()) >= 4
    before = verify_documents()
    assert before["checked"] >= 1 and before["mismatched"] == []
    media_files = files_in(tmp_path / "media")
    assert attachment.file.name in media_files

    # backup: pg_dump -Fc and the media folder
    database = connection.settings_dict["NAME"]
    env = pg_env(connection.settings_dict)
    dump = tmp_path / "kehoach.dump"
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), database], env=env, check=True)
    with tarfile.open(tmp_path / "media.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / "media", arcname="media")

    # disaster: the database and the media are gone
    connections.close_all()
    subprocess.run(["dropdb", "--force", database], env=env, check=True)
    shutil.rmtree(tmp_path / "media", ignore_errors=True)

    # restore: an empty database, pg_restore, the media back in place
    subprocess.run(["createdb", database], env=env, check=True)
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", database, str(dump)], env=env, check=True)
    with tarfile.open(tmp_path / "media.tar.gz") as tar:
        tar.extractall(tmp_path, filter="data")

    after = verify_documents()
    assert after == before
    assert every_inbox() == before_inbox
    assert files_in(tmp_path / "media") == media_files
    attachment.refresh_from_db()
    with attachment.file.open("rb") as restored:
        assert restored.read() == "Phụ lục: danh mục hồ sơ".encode() * 100
    # and the restored database serves the pages: the drafter's inbox lists the draft's task
    journey.login("cv.cchc")
    assert journey.client.get("/workflow/inbox/").status_code == 200
    assert UnitReport.objects.filter(obligation=obligation).count() == 3
