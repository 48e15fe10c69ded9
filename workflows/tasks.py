"""Celery tasks: thin, they take ids and call services."""

from celery import shared_task

from workflows.flows.cycles import cycles_tick
from workflows.flows.fanout import fanout_obligation
from workflows.notifications.outbox import outbox_sweep
from workflows.notifications.reminders import notifications_email, reminders_tick
from workflows.web.imports_ui import import_previews_purge


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
    return fanout_obligation(obligation_id=obligation_id)


@shared_task(name="workflows.cycles_tick", acks_late=True)
def cycles_tick_task() -> dict:
    """Beat: open the report cycles of recurring duties whose day has come (idempotent: a repeated or late tick
    opens nothing twice)."""
    return cycles_tick()


@shared_task(name="workflows.reminders_tick", acks_late=True)
def reminders_tick_task() -> int:
    """The beat's tick: create today's reminders, then e-mail them (each step idempotent)."""
    ids = reminders_tick()
    if ids:
        send_notification_emails.delay(ids=ids)
    return len(ids)


@shared_task(name="workflows.send_notification_emails", acks_late=True, autoretry_for=(OSError,), max_retries=5,
             retry_backoff=True)
def send_notification_emails(*, ids: list[int]) -> int:
    return notifications_email(ids=ids)


@shared_task(name="workflows.fire_timers")
def fire_timers() -> int:
    """viewflow's own timers (flow.Timer nodes), fired from beat."""
    from viewflow.workflow.timers import fire_due_timers

    return fire_due_timers()


@shared_task(name="workflows.import_previews_purge")
def import_previews_purge_task() -> int:
    """Hourly: delete the Word files left awaiting confirmation ("Nhập từ Word") for longer than allowed."""
    return import_previews_purge()


@shared_task(name="workflows.outbox_sweep")
def outbox_sweep_task() -> dict:
    """Beat, every minute: ask again for fan-outs and e-mails whose message was lost (see ``workflows.notifications.outbox``)."""
    return outbox_sweep()
