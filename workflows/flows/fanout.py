"""Fan-out: one unit report process per (obligation, unit), written in bulk.

``UnitReportFlow.start.run()`` per unit is the slow reference. Here the same
rows are written set-wise, a batch at a time, each batch in one transaction:

1. the processes (identical rows: flow class, status NEW), ids returned;
2. the ``UnitReport`` rows linking each process to its unit;
3. the finished start tasks (``START``, DONE, token ``start``);
4. the first human tasks (``acknowledge``: HUMAN, NEW, owner permission
   ``orgchart.clerk_for_unit`` on the unit, token ``start``);
5. the ``previous`` links from each first task to its start task;
6. the notifications of each unit's văn thư (``fanout_tasks_notify``: one
   INSERT; viewflow's ``task.save()`` would have announced each task one by one).

Statements per batch do not depend on its size (bar SQLite's bound-variable
limit), so the count grows with N / batch, not with N. Idempotent: units
that already have a report are skipped, so a re-run — or a run after a crash
between batches — leaves exactly one process per unit. Each batch re-reads,
under the obligation's row lock, which of its units are already done, so two
runs at once (a redelivered message beside the outbox sweep's) split the work
instead of colliding. ``fanout_heartbeat`` is touched after every batch: the
outbox sweep (``tasks.outbox_sweep``) resumes a fan-out whose heartbeat is stale,
e.g. after its worker was killed.

A recurring obligation (``Obligation.recurring``) has one fan-out per report cycle: ``fanout_obligation`` with
``cycle_id`` opens that cycle's processes the same way (its own ``UnitReport`` rows, ``cycle`` set, due on the
cycle's date), and without it hands the obligation to ``workflows.flows.cycles``, which creates the cycles and opens
those whose day has come.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.fields import get_flow_ref, get_task_ref
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from orgchart import selectors as org
from orgchart.models import Unit, UnitKind
from workflows import flowrefs
from workflows.models import (
    EmailState,
    Notification,
    NotificationKind,
    Obligation,
    ObligationKind,
    ReceiptProcess,
    ReportCycle,
    Route,
    UnitReport,
    UnitRole,
)
from workflows.notifications import notify
from workflows.plans import cycles as plan_cycles
from workflows.plans.roles import cooperating_due as cooperating_due_date
from workflows.plans.roles import recipient_unit_roles, unit_phrases

BATCH_SIZE = 5000


@dataclass(frozen=True)
class Target:
    unit_id: int
    receiver_id: int
    role: str = UnitRole.LEAD


def obligation_targets(*, obligation: Obligation, on: datetime.date) -> list[Target]:
    """The units an obligation names on ``on``, each with the unit it reports to (its route) and its role.

    A task row: its chủ trì units report to the consolidator, its phối hợp units to the (first) chủ trì unit.
    Other duties: the Nơi nhận says each unit's role (``plans.roles``): để biết has a văn bản đến and no report,
    phối hợp reports as the others do, earlier."""
    units: dict[int, Unit] = {}
    for line in obligation.recipients:
        for unit in org.units_for_recipient_line(line=line, on=on).units:
            units.setdefault(unit.pk, unit)
    consolidator = obligation.consolidator_id
    targets = []
    line_roles: dict[int, str] = {}
    if obligation.kind == ObligationKind.TASK and obligation.task_row:
        # Cơ quan phối hợp: each cooperating unit contributes to the lead's report (its receiver is the lead).
        lead = next(iter(units.values()), None)
        cooperating: dict[int, Unit] = {}
        stated = (obligation.task_row.get("roles") or {}).get("cooperating")
        phrases = stated if stated is not None else unit_phrases(obligation.task_row.get("cooperating") or "", on=on)
        for phrase in phrases:
            for unit in org.units_for_recipient_line(line=phrase, on=on).units:
                if unit.pk not in units:
                    cooperating.setdefault(unit.pk, unit)
        if lead is not None:
            targets.extend(Target(unit_id=u.pk, receiver_id=lead.pk, role=UnitRole.COOPERATING)
                           for u in cooperating.values())
    elif obligation.plan_id:
        line_roles = recipient_unit_roles(process=obligation.plan, on=on)
    for unit in units.values():
        role = line_roles.get(unit.pk, UnitRole.LEAD)
        if role == UnitRole.FOR_INFORMATION:
            continue  # để biết: the văn bản đến only
        receiver = consolidator
        if obligation.route == Route.VIA_PARENT and unit.kind == UnitKind.COMMUNE:
            parent = next((u for u in org.unit_ancestors(unit=unit, on=on) if u.kind == UnitKind.DISTRICT), None)
            if parent is not None and parent.pk in units:
                receiver = parent.pk
        elif (obligation.route == Route.VIA_PARENT and unit.kind == UnitKind.DISTRICT and obligation.via_unit_id
              and obligation.via_unit_id in units):
            receiver = obligation.via_unit_id  # districts to the lead department first (the 2020 plan's route)
        targets.append(Target(unit_id=unit.pk, receiver_id=receiver, role=role))
    return sorted(targets, key=lambda t: t.unit_id)


def _max_params() -> int:
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 60000


def _columns(model, names):
    return ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)


def _insert_values(model, names: list[str], rows: list[tuple], *, returning: str | None = None) -> list:
    """A multi-row INSERT, chunked only by the database's bound-variable limit."""
    table = connection.ops.quote_name(model._meta.db_table)
    per_row = len(names)
    chunk = max(1, _max_params() // per_row)
    returned = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * per_row) + ")"] * len(part))
            sql = f"INSERT INTO {table} ({_columns(model, names)}) VALUES {placeholders}"
            if returning:
                sql += f" RETURNING {connection.ops.quote_name(returning)}"
            cursor.execute(sql, [value for row in part for value in row])
            if returning:
                returned.extend(r[0] for r in cursor.fetchall())
    return returned


