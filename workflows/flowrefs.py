"""The flows and steps by the reference viewflow stores in the database (``Process.flow_class``, ``Task.flow_task``).

Domain code (plans, reports, notifications, selectors) must not import the flows: the flows import it.
Where it has to name a flow or a step (to filter tasks, to link to a process page), it names it by
the string viewflow writes in every row, the way Django code names a model ``"app_label.Model"``,
and resolves it at run time through viewflow (``flow()``, ``node()``) when it needs the object.
``tests/workflows/flows/test_flowrefs.py`` checks every reference against ``get_flow_ref`` /
``get_task_ref`` of the flow classes, so a renamed node fails the suite rather than a query.
"""

from __future__ import annotations

PLAN = "workflows/flows.PlanFlow"
CONSOLIDATED_REPORT = "workflows/flows.ConsolidatedReportFlow"
RECEIPT = "workflows/flows.ReceiptFlow"
UNIT_REPORT = "workflows/flows.UnitReportFlow"

PLAN_FLOWS = (PLAN, CONSOLIDATED_REPORT)  # the two flows of a document climbing the signing steps
ALL = (PLAN, CONSOLIDATED_REPORT, RECEIPT, UNIT_REPORT)


def step(flow_ref: str, name: str) -> str:
    """The stored reference of node ``name`` of the flow ``flow_ref``: ``"workflows/flows.PlanFlow.edit"``."""
    return f"{flow_ref}.{name}"


def flow(flow_ref: str):
    """The flow class stored as ``flow_ref`` (viewflow's own resolver, as for every process row)."""
    from viewflow.workflow.fields import import_flow_by_ref

    return import_flow_by_ref(flow_ref)


def node(task_ref: str):
    """The node stored as ``task_ref`` (viewflow's own resolver, as for every task row)."""
    from viewflow.workflow.fields import import_task_by_ref

    return import_task_by_ref(task_ref)
