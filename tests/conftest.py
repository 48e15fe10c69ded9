import datetime
import os

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """DRF's throttle counts live in the cache, keyed by user id: ids are reused from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def chart(db):
    """The demo org chart of Thái Nguyên (three levels before 1 July 2025, two after)."""
    from orgchart.demo import load_orgchart

    load_orgchart(password=settings.DEMO_PASSWORD)
    from orgchart.models import Unit

    return {u.key: u for u in Unit.objects.all()}


@pytest.fixture
def day():
    return datetime.date


@pytest.fixture(autouse=True, scope="session")
def _urls_loaded():
    """viewflow links flows to their viewsets when the URLconf is built; build it once, as the server does."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (reading it builds the URLconf)


from tests.journey import journey, on_day, users  # noqa: E402,F401  (shared fixtures)


@pytest.fixture
def demo(db, settings):
    """The whole demo (``load_demo``) loaded at 9:00 on the matrix's day (``matrix.DEMO_NOON``, after the districts
    ended), the clock running on from there: the permission matrix, the dashboards' click-through."""
    import io

    import time_machine
    from django.core.management import call_command

    from tests.security.matrix import DEMO_NOON

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    with time_machine.travel(DEMO_NOON, tick=True):
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        yield


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Celery tasks run in-process in tests (a dedicated test starts a real worker)."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield


# A missing program must not pass for a green suite: under `make test` (which installs them
# through scripts/system_deps.sh), a test skipped because LibreOffice, poppler, SoftHSM2 or
# opensc is missing fails instead. Skips that depend on the database vendor stay skips.
_MISSING_TOOL = ("is needed", "are needed", "not installed", "chưa được cài")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or not os.environ.get("KEHOACH_REQUIRE_TOOLS"):
        return
    reason = str(report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr)
    if any(marker in reason for marker in _MISSING_TOOL):
        report.outcome = "failed"
        report.longrepr = f"skipped for a missing program under make test: {reason}"
