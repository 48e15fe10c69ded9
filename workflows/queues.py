"""Celery tasks asked for by their registered name, so that domain code never imports ``workflows.tasks``.

The tasks are an interface like the views: they take ids and call the services. The services ask for
a task by name (the name a queued message and the beat schedule carry, stable whatever module holds
the task). ``WorkflowsConfig.ready()`` imports ``workflows.tasks``, so every name below is registered
in the web process too and ``CELERY_TASK_ALWAYS_EAGER`` keeps working.
"""

from __future__ import annotations

from config.queueing import enqueue_on_commit, task  # noqa: F401  (the lookup and the after-commit send, for every app's tasks)

FANOUT_OBLIGATION = "workflows.fanout_obligation"
SEND_NOTIFICATION_EMAILS = "workflows.send_notification_emails"
