"""The heartbeat: beat sends it to every queue every 30 s; whichever worker consumes the queue records it."""

from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(name="ops.heartbeat", ignore_result=True)
def heartbeat(*, queue: str) -> None:
    hostname = getattr(heartbeat.request, "hostname", None) or ""
    Heartbeat.objects.update_or_create(queue=queue, defaults={"beat_at": timezone.now(), "worker": hostname[:200]})
