"""Domain code names flows and steps by the reference viewflow stores; the step registry is keyed by the node."""

from viewflow.workflow.fields import get_flow_ref, get_task_ref

from workflows import flowrefs
from workflows.flows import FLOWS, ConsolidatedReportFlow, PlanFlow, ReceiptFlow, UnitReportFlow, steps


def test_every_flow_reference_is_the_one_viewflow_stores():
    assert flowrefs.PLAN == get_flow_ref(PlanFlow)
    assert flowrefs.CONSOLIDATED_REPORT == get_flow_ref(ConsolidatedReportFlow)
    assert flowrefs.RECEIPT == get_flow_ref(ReceiptFlow)
    assert flowrefs.UNIT_REPORT == get_flow_ref(UnitReportFlow)
    assert set(flowrefs.ALL) == {get_flow_ref(flow) for flow in FLOWS}
    assert [flowrefs.flow(ref) for ref in flowrefs.ALL] == [PlanFlow, ConsolidatedReportFlow, ReceiptFlow, UnitReportFlow]


def test_a_step_reference_resolves_to_its_node():
    for flow in FLOWS:
        for node in flow.instance.nodes():
            ref = flowrefs.step(get_flow_ref(flow), node.name)
            assert ref == get_task_ref(node)
            assert flowrefs.node(ref) is node


def test_every_registered_step_is_a_node_of_its_flow():
    nodes = {get_task_ref(node) for flow in FLOWS for node in flow.instance.nodes()}
    assert set(steps._STEPS) <= nodes
    assert len(steps._STEPS) == 16


def test_acknowledge_is_two_steps_not_one():
    """A receipt's Tiếp nhận and a unit's acknowledgement of a duty share a name, not a service."""
    receipt = steps.step_for(ReceiptFlow.instance.node("acknowledge"))
    duty = steps.step_for(UnitReportFlow.instance.node("acknowledge"))
    assert receipt.actions == duty.actions == {"acknowledge"}
    assert receipt.perform is not duty.perform


def test_a_step_done_on_its_screen_only_accepts_no_action():
    assert steps.actions_for(PlanFlow.instance.node("revise")) == set()
    assert steps.step_for(UnitReportFlow.instance.node("wait_children")) is None
