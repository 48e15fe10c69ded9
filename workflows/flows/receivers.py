"""Receivers wired in ``WorkflowsConfig.ready()``."""

from __future__ import annotations

from workflows.flows import FLOWS
from workflows.notifications.notify import task_arrived_notify


def task_created(sender, instance, created, raw=False, **kwargs):
    """A human task of a Kehoach flow has just been created: tell whoever it waits for (``notify``)."""
    if not created or raw or instance.flow_task_type != "HUMAN":
        return

    if instance.flow_task is not None and instance.flow_task.flow_class in FLOWS:
        task_arrived_notify(task=instance)
