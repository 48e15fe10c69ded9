"""``manage.py bench rush``: the last hour before a report deadline, measured over HTTP.

Setup (not measured): a scratch PostgreSQL database ``kh_bench_rush`` on the configured server; the
demo org chart; ``units`` communes, each with a Chủ tịch (head), a văn thư and a chuyên viên (bulk rows,
``bench_data``); a plan issued through the real flow with a 30-row Bảng tổng hợp (seed 002), fanned
out to the communes by the bulk fan-out; each unit's report acknowledged and assigned to its drafter
through the task services. Then gunicorn (production settings, ``config.settings.bench``) on a free
port and a Celery worker on Redis db 8.

The rush (measured): a bounded pool of client threads; for each unit its drafter logs in (login page,
CSRF cookie, form POST, as a browser), reads the task list, PUTs the figures, submits the report; then
its head logs in, finds the signing task and signs (the report takes its number and goes up). The
consolidator then accepts every report. All through the API a browser's scripts use, with the session
cookie and the CSRF header. ``floor_per_s`` is the rate of a trivial logged-in GET (an empty task list)
on the same server in the same run, with the same pool.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from config.celery import app
from documents.models import DocType, Document
from orgchart.demo import load_orgchart
from orgchart.models import Field, RecipientGroup, Unit, UnitKind
from orgchart.two_factor import demo_device_enrol
from workflows.bench import servers
from workflows.bench.data import bulk_people, bulk_units, figures_payload, table_annex
from workflows.demo.plans import demo_perform
from workflows.flows import PlanFlow, UnitReportFlow, actions, fanout, runtime
from workflows.models import Obligation, UnitReport
from workflows.reports.consolidated import plan_indicator_table

D = datetime.date
RUSH_DB = "kh_bench_rush"
REDIS_RUSH = os.environ.get("KEHOACH_BENCH_REDIS", "redis://127.0.0.1:6379/8")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the client: a browser's requests, without a browser ------------------------------------------------


@dataclass
class Samples:
    """Every request's latency, by kind; appended from many threads (list.append is atomic)."""

    rows: list = field(default_factory=list)

    def add(self, kind: str, ms: float, status: int) -> None:
        self.rows.append((kind, ms, status))

    def ms(self, *kinds: str) -> list[float]:
        return [ms for kind, ms, _s in self.rows if kind in kinds]


