"""Enqueue a Celery task once the current transaction commits, without ever failing the request.

The rows the task will act on are already committed (an obligation to fan out, a notification to
e-mail, a PDF to render): they are the outbox. If the broker is down at that moment the send is
logged and dropped, and ``workflows.outbox_sweep`` (beat) picks the rows up when it is back. So a
Redis outage delays work but never turns a committed submission into an error page.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger("kehoach.queueing")


def task(name: str):
    """The registered Celery task ``name`` (a KeyError names a task that does not exist)."""
    from celery import current_app

    return current_app.tasks[name]


def enqueue_on_commit(task_or_name, /, **kwargs) -> None:
    """``task_or_name``: a Celery task, or the name it is registered under (so that a service need not import the
    module that holds its task: the app's ``ready()`` imports it)."""
    task_ = task(task_or_name) if isinstance(task_or_name, str) else task_or_name

    def send():
        try:
            task_.apply_async(kwargs=kwargs, retry=False)
        except Exception as exc:
            logger.warning("broker unavailable, %s left for the outbox sweep: %s", task_.name, exc)

    transaction.on_commit(send)
