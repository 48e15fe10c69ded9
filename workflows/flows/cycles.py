"""Opening report cycles (mở kỳ báo cáo): the beat's tick and a recurring obligation's fan-out.

Each cycle of a recurring duty opens for every obliged unit ``KEHOACH_CYCLE_OPEN_WORKING_DAYS`` working days
before its due date, through the bulk fan-out (``fanout.fanout_obligation`` with ``cycle_id``: set-wise INSERTs,
statements per batch independent of the number of units). Opening is idempotent: units that already have their
report for the cycle are skipped, and ``one_unit_report_per_cycle`` (obligation, cycle, unit) refuses a second
one, so a repeated tick opens nothing twice and a tick after missed ones opens every cycle left behind.
"""

from __future__ import annotations

# written beside the fan-out they drive (fanout.fanout_obligation hands a recurring obligation to
# obligation_cycles_open); named here for the beat's task and the callers that think in cycles
from workflows.flows.fanout import cycles_tick, obligation_cycles_open

__all__ = ["cycles_tick", "obligation_cycles_open"]
