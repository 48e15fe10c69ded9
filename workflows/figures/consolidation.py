"""Consolidation (tổng hợp) of the units' figures, in the database.

- counts and amounts are summed;
- ratios are recomputed from the summed numerator and denominator (never an average of percentages);
- coded answers are counted per code;
- typed percentages and text are not summed (listed per unit elsewhere);
- units that have not reported (no accepted report) are excluded and listed;
- of one report cycle of a recurring duty, only the table's column naming the cycle's period is summed
  (``documents.dates.cycles.period_column``); every column when none names it.

One GROUP BY over the stored values (plus the table's rows and the two lists of units), whatever the number of
units, indicators and periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Sum

from documents.dates.cycles import period_column
from documents.models import Indicator, IndicatorKind, IndicatorTable
from orgchart.models import Unit
from workflows.models import IndicatorValue, ReportState, UnitReport


@dataclass
class Consolidation:
    table: IndicatorTable
    periods: list[str]
    totals: dict[tuple[int, int], Decimal] = field(default_factory=dict)       # (indicator id, period) → sum
    reporting: dict[tuple[int, int], int] = field(default_factory=dict)        # how many units gave that cell
    codes: dict[tuple[int, int], dict[int, int]] = field(default_factory=dict)  # (indicator, period) → {code: units}
    ratios: dict[tuple[int, int], Decimal | None] = field(default_factory=dict)
    included: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    period: int | None = None  # the only column summed (a report cycle's), else None: every column

    def value(self, indicator: Indicator, period: int):
        key = (indicator.pk, period)
        if indicator.kind == IndicatorKind.RATIO:
            return self.ratios.get(key)
        if indicator.kind == IndicatorKind.CODED:
            return self.codes.get(key, {})
        return self.totals.get(key)


def consolidate(*, table: IndicatorTable | None, reports, period: int | None = None) -> Consolidation:
    """Consolidate ``reports`` (a queryset of UnitReport) over ``table``; only accepted reports count; only the
    column ``period`` (its index) if given.

    Without a table (a plan asking for text only) the result holds who is included and who is missing.
    """
    reports = reports.select_related("unit")
    # One report per unit: a unit answering the same duty twice (two obligations of one plan) counts once,
    # with its latest accepted report; a unit is missing only when none of its reports is accepted.
    latest = reports.filter(state=ReportState.ACCEPTED).values("unit_id").annotate(last=Max("pk")).values("last")
    accepted = reports.filter(pk__in=latest)
    result = Consolidation(table=table, periods=list(table.periods) if table else [], period=period)
    result.included = [r.unit for r in accepted.order_by("unit__name")]
    result.missing = list(Unit.objects.filter(pk__in=reports.values("unit_id")).exclude(
        pk__in=accepted.values("unit_id")).order_by("name"))
    if table is None:
        return result
    indicators = list(Indicator.objects.filter(table=table).only("id", "kind", "numerator_id", "denominator_id"))
    kinds = {i.pk: i.kind for i in indicators}
    # One pass over the stored values: counts group on (row, period) with no code, coded answers on (row, period, code)
    grouped = IndicatorValue.objects.filter(
        report_id__in=accepted.values("pk"), indicator_id__in=[pk for pk, kind in kinds.items() if kind in (IndicatorKind.COUNT, IndicatorKind.CODED)],
        **({"period": period} if period is not None else {}),
    ).values("indicator_id", "period", "code").annotate(total=Sum("number"), units=Count("pk")).order_by()
    for row in grouped:
        key = (row["indicator_id"], row["period"])
        if kinds[row["indicator_id"]] == IndicatorKind.CODED:
            if row["code"] is not None:
                result.codes.setdefault(key, {})[row["code"]] = row["units"]
        elif row["total"] is not None:
            result.totals[key] = row["total"]
            result.reporting[key] = row["units"]
    for ratio in (i for i in indicators if i.kind == IndicatorKind.RATIO):
        for column in range(len(result.periods)) if period is None else (period,):
            numerator = result.totals.get((ratio.numerator_id, column))
            denominator = result.totals.get((ratio.denominator_id, column))
            result.ratios[(ratio.pk, column)] = (
                (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
                if numerator is not None and denominator else None)
    return result


def cycle_period(*, cycle, table: IndicatorTable | None) -> int | None:
    """The column of ``table`` naming ``cycle``'s period (``period_column``): the only one its reports must fill and
    its consolidation sums; None without a cycle or a table, or when no column names that period."""
    if cycle is None or table is None:
        return None
    return period_column(table.periods, period_start=cycle.period_start, period_end=cycle.period_end)


def consolidate_plan_reports(*, table: IndicatorTable | None, receiver=None, obligation=None,
                             obligations=None, cycle=None) -> Consolidation:
    """At any level: a district over its communes (``receiver``), Sở Nội vụ over all (``obligation``,
    or every ``obligations`` of the plan's reporting duty); of one report cycle of a recurring duty (``cycle``): its
    reports, and only the table's column naming its period if one does."""
    reports = UnitReport.objects.all()
    if cycle is not None:
        reports = reports.filter(cycle=cycle)
    if obligation is not None:
        reports = reports.filter(obligation=obligation)
    if obligations is not None:
        reports = reports.filter(obligation__in=obligations)
    if receiver is not None:
        reports = reports.filter(receiver=receiver)
    return consolidate(table=table, reports=reports, period=cycle_period(cycle=cycle, table=table))
