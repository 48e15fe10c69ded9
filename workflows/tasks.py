"""Celery tasks: thin, they take ids and call services."""

from celery import shared_task


@shared_task(name="workflows.ping")
def ping(*, token: str) -> str:
    """Liveness check of the worker (used by the tests that start a real worker)."""
    from django.core.cache import cache

    cache.set(f"kehoach-ping-{token}", "pong", 60)
    return "pong"
