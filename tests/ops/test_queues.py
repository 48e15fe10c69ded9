"""Tasks go to the queue of their kind of work, so each kind can have its own workers."""

import pytest

from config.celery import app


@pytest.mark.parametrize("task, queue", [
    ("workflows.fanout_obligation", "fanout"),
    ("documents.render_pdf", "pdf"),
    ("documents.sign_pdf", "pdf"),  # signing, whatever its exact name, is PDF work
    ("workflows.reminders_tick", "default"),
    ("workflows.send_notification_emails", "default"),
    ("workflows.fire_timers", "default"),
    ("ops.heartbeat", "default"),
])
def test_routes(task, queue):
    assert app.amqp.router.route({}, task, (), {})["queue"].name == queue


def test_every_registered_task_lands_on_a_known_queue():
    from django.conf import settings

    app.loader.import_default_modules()
    names = [name for name in app.tasks if not name.startswith("celery.")]
    assert "workflows.fanout_obligation" in names and "documents.render_pdf" in names
    for name in names:
        assert app.amqp.router.route({}, name, (), {})["queue"].name in settings.KEHOACH_QUEUES, name
