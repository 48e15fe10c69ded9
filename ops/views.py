"""/healthz and the pages served when the database is down."""

import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app

from .models import Heartbeat

logger = logging.getLogger("kehoach.health")


def database_unavailable(request=None):
    """The 503 page: plain Vietnamese, no traceback, rendered without touching the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request):
    """handler500: the database's errors become the 503 page, anything else the plain 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return HttpResponseServerError(loader.render_to_string("500.html"))


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except (OperationalError, InterfaceError):
        logger.warning("healthz: database unavailable", exc_info=True)
        return False


def _check_broker() -> bool:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return True
    except Exception:  # kombu raises the transport's own errors (redis, OSError, …)
        logger.warning("healthz: broker unavailable", exc_info=True)
        return False


def heartbeat_ages(now=None) -> dict[str, float | None]:
    """Seconds since a worker of each queue last ran the heartbeat (None: never)."""
    now = now or timezone.now()
    beats = dict(Heartbeat.objects.filter(queue__in=settings.KEHOACH_QUEUES).values_list("queue", "beat_at"))
    return {queue: (round((now - beats[queue]).total_seconds(), 1) if queue in beats else None)
            for queue in settings.KEHOACH_QUEUES}


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database, the broker and a worker on every queue answer; 503 with the same JSON otherwise.

    Public (load balancers call it), so it names only states and ages: no host, no version, no error text.
    """
    database = _check_database()
    broker = _check_broker()
    ages = dict.fromkeys(settings.KEHOACH_QUEUES)
    if database:
        try:
            with transaction.atomic():  # a savepoint when already in a transaction: a failed read spoils nothing
                ages = heartbeat_ages()
        except (DatabaseError, InterfaceError):  # e.g. migrations not applied yet
            logger.warning("healthz: heartbeats unreadable", exc_info=True)
    limit = settings.KEHOACH_HEARTBEAT_MAX_AGE
    worker = all(age is not None and age <= limit for age in ages.values())
    healthy = database and broker and worker
    body = {
        "database": "ok" if database else "unavailable",
        "broker": "ok" if broker else "unavailable",
        "worker": "ok" if worker else "stale",
        "heartbeat_age_s": ages,
        "status": "ok" if healthy else "unavailable",
    }
    return JsonResponse(body, status=200 if healthy else 503)
