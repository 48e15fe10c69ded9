"""/healthz: the database, the broker and a worker heartbeat on every queue; 200 or 503 with JSON, public."""

import datetime
import json

import pytest
from django.conf import settings
from django.utils import timezone

from ops.models import Heartbeat
from ops.tasks import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where nothing listens (the shared Redis is never touched)."""
    from config.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool = None
    yield
    app.conf.broker_url = saved
    app._pool = None


def beat_every_queue():
    for queue in settings.KEHOACH_QUEUES:
        heartbeat.apply_async(kwargs={"queue": queue}, queue=queue)


def test_without_any_heartbeat_the_workers_are_reported_stale(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body == {"database": "ok", "broker": "ok", "worker": "stale", "status": "unavailable",
                    "heartbeat_age_s": {"default": None, "fanout": None, "pdf": None}}


def test_fresh_heartbeats_on_every_queue_make_it_healthy_and_it_needs_no_login(client):
    beat_every_queue()
    assert set(Heartbeat.objects.values_list("queue", flat=True)) == {"default", "fanout", "pdf"}
    response = client.get("/healthz")  # anonymous: no redirect to the login page
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["worker"] == "ok" and body["database"] == "ok" and body["broker"] == "ok"
    assert all(0 <= age < 120 for age in body["heartbeat_age_s"].values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_heartbeat_older_than_two_minutes_is_stale(client):
    beat_every_queue()
    Heartbeat.objects.filter(queue="pdf").update(beat_at=timezone.now() - datetime.timedelta(seconds=121))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["worker"] == "stale" and body["heartbeat_age_s"]["pdf"] >= 121
    assert body["heartbeat_age_s"]["default"] < 120


def test_an_unreachable_broker_gives_503_and_no_detail(client, broker_down):
    beat_every_queue()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"] == "unavailable" and body["database"] == "ok" and body["status"] == "unavailable"
    text = json.dumps(body)
    assert "127.0.0.1" not in text and "redis" not in text.lower() and "Error" not in text


def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_beat_sends_a_heartbeat_to_every_queue_every_half_minute():
    entries = {name: entry for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] == "ops.heartbeat"}
    assert sorted(entry["options"]["queue"] for entry in entries.values()) == ["default", "fanout", "pdf"]
    assert all(entry["kwargs"]["queue"] == entry["options"]["queue"] for entry in entries.values())
    assert all(30 <= entry["schedule"] <= 60 for entry in entries.values())
    assert settings.KEHOACH_HEARTBEAT_MAX_AGE == 120


def test_heartbeats_unreadable_before_migrations_give_503_not_500(client):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE ops_heartbeat RENAME TO ops_heartbeat_away")
    try:
        response = client.get("/healthz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE ops_heartbeat_away RENAME TO ops_heartbeat")
    assert response.status_code == 503
    assert response.json()["worker"] == "stale" and response.json()["database"] == "ok"
