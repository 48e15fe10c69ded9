"""Signals of documents, for the apps above it (workflows connects them in its AppConfig.ready())."""

from django.dispatch import Signal

#: An issued document failed its fingerprint check.
#: kwargs: document, kind, problems (list of dicts), user (or None), source ("download"), subject, body.
fingerprint_mismatch = Signal()
