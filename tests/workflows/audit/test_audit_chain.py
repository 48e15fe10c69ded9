"""Hole 9: the audit log is a hash chain, verified by ``verify_audit``; the admin cannot add, change or delete rows."""

import datetime
import json
import threading
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from workflows.audit.chain import audit_append, audit_chain_backfill, audit_verify, entry_hash
from workflows.models import AuditChainHead, AuditEntry

D = datetime.date


@pytest.fixture
def logged(journey, on_day):
    """A plan run to issue through the real flow: a dozen entries written by the services."""
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.run_to_issue(process)
    assert AuditEntry.objects.count() >= 7
    return process


def verify_audit():
    out = StringIO()
    try:
        call_command("verify_audit", "--json", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_the_services_write_a_chain(logged):
    entries = list(AuditEntry.objects.order_by("pk"))
    assert entries[0].prev_hash == "" and all(e.hash == entry_hash(e) for e in entries)
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:]))
    code, result = verify_audit()
    assert code == 0 and result == {"checked": len(entries), "broken": None, "head": entries[-1].hash}


def test_an_edited_entry_breaks_the_chain_there(logged):
    target = AuditEntry.objects.order_by("pk")[3]
    AuditEntry.objects.filter(pk=target.pk).update(comment="Đồng ý (đã sửa)")  # the attack
    code, result = verify_audit()
    assert code == 1 and result["broken"] == {"id": target.pk, "reason": "hash"}


def test_an_edited_actor_breaks_the_chain(logged):
    target = AuditEntry.objects.exclude(actor=None).order_by("pk")[2]
    other = get_user_model().objects.exclude(pk=target.actor_id).first()
    AuditEntry.objects.filter(pk=target.pk).update(actor=other)
    assert verify_audit()[1]["broken"] == {"id": target.pk, "reason": "hash"}


def test_a_removed_entry_breaks_the_chain_after_it(logged):
    entries = list(AuditEntry.objects.order_by("pk"))
    AuditEntry.objects.filter(pk=entries[4].pk).delete()
    assert verify_audit()[1]["broken"] == {"id": entries[5].pk, "reason": "prev_hash"}


def test_removing_the_last_entries_disagrees_with_the_head(logged):
    entries = list(AuditEntry.objects.order_by("pk"))
    AuditEntry.objects.filter(pk__gte=entries[-2].pk).delete()
    code, result = verify_audit()
    assert code == 1 and result["broken"] == {"id": entries[-3].pk, "reason": "head"}


def test_a_forged_entry_written_beside_the_chain_is_refused(logged):
    last = AuditEntry.objects.order_by("pk").last()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(process=last.process, action="sign", prev_hash=last.prev_hash)  # a fork


def test_an_entry_inserted_with_a_recomputed_hash_still_breaks_the_chain(logged):
    """Rewriting an entry and its own hash is not enough: the next entry points at the old hash."""
    target = AuditEntry.objects.order_by("pk")[3]
    target.comment = "Giả mạo"
    target.hash = entry_hash(target)
    AuditEntry.objects.filter(pk=target.pk).update(comment=target.comment, hash=target.hash)
    following = AuditEntry.objects.filter(pk__gt=target.pk).order_by("pk").first()
    assert verify_audit()[1]["broken"] == {"id": following.pk, "reason": "prev_hash"}


def test_data_survives_the_round_trip(logged):
    entry = audit_append(process=logged, actor=None, action="disseminate",
                         data={"units": ("a", "b"), "day": D(2025, 3, 16), "n": 1})
    assert AuditEntry.objects.get(pk=entry.pk).hash == entry_hash(AuditEntry.objects.get(pk=entry.pk))
    assert verify_audit()[0] == 0


def test_the_migration_backfill_links_existing_rows(logged):
    # rows as they were before the chain: no links (distinct placeholders, since prev_hash is unique)
    count = AuditEntry.objects.count()
    for pk in AuditEntry.objects.values_list("pk", flat=True):
        AuditEntry.objects.filter(pk=pk).update(prev_hash=f"old-{pk}", hash="")
    AuditChainHead.objects.all().delete()
    assert verify_audit()[0] == 1
    assert audit_chain_backfill() == count
    assert verify_audit()[0] == 0


def test_the_admin_cannot_add_change_or_delete_audit_rows(logged, client):
    root = get_user_model().objects.create_user("quantri", password="x", is_superuser=True, is_staff=True)
    client.force_login(root)
    entry = AuditEntry.objects.order_by("pk").first()
    assert client.get("/admin/workflows/auditentry/").status_code == 200
    assert client.get("/admin/workflows/auditentry/add/").status_code == 403
    assert client.post("/admin/workflows/auditentry/add/", {"action": "sign", "process": logged.pk}).status_code == 403
    assert client.post(f"/admin/workflows/auditentry/{entry.pk}/change/", {"action": "sign"}).status_code == 403
    assert client.post(f"/admin/workflows/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert verify_audit()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(chart, settings):
    """Eight threads append at once; the head lock serialises them into one chain."""
    from viewflow.workflow.models import Process

    process = Process.objects.create(flow_class="workflows.flows.PlanFlow")
    errors = []

    def write(n):
        try:
            for i in range(5):
                audit_append(process=process, actor=None, action="refresh", comment=f"{n}-{i}")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = audit_verify()
    assert result["broken"] is None and result["checked"] == AuditEntry.objects.count() >= 40


def test_appending_costs_a_fixed_number_of_queries(logged, django_assert_max_num_queries):
    """Lock and read the head, insert, store the hash, move the head: the same few queries whatever the log's length."""
    with django_assert_max_num_queries(7):  # 5 statements + the savepoint and its release inside the test's transaction
        audit_append(process=logged, actor=None, action="refresh")


# --- deferred appends: the chain's lock taken at the end of the transaction ------------------------------


def test_entries_appended_in_a_deferred_block_are_chained_at_its_end_in_order(db):
    from workflows.audit.chain import audit_deferred

    audit_append(action="before")
    with transaction.atomic(), audit_deferred():
        first = audit_append(action="first")
        with audit_deferred():  # nested: written with the outermost block
            audit_append(action="second")
        assert first.pk is None and AuditEntry.objects.count() == 1  # pending: nothing written, no lock taken yet
        assert AuditChainHead.objects.get().length == 1
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == ["before", "first", "second"]
    assert first.pk is not None and first.hash == entry_hash(first)
    assert AuditChainHead.objects.get().length == 3
    assert audit_verify()["broken"] is None


def test_a_pending_entry_is_the_last_action_of_its_process(journey, on_day):
    from workflows.audit.chain import audit_deferred
    from workflows.selectors import audit_last_action

    with on_day(D(2025, 3, 13)):
        process = journey.draft()
    before = audit_last_action(process_id=process.pk)
    with transaction.atomic(), audit_deferred():
        audit_append(process_id=process.pk, action="review:return")
        audit_append(action="elsewhere")  # another process's (none): not this one's last action
        assert audit_last_action(process_id=process.pk) == "review:return"
    assert before != "review:return" and audit_last_action(process_id=process.pk) == "review:return"


def test_an_error_in_a_deferred_block_writes_nothing(db):
    from workflows.audit.chain import audit_deferred

    with pytest.raises(ValueError), transaction.atomic(), audit_deferred():
        audit_append(action="lost")
        raise ValueError
    assert not AuditEntry.objects.exists()
    audit_append(action="next")  # the thread's pending list is gone: written at once
    assert AuditEntry.objects.count() == 1 and audit_verify()["broken"] is None
