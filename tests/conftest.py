import datetime

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


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Celery tasks run in-process in tests (a dedicated test starts a real worker)."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
