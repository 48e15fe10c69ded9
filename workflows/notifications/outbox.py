"""The outbox: work that was committed but whose Celery message may have been lost.

Every piece of deferred work is a row first (an obligation to fan out, a notification to e-mail),
and the message that asks a worker to do it is sent after commit (``config.queueing``). A message
can be lost: the broker was down at that moment, or the worker that held it was killed
(``acks_late`` keeps it in Redis, but only for redelivery after the visibility timeout). The sweep,
run by beat every minute, asks again for what is still pending; the work itself is idempotent
(the fan-out skips units already opened, an e-mail is sent once per notification under a row lock),
so asking twice never does anything twice.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from workflows import queues
from workflows.models import Notification, Obligation


def fanout_stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(getattr(settings, "KEHOACH_FANOUT_STALE_SECONDS", 120)))


def outbox_pending(*, now: datetime.datetime | None = None) -> tuple[list[int], list[int]]:
    """(obligations whose fan-out is unfinished and silent for too long, notifications not e-mailed yet)."""
    now = now or timezone.now()
    obligations = list(Obligation.objects.filter(fanout_finished__isnull=True, fanout_heartbeat__lt=now - fanout_stale_after())
                       .values_list("pk", flat=True))
    from workflows.notifications.delivery import due_filter

    # queued and due: a first attempt whose message may be lost (older than 20 s), or a retry whose backoff has passed
    notifications = list(Notification.objects.filter(due_filter(now), created__lt=now - datetime.timedelta(seconds=20))
                         .exclude(user__email="").order_by("pk").values_list("pk", flat=True)[:5000])
    return obligations, notifications


def outbox_sweep(*, now: datetime.datetime | None = None) -> dict:
    """Ask again for the pending work (called by the beat task ``workflows.outbox_sweep``)."""
    from workflows.models import Obligation

    obligations, notifications = outbox_pending(now=now)
    for pk in obligations:
        Obligation.objects.filter(pk=pk).update(fanout_heartbeat=timezone.now())  # one resume per stale period
        queues.task(queues.FANOUT_OBLIGATION).delay(obligation_id=pk)
    if notifications:
        queues.task(queues.SEND_NOTIFICATION_EMAILS).delay(ids=notifications)
    return {"fanouts": len(obligations), "notifications": len(notifications)}
