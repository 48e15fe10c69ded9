"""The audit log as a hash chain (nhật ký xử lý không sửa được).

Each ``AuditEntry`` holds ``prev_hash``, the hash of the entry appended
before it, and ``hash``, the SHA-256 of its own canonical JSON
(:func:`entry_canonical`: every concrete field but ``hash``, ``prev_hash``
included, empty values left out so that a field added later with an empty
default does not change old hashes). Editing, removing or inserting an entry
breaks the chain at that entry; removing the last entries disagrees with the
chain head. ``python manage.py verify_audit`` walks it (:func:`audit_verify`).

Appending (:func:`audit_append`) first writes to the one ``AuditChainHead``
row, which locks it until the transaction ends (a row lock on PostgreSQL, the
write lock on SQLite), and only then reads the last hash: two writers can
never both append after the same entry. The unique constraint on
``prev_hash`` makes a fork impossible even for a writer that bypasses this.
Entries are appended in id order under that lock, so the chain follows ids.

The lock is held until the transaction ends, so every writer waits for whoever appended before it to
commit. A step that does more after its audit entry (viewflow opening the next task, the notifications)
would hold it all that time: such a transaction runs its body inside :func:`audit_deferred`, and the
entries appended there are written together when the body is done, just before the commit
(``actions.task_perform``). Until then they are pending: ``workflows.selectors.audit_last_action`` sees them.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F

from workflows.models import AUDIT_PENDING, AuditChainHead, AuditEntry

HEAD_PK = 1


def _plain(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    return value


def entry_canonical(entry) -> str:
    """The canonical JSON of an entry: its concrete fields (foreign keys as ids) but ``hash``, sorted, compact."""
    values = {}
    for field in entry._meta.concrete_fields:
        if field.name == "hash":
            continue
        value = getattr(entry, field.attname)
        if value is None or value == "" or value == {} or value == []:
            continue
        values[field.attname] = _plain(value)
    return json.dumps(values, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(entry) -> str:
    return hashlib.sha256(entry_canonical(entry).encode("utf-8")).hexdigest()


def _lock_head() -> AuditChainHead:
    """Take the chain head's lock (write first, then read), creating the head on first use."""
    if not AuditChainHead.objects.filter(pk=HEAD_PK).update(length=F("length")):
        AuditChainHead.objects.get_or_create(pk=HEAD_PK)
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)


def _chain(entries: list[AuditEntry]) -> None:
    """Write ``entries`` at the end of the chain, in order, under the head's lock (held from here to the commit).
    Inside the caller's transaction without a savepoint of its own: a failure here fails that transaction."""
    with transaction.atomic(savepoint=False):
        head = _lock_head()
        previous = head.last_hash
        for entry in entries:
            entry.prev_hash = previous
            entry.save()
            entry.hash = previous = entry_hash(entry)
            AuditEntry.objects.filter(pk=entry.pk).update(hash=entry.hash)
        AuditChainHead.objects.filter(pk=HEAD_PK).update(last_hash=previous, last_entry_id=entries[-1].pk,
                                                         length=F("length") + len(entries))


def audit_append(**fields) -> AuditEntry:
    """Append one entry to the chain (the only way entries are written).

    Inside :func:`audit_deferred` the entry is pending (no ``pk`` yet) until the end of that block."""
    if fields.get("data"):
        # stored as it will be read back (a tuple becomes a list, a date a string), so the hash survives the round trip
        fields["data"] = json.loads(json.dumps(fields["data"], cls=DjangoJSONEncoder))
    entry = AuditEntry(**fields)
    pending = getattr(AUDIT_PENDING, "entries", None)
    if pending is not None:
        pending.append(entry)
    else:
        _chain([entry])
    return entry


@contextlib.contextmanager
def audit_deferred():
    """The entries appended in this block are written when it ends without an error, all at once: the chain's lock
    is taken then, not at the first entry. Use it inside the transaction, as its last block (``with atomic(),
    audit_deferred():``), so that the lock is held from the end of the work to the commit only. Nested blocks
    write with the outermost one; an error discards the pending entries (the transaction rolls back)."""
    if getattr(AUDIT_PENDING, "entries", None) is not None:
        yield
        return
    AUDIT_PENDING.entries = []
    try:
        yield
        entries, AUDIT_PENDING.entries = AUDIT_PENDING.entries, None
        if entries:
            _chain(entries)
    finally:
        AUDIT_PENDING.entries = None


def audit_verify() -> dict:
    """Walk the chain in id order: ``{"checked": N, "broken": None | {"id", "reason"}, "head": last hash}``.

    ``reason`` is ``"hash"`` (the entry was changed), ``"prev_hash"`` (an entry before it was removed or inserted),
    or ``"head"`` (entries after ``id`` were removed, or the head was touched).
    """
    previous, checked, last_id = "", 0, None
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        checked += 1
        if entry.prev_hash != previous:
            return {"checked": checked, "broken": {"id": entry.pk, "reason": "prev_hash"}, "head": previous}
        if entry_hash(entry) != entry.hash:
            return {"checked": checked, "broken": {"id": entry.pk, "reason": "hash"}, "head": previous}
        previous, last_id = entry.hash, entry.pk
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    head_hash = head.last_hash if head is not None else ""
    if head_hash != previous:
        return {"checked": checked, "broken": {"id": last_id, "reason": "head"}, "head": previous}
    return {"checked": checked, "broken": None, "head": previous}


def audit_chain_backfill(*, entry_model=AuditEntry, head_model=AuditChainHead) -> int:
    """Link the existing entries into a chain, in id order (used by the migration). Returns how many."""
    previous, count, last_id = "", 0, None
    for entry in entry_model.objects.order_by("pk").iterator(chunk_size=2000):
        entry.prev_hash = previous
        entry.hash = entry_hash(entry)
        entry_model.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        previous, count, last_id = entry.hash, count + 1, entry.pk
    head_model.objects.update_or_create(pk=HEAD_PK, defaults={"last_hash": previous, "last_entry_id": last_id,
                                                             "length": count})
    return count