def _ids_param(ids: list[int]) -> tuple[str, list]:
    """``IN`` over a list of ids as ONE bound parameter (a JSON array)."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [list(ids)]
    return "IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def _write_batch(*, obligation: Obligation, targets: list[Target], due_date, now, cycle_id: int | None = None,
                 cooperating_due=None) -> list[int]:
    UnitReportFlow = flowrefs.flow(flowrefs.UNIT_REPORT)  # the class, by the reference viewflow stores

    flow_ref = get_flow_ref(UnitReportFlow)
    start_ref = get_task_ref(UnitReportFlow.start)
    first_ref = get_task_ref(UnitReportFlow.acknowledge)
    unit_ct = ContentType.objects.get_for_model(Unit).pk
    qn = connection.ops.quote_name
    task_table, process_table = qn(Task._meta.db_table), qn(Process._meta.db_table)
    report_table = qn(UnitReport._meta.db_table)
    previous = Task._meta.get_field("previous").remote_field.through

    process_ids = _insert_values(
        Process, ["flow_class", "status", "created", "data"],
        [(flow_ref, PROCESS.NEW, now, "{}")] * len(targets), returning="id",
    )
    # Every process row is identical, so any pairing of returned ids with units is right.
    due = {UnitRole.COOPERATING: cooperating_due or due_date}  # phối hợp: earlier than the lead
    _insert_values(
        UnitReport, ["obligation", "cycle", "unit", "receiver", "process", "state", "due_date", "role"],
        [(obligation.pk, cycle_id, t.unit_id, t.receiver_id, pid, "not_received", due.get(t.role, due_date), t.role)
         for t, pid in zip(targets, process_ids)],
    )
    in_sql, in_params = _ids_param(process_ids)
    task_cols = _columns(Task, ["flow_task", "flow_task_type", "status", "created", "started", "finished", "token", "data",
                                "process"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {task_table} ({task_cols}) "
            f"SELECT %s, 'START', %s, %s, %s, %s, 'start', '{{}}', p.id FROM {process_table} p WHERE p.id {in_sql}",
            [start_ref, STATUS.DONE, now, now, now, *in_params],
        )
        first_cols = _columns(Task, ["flow_task", "flow_task_type", "status", "created", "token", "data", "process",
                                     "owner_permission", "owner_permission_content_type", "owner_permission_obj_pk"])
        cursor.execute(
            f"INSERT INTO {task_table} ({first_cols}) "
            f"SELECT %s, 'HUMAN', %s, %s, 'start', '{{}}', r.process_id, 'orgchart.clerk_for_unit', %s, "
            f"CAST(r.unit_id AS {'TEXT' if connection.vendor == 'sqlite' else 'VARCHAR'}) "
            f"FROM {report_table} r WHERE r.process_id {in_sql}",
            [first_ref, STATUS.NEW, now, unit_ct, *in_params],
        )
        cursor.execute(
            f"INSERT INTO {qn(previous._meta.db_table)} (from_task_id, to_task_id) "
            f"SELECT f.id, s.id FROM {task_table} f JOIN {task_table} s ON s.process_id = f.process_id AND s.flow_task = %s "
            f"WHERE f.flow_task = %s AND f.process_id {in_sql}",
            [start_ref, first_ref, *in_params],
        )
    return process_ids


def receipts_open(*, document, recipients: list[tuple[Unit, str]], batch_size: int | None = None) -> int:
    """Văn bản đến for many units at once: per unit the rows ``ReceiptFlow.start.run()`` writes (the process and its
    receipt, the finished start task, the Tiếp nhận task offered to the unit's văn thư with ``clerk_for_unit``, the
    link between the two tasks, the văn thư's notification), written set-wise a batch at a time, in the caller's
    transaction. Statements per batch do not depend on its size. Units that already have a receipt are the caller's
    to leave out (``one_receipt_per_unit`` refuses a second one). Returns how many were opened."""
    ReceiptFlow = flowrefs.flow(flowrefs.RECEIPT)

    batch_size = batch_size or BATCH_SIZE
    flow_ref = get_flow_ref(ReceiptFlow)
    start_ref, first_ref = get_task_ref(ReceiptFlow.start), get_task_ref(ReceiptFlow.acknowledge)
    unit_ct = ContentType.objects.get_for_model(Unit).pk
    qn = connection.ops.quote_name
    task_table, receipt_table = qn(Task._meta.db_table), qn(ReceiptProcess._meta.db_table)
    previous = Task._meta.get_field("previous").remote_field.through
    ptr = qn(ReceiptProcess._meta.get_field("process_ptr").column)
    opened = 0
    for start in range(0, len(recipients), batch_size):
        batch = recipients[start:start + batch_size]
        now = timezone.now()
        process_ids = _insert_values(Process, ["flow_class", "status", "created", "data"],
                                     [(flow_ref, PROCESS.NEW, now, "{}")] * len(batch), returning="id")
        _insert_values(ReceiptProcess, ["process_ptr", "document", "unit", "line"],
                       [(pid, document.pk, unit.pk, (line or "")[:255]) for (unit, line), pid in zip(batch, process_ids)])
        in_sql, in_params = _ids_param(process_ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {task_table} ({_columns(Task, ['flow_task', 'flow_task_type', 'status', 'created', 'started', 'finished', 'token', 'data', 'process'])}) "
                f"SELECT %s, 'START', %s, %s, %s, %s, 'start', '{{}}', r.{ptr} FROM {receipt_table} r WHERE r.{ptr} {in_sql}",
                [start_ref, STATUS.DONE, now, now, now, *in_params])
            cursor.execute(
                f"INSERT INTO {task_table} ({_columns(Task, ['flow_task', 'flow_task_type', 'status', 'created', 'token', 'data', 'process', 'owner_permission', 'owner_permission_content_type', 'owner_permission_obj_pk'])}) "
                f"SELECT %s, 'HUMAN', %s, %s, 'start', '{{}}', r.{ptr}, 'orgchart.clerk_for_unit', %s, "
                f"CAST(r.unit_id AS {'TEXT' if connection.vendor == 'sqlite' else 'VARCHAR'}) "
                f"FROM {receipt_table} r WHERE r.{ptr} {in_sql}",
                [first_ref, STATUS.NEW, now, unit_ct, *in_params])
            cursor.execute(
                f"INSERT INTO {qn(previous._meta.db_table)} (from_task_id, to_task_id) "
                f"SELECT f.id, s.id FROM {task_table} f JOIN {task_table} s ON s.process_id = f.process_id AND s.flow_task = %s "
                f"WHERE f.flow_task = %s AND f.process_id {in_sql}",
                [start_ref, first_ref, *in_params])
        receipt_tasks_notify(process_ids=process_ids, document=document, on=timezone.localdate())
        opened += len(batch)
    return opened


def fanout_obligation(*, obligation_id: int, on: datetime.date | None = None, batch_size: int | None = None,
                      after_batch=None, cycle_id: int | None = None) -> int:
    """Open the missing unit processes of an obligation (of one of its cycles with ``cycle_id``); return how many
    were created. A recurring obligation without ``cycle_id``: its cycles are created and the due ones opened."""
    from django.conf import settings

    batch_size = batch_size or int(getattr(settings, "KEHOACH_FANOUT_BATCH_SIZE", BATCH_SIZE))
    obligation = Obligation.objects.select_related("plan__plan").get(pk=obligation_id)
    if cycle_id is None and obligation.recurring:
        return obligation_cycles_open(obligation=obligation, today=on, batch_size=batch_size)
    cycle = ReportCycle.objects.get(pk=cycle_id, obligation=obligation) if cycle_id is not None else None
    on = on or (timezone.localdate() if cycle else None) or obligation.plan.plan.issued_on or timezone.localdate()
    targets = obligation_targets(obligation=obligation, on=on)
    lead_due = cycle.due_date if cycle else obligation.due_date
    cooperating_due = cooperating_due_date(due_date=lead_due, days=obligation.plan.cooperation_days)
    existing = set(UnitReport.objects.filter(obligation=obligation, cycle=cycle).values_list("unit_id", flat=True))
    todo = [t for t in targets if t.unit_id not in existing]
    progress = Obligation.objects.filter(pk=obligation.pk)
    if cycle is None:  # a cycle's progress is its opened_at alone
        progress.update(fanout_total=len(targets), fanout_done=len(existing), fanout_heartbeat=timezone.now())
    created = 0
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        with transaction.atomic():
            locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
            fresh = set(UnitReport.objects.filter(obligation=locked, cycle=cycle, unit_id__in=[t.unit_id for t in batch])
                        .values_list("unit_id", flat=True))  # another run may have written some since we looked
            batch = [t for t in batch if t.unit_id not in fresh]
            if batch:
                process_ids = _write_batch(obligation=locked, targets=batch, due_date=lead_due, now=timezone.now(),
                                           cycle_id=cycle.pk if cycle else None, cooperating_due=cooperating_due)
                fanout_tasks_notify(process_ids=process_ids, obligation=obligation, on=on, cycle=cycle)
            created += len(batch)
            if cycle is None:
                done = UnitReport.objects.filter(obligation=locked, cycle=None).count() if fresh else len(existing) + created
                progress.update(fanout_done=done, fanout_heartbeat=timezone.now())
        if after_batch is not None:
            after_batch(created)
    _link_parents(obligation=obligation, cycle=cycle)
    if cycle is None:
        progress.update(fanout_finished=timezone.now())
    else:
        ReportCycle.objects.filter(pk=cycle.pk, opened_at__isnull=True).update(opened_at=timezone.now())
    return created


def _link_parents(*, obligation: Obligation, cycle: ReportCycle | None = None) -> None:
    """A report sent to another reporting unit (a commune to its district) is one of that unit's children, of the
    same cycle: one UPDATE."""
    table = connection.ops.quote_name(UnitReport._meta.db_table)
    same_cycle, params = ("p.cycle_id = %s", [cycle.pk]) if cycle else ("p.cycle_id IS NULL", [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET parent_id = (SELECT p.id FROM {table} p WHERE p.obligation_id = {table}.obligation_id "
            f"AND {same_cycle} AND p.unit_id = {table}.receiver_id) WHERE obligation_id = %s AND parent_id IS NULL "
            f"AND receiver_id <> %s AND {same_cycle.replace('p.', '')}",
            [*params, obligation.pk, obligation.consolidator_id, *params],
        )


def fanout_tasks_notify(*, process_ids: list[int], obligation, on: datetime.date, cycle=None) -> list[int]:
    """A bulk fan-out batch has opened these report processes: each unit's văn thư is told of the document that
    arrived with a duty, in one INSERT per batch (plus two reads: the tasks, the queue members).

    Returns the ids written (their e-mails go after commit)."""
    if not process_ids:
        return []
    node = flowrefs.flow(flowrefs.UNIT_REPORT).acknowledge
    qn = connection.ops.quote_name
    in_sql, in_params = _ids_param(process_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, t.process_id, r.unit_id, r.id FROM {qn(Task._meta.db_table)} t "
            f"JOIN {qn(UnitReport._meta.db_table)} r ON r.process_id = t.process_id "
            f"WHERE t.flow_task = %s AND t.process_id {in_sql}",
            [get_task_ref(node), *in_params])
        tasks = cursor.fetchall()
    plan = obligation.plan.plan
    title = _("Văn bản đến: %(symbol)s — nhiệm vụ “%(duty)s”") % {"symbol": plan.symbol, "duty": obligation.title}
    if cycle is not None:
        title = _("Văn bản đến: %(symbol)s — nhiệm vụ “%(duty)s” (kỳ báo cáo: %(cycle)s)") % {
            "cycle": cycle.label, "symbol": plan.symbol, "duty": obligation.title}
    return _clerks_notify(node=node, tasks=tasks, title=title, body=str(node.task_title), on=on)


def receipt_tasks_notify(*, process_ids: list[int], document, on: datetime.date) -> list[int]:
    """Bulk-opened receipts (``fanout.receipts_open``): each unit's văn thư is told the document arrived, with the
    words and link ``task_arrived_notify`` gives one Tiếp nhận task, in one INSERT per batch. Returns the ids."""
    if not process_ids:
        return []
    node = flowrefs.flow(flowrefs.RECEIPT).acknowledge
    qn = connection.ops.quote_name
    in_sql, in_params = _ids_param(process_ids)
    ptr = qn(ReceiptProcess._meta.get_field("process_ptr").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, t.process_id, r.unit_id, NULL FROM {qn(Task._meta.db_table)} t "
            f"JOIN {qn(ReceiptProcess._meta.db_table)} r ON r.{ptr} = t.process_id "
            f"WHERE t.flow_task = %s AND t.process_id {in_sql}",
            [get_task_ref(node), *in_params])
        tasks = cursor.fetchall()
    what = f"{document.symbol} — {document.title}" if document.symbol else document.title
    title = _("Văn bản đến: %(what)s") % {"what": what}
    return _clerks_notify(node=node, tasks=tasks, title=title, body=str(node.task_title or node.name), on=on)


def _clerks_notify(*, node, tasks, title: str, body: str, on: datetime.date) -> list[int]:
    """Tell each unit's văn thư (``clerk_for_unit`` that day) of its new Tiếp nhận task ``node``, one notification per
    (task, văn thư) in one INSERT; ``tasks``: rows (task id, process id, unit id, unit report id or None). Their
    e-mails go after commit. Returns the ids written."""
    from django.contrib.auth import get_user_model

    members = notify.queue_members(permission="orgchart.clerk_for_unit", unit_ids=sorted({t[2] for t in tasks}), on=on)
    sample = node.reverse("index", args=[1, 1])  # …/1/acknowledge/1/: the ids go in below
    head, _mid, tail = sample.rpartition("/1/acknowledge/1/")
    now = timezone.now()
    rows = [(user_id, NotificationKind.DOCUMENT_ARRIVED, f"task:{task_id}:{user_id}"[:120], title[:255], body,
             f"{head}/{process_id}/acknowledge/{task_id}/{tail}"[:255], report_id, now)
            for task_id, process_id, unit_id, report_id in tasks for user_id in members.get(unit_id, [])]
    if not rows:
        return []
    with_email = set(get_user_model().objects.filter(pk__in={r[0] for r in rows}).exclude(email="")
                     .values_list("pk", flat=True))
    rows = [(*row, EmailState.QUEUED if row[0] in with_email else EmailState.NO_ADDRESS, 0, "") for row in rows]
    ids = _insert_values(Notification, ["user", "kind", "key", "title", "body", "url", "unit_report", "created",
                                        "email_state", "email_attempts", "email_error"], rows, returning="id")
    notify._email_later([pk for pk, row in zip(ids, rows) if row[0] in with_email])
    return ids


# --- report cycles (mở kỳ báo cáo): the beat's tick and a recurring obligation's fan-out ----------------

def cycles_tick(*, today: datetime.date | None = None, obligations=None, batch_size: int | None = None) -> dict:
    """Open every cycle whose day has come (of ``obligations`` only, if given). Returns the cycles opened and the
    unit reports created."""
    today = today or timezone.localdate()
    opened, created = 0, 0
    for cycle in list(plan_cycles.cycles_to_open(today=today, obligations=obligations)):
        created += fanout_obligation(obligation_id=cycle.obligation_id, cycle_id=cycle.pk, on=today,
                                     batch_size=batch_size)
        opened += 1
    return {"cycles": opened, "reports": created}


def obligation_cycles_open(*, obligation: Obligation, today: datetime.date | None = None,
                           batch_size: int | None = None) -> int:
    """A recurring obligation's fan-out (at issue, or resumed by the outbox sweep): create its cycles, open those
    whose day has come; the later ones are the beat's. Returns the unit reports created."""
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    created = cycles_tick(today=today, obligations=[obligation.pk], batch_size=batch_size)["reports"]
    Obligation.objects.filter(pk=obligation.pk).update(fanout_finished=timezone.now(), fanout_heartbeat=timezone.now())
    return created
