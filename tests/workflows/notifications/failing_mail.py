"""A mail backend whose server refuses every message (set through ``settings.EMAIL_BACKEND`` in the tests)."""

from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("550 5.1.1 mailbox unavailable")
