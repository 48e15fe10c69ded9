"""A real Celery worker (not eager), on the configured broker, delivers a reminder."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from workflows.models import Notification, UnitReport

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
D = datetime.date


@pytest.fixture
def broker(tmp_path):
    """Redis when CI provides it, else the embedded file-system broker in a fresh folder."""
    from config.celery import app

    redis_url = os.environ.get("KEHOACH_TEST_REDIS_URL")
    saved = (app.conf.broker_url, dict(app.conf.broker_transport_options or {}), app.conf.task_always_eager)
    env = {}
    if redis_url:
        app.conf.broker_url = redis_url
        env["CELERY_BROKER_URL"] = redis_url
    else:
        folder = tmp_path / "broker"
        for sub in ("queue", "processed", "control"):
            (folder / sub).mkdir(parents=True)
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {"data_folder_in": str(folder / "queue"), "data_folder_out": str(folder / "queue"),
                                             "processed_folder": str(folder / "processed"),
                                             "control_folder": str(folder / "control")}
        env["CELERY_BROKER_URL"] = "filesystem://"
        env["KEHOACH_BROKER_DIR"] = str(folder)
    app.conf.task_always_eager = False
    _reset_connections(app)
    yield env
    app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager = saved[0], saved[1], saved[2]
    _reset_connections(app)


def _reset_connections(app):
    """Drop the pooled broker connections so the next send uses the broker just configured."""
    app._pool = None
    app.amqp._producer_pool = None


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def test_a_real_worker_delivers_a_reminder(journey, on_day, users, broker, tmp_path):
    from tests.journey import issued_obligation
    from workflows.tasks import reminders_tick_task

    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", recipients=["Sở Tư pháp"],
                                   due_date=datetime.date.today() + datetime.timedelta(days=1))
    report = UnitReport.objects.get(obligation=obligation)
    UnitReport.objects.filter(pk=report.pk).update(assignee=users["cv.stp"])
    env = {**os.environ, **broker, "DATABASE_URL": _database_url(), "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1", "--pool=solo",
         f"--hostname=test-{os.getpid()}@%h", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=open(tmp_path / "worker.log", "w"), stderr=subprocess.STDOUT)
    try:
        reminders_tick_task.delay()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            notification = Notification.objects.filter(unit_report=report, emailed_at__isnull=False,
                                                       kind__in=("due_soon", "due_today")).first()
            if notification is not None:
                break
            time.sleep(0.5)
        log = (tmp_path / "worker.log").read_text()
        assert notification is not None, log[-3000:]
        assert notification.user.username == "cv.stp" and notification.kind in ("due_soon", "due_today")
        assert "workflows.reminders_tick" in log and "workflows.send_notification_emails" in log
    finally:
        worker.terminate()
        worker.wait(timeout=30)
