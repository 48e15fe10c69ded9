"""Representative write attempts outside one's position (issue 12): refused, and nothing written.

Each attempt is a POST/PUT by a demo login on another unit's task, report, plan or process,
through the API or viewflow's pages. Expected: 401/403/404/405 (or the login page), and the
database exactly as before (tasks, processes, documents, figures, reports, audit).
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Process, Task

from .matrix import DENIAL_STATUSES
from .test_permission_matrix import ARTIFACTS


def _snapshot():
    from documents.models import Document
    from workflows.models import AuditEntry, ReceiptProcess
    from workflows.models.reports import IndicatorValue, UnitReport

    return {
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "status", "owner_id")),
        "processes": list(Process.objects.order_by("pk").values_list("pk", "status")),
        "documents": list(Document.objects.order_by("pk").values_list("pk", "status", "number", "version")),
        "figures": list(IndicatorValue.objects.order_by("pk").values_list("pk", "number", "code")),
        "reports": list(UnitReport.objects.order_by("pk").values_list("pk", "state", "assignee_id")),
        "receipts": list(ReceiptProcess.objects.order_by("pk").values_list("pk", "acknowledged_at")),
        "audit": AuditEntry.objects.count(),
    }


def _task(flow, step, *, status=("NEW", "ASSIGNED"), unit_key=None, owner=None):
    from orgchart.models import Unit

    tasks = Task.objects.filter(flow_task_type="HUMAN", status__in=status).order_by("pk")
    for task in tasks:
        if task.flow_task.flow_class.__name__ != flow or task.flow_task.name != step:
            continue
        if owner is not None and (task.owner is None or task.owner.username != owner):
            continue
        if unit_key is not None:
            if task.owner_permission_obj_pk is None:
                continue
            if Unit.objects.get(pk=task.owner_permission_obj_pk).key != unit_key:
                continue
        return task
    raise AssertionError(f"the demo has no {flow}.{step} task {status} {unit_key or ''}{owner or ''}")


def _other_unit_ack_task():
    """An open Tiếp nhận of a unit that none of the attackers belongs to (a district's or a sở's)."""
    from orgchart.models import Unit

    for task in Task.objects.filter(flow_task_type="HUMAN", status="NEW").order_by("pk"):
        if task.flow_task.name == "acknowledge" and task.owner_permission_obj_pk:
            unit = Unit.objects.get(pk=task.owner_permission_obj_pk)
            if unit.key not in ("tn-snv", "tn-stp", "tn-x-khason-2025", "tn-ubnd", "tn-vp"):
                return task
    raise AssertionError("no open acknowledge task of another unit")


def test_write_attempts_outside_position_are_refused_and_change_nothing(demo):
    from workflows.models import PlanProcess
    from workflows.models.reports import UnitReport

    users = {u.username: u for u in get_user_model().objects.all()}
    ack = _other_unit_ack_task()
    decide = _task("PlanFlow", "decide", status=("ASSIGNED",), owner="pct.loan")
    signed = _task("PlanFlow", "sign_submission", status=("DONE",), owner="gd.snv")
    stp_report = UnitReport.objects.filter(unit__key="tn-stp", state="accepted").exclude(obligation__outline=[]).first() \
        or UnitReport.objects.filter(unit__key="tn-stp").first()
    review = PlanProcess.objects.filter(consolidates__isnull=True).order_by("-pk").first()
    some_stt = "I.1"

    attempts = [
        # (who, method, url, data, what)
        (None, "post", f"/api/tasks/{decide.pk}/approve/", {}, "anonymous approves the PCT's step (API)"),
        ("vt.khason", "post", f"/api/tasks/{ack.pk}/acknowledge/", {}, "a commune clerk acknowledges for another unit (API)"),
        ("vt.phubinh", "post", f"/api/tasks/{ack.pk}/acknowledge/", {}, "a former district clerk acknowledges (API)"),
        ("pct.hoa", "post", f"/api/tasks/{decide.pk}/approve/", {}, "another PCT approves PCT Loan's step (API)"),
        ("gd.stp", "post", f"/api/tasks/{decide.pk}/return/", {"comment": "x"}, "a sở head returns the PCT's step (API)"),
        ("pct.tien", "post", f"/api/tasks/{decide.pk}/approve/", {}, "a former PCT approves (API)"),
        ("cv.khason", "put", f"/api/reports/{stp_report.pk}/figures/", {"values": {some_stt: [1]}},
         "a commune official writes Sở Tư pháp's figures (API)"),
        ("th.snv", "put", f"/api/reports/{stp_report.pk}/figures/", {"values": {some_stt: [1]}},
         "the consolidator writes a unit's figures (API; only the assignee and the unit head may)"),
        ("vt.khason", "post", ack.reverse("assign"), {}, "a commune clerk takes another unit's Tiếp nhận (page)"),
        ("pct.hoa", "post", decide.reverse("execute"), {"decision": "approve", "comment": ""},
         "another PCT executes PCT Loan's step (page)"),
        ("gd.snv", "post", reverse("workflow:flows:plan:process_cancel", kwargs={"process_pk": decide.process_id}),
         {"_cancel_process": "1"},
         "a sở head cancels the whole plan process (page)"),
        ("gd.snv", "post", signed.reverse("undo"), {}, "the signer undoes a done step (page; administrators only)"),
        ("vt.khason", "post", reverse("workflow:tasks_assign"), {"pk": [ack.pk]},
         "a commune clerk bulk-assigns another unit's task (page; a bulk action skips what it may not do)"),
        ("cv.khason", "post", reverse("report_figures_upload", args=[stp_report.pk]), {},
         "a commune official uploads Sở Tư pháp's figures (page)"),
        ("cv.stp", "post", reverse("consolidated_report_start", args=[review.pk]), {},
         "a sở's drafter starts the Báo cáo tổng hợp (page)"),
    ]

    results, failures = [], []
    for who, method, url, data, what in attempts:
        client = Client()
        if who:
            client.force_login(users[who])
        before = _snapshot()
        if url.startswith("/api/"):
            response = getattr(client, method)(url, json.dumps(data), content_type="application/json")
        else:
            response = getattr(client, method)(url, data)
        after = _snapshot()
        location = response.get("Location", "")
        refused = response.status_code in DENIAL_STATUSES or (response.status_code == 302 and "/login/" in location)
        if url == reverse("workflow:tasks_assign"):
            refused = True  # the bulk form answers 200 and acts only on the tasks the user may take: judged by the data
        changed = [key for key in before if before[key] != after[key]]
        results.append({"who": who or "anonymous", "what": what, "method": method.upper(), "url": url,
                        "status": response.status_code, "location": location, "changed": changed})
        if not refused or changed:
            failures.append(f"{who or 'anonymous'}: {what}: {method.upper()} {url} → {response.status_code} "
                            f"{location} changed={changed}")

    # Hole 1: the holder lets go of a person step; nobody else may then take it.
    holder = Client()
    holder.force_login(users["pct.loan"])
    holder.post(decide.reverse("unassign"))
    decide.refresh_from_db()
    for who in ("cv.stp", "ct.khason"):
        client = Client()
        client.force_login(users[who])
        before = _snapshot()
        response = client.post(decide.reverse("assign"))
        changed = [key for key in before if before[key] != _snapshot()[key]]
        results.append({"who": who, "what": "takes the PCT's step after the PCT let go of it (page)", "method": "POST",
                        "url": decide.reverse("assign"), "status": response.status_code, "changed": changed})
        if response.status_code not in DENIAL_STATUSES or changed:
            failures.append(f"{who}: takes PCT Loan's unassigned step: POST {decide.reverse('assign')} → "
                            f"{response.status_code} changed={changed}")

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "write_attempts.json").write_text(json.dumps({"attempts": results, "failures": failures},
                                                              ensure_ascii=False, indent=1))
    print(f"\nwrite attempts: {len(results)}, refused without change: {len(results) - len(failures)}, "
          f"failures: {len(failures)}")
    assert not failures, "\n".join(failures)
