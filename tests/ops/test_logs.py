"""One JSON line per request and per Celery task."""

import json
import logging

import pytest

from ops.jsonlog import JsonFormatter

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    handlers = {}
    for name in ("kehoach.request", "kehoach.task"):
        handlers[name] = Lines()
        logging.getLogger(name).addHandler(handlers[name])
    yield handlers
    for name, handler in handlers.items():
        logging.getLogger(name).removeHandler(handler)


def test_one_json_line_per_request_with_the_user(client, django_user_model, log_lines):
    user = django_user_model.objects.create_user("cv.test", password="x")
    client.force_login(user)
    client.get("/notifications/")
    client.logout()
    client.get("/notifications/")  # anonymous: sent to the login page
    lines = [json.loads(line) for line in log_lines["kehoach.request"].lines]
    assert len(lines) == 2
    first, second = lines
    assert (first["method"], first["path"], first["status"], first["user"]) == ("GET", "/notifications/", 200, user.pk)
    assert (second["status"], second["user"]) == (302, None)
    assert all(isinstance(line["ms"], float) and line["ms"] >= 0 for line in lines)
    assert all(line["logger"] == "kehoach.request" and "time" in line for line in lines)


def test_one_json_line_per_task_with_its_state(log_lines):
    from workflows.tasks import ping

    result = ping.apply_async(kwargs={"token": "log"})
    (line,) = [json.loads(line) for line in log_lines["kehoach.task"].lines]
    assert line["task"] == "workflows.ping" and line["task_id"] == result.id and line["state"] == "SUCCESS"
    assert isinstance(line["ms"], float)


def test_a_failed_task_is_logged_as_failure(log_lines):
    from django.db import IntegrityError

    from ops.tasks import heartbeat

    with pytest.raises(IntegrityError):
        heartbeat.apply_async(kwargs={"queue": None})  # a heartbeat row needs its queue
    (line,) = [json.loads(line) for line in log_lines["kehoach.task"].lines]
    assert line["task"] == "ops.heartbeat" and line["state"] == "FAILURE"


def test_the_settings_send_both_logs_as_json():
    from django.conf import settings

    assert settings.LOGGING["formatters"]["json"]["()"] == "ops.jsonlog.JsonFormatter"
    for name in ("kehoach.request", "kehoach.task"):
        assert settings.LOGGING["loggers"][name]["handlers"] == ["console"]
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
