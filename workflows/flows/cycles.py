"""Opening report cycles (mở kỳ báo cáo): the beat's tick and a recurring obligation's fan-out.

Each cycle of a recurring duty opens for every obliged unit ``KEHOACH_CYCLE_OPEN_WORKING_DAYS`` working days
before its due date, through the bulk fan-out (``fanout.fanout_obligation`` with ``cycle_id``: set-wise INSERTs,
statements per batch independent of the number of units). Opening is idempotent: units that already have their
report for the cycle are skipped, and ``one_unit_report_per_cycle`` (obligation, cycle, unit) refuses a second
one, so a repeated tick opens nothing twice and a tick after missed ones opens every cycle left behind.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from workflows.flows import fanout
from workflows.models import Obligation
from workflows.plans import cycles as plan_cycles


def cycles_tick(*, today: datetime.date | None = None, obligations=None, batch_size: int | None = None) -> dict:
    """Open every cycle whose day has come (of ``obligations`` only, if given). Returns the cycles opened and the
    unit reports created."""
    today = today or timezone.localdate()
    opened, created = 0, 0
    for cycle in list(plan_cycles.cycles_to_open(today=today, obligations=obligations)):
        created += fanout.fanout_obligation(obligation_id=cycle.obligation_id, cycle_id=cycle.pk, on=today,
                                            batch_size=batch_size)
        opened += 1
    return {"cycles": opened, "reports": created}


def obligation_cycles_open(*, obligation: Obligation, today: datetime.date | None = None,
                           batch_size: int | None = None) -> int:
    """A recurring obligation's fan-out (at issue, or resumed by the outbox sweep): create its cycles, open those
    whose day has come; the later ones are the beat's. Returns the unit reports created."""
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    created = cycles_tick(today=today, obligations=[obligation.pk], batch_size=batch_size)["reports"]
    Obligation.objects.filter(pk=obligation.pk).update(fanout_finished=timezone.now(), fanout_heartbeat=timezone.now())
    return created
