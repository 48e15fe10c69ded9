"""Notifications: the bell and e-mail (notify), deadline reminders, the outbox sweep."""
