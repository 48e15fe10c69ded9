"""Signals the domain sends for the flows to act on (declared here, connected in ``WorkflowsConfig.ready()``).

Domain code never imports the flows; when a rule's outcome must move a process on, it says so here.
"""

from django.dispatch import Signal

#: A receiving unit accepted ``report`` (a ``UnitReport``), inside the transaction and the flow lock of its process.
unit_report_accepted = Signal()
