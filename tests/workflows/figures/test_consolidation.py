"""Consolidation of three units with known answers; a district over its communes, then the province."""

import datetime
from decimal import Decimal

import pytest

from documents.services import indicator_table_create
from documents.word.parse import parse_docx
from tests.journey import issued_obligation
from workflows.figures.consolidation import consolidate, consolidate_plan_reports
from workflows.models import IndicatorValue, Route, UnitReport

D = datetime.date
from tests.fixtures import FIXTURES  # noqa: E402

SAMPLE = next(FIXTURES.joinpath("samples").glob("002_*.docx"))


@pytest.fixture
def table(journey, on_day):
    obligation = issued_obligation(journey, on_day, title="Báo cáo CCHC", route=Route.VIA_PARENT, due_date=D(2025, 5, 15),
                                   recipients=["UBND các huyện, thành phố", "UBND các xã, phường, thị trấn", "Sở Tư pháp"])
    annex = next(a for a in parse_docx(SAMPLE.read_bytes()).content["annexes"] if a["kind"] == "indicators")
    table = indicator_table_create(document=obligation.plan.plan, annex=annex)
    return obligation, table, {i.stt: i for i in table.indicators.all()}


def put(report, rows, values):
    IndicatorValue.objects.bulk_create([
        IndicatorValue(report=report, indicator=rows[stt], period=period, number=number if rows[stt].kind != "coded" else None,
                       code=number if rows[stt].kind == "coded" else None)
        for (stt, period), number in values.items()])


def test_three_units_a_ratio_recomputed_and_a_coded_row_counted(table):
    obligation, table, rows = table
    assert table.indicators.count() == 158 and rows["I.2"].numerator == rows["I.2.2"]
    units = {r.unit.key: r for r in UnitReport.objects.filter(obligation=obligation).select_related("unit")}
    a, b, c = units["tn-h-phubinh"], units["tn-h-daitu"], units["tn-stp"]
    put(a, rows, {("I.2.1", 0): 10, ("I.2.2", 0): 9, ("I.4.1", 0): 1, ("I.4.2", 0): 4})
    put(b, rows, {("I.2.1", 0): 40, ("I.2.2", 0): 20, ("I.4.1", 0): 0, ("I.4.2", 0): 6})
    put(c, rows, {("I.2.1", 0): 50, ("I.2.2", 0): 50, ("I.4.1", 0): 1, ("I.4.2", 0): 100})
    UnitReport.objects.filter(pk__in=[a.pk, b.pk]).update(state="accepted")  # c has not been accepted yet
    result = consolidate(table=table, reports=UnitReport.objects.filter(obligation=obligation, unit__in=[a.unit, b.unit, c.unit]))
    assert result.value(rows["I.2.1"], 0) == 50 and result.value(rows["I.2.2"], 0) == 29
    # 29/50 = 58 %, not the average of 90 % and 50 % (70 %)
    assert result.value(rows["I.2"], 0) == Decimal("58.00")
    assert result.value(rows["I.4.1"], 0) == {1: 1, 0: 1}
    assert result.value(rows["I.4.2"], 0) == 10
    assert [u.key for u in result.missing] == ["tn-stp"] and len(result.included) == 2
    UnitReport.objects.filter(pk=c.pk).update(state="accepted")
    everyone = consolidate(table=table, reports=UnitReport.objects.filter(obligation=obligation, unit__in=[a.unit, b.unit, c.unit]))
    assert everyone.value(rows["I.2"], 0) == Decimal("79.00")  # (9+20+50)/(10+40+50)


def test_a_district_over_its_communes_then_the_province_over_everyone(table, django_assert_max_num_queries):
    obligation, table, rows = table
    reports = {r.unit.key: r for r in UnitReport.objects.filter(obligation=obligation).select_related("unit")}
    communes = [reports[k] for k in ("tn-x-huongson", "tn-x-hachau", "tn-x-khason", "tn-x-tanthanh")]
    for index, report in enumerate(communes, start=1):
        put(report, rows, {("I.2.1", 4): 10, ("I.2.2", 4): index})
    UnitReport.objects.filter(pk__in=[r.pk for r in communes[:3]]).update(state="accepted")
    with django_assert_max_num_queries(8):
        district = consolidate_plan_reports(table=table, receiver=reports["tn-h-phubinh"].unit, obligation=obligation)
    assert district.value(rows["I.2.1"], 4) == 30 and district.value(rows["I.2"], 4) == Decimal("20.00")  # (1+2+3)/30
    assert [u.key for u in district.missing] == ["tn-x-tanthanh"]
    put(reports["tn-h-phubinh"], rows, {("I.2.1", 4): 30, ("I.2.2", 4): 6})
    put(reports["tn-stp"], rows, {("I.2.1", 4): 20, ("I.2.2", 4): 14})
    UnitReport.objects.filter(pk__in=[reports["tn-h-phubinh"].pk, reports["tn-stp"].pk]).update(state="accepted")
    province = consolidate_plan_reports(table=table, receiver=obligation.consolidator, obligation=obligation)
    assert province.value(rows["I.2.1"], 4) == 50 and province.value(rows["I.2"], 4) == Decimal("40.00")
    assert "tn-h-daitu" in [u.key for u in province.missing]