class Browser:
    """One person's session: cookies kept like a browser's (secure ones too: the TLS proxy is simulated by
    ``X-Forwarded-Proto: https``), the CSRF token sent back in the header on every unsafe request.
    One connection per request and no retries: a request either reached the server once, or failed."""

    def __init__(self, port: int, samples: Samples):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.samples = samples

    def request(self, method: str, path: str, *, kind: str, json_body=None, form: dict | None = None) -> tuple[int, bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", "Accept": "application/json, text/html",
                   "Connection": "close"}
        body = None
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif form is not None:
            body, headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        if method not in ("GET", "HEAD"):
            headers["Origin"], headers["Referer"] = self.origin, self.origin + path
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=180)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
            for raw in response.headers.get_all("Set-Cookie") or []:
                name, _sep, rest = raw.partition("=")
                value = rest.split(";", 1)[0]
                if "max-age=0" in raw.lower() or value in ("", '""'):
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value
        except OSError:
            status, data = 0, b""
        finally:
            conn.close()
        self.samples.add(kind, (time.perf_counter() - start) * 1000, status)
        return status, data

    def login(self, username: str, password: str) -> bool:
        self.username = username
        status, _page = self.request("GET", "/accounts/login/", kind="login")
        if status != 200:
            return False
        status, _page = self.request("POST", "/accounts/login/", kind="login", form={
            "username": username, "password": password, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
        return status == 302 and "sessionid" in self.cookies

    def get_json(self, path: str, *, kind: str):
        status, data = self.request("GET", path, kind=kind)
        return status, (json.loads(data) if status == 200 else None)

    def open_tasks(self, *, kind: str = "tasks", step: str | None = None) -> list[dict]:
        """Every page of the user's task list (inbox and queue)."""
        tasks, page = [], 1
        while True:
            status, data = self.get_json(f"/api/tasks/?page={page}", kind=kind)
            if status != 200:
                return tasks
            tasks.extend(t for t in data["results"] if step is None or t["step"] == step)
            if not data.get("next"):
                return tasks
            page += 1


def perform_step(browser: Browser, *, task_id: int, action: str, data: dict, kind: str) -> tuple[int, bytes]:
    """The ONE place where the bench's clients complete a task (``POST /api/tasks/<id>/<action>/``).

    A signature carries the signer's one-time code, read from their authenticator (the device enrolled at
    setup, ``SIGNERS``) as a person reads their phone; no PIN: the bench's signers have no signing key.
    """
    if action == "sign":
        data = {**data, "otp": signer_code(browser.username)}
    return browser.request("POST", f"/api/tasks/{task_id}/{action}/", kind=kind, json_body=data)


#: username -> (key, t0, step, digits, drift) of each head's authenticator, filled at setup (no database in the clients).
SIGNERS: dict[str, tuple] = {}


def signers_enrol(users) -> None:
    """Each head gets an authenticator (TOTP), as a real signer enrols once; the clients keep its key."""
    for user in users:
        device = demo_device_enrol(user)
        SIGNERS[user.username] = (device.bin_key, device.t0, device.step, device.digits, device.drift)


def signer_code(username: str) -> str:
    from django_otp.oath import hotp

    key, t0, step, digits, drift = SIGNERS[username]
    t = (int(time.time()) - t0) // step + drift
    return f"{hotp(key, t, digits=digits):0{digits}d}"


@dataclass
class UnitOutcome:
    unit_id: int
    sent: bool = False
    sent_at: float = 0.0  # time.monotonic() when the head's signature was answered 200
    error: str = ""


def unit_rush(*, port: int, samples: Samples, people, password: str, figures: dict, deadline: float) -> UnitOutcome:
    """One unit: the drafter enters the figures and submits, the head signs and sends it up."""
    outcome = UnitOutcome(unit_id=people.unit_id)
    if time.monotonic() > deadline:
        outcome.error = "time"
        return outcome
    drafter = Browser(port, samples)
    if not drafter.login(people.drafter, password):
        outcome.error = "drafter login"
        return outcome
    draft = next(iter(drafter.open_tasks(step="draft_report")), None)
    if draft is None:
        outcome.error = "no draft task"
        return outcome
    status, body = drafter.request("PUT", f"/api/reports/{draft['report_id']}/figures/", kind="figures",
                                   json_body={"values": figures})
    if status != 200:
        outcome.error = f"figures {status} {body[:200].decode(errors='replace')}"
        return outcome
    status, body = perform_step(drafter, task_id=draft["id"], action="submit", kind="submit", data={
        "title": "Báo cáo kết quả thực hiện kế hoạch",
        "sections": [{"number": "I", "title": "KẾT QUẢ THỰC HIỆN", "paragraphs": [f"Đơn vị {people.unit_id} đã hoàn thành."]}]})
    if status != 200:
        outcome.error = f"submit {status} {body[:200].decode(errors='replace')}"
        return outcome
    head = Browser(port, samples)
    if not head.login(people.head, password):
        outcome.error = "head login"
        return outcome
    sign = next(iter(head.open_tasks(step="sign_report")), None)
    if sign is None:
        outcome.error = "no sign task"
        return outcome
    status, body = perform_step(head, task_id=sign["id"], action="sign", kind="sign", data={})
    if status != 200:
        outcome.error = f"sign {status} {body[:200].decode(errors='replace')}"
        return outcome
    outcome.sent, outcome.sent_at = True, time.monotonic()
    return outcome


# --- setup -------------------------------------------------------------------------------------------------


def _percentile(samples: list[float], q: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)


def rush_plan(*, units: int, rows: int = 30):
    """The plan, its table, ``units`` communes with their people, the fanned-out reports acknowledged and assigned.

    Returns (obligation, people, figures by unit id). Runs in this process on the scratch database."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from viewflow.workflow.status import STATUS


    app.conf.task_always_eager = True  # setup runs its own fan-out, here
    try:
        load_orgchart(password=settings.DEMO_PASSWORD)
        User = get_user_model()
        province = Unit.objects.get(key="tn-ubnd")
        cluster = Unit.objects.create(key="rush-cum", code="CUM", name="Cụm xã thử hiệu năng", kind=UnitKind.OTHER,
                                      parent=province, valid_from=D(2025, 7, 1))
        RecipientGroup.objects.create(name="Các xã thử hiệu năng", scope=cluster, unit_kinds=[UnitKind.COMMUNE])
        unit_ids = bulk_units(count=units, prefix="rush", parent=cluster, kind=UnitKind.COMMUNE)
        people = bulk_people(unit_ids=unit_ids, prefix="rush", password=settings.DEMO_PASSWORD)
        annex = table_annex(rows=rows)
        content = {"sections": [{"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": ["Báo cáo kết quả."], "children": []}],
                   "annexes": [annex], "recipients": [{"text": "Các xã thử hiệu năng", "archive": False}]}
        process = runtime.plan_start(user=User.objects.get(username="cv.cchc"), division=Unit.objects.get(key="tn-snv-cchc"),
                                     title="Kế hoạch báo cáo kết quả (đo hiệu năng hạn báo cáo)", content=content,
                                     field=Field.objects.get(code="noi-vu"))
        for step, username, action, data in [("review", "tp.cchc", "approve", {}), ("sign_submission", "gd.snv", "sign", {}),
                                             ("vet", "cv.vp", "approve", {}), ("decide", "pct.loan", "sign", {}),
                                             ("issue", "vt.ubnd", "issue", {"issued_on": "2025-08-01"})]:
            task = process.task_set.get(flow_task=getattr(PlanFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
            demo_perform(task, User.objects.get(username=username), action, data)  # signers type their code
        process.refresh_from_db()
        obligation = Obligation.objects.create(
            plan=process, title="Báo cáo kết quả thực hiện kế hoạch", recipients=["Các xã thử hiệu năng"],
            consolidator=Unit.objects.get(key="tn-snv-cchc"), due_date=datetime.date.today() + datetime.timedelta(days=1),
            outline=[{"number": "I", "title": "KẾT QUẢ THỰC HIỆN"}])
        created = fanout.fanout_obligation(obligation_id=obligation.pk, on=D(2025, 8, 1))
        if created != units:
            raise servers.BenchError(f"fan-out opened {created} reports, expected {units}")
        table = plan_indicator_table(process=process)
        users = {u.username: u for u in User.objects.filter(username__startswith="rush.")}
        reports = {r.unit_id: r for r in UnitReport.objects.filter(obligation=obligation).select_related("process")}
        for index, person in enumerate(people):
            process_id = reports[person.unit_id].process_id
            for step, username, action, data in [("acknowledge", person.clerk, "acknowledge", {}),
                                                 ("assign", person.head, "assign", {"assignee": person.drafter})]:
                task = UnitReportFlow.instance.task_class.objects.get(
                    process_id=process_id, flow_task=getattr(UnitReportFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
                actions.task_perform(task_id=task.pk, user=users[username], action=action, data=data)
            if index % 100 == 99:
                log(f"setup: {index + 1}/{units} reports acknowledged and assigned")
        signers_enrol(users[p.head] for p in people)
        figures = {p.unit_id: figures_payload(table=table, seed=i) for i, p in enumerate(people)}
        return obligation, people, figures
    finally:
        app.conf.task_always_eager = False


def rush_verify(*, obligation, outcomes: list[UnitOutcome]) -> dict:
    """What the database says at the end: completed, lost (told "sent", not accepted), duplicated."""
    from django.db.models import Count

    from workflows.models import ReportState, UnitReport

    states = dict(UnitReport.objects.filter(obligation=obligation).values_list("unit_id", "state"))
    sent = {o.unit_id for o in outcomes if o.sent}
    lost = sum(1 for unit_id in sent if states.get(unit_id) != ReportState.ACCEPTED)
    duplicate_reports = (UnitReport.objects.filter(obligation=obligation).values("unit_id").annotate(n=Count("id"))
                         .filter(n__gt=1).count())
    duplicate_documents = (Document.objects.filter(doc_type=DocType.REPORT, parent=obligation.plan.plan, status="issued")
                           .values("issuer_id").annotate(n=Count("id")).filter(n__gt=1).count())
    return {"completed": sum(1 for s in states.values() if s == ReportState.ACCEPTED), "lost": lost,
            "duplicated": duplicate_reports + duplicate_documents}


# --- the run -----------------------------------------------------------------------------------------------


def bench_rush(*, units=500, clients: int = 8, workers: int = 4, threads: int = 4, max_seconds: float = 900.0,
               floor_requests: int | None = None, **_) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    n_units = units[0] if isinstance(units, (list, tuple)) else units
    servers.require_postgresql()
    var_dir = Path(tempfile.mkdtemp(prefix="kh_bench_rush_"))
    load_before = os.getloadavg()
    setup_start = time.perf_counter()
    with servers.scratch_postgres(RUSH_DB) as db_url:
        log(f"scratch database {RUSH_DB} migrated; building {n_units} units")
        obligation, people, figures = rush_plan(units=n_units)
        get_user_model().objects.create_user("rush.floor", password=settings.DEMO_PASSWORD)  # no task: an empty list
        env = servers.server_env(database_url=db_url, broker_url=REDIS_RUSH, var_dir=var_dir)
        web = servers.gunicorn(env=env, var_dir=var_dir, workers=workers, threads=threads)
        worker = servers.celery_worker(env=env, var_dir=var_dir, name="rush")
        try:
            worker.start(wait_for="ready")
            web.start()
            setup_s = time.perf_counter() - setup_start
            log(f"gunicorn on :{web.port} ({workers}×{threads}), worker ready; setup {setup_s:.0f} s; rush starts")
            samples = Samples()
            password = settings.DEMO_PASSWORD
            # the floor: a trivial logged-in GET, same server, same pool
            floor = Browser(web.port, samples)
            if not floor.login("rush.floor", password):
                raise servers.BenchError(f"cannot log in on the bench server: see {var_dir}/gunicorn.log")
            floor_n = floor_requests or max(400, 2 * n_units)
            start = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(lambda _i: floor.request("GET", "/api/tasks/", kind="floor"), range(floor_n)))
            floor_s = time.perf_counter() - start
            # the rush
            deadline = time.monotonic() + max_seconds
            start = time.perf_counter()
            outcomes: list[UnitOutcome] = []
            with ThreadPoolExecutor(clients) as pool:
                futures = [pool.submit(unit_rush, port=web.port, samples=samples, people=p, password=password,
                                       figures=figures[p.unit_id], deadline=deadline) for p in people]
                for future in as_completed(futures):
                    outcomes.append(future.result())
            rush_s = time.perf_counter() - start
            log(f"rush: {sum(o.sent for o in outcomes)}/{n_units} sent in {rush_s:.1f} s; the consolidator accepts")
            # the consolidator accepts every report that came in
            consolidator = Browser(web.port, samples)
            consolidator.login("th.snv", password)
            receive = consolidator.open_tasks(kind="accept_list", step="receive")
            start = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                accepted = list(pool.map(lambda t: perform_step(consolidator, task_id=t["id"], action="approve", data={},
                                                                kind="accept")[0], receive))
            accept_s = time.perf_counter() - start
            result = rush_verify(obligation=obligation, outcomes=outcomes)
        finally:
            web.stop()
            worker.stop()
    steps = samples.ms("tasks", "figures", "submit", "sign")
    rush_requests = [r for r in samples.rows if r[0] in ("login", "tasks", "figures", "submit", "sign")]
    errors: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.error:
            key = " ".join(outcome.error.split(" ")[:2])
            errors[key] = errors.get(key, 0) + 1
    return {
        "bench": "rush", "units": n_units, **result,
        "p50_ms": round(statistics.median(steps), 1) if steps else None, "p95_ms": _percentile(steps, 0.95),
        "per_s": round(len(rush_requests) / rush_s, 1), "floor_per_s": round(floor_n / floor_s, 1),
        "reports_per_s": round(sum(o.sent for o in outcomes) / rush_s, 2),
        "login_p50_ms": round(statistics.median(samples.ms("login")), 1) if samples.ms("login") else None,
        "login_p95_ms": _percentile(samples.ms("login"), 0.95),
        "accept_p95_ms": _percentile(samples.ms("accept"), 0.95), "accepted_ok": accepted.count(200),
        "p95_ms_by_step": {kind: _percentile(samples.ms(kind), 0.95) for kind in ("tasks", "figures", "submit", "sign")},
        "accept_s": round(accept_s, 1), "rush_s": round(rush_s, 1), "setup_s": round(setup_s, 1),
        "requests": len(rush_requests), "errors": errors,
        "error_examples": sorted({o.error[:300] for o in outcomes if o.error})[:3],
        "server": {"gunicorn_workers": workers, "threads": threads, "clients": clients, "settings": "config.settings.bench"},
        "loadavg_before": [round(x, 2) for x in load_before],
    }
