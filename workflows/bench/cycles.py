"""``manage.py bench cycles``: the beat opens the report cycles of a recurring duty for N units, then ticks again.

A monthly duty of one plan to N communes, ``cycles`` cycles long; the first tick falls on the last cycle's due date
(every cycle is due: a beat that missed them all), the next two open nothing. Prints the units, the cycles, the
unit reports opened, the duplicates (units with two reports in one cycle: must be 0), the time and the SQL
statements of the three ticks (they grow with the cycles and the batches, not with the units).
"""

from __future__ import annotations

import calendar
import datetime
import time

from workflows.bench.runs import StatementCounter, _issued_plan_for_bench, _obligation, scratch_database


def _month_end(year: int, month: int) -> datetime.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def bench_cycles(*, units=(1000,), cycles: int = 10, **_) -> dict:
    from django.db import connection
    from django.db.models import Count

    from orgchart.models import Unit, UnitKind
    from workflows.flows import fanout
    from workflows.flows.cycles import cycles_tick
    from workflows.models import UnitReport
    from workflows.plans import cycles as plan_cycles

    n = units[0] if isinstance(units, (list, tuple)) else units
    with scratch_database():
        process, on = _issued_plan_for_bench()  # issued 01/8/2025
        province = Unit.objects.get(key="tn-ubnd")
        existing = len(fanout.obligation_targets(obligation=_obligation(process, "probe"), on=on))
        Unit.objects.bulk_create([Unit(key=f"bench-c-{i}", code="UBND", name=f"Ủy ban nhân dân xã Thử {i}",
                                       kind=UnitKind.COMMUNE, parent=province, valid_from=datetime.date(2025, 7, 1))
                                  for i in range(n - existing)], batch_size=2000)
        obligation = _obligation(process, "Báo cáo hằng tháng (đo hiệu năng)")
        obligation.cycle_periods, obligation.cycles_until = ["month"], _month_end(on.year, on.month + cycles - 1)
        obligation.save(update_fields=["cycle_periods", "cycles_until"])
        made = plan_cycles.obligation_cycles_ensure(obligation=obligation)
        assert len(made) == cycles, (len(made), cycles)
        today = made[-1].due_date
        ticks = []
        with StatementCounter() as statements:
            start = time.perf_counter()
            for _tick in range(3):
                before, began = statements.count, time.perf_counter()
                result = cycles_tick(today=today)
                ticks.append({**result, "ms": round((time.perf_counter() - began) * 1000, 1),
                              "statements": statements.count - before})
            ms = (time.perf_counter() - start) * 1000
        reports = UnitReport.objects.filter(obligation=obligation)
        duplicates = (reports.values("cycle_id", "unit_id").annotate(n=Count("id")).filter(n__gt=1).order_by().count())
        opened = reports.count()
        assert opened == n * cycles, (opened, n * cycles)
        return {"bench": "cycles", "database": connection.vendor, "units": n, "cycles": cycles, "opened": opened,
                "duplicates": duplicates, "ms": round(ms, 1), "statements": statements.count, "ticks": ticks}
