"""Benchmarks, run by ``manage.py bench`` on a throw-away database (never by the tests).

Each function builds its own data in a fresh test database, measures, and
returns a JSON-ready dict.
"""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager

from documents.models import Indicator, IndicatorKind, IndicatorTable
from documents.signing.bench import bench_sign as run
from orgchart.demo import load_orgchart
from orgchart.models import Unit, UnitKind
from workflows.demo.plans import demo_perform
from workflows.figures.consolidation import consolidate
from workflows.flows import PlanFlow, UnitReportFlow, fanout, runtime
from workflows.flows.fanout import _insert_values
from workflows.models import Obligation, UnitReport
from workflows.notifications.reminders import reminders_tick


class BenchUnavailable(Exception):
    pass


@contextmanager
def scratch_database():
    """A fresh database (the test database of the configured engine), destroyed afterwards."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Its own database, never the test suite's (a bench may run while tests run).
    bench_name = str(settings.VAR_DIR / "bench_kehoach.sqlite3") if connection.vendor == "sqlite" else f"{old_name}_bench"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = bench_name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


class StatementCounter:
    """Counts SQL statements through a connection wrapper (no 9000-query log cap)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._cm = connection.execute_wrapper(self)
        self._cm.__enter__()
        return self

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def _percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"p50_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2)}


def _open_unit_tasks(*, count: int, people: int = 200, due=None):
    """``count`` open unit-report tasks spread over ``people`` users (the first is pct.loan); returns pct.loan."""
    import datetime

    from django.contrib.auth import get_user_model
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS


    process, on = _issued_plan_for_bench()
    province = Unit.objects.get(key="tn-ubnd")
    existing = len(fanout.obligation_targets(obligation=_obligation(process, "probe"), on=on))
    Unit.objects.bulk_create([Unit(key=f"bench-x-{i}", code="UBND", name=f"Ủy ban nhân dân xã Thử {i}", kind=UnitKind.COMMUNE,
                                   parent=province, valid_from=datetime.date(2025, 7, 1)) for i in range(count - existing)],
                             batch_size=2000)
    obligation = _obligation(process, "Báo cáo đo hiệu năng")
    obligation.due_date = due or datetime.date.today()
    obligation.save(update_fields=["due_date"])
    fanout.fanout_obligation(obligation_id=obligation.pk, on=on)
    User = get_user_model()
    User.objects.bulk_create([User(username=f"bench{i}") for i in range(people - 1)], batch_size=1000)
    me = User.objects.get(username="pct.loan")
    owners = [me.pk, *User.objects.filter(username__startswith="bench").values_list("pk", flat=True)]
    task_ids = list(Task.objects.filter(process__unit_report__obligation=obligation, status=STATUS.NEW).order_by("pk")
                    .values_list("pk", flat=True))
    for index, owner in enumerate(owners):
        Task.objects.filter(pk__in=task_ids[index::len(owners)]).update(owner_id=owner, status=STATUS.ASSIGNED)
    return me, obligation


def bench_inbox(*, tasks: int = 10000, repeat: int = 20, **_) -> dict:
    """A user's inbox first page with ``tasks`` open tasks over 200 people: latency and query count."""
    from django.db import connection
    from django.test import Client

    with scratch_database():
        me, _obligation_ = _open_unit_tasks(count=tasks)
        client = Client()
        client.force_login(me)
        client.get("/workflow/inbox/")  # warm up (and pin the list in the session, as a user's reloads do)
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get("/workflow/inbox/")
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        with StatementCounter() as statements:
            client.get("/workflow/inbox/")
        return {"bench": "inbox", "database": connection.vendor, "tasks": tasks, **_percentiles(samples),
                "queries": statements.count}


def bench_reminders(*, tasks: int = 10000, **_) -> dict:
    """One beat tick over ``tasks`` reports due today: time and statements (then a second tick: nothing new)."""
    import datetime

    from django.db import connection


    with scratch_database():
        _open_unit_tasks(count=tasks, due=datetime.date.today())
        with StatementCounter() as statements:
            start = time.perf_counter()
            created = reminders_tick()
            first_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        again = reminders_tick()
        second_ms = (time.perf_counter() - start) * 1000
        return {"bench": "reminders", "database": connection.vendor, "tasks": tasks, "reminders": len(created),
                "ms": round(first_ms, 1), "statements": statements.count, "second_tick_new": len(again),
                "second_tick_ms": round(second_ms, 1)}


def bench_render(*, repeat: int = 20, **_) -> dict:
    try:
        from documents.bench import bench_render as run
    except ImportError as exc:  # the Word module is optional until it lands
        raise BenchUnavailable(str(exc)) from None
    return {"bench": "render", **run(repeat=repeat)}


