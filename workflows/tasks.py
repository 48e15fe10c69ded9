"""Celery tasks: thin, they take ids and call services."""

from celery import shared_task


@shared_task(name="workflows.ping")
def ping(*, token: str) -> str:
    """Liveness check of the worker (used by the tests that start a real worker)."""
    from django.core.cache import cache

    cache.set(f"kehoach-ping-{token}", "pong", 60)
    return "pong"


@shared_task(name="workflows.fanout_obligation", acks_late=True, autoretry_for=(Exception,), max_retries=3,
             retry_backoff=True)
def fanout_obligation_task(*, obligation_id: int) -> int:
    """Open the unit processes of one obligation (idempotent: safe to retry or run twice)."""
    from .fanout import fanout_obligation

    return fanout_obligation(obligation_id=obligation_id)
