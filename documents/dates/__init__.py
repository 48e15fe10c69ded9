"""Dates of administrative documents, below every app that reads or computes them.

* ``vndates``: Vietnamese dates as written in documents (read, write).
* ``deadline_patterns`` and ``deadlines``: every way a plan writes a deadline, turned into a date.
* ``working_days``: the working-day calendar of state bodies (holidays, announced swaps).

Pure Python (no model): the Word import in ``documents`` and the obligations,
reminders and reports of ``workflows`` use them alike. The announced days an
administrator types in (``workflows.models.CalendarOverride``) are passed in as
``overrides`` by the app that owns them.
"""
