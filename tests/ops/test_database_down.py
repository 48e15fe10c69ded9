"""PostgreSQL stops under a running production server (gunicorn, DEBUG off): every page answers the clean
Vietnamese 503 page, /healthz says so in JSON, and when PostgreSQL is back the same server works again."""

import http.client
import json
import os
import re
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.ops.pgcluster import free_port, own_cluster, postgres_bin

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cluster():
    if postgres_bin() is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    with own_cluster() as own:
        yield own


@pytest.fixture
def server(cluster, tmp_path):
    port = free_port()
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "database-down-test", "KEHOACH_PLAIN_HTTP": "1",
           "DATABASE_URL": cluster.url, "CELERY_BROKER_URL": "filesystem://", "KEHOACH_VAR_DIR": str(tmp_path / "var"),
           "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2",
           "KEHOACH_ACCESS_LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "manage.py"]
    for app in ("auth", "sessions", "ops", "axes"):  # what the pages below read (axes: the login attempts)
        subprocess.run([*manage, "migrate", app, "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    with open(tmp_path / "gunicorn.log", "w") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            get(port, "/healthz")
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=30)


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode()


def get(port, path, headers=None):
    return request(port, "GET", path, headers=headers)


def login_attempt(port):
    """GET the login page (CSRF cookie and token), then POST a wrong password: the database is asked for the user."""
    status, headers, page = get(port, "/accounts/login/")
    assert status == 200
    csrf = SimpleCookie(headers["Set-Cookie"])["csrftoken"].value
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return request(port, "POST", "/accounts/login/", body=f"csrfmiddlewaretoken={token}&username=nobody&password=x",
                   headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}",
                            "Referer": f"http://127.0.0.1:{port}/accounts/login/"})


SESSION = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}  # looked up by the session middleware


def assert_clean_503(status, headers, page):
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Hệ thống tạm thời gián đoạn" in page and "Cơ sở dữ liệu đang không trả lời" in page
    for leak in ("Traceback", "OperationalError", "psycopg", "127.0.0.1", "postgres"):
        assert leak not in page, leak


def test_postgresql_down_then_back(cluster, server):
    # up: the login form answers (wrong password), a stale session goes to the login page, the database is ok
    status, _, page = login_attempt(server)
    assert status == 200 and "vf-form" in page
    assert get(server, "/", SESSION)[0] == 302
    assert json.loads(get(server, "/healthz")[2])["database"] == "ok"

    cluster.stop()
    # a view that queries (the login form) and a middleware that queries (the session) both give the 503 page
    assert_clean_503(*login_attempt(server))
    assert_clean_503(*get(server, "/", SESSION))
    status, _, body = get(server, "/healthz")
    assert status == 503
    health = json.loads(body)
    assert health["database"] == "unavailable" and health["status"] == "unavailable"

    cluster.start()
    # back, with no restart of the server: the broken connection is noticed and replaced
    status, _, page = login_attempt(server)
    assert status == 200 and "vf-form" in page
    assert get(server, "/", SESSION)[0] == 302
    assert json.loads(get(server, "/healthz")[2])["database"] == "ok"
