"""Signals of orgchart, for the apps above it (documents and workflows connect them in their AppConfig.ready()).

The org chart knows nothing of documents or processes: when units begin or end it says so, and the apps that
keep something per unit (a register, open work) act on it, inside the same transaction.
"""

from django.dispatch import Signal

#: Units came into being: the demo chart was loaded, or a restructuring created them (documents opens their
#: general outgoing register). kwargs: units (list of Unit).
units_created = Signal()

#: A restructuring ended units on ``on``; their open work moves to their successors (workflows moves it).
#: kwargs: units (the ended Unit objects), on (date), result (the RestructuringResult that receivers add their
#: lines to), actor (the user who applied it, or None).
units_restructured = Signal()
