"""Fault drills: ``manage.py bench rush --drill worker-kill | redis-outage | postgres-restart``.

Each drill starts its own servers and breaks only those: a private redis-server on a free port, a
private PostgreSQL cluster (initdb in a temporary directory) for the restart; never the shared ones.

- ``worker-kill``: a 1 000-unit fan-out (batches of 50) runs on a Celery worker; the worker is
  killed with SIGKILL after some batches are committed; a new worker (with beat, whose outbox
  sweep resumes stale fan-outs) starts. Passed when there are exactly 1 000 children, one per unit.
- ``redis-outage``: units submit and sign over HTTP while Redis is stopped for 30 s (and comes back
  empty: ``--save ""``). Passed when every submission was accepted, and after Redis returns every
  notification (a report came in) and reminder (due soon) is e-mailed exactly once.
- ``postgres-restart``: logged-in clients keep asking for their task list while PostgreSQL is
  stopped and started again. Passed when every failure is a 503 (not a 500 or a dropped
  connection) and requests succeed again afterwards with the same gunicorn.
"""

from __future__ import annotations

import collections
import datetime
import email
import email.header
import json
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from config.celery import app
from orgchart.models import RecipientGroup, Unit, UnitKind
from workflows.bench import servers
from workflows.bench.data import bulk_units
from workflows.bench.runs import _issued_plan_for_bench
from workflows.bench.rush import REDIS_RUSH, Browser, Samples, log, rush_plan, unit_rush
from workflows.flows import UnitReportFlow
from workflows.models import Notification, NotificationKind, Obligation, ReportState, UnitReport

D = datetime.date


def _celery_call(env: dict, task: str, **kwargs) -> None:
    subprocess.run([servers._bin("celery"), "-A", "config", "call", task, "--kwargs", json.dumps(kwargs)], env=env,
                   check=True, capture_output=True, cwd=str(servers.settings.BASE_DIR), timeout=120)


