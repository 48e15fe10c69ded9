"""Hole 8: the SHA-256 taken at issue is checked at every download; issued renditions cannot be replaced.

Each attack is replayed first (edit the snapshot, a header column, the stored PDF in the database or on disk;
replace the PDF through the admin or the model), then the refusal is checked: 409 with a Vietnamese message,
an audit entry, a notification to the administrators and a mail to ADMINS.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from documents.integrity import FingerprintMismatch, issued_fingerprint_check, rendition_store
from documents.models import Document, Rendition, RenditionSealed
from documents.rendering import rendition_for
from workflows.models import AuditEntry, Notification, NotificationKind

D = datetime.date
GENUINE = b"%PDF-1.4\n% the PDF built at issue\n%%EOF\n"
FORGED = b"%PDF-1.4\n% a PDF put in its place\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ADMINS = [("Quản trị", "quantri@example.vn")]
    return tmp_path


@pytest.fixture
def issued(journey, on_day, media):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(groups=["Các sở, ban, ngành"])
        journey.run_to_issue(process)
    plan = Document.objects.get(pk=process.plan.pk)
    assert plan.is_issued
    return plan


@pytest.fixture
def admins(db):
    User = get_user_model()
    root = User.objects.create_user("quantri", password="x", is_superuser=True, is_staff=True)
    watcher = User.objects.create_user("giamsat", password="x", is_staff=True)
    watcher.user_permissions.add(Permission.objects.get(codename="receive_integrity_alerts"))
    bystander = User.objects.create_user("nhanvien", password="x", is_staff=True)
    return {"root": root, "watcher": watcher, "bystander": bystander}


def sealed_pdf(document, data=GENUINE, kind="pdf"):
    return rendition_store(document=document, version=document.version, kind=kind, data=data, filename="vanban.pdf")


def assert_refused_and_reported(response, document, admins, kind):
    assert response.status_code == 409
    text = response.content.decode()
    assert "không khớp với dấu SHA-256" in text and "Quản trị hệ thống đã được thông báo" in text
    entry = AuditEntry.objects.filter(action="integrity_mismatch").latest("pk")
    assert entry.data["document"] == document.pk and entry.data["kind"] == kind and entry.actor is not None
    alerted = set(Notification.objects.filter(kind=NotificationKind.INTEGRITY).values_list("user__username", flat=True))
    superusers = set(get_user_model().objects.filter(is_superuser=True).values_list("username", flat=True))
    assert "quantri" in superusers
    assert alerted == superusers | {"giamsat"}  # superusers and staff given the permission, not every staff member
    assert len(mail.outbox) == 1 and document.symbol in mail.outbox[0].subject


# --- the Word file -------------------------------------------------------------------------------------------


def test_an_intact_issued_plan_downloads(issued, client, users, admins):
    client.force_login(users["cv.cchc"])
    assert client.get(f"/documents/{issued.pk}/word/").status_code == 200
    assert not AuditEntry.objects.filter(action="integrity_mismatch").exists()


def test_word_download_refuses_a_snapshot_edited_in_the_database(issued, client, users, admins,
                                                                  django_capture_on_commit_callbacks):
    forged = {**issued.snapshot, "signer": {**issued.snapshot["signer"], "name": "Lý Thị Hoa"}}
    Document.objects.filter(pk=issued.pk).update(snapshot=forged)  # the attack: straight into the database
    client.force_login(users["cv.cchc"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/documents/{issued.pk}/word/")
    assert b"PK" not in response.content[:2]  # no .docx was served
    assert_refused_and_reported(response, issued, admins, "docx")


def test_word_download_refuses_a_header_column_edited_in_the_database(issued, client, users, admins,
                                                                       django_capture_on_commit_callbacks):
    Document.objects.filter(pk=issued.pk).update(title="Kế hoạch đã bị sửa trích yếu")
    client.force_login(users["cv.cchc"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/documents/{issued.pk}/word/")
    assert_refused_and_reported(response, issued, admins, "docx")


def test_one_notification_per_admin_for_repeated_downloads_but_an_audit_entry_each(issued, client, users, admins):
    Document.objects.filter(pk=issued.pk).update(title="Sửa")
    client.force_login(users["cv.cchc"])
    for _attempt in range(3):
        assert client.get(f"/documents/{issued.pk}/word/").status_code == 409
    assert AuditEntry.objects.filter(action="integrity_mismatch").count() == 3
    superusers = get_user_model().objects.filter(is_superuser=True).count()
    assert Notification.objects.filter(kind=NotificationKind.INTEGRITY).count() == superusers + 1


# --- the PDF and any other rendition -------------------------------------------------------------------------


def test_the_sealed_pdf_is_served_as_it_was_written(issued, client, users):
    sealed_pdf(issued)
    client.force_login(users["cv.cchc"])
    response = client.get(f"/documents/{issued.pk}/pdf/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == GENUINE


def test_pdf_download_refuses_a_file_replaced_on_disk(issued, client, users, admins, django_capture_on_commit_callbacks):
    rendition = sealed_pdf(issued)
    with open(rendition.file.path, "wb") as handle:  # the attack: on the file server
        handle.write(FORGED)
    client.force_login(users["cv.cchc"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/documents/{issued.pk}/pdf/")
    assert_refused_and_reported(response, issued, admins, "pdf")


def test_pdf_download_refuses_a_file_swapped_in_the_database(issued, client, users, admins, media,
                                                              django_capture_on_commit_callbacks):
    rendition = sealed_pdf(issued)
    (media / "forged.pdf").write_bytes(FORGED)
    Rendition.objects.filter(pk=rendition.pk).update(file="forged.pdf")
    client.force_login(users["cv.cchc"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/documents/{issued.pk}/pdf/")
    assert_refused_and_reported(response, issued, admins, "pdf")


def test_pdf_download_refuses_a_rendition_of_an_edited_snapshot(issued, client, users, admins):
    sealed_pdf(issued)
    Document.objects.filter(pk=issued.pk).update(snapshot={**issued.snapshot, "title": "khác"})
    client.force_login(users["cv.cchc"])
    assert client.get(f"/documents/{issued.pk}/pdf/").status_code == 409


def test_the_check_covers_any_rendition_kind(issued):
    """The signed PDF (another kind) is written and checked by the same two functions."""
    rendition = sealed_pdf(issued, data=b"%PDF signed", kind="pdf-signed")
    issued_fingerprint_check(document=issued, kind="pdf-signed", payload_bytes=b"%PDF signed", rendition=rendition)
    with pytest.raises(FingerprintMismatch) as caught:
        issued_fingerprint_check(document=issued, kind="pdf-signed", payload_bytes=b"%PDF other")
    assert [p.code for p in caught.value.problems] == ["rendition"]


# --- issued renditions cannot be replaced --------------------------------------------------------------------


def test_a_sealed_rendition_cannot_be_rewritten_or_deleted(issued):
    rendition = sealed_pdf(issued)
    assert rendition.is_sealed and rendition.sha256
    rendition.file.save("other.pdf", ContentFile(FORGED), save=False)
    for attempt in (rendition.save, Rendition.objects.get(pk=rendition.pk).delete,
                    Rendition.objects.filter(pk=rendition.pk).delete, issued.renditions.all().delete,
                    lambda: sealed_pdf(issued, data=FORGED)):
        with pytest.raises(RenditionSealed), transaction.atomic():
            attempt()
    assert Rendition.objects.get(pk=rendition.pk).sha256 == rendition.sha256


def test_the_admin_cannot_replace_or_delete_a_rendition(issued, client, admins):
    rendition = sealed_pdf(issued)
    client.force_login(admins["root"])
    change = f"/admin/documents/rendition/{rendition.pk}/change/"
    assert client.get(change).status_code == 200  # viewable
    assert "sha256" in client.get(change).content.decode() or rendition.sha256 in client.get(change).content.decode()
    response = client.post(change, {"document": issued.pk, "version": 9, "kind": "pdf",
                                    "file": ContentFile(FORGED, name="forged.pdf")})
    assert response.status_code == 403
    assert client.post(f"/admin/documents/rendition/{rendition.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/documents/rendition/add/").status_code == 403
    assert Rendition.objects.get(pk=rendition.pk).sha256 == rendition.sha256


def test_issuing_drops_the_drafts_pdf_so_that_it_is_never_served_as_issued(journey, on_day, media):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(groups=["Các sở, ban, ngành"])
        plan = Document.objects.get(pk=process.plan.pk)
        draft_pdf = rendition_store(document=plan, version=plan.version, kind="pdf", data=b"%PDF draft", filename="d.pdf")
        assert not draft_pdf.is_sealed
        journey.run_to_issue(process)
    plan.refresh_from_db()
    assert plan.is_issued and rendition_for(document=plan) is None  # rebuilt from the issued snapshot, then sealed


# --- verify_documents ----------------------------------------------------------------------------------------


def verify_documents():
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_documents", "--json", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_verify_documents_scans_every_issued_document(issued, media):
    sealed_pdf(issued)
    issued_count = Document.objects.issued().count()
    assert issued_count >= 2  # the plan and its Tờ trình
    assert verify_documents() == (0, {"checked": issued_count, "mismatched": []})

    submission = Document.objects.issued().exclude(pk=issued.pk).first()
    Document.objects.filter(pk=submission.pk).update(snapshot={**submission.snapshot, "title": "khác"})
    (media / Rendition.objects.get(document=issued).file.name).write_bytes(FORGED)
    code, result = verify_documents()
    assert code == 1 and result["checked"] == issued_count
    problems = {item["id"]: [p["code"] for p in item["problems"]] for item in result["mismatched"]}
    assert problems == {issued.pk: ["rendition"], submission.pk: ["snapshot"]}


# --- attachments (tài liệu kèm theo) of an issued document ---------------------------------------------------


def test_an_attachment_replaced_on_disk_is_refused(issued, client, users, admins, django_capture_on_commit_callbacks):
    from documents.models import Attachment

    attachment = Attachment.objects.create(document=issued, file=ContentFile(b"Phu luc goc", name="phuluc.txt"),
                                           name="phuluc.txt", size=11)
    assert len(attachment.sha256) == 64
    client.force_login(users["cv.cchc"])
    ok = client.get(f"/documents/attachment/{attachment.pk}/")
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == b"Phu luc goc"
    with open(attachment.file.path, "wb") as handle:
        handle.write(b"Phu luc da sua")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/documents/attachment/{attachment.pk}/")
    assert_refused_and_reported(response, issued, admins, "attachment")
    code, result = verify_documents()
    assert code == 1 and [p["code"] for p in result["mismatched"][0]["problems"]] == ["attachment"]
