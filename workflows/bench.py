"""Benchmarks, run by ``manage.py bench`` on a throw-away database (never by the tests).

Each function builds its own data in a fresh test database, measures, and
returns a JSON-ready dict.
"""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager


class BenchUnavailable(Exception):
    pass


@contextmanager
def scratch_database():
    """A fresh database (the test database of the configured engine), destroyed afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"p50_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2)}


def bench_inbox(*, tasks: int = 1000, repeat: int = 20, **_) -> dict:
    """A PCT's inbox first page with ``tasks`` open tasks: latency and query count."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from orgchart.demo import load_orgchart
    from workflows import actions
    from workflows.flows import PlanFlow
    from workflows.models import PlanProcess

    with scratch_database():
        load_orgchart(password=settings.DEMO_PASSWORD)
        from django.contrib.auth import get_user_model
        from orgchart.models import Field, Unit

        User = get_user_model()
        process = actions.plan_start(
            user=User.objects.get(username="cv.cchc"), division=Unit.objects.get(key="tn-snv-cchc"),
            title="Kế hoạch đo hiệu năng", content={"sections": [], "recipients": []}, field=Field.objects.get(code="noi-vu"))
        for step, username, action in [("review", "tp.cchc", "approve"), ("sign_submission", "gd.snv", "sign"),
                                       ("vet", "cv.vp", "approve")]:
            task = process.task_set.get(flow_task=getattr(PlanFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
            actions.task_perform(task_id=task.pk, user=User.objects.get(username=username), action=action)
        decide = process.task_set.get(flow_task=PlanFlow.decide)
        Task.objects.bulk_create(
            [Task(process=process, flow_task=PlanFlow.decide, flow_task_type="HUMAN", status=STATUS.ASSIGNED,
                  owner=decide.owner, token=decide.token) for _ in range(tasks - 1)], batch_size=500)
        client = Client()
        client.force_login(decide.owner)
        client.get("/workflow/inbox/")  # warm up
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get("/workflow/inbox/")
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get("/workflow/inbox/")
        assert PlanProcess.objects.count() == 1
        return {"bench": "inbox", "database": connection.vendor, "tasks": tasks, **_percentiles(samples),
                "queries": len(ctx.captured_queries)}


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


BENCHMARKS = {"inbox": bench_inbox, "render": bench_render, "import": bench_import}