def _wait(predicate, *, timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


# --- a worker killed during a fan-out ---------------------------------------------------------------------


def _unfanned_obligation(*, units: int) -> int:
    """A plan issued through the flow, ``units`` communes, and an obligation on them not fanned out yet."""
    from django.conf import settings


    app.conf.task_always_eager = True
    try:
        process, _on = _issued_plan_for_bench()
    finally:
        app.conf.task_always_eager = False
    cluster = Unit.objects.create(key="drill-cum", code="CUM", name="Cụm xã diễn tập", kind=UnitKind.OTHER,
                                  parent=Unit.objects.get(key="tn-ubnd"), valid_from=D(2025, 7, 1))
    RecipientGroup.objects.create(name="Các xã diễn tập", scope=cluster, unit_kinds=[UnitKind.COMMUNE])
    bulk_units(count=units, prefix="drill", parent=cluster, kind=UnitKind.COMMUNE)
    assert settings.DEMO_PASSWORD
    return Obligation.objects.create(plan=process, title="Báo cáo diễn tập", recipients=["Các xã diễn tập"],
                                     consolidator=Unit.objects.get(key="tn-snv-cchc")).pk


def drill_worker_kill(*, units=None, **_) -> dict:
    from viewflow.workflow.models import Task

    from workflows.models import Obligation, UnitReport

    n = (units or [1000])[0]
    var_dir = Path(tempfile.mkdtemp(prefix="kh_bench_drill_"))
    redis = servers.RedisServer(var_dir)
    redis.start()
    try:
        with servers.scratch_postgres("kh_bench_drill_worker") as db_url:
            obligation_id = _unfanned_obligation(units=n)
            env = servers.server_env(database_url=db_url, broker_url=redis.url, var_dir=var_dir, extra={
                "KEHOACH_FANOUT_BATCH_SIZE": "50", "KEHOACH_FANOUT_STALE_SECONDS": "10", "KEHOACH_OUTBOX_SWEEP_SECONDS": "5"})
            first = servers.celery_worker(env=env, var_dir=var_dir, name="drill-a").start(wait_for="ready")
            _celery_call(env, "workflows.fanout_obligation", obligation_id=obligation_id)
            reports = UnitReport.objects.filter(obligation_id=obligation_id)
            started = _wait(lambda: reports.count() >= 100, timeout=300, step=0.05)
            first.kill()  # SIGKILL to the worker and its pool, mid-fan-out
            at_kill = reports.count()
            log(f"drill worker-kill: worker killed with {at_kill}/{n} children written")
            start = time.monotonic()
            second = servers.celery_worker(env=env, var_dir=var_dir, name="drill-b", beat=True).start(wait_for="ready")
            try:
                finished = _wait(lambda: Obligation.objects.filter(pk=obligation_id, fanout_finished__isnull=False).exists(),
                                 timeout=300)
                recovered_s = time.monotonic() - start
                time.sleep(10)  # a redelivered message or a second sweep, if any, would run now: still nothing twice
            finally:
                second.stop()
            children = reports.count()
            distinct = reports.values("unit_id").distinct().count()
            starts = Task.objects.filter(process__unit_report__obligation_id=obligation_id, flow_task=UnitReportFlow.start).count()
            firsts = Task.objects.filter(process__unit_report__obligation_id=obligation_id,
                                         flow_task=UnitReportFlow.acknowledge).count()
    finally:
        redis.stop()
    return {"drill": "worker-kill", "units": n, "killed_mid_fanout": started and at_kill < n, "children_at_kill": at_kill,
            "children": children, "distinct_units": distinct, "start_tasks": starts, "first_tasks": firsts,
            "finished": finished, "recovered_s": round(recovered_s, 1),
            "passed": bool(started and at_kill < n and finished and children == distinct == starts == firsts == n)}


# --- Redis stopped during submissions ---------------------------------------------------------------------


def _mail_messages(folder: Path) -> list[tuple[str, str]]:
    """(to, subject) of every message the file-based e-mail backend wrote."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip())
                found.append((message.get("To", ""), str(email.header.make_header(email.header.decode_header(
                    message.get("Subject", ""))))))
    return found


def drill_redis_outage(*, units=None, outage_s: float = 30.0, clients: int = 8, **_) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import F, Value
    from django.db.models.functions import Concat


    n = (units or [40])[0]
    var_dir = Path(tempfile.mkdtemp(prefix="kh_bench_drill_"))
    mail_dir = var_dir / "mail"
    mail_dir.mkdir()
    redis = servers.RedisServer(var_dir)
    redis.start()
    try:
        with servers.scratch_postgres("kh_bench_drill_redis") as db_url:
            obligation, people, figures = rush_plan(units=n, rows=10)
            get_user_model().objects.filter(email="").update(email=Concat(F("username"), Value("@bench.invalid")))
            env = servers.server_env(database_url=db_url, broker_url=redis.url, var_dir=var_dir, extra={
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir),
                "KEHOACH_OUTBOX_SWEEP_SECONDS": "5", "KEHOACH_REMINDERS_SECONDS": "10"})
            env["EMAIL_FILE_PATH"] = str(mail_dir)
            web = servers.gunicorn(env=env, var_dir=var_dir, workers=2, threads=4)
            worker = servers.celery_worker(env=env, var_dir=var_dir, name="drill-r", beat=True)
            try:
                worker.start(wait_for="ready")
                web.start()
                samples = Samples()
                window = {}
                outcomes = []

                def outage():
                    # as soon as the first report is signed and sent: the rest are sent while Redis is away
                    _wait(lambda: UnitReport.objects.filter(obligation=obligation, state=ReportState.SUBMITTED).exists(), timeout=600,
                          step=0.2)
                    redis.stop()
                    window["down"] = time.monotonic()
                    log("drill redis-outage: Redis stopped")
                    time.sleep(outage_s)
                    redis.start()
                    window["up"] = time.monotonic()
                    log("drill redis-outage: Redis started again (empty)")

                breaker = threading.Thread(target=outage)
                breaker.start()
                deadline = time.monotonic() + 900
                with ThreadPoolExecutor(clients) as pool:
                    futures = {pool.submit(unit_rush, port=web.port, samples=samples, people=p, password=settings.DEMO_PASSWORD,
                                           figures=figures[p.unit_id], deadline=deadline): p for p in people}
                    for future in as_completed(futures):
                        outcome = future.result()
                        outcomes.append((outcome, outcome.sent_at))
                breaker.join()
                pending = Notification.objects.filter(emailed_at__isnull=True).exclude(user__email="")
                delivered = _wait(lambda: not pending.exists() and Notification.objects.filter(
                    kind=NotificationKind.DUE_SOON, emailed_at__isnull=False).exists(), timeout=240, step=2)
                time.sleep(15)  # one more sweep and reminders tick: nothing may be sent twice
            finally:
                web.stop()
                worker.stop()
            messages = _mail_messages(mail_dir)
            counts = collections.Counter(messages)
            notices = Notification.objects.all()
            during = [o for o, t in outcomes if window.get("down", 1e18) <= t <= window.get("up", 0)]
            result = {
                "drill": "redis-outage", "units": n, "outage_s": outage_s,
                "sent": sum(o.sent for o, _t in outcomes), "failed": [o.error for o, _t in outcomes if not o.sent][:5],
                "completed_during_outage": sum(o.sent for o in during),
                "notifications": notices.count(),
                "report_notices": notices.filter(kind=NotificationKind.REPORT_SUBMITTED).count(),
                "reminders": notices.filter(kind=NotificationKind.DUE_SOON).count(),
                "emailed": notices.filter(emailed_at__isnull=False).count(), "emails_written": len(messages),
                "emails_twice": sum(1 for c in counts.values() if c > 1), "all_delivered": delivered,
            }
            result["passed"] = (result["sent"] == n and result["completed_during_outage"] > 0 and delivered
                                and result["emails_twice"] == 0 and result["emails_written"] == result["emailed"]
                                == result["notifications"])
    finally:
        redis.stop()
    return result


# --- PostgreSQL restarted ---------------------------------------------------------------------------------


def drill_postgres_restart(*, clients: int = 8, down_s: float = 5.0, **_) -> dict:
    from django.conf import settings
    from django.db import connection

    var_dir = Path(tempfile.mkdtemp(prefix="kh_bench_drill_"))
    pg = servers.PrivatePostgres(var_dir)
    pg.init()
    saved = {k: connection.settings_dict.get(k) for k in ("HOST", "PORT", "USER", "PASSWORD", "NAME")}
    connection.close()
    connection.settings_dict.update(pg.settings_dict("postgres"))
    try:
        with servers.scratch_postgres("kh_bench_drill_pg") as db_url:
            _obligation, people, _figures = rush_plan(units=4, rows=5)
            env = servers.server_env(database_url=db_url, broker_url=REDIS_RUSH, var_dir=var_dir)
            web = servers.gunicorn(env=env, var_dir=var_dir, workers=2, threads=4).start()
            timeline: list[tuple[float, int]] = []
            examples: dict[int, str] = {}
            try:
                samples = Samples()
                browsers = [Browser(web.port, samples) for _ in range(clients)]
                for index, browser in enumerate(browsers):
                    if not browser.login(people[index % len(people)].drafter, settings.DEMO_PASSWORD):
                        raise servers.BenchError(f"login failed before the drill: see {var_dir}/gunicorn.log")
                t0 = time.monotonic()
                stop = threading.Event()

                def ask(browser):
                    while not stop.is_set():
                        status, body = browser.request("GET", "/api/tasks/", kind="drill")
                        timeline.append((time.monotonic() - t0, status))
                        if status != 200 and status not in examples:
                            examples[status] = body[:300].decode(errors="replace")
                        time.sleep(0.05)

                threads = [threading.Thread(target=ask, args=(b,)) for b in browsers]
                for thread in threads:
                    thread.start()
                time.sleep(5)
                t_down = time.monotonic() - t0
                pg.stop("fast")
                log("drill postgres-restart: PostgreSQL stopped")
                time.sleep(down_s)
                pg.start()
                t_up = time.monotonic() - t0
                log("drill postgres-restart: PostgreSQL started again")
                time.sleep(10)
                stop.set()
                for thread in threads:
                    thread.join()
            finally:
                web.stop()
            connection.close()
    finally:
        connection.settings_dict.update(saved)
        pg.destroy()
    during = collections.Counter(s for t, s in timeline if t_down <= t <= t_up + 1)
    after = collections.Counter(s for t, s in timeline if t > t_up + 2)
    failures = {s: c for s, c in collections.Counter(s for _t, s in timeline).items() if s != 200}
    return {"drill": "postgres-restart", "down_s": down_s, "requests": len(timeline), "statuses_while_down": dict(during),
            "statuses_after": dict(after), "failures": failures, "failure_examples": examples,
            "resumed": after.get(200, 0) > 0 and set(after) == {200},
            "passed": after.get(200, 0) > 0 and set(after) == {200} and set(failures) <= {503}}


DRILLS = {"worker-kill": drill_worker_kill, "redis-outage": drill_redis_outage, "postgres-restart": drill_postgres_restart}
