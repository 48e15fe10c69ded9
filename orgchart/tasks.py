"""Celery tasks of the org chart: thin, they call services."""

from celery import shared_task
from django.utils import timezone

from .services import unit_permissions_sync


@shared_task(name="orgchart.unit_permissions_sync", acks_late=True)
def unit_permissions_sync_task() -> dict:
    """The daily beat: grant the unit rights of holdings and delegations that start today, revoke those that ended."""
    granted, revoked = unit_permissions_sync(on=timezone.localdate())
    return {"granted": granted, "revoked": revoked}
