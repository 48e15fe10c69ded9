"""An ``<int:…>`` that never reaches the database out of range.

Every id in Kehoach is a ``BigAutoField`` (at most 2**63 - 1, the largest integer SQLite and
PostgreSQL store). Django's own ``int`` converter accepts any number of digits, so
``/api/plans/99999999999999999999999/`` reached the database and ended in a 500
(``OverflowError`` on SQLite, ``DataError`` on PostgreSQL). This converter refuses such a value,
so the URL does not match and the answer is a 404, for our URLs and viewflow's alike.
"""

from __future__ import annotations

import warnings

from django.urls import converters, register_converter

MAX_ID = 2**63 - 1


class BoundedIntConverter(converters.IntConverter):
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("out of range")  # no match: 404
        return number


def id_or_none(value) -> int | None:
    """An id typed in a form or a query string, or None when it is not one (never a database error)."""
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 19 or int(text) > MAX_ID:
        return None
    return int(text)


def register() -> None:
    """Replace the ``int`` converter for every URL pattern built afterwards (``KehoachConfig.ready()``,
    before the URLconf loads).

    Django 5.x warns that overriding a registered converter is deprecated (Django 6.0 raises); the
    replacement is deliberate, so that viewflow's own ``<int:process_pk>`` patterns are bounded too.
    At the upgrade to Django 6, move to a differently named converter and viewflow's patterns to it.
    """
    from django.urls.converters import get_converters

    if isinstance(get_converters().get("int"), BoundedIntConverter):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", category=PendingDeprecationWarning)
        register_converter(BoundedIntConverter, "int")

