"""One JSON line per Celery task run: name, id, state, duration (logger ``kehoach.task``)."""

import logging
import time

from celery import signals

logger = logging.getLogger("kehoach.task")
_started: dict[str, float] = {}


@signals.task_prerun.connect(weak=False)
def _task_started(task_id=None, **kwargs):
    _started[task_id] = time.monotonic()


@signals.task_postrun.connect(weak=False)
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    started = _started.pop(task_id, None)
    ms = round((time.monotonic() - started) * 1000, 1) if started is not None else None
    # A worker always gives the state; an eager run (tests) that re-raises its error leaves it unset.
    logger.info("task", extra={"task": getattr(task, "name", None), "task_id": task_id,
                               "state": state or "FAILURE", "ms": ms})
