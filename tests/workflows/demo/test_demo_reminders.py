"""The demo shows a reminder whose e-mail failed (a mail server refusing the connection), with its reason."""

import pytest

from workflows.models import EmailState, Notification
from workflows.notifications.delivery import max_attempts


@pytest.mark.django_db
def test_the_demo_has_one_failed_reminder_shown_on_the_units_page(client):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    failed = Notification.objects.select_related("unit_report").get(email_state=EmailState.FAILED)
    assert failed.kind == "overdue" and failed.email_attempts == max_attempts()
    assert failed.email_error.startswith(("ConnectionRefusedError", "OSError", "TimeoutError"))
    assert failed.next_attempt_at is None and failed.emailed_at is None
    client.force_login(get_user_model().objects.get(username="th.snv"))
    page = client.get(f"/dashboard/unit/{failed.unit_report.unit_id}/").content.decode()
    assert "Gửi thư thất bại" in page and failed.email_error[:40] in page
    count = Notification.objects.count()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # idempotent: nothing twice
    assert Notification.objects.count() == count
    assert Notification.objects.filter(email_state=EmailState.FAILED).count() == 1
