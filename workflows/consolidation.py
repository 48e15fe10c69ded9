"""Consolidation (tổng hợp) of the units' figures, in the database.

- counts and amounts are summed;
- ratios are recomputed from the summed numerator and denominator (never an average of percentages);
- coded answers are counted per code;
- typed percentages and text are not summed (listed per unit elsewhere);
- units that have not reported (no accepted report) are excluded and listed.

Three GROUP BY queries whatever the number of units, indicators and periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from documents.models import Indicator, IndicatorTable

from .models import IndicatorValue, ReportState, UnitReport


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

    def value(self, indicator: Indicator, period: int):
        key = (indicator.pk, period)
        if indicator.kind == "ratio":
            return self.ratios.get(key)
        if indicator.kind == "coded":
            return self.codes.get(key, {})
        return self.totals.get(key)


def consolidate(*, table: IndicatorTable, reports) -> Consolidation:
    """Consolidate ``reports`` (a queryset of UnitReport) over ``table``; only accepted reports count."""
    reports = reports.select_related("unit")
    accepted = reports.filter(state=ReportState.ACCEPTED)
    result = Consolidation(table=table, periods=list(table.periods))
    result.included = [r.unit for r in accepted.order_by("unit__name")]
    result.missing = [r.unit for r in reports.exclude(state=ReportState.ACCEPTED).order_by("unit__name")]
    values = IndicatorValue.objects.filter(report__in=accepted.values("pk"), indicator__table=table)
    summed = values.filter(indicator__kind="count").values("indicator_id", "period").annotate(
        total=Sum("number"), units=Count("report_id")).order_by()
    for row in summed:
        key = (row["indicator_id"], row["period"])
        result.totals[key] = row["total"]
        result.reporting[key] = row["units"]
    coded = values.filter(indicator__kind="coded", code__isnull=False).values("indicator_id", "period", "code").annotate(
        units=Count("report_id")).order_by()
    for row in coded:
        result.codes.setdefault((row["indicator_id"], row["period"]), {})[row["code"]] = row["units"]
    for ratio in Indicator.objects.filter(table=table, kind="ratio").only("id", "numerator_id", "denominator_id"):
        for period in range(len(result.periods)):
            numerator = result.totals.get((ratio.numerator_id, period))
            denominator = result.totals.get((ratio.denominator_id, period))
            result.ratios[(ratio.pk, period)] = (
                (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
                if numerator is not None and denominator else None)
    return result


def consolidate_plan_reports(*, table: IndicatorTable, receiver=None, obligation=None) -> Consolidation:
    """At any level: a district over its communes (``receiver``), Sở Nội vụ over all (``obligation``)."""
    reports = UnitReport.objects.all()
    if obligation is not None:
        reports = reports.filter(obligation=obligation)
    if receiver is not None:
        reports = reports.filter(receiver=receiver)
    return consolidate(table=table, reports=reports)
