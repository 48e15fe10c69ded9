"""The demo shows chủ trì, phối hợp and để biết on one issued plan (issue 17, point 1)."""

import datetime

import pytest
from django.core.management import call_command

from workflows.models import ObligationKind, PlanProcess, UnitReport, UnitRole
from workflows.plans import roles

D = datetime.date


@pytest.mark.django_db
def test_demo_plan_has_lead_cooperating_and_for_information_units():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    process = PlanProcess.objects.get(plan__symbol__startswith="72/KH-UBND")
    by_role = {line.text: line.role for line in roles.recipient_roles(process=process)}
    assert by_role["TT. Tỉnh ủy (để biết)"] == UnitRole.FOR_INFORMATION and by_role["Bộ Nội vụ (b/c)"] == UnitRole.FOR_INFORMATION
    assert process.plan.receipts.filter(unit__key="bnv").exists()
    assert not UnitReport.objects.filter(obligation__plan=process, unit__key="bnv").exists()
    task = UnitReport.objects.filter(obligation__plan=process, obligation__kind=ObligationKind.TASK)
    assert dict(task.values_list("unit__key", "role")) == {"tn-snv": "lead", "tn-vp": "cooperating", "tn-stp": "cooperating",
                                                           "tn-stc": "cooperating"}
    # 3 working days before 1/5: 29/4, 28/4 and Saturday 26/4 (worked in exchange for 2/5)
    assert set(task.values_list("unit__key", "due_date")) == {("tn-snv", D(2025, 5, 1)), ("tn-vp", D(2025, 4, 26)),
                                                             ("tn-stp", D(2025, 4, 26)), ("tn-stc", D(2025, 4, 26))}