def bench_import(*, repeat: int = 20, **_) -> dict:
    try:
        from documents.bench import bench_import as run
    except ImportError as exc:
        raise BenchUnavailable(str(exc)) from None
    return {"bench": "import", **run(repeat=repeat)}


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def _issued_plan_for_bench():
    """A plan issued through the real flow, to hang obligations on."""
    import datetime

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from viewflow.workflow.status import STATUS

    from orgchart.models import Field, Unit

    load_orgchart(password=settings.DEMO_PASSWORD)
    User = get_user_model()
    process = runtime.plan_start(
        user=User.objects.get(username="cv.cchc"), division=Unit.objects.get(key="tn-snv-cchc"),
        title="Kế hoạch đo hiệu năng giao việc", content={"sections": [], "recipients": [{"text": "Bộ Nội vụ", "archive": False}]},
        field=Field.objects.get(code="noi-vu"))
    for step, username, action, data in [("review", "tp.cchc", "approve", {}), ("sign_submission", "gd.snv", "sign", {}),
                                         ("vet", "cv.vp", "approve", {}), ("decide", "pct.loan", "sign", {}),
                                         ("issue", "vt.ubnd", "issue", {"issued_on": "2025-08-01"})]:
        task = process.task_set.get(flow_task=getattr(PlanFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
        demo_perform(task, User.objects.get(username=username), action, data)
    process.refresh_from_db()
    return process, datetime.date(2025, 8, 1)


def _obligation(plan, title):
    from orgchart.models import Unit

    return Obligation.objects.create(plan=plan, title=title, recipients=["UBND các xã, phường, thị trấn"],
                                     consolidator=Unit.objects.get(key="tn-snv-cchc"))


def _raw_bulk(obligation, targets, now):
    """The floor: a plain bulk_create of the same rows, with nothing else."""
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.fields import get_flow_ref
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import STATUS
    from viewflow.workflow.token import Token

    from orgchart.models import Unit

    ct = ContentType.objects.get_for_model(Unit)
    processes = Process.objects.bulk_create([Process(flow_class=UnitReportFlow, status="NEW", created=now) for _ in targets])
    UnitReport.objects.bulk_create([UnitReport(obligation=obligation, unit_id=t.unit_id, receiver_id=t.receiver_id, process=p)
                                    for t, p in zip(targets, processes)])
    starts = Task.objects.bulk_create([Task(process=p, flow_task=UnitReportFlow.start, flow_task_type="START", status=STATUS.DONE,
                                            created=now, started=now, finished=now, token=Token("start")) for p in processes])
    firsts = Task.objects.bulk_create([Task(process=p, flow_task=UnitReportFlow.acknowledge, flow_task_type="HUMAN",
                                            status=STATUS.NEW, created=now, token=Token("start"),
                                            owner_permission="orgchart.clerk_for_unit", owner_permission_content_type=ct,
                                            owner_permission_obj_pk=str(t.unit_id)) for p, t in zip(processes, targets)])
    through = Task.previous.through
    through.objects.bulk_create([through(from_task_id=f.pk, to_task_id=s.pk) for f, s in zip(firsts, starts)])
    assert get_flow_ref(UnitReportFlow)


def bench_fanout(*, units=(1000, 5000, 10000), **_) -> dict:
    """Fan-out of one plan to N communes: Kehoach's bulk path vs viewflow's start per unit vs a plain bulk_create."""
    import datetime

    from django.db import connection, transaction
    from django.utils import timezone

    from orgchart.models import Unit, UnitKind
    from workflows.flows import UnitReportFlow, fanout
    from workflows.models import UnitReport

    results = []
    for n in units:
        with scratch_database():
            process, on = _issued_plan_for_bench()
            province = Unit.objects.get(key="tn-ubnd")
            existing = len(fanout.obligation_targets(obligation=_obligation(process, "probe"), on=on))
            Unit.objects.bulk_create([Unit(key=f"bench-x-{i}", code="UBND", name=f"Ủy ban nhân dân xã Thử {i}",
                                           kind=UnitKind.COMMUNE, parent=province, valid_from=datetime.date(2025, 7, 1))
                                      for i in range(n - existing)], batch_size=2000)
            ours, naive, raw = (_obligation(process, name) for name in ("kehoach", "naive", "raw"))
            rss_before = _rss_mb()
            with StatementCounter() as statements:
                start = time.perf_counter()
                created = fanout.fanout_obligation(obligation_id=ours.pk, on=on)
                kehoach_ms = (time.perf_counter() - start) * 1000
            rss_growth = _rss_mb() - rss_before
            assert created == n, (created, n)
            targets = fanout.obligation_targets(obligation=naive, on=on)
            start = time.perf_counter()
            with transaction.atomic():
                for target in targets:
                    report = UnitReport.objects.create(obligation=naive, unit_id=target.unit_id, receiver_id=target.receiver_id)
                    UnitReportFlow.start.run(unit_report=report)
            naive_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            with transaction.atomic():
                _raw_bulk(raw, fanout.obligation_targets(obligation=raw, on=on), timezone.now())
            raw_ms = (time.perf_counter() - start) * 1000
            results.append({"units": n, "kehoach_ms": round(kehoach_ms, 1), "kehoach_statements": statements.count,
                            "naive_viewflow_ms": round(naive_ms, 1), "raw_bulk_ms": round(raw_ms, 1),
                            "rss_growth_mb": round(rss_growth, 1)})
            vendor = connection.vendor
    return {"bench": "fanout", "database": vendor, "results": results}


def bench_consolidate(*, units=(1000,), indicators: int = 150, periods: int = 5, **_) -> dict:
    """Consolidating ``units`` × ``indicators`` × ``periods`` stored values vs one plain SQL GROUP BY over them."""
    from django.db import connection
    from django.utils import timezone

    from workflows.models import IndicatorValue, ReportState, UnitReport

    n_units = units[0] if isinstance(units, (list, tuple)) else units
    with scratch_database():
        me, obligation = _open_unit_tasks(count=n_units, due=timezone.localdate())
        table = IndicatorTable.objects.create(document=obligation.plan.plan, title="Bảng đo hiệu năng",
                                              periods=[f"Năm {2021 + p}" for p in range(periods)])
        rows = []
        for i in range(indicators):  # stored rows: every seventh coded, the rest counts
            kind = IndicatorKind.CODED if i % 7 == 6 else IndicatorKind.COUNT
            rows.append(Indicator(table=table, position=i, stt=str(i + 1), label=f"Chỉ tiêu {i + 1}", kind=kind,
                                  unit="Đơn vị", codes={"Không": 0, "Có": 1} if kind == IndicatorKind.CODED else {}))
        counts = [r for r in rows if r.kind == IndicatorKind.COUNT]
        ratio_rows = [Indicator(table=table, position=indicators + j, stt=f"TL{j + 1}", label=f"Tỷ lệ {j + 1}", kind=IndicatorKind.RATIO,
                                unit="%") for j in range(indicators // 5)]  # plus computed ratios over pairs of counts
        created = Indicator.objects.bulk_create(rows + ratio_rows)
        counts = [i for i in created if i.kind == IndicatorKind.COUNT]
        for j, ratio in enumerate(i for i in created if i.kind == IndicatorKind.RATIO):
            ratio.denominator, ratio.numerator = counts[2 * j % len(counts)], counts[(2 * j + 1) % len(counts)]
        Indicator.objects.bulk_update(created, ["numerator", "denominator"])
        reports = list(UnitReport.objects.filter(obligation=obligation).values_list("pk", flat=True))
        UnitReport.objects.filter(pk__in=reports).update(state=ReportState.ACCEPTED)
        values = [(report, ind.pk, period, None if ind.kind == IndicatorKind.CODED else (report + period) % 97,
                   (report + period) % 2 if ind.kind == IndicatorKind.CODED else None, "")
                  for report in reports for ind in created if ind.kind != IndicatorKind.RATIO for period in range(periods)]
        _insert_values(IndicatorValue, ["report", "indicator", "period", "number", "code", "text"], values)
        stored = IndicatorValue.objects.count()
        start = time.perf_counter()
        result = consolidate(table=table, reports=UnitReport.objects.filter(obligation=obligation))
        kehoach_ms = (time.perf_counter() - start) * 1000
        table_name = connection.ops.quote_name(IndicatorValue._meta.db_table)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT indicator_id, period, SUM(number), COUNT(*) FROM {table_name} GROUP BY indicator_id, period")
            grouped = cursor.fetchall()
        groupby_ms = (time.perf_counter() - start) * 1000
        assert result.totals and grouped
        return {"bench": "consolidate", "database": connection.vendor, "units": n_units, "indicators": indicators,
                "periods": periods, "values": stored, "kehoach_ms": round(kehoach_ms, 1), "sql_groupby_ms": round(groupby_ms, 1)}


def bench_sign(*, repeat: int = 5, **_) -> dict:
    return {"bench": "sign", **run(repeat=min(repeat, 5))}


BENCHMARKS = {"inbox": bench_inbox, "render": bench_render, "import": bench_import, "fanout": bench_fanout,
              "reminders": bench_reminders, "consolidate": bench_consolidate, "sign": bench_sign}
