"""E-mail delivery of notifications: queued → sent, or failed with the reason after N attempts, never lost silently.

Each attempt is one row lock and one ``send_mail``; a failure is written on the row (``email_error``,
``email_attempts``) with the time of the next attempt (exponential backoff: ``KEHOACH_EMAIL_RETRY_SECONDS``
× 2^(attempts − 1)). The outbox sweep (beat, every minute) asks again for the rows whose time has come;
after ``KEHOACH_EMAIL_MAX_ATTEMPTS`` failures the row is ``failed`` and shows so wherever reminders are listed.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.models import EmailState, Notification

log = logging.getLogger(__name__)


def max_attempts() -> int:
    return max(1, int(getattr(settings, "KEHOACH_EMAIL_MAX_ATTEMPTS", 5)))


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failure: base, 2×base, 4×base, ..."""
    base = int(getattr(settings, "KEHOACH_EMAIL_RETRY_SECONDS", 60))
    return datetime.timedelta(seconds=base * 2 ** max(0, attempts - 1))


def mark_addressless(rows: list[Notification]) -> list[Notification]:
    """Before the INSERT: a recipient without an e-mail address gets the bell only (``no_address``)."""
    from django.contrib.auth import get_user_model

    known = {n.user_id: n.user for n in rows if n.user_id and Notification.user.is_cached(n)}  # users already read
    with_email = {pk for pk, user in known.items() if user.email}
    ids = {n.user_id for n in rows if n.user_id} - known.keys()
    if ids:
        with_email |= set(get_user_model().objects.filter(pk__in=ids).exclude(email="").values_list("pk", flat=True))
    for row in rows:
        if row.user_id not in with_email:
            row.email_state = EmailState.NO_ADDRESS
    return rows


def due_filter(now: datetime.datetime) -> Q:
    """Queued rows whose attempt is due (a first attempt, or a retry whose backoff has passed)."""
    return Q(email_state=EmailState.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def notifications_email(*, ids: list[int], connection=None, now: datetime.datetime | None = None) -> int:
    """E-mail the queued notifications among ``ids`` whose attempt is due on ``now``; return how many were sent.
    ``connection``: a mail connection (``django.core.mail.get_connection``), else the one of ``EMAIL_BACKEND``."""
    sent = 0
    site = getattr(settings, "KEHOACH_SITE_URL", "http://127.0.0.1:8000")
    clock = now
    for pk in list(Notification.objects.filter(due_filter(clock or timezone.now()), pk__in=ids).values_list("pk", flat=True)):
        with transaction.atomic():
            row = Notification.objects.select_for_update().select_related("user").filter(pk=pk).first()
            if row is None or row.email_state != EmailState.QUEUED:
                continue  # sent (or given up) by a concurrent attempt
            now = clock or timezone.now()
            if row.next_attempt_at is not None and row.next_attempt_at > now:
                continue
            if not row.user.email:
                row.email_state = EmailState.NO_ADDRESS
                row.save(update_fields=["email_state"])
                continue
            row.email_attempts += 1
            try:
                send_mail(row.title, f"{row.body}\n\n{_('Xem và xử lý')}: {site}{row.url}",
                          settings.DEFAULT_FROM_EMAIL, [row.user.email], connection=connection)
            except Exception as exc:
                row.email_error = f"{type(exc).__name__}: {exc}"[:500]
                if row.email_attempts >= max_attempts():
                    row.email_state, row.next_attempt_at = EmailState.FAILED, None
                    log.warning("notification %s: e-mail failed after %s attempts: %s", row.pk, row.email_attempts,
                                row.email_error)
                else:
                    row.next_attempt_at = now + retry_delay(row.email_attempts)
                row.save(update_fields=["email_state", "email_attempts", "email_error", "next_attempt_at"])
                continue
            row.email_state, row.emailed_at, row.next_attempt_at = EmailState.SENT, now, None
            row.save(update_fields=["email_state", "email_attempts", "emailed_at", "next_attempt_at"])
            sent += 1
    return sent
