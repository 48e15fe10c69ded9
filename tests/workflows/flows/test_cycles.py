"""Recurring duties open one report cycle per period (issue 17 point 5): for every obliged unit, by the beat,
N working days before the cycle's due date, in bulk, never twice."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from viewflow.workflow.models import Task

from documents.dates.deadlines import parse_deadline
from orgchart.models import Unit, UnitKind
from workflows.flows import UnitReportFlow, fanout
from workflows.flows.cycles import cycles_tick
from workflows.models import Notification, Obligation, PlanProcess, ReportCycle, UnitReport
from workflows.notifications.reminders import reminders_tick
from workflows.plans import cycles as plan_cycles

D = datetime.date
PHRASES = [  # the 2025 phrasings of the issue, and the label of each plan's cycles (plan issued 16/3/2025, ends 2025)
    ("Hằng năm", ["Năm 2025"]),
    ("định kỳ 6 tháng", ["6 tháng đầu năm 2025", "6 tháng cuối năm 2025"]),
    ("hằng quý", ["Quý I năm 2025", "Quý II năm 2025", "Quý III năm 2025", "Quý IV năm 2025"]),
    ("trước ngày 01/6 và 15/11 hằng năm", ["Kỳ hạn 01/06/2025", "Kỳ hạn 15/11/2025"]),
    ("Thường xuyên", ["6 tháng đầu năm 2025", "6 tháng cuối năm 2025"]),  # the plan's default cycle: 6 tháng
]


@pytest.fixture
def plan(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
        journey.run_to_issue(process)
    return PlanProcess.objects.select_related("plan").get(pk=process.pk)


def recurring(plan, phrase="định kỳ 6 tháng", recipients=("Sở Tư pháp", "Sở Tài chính"), **extra):
    periods, dates = plan_cycles.recurrence_of(deadline=parse_deadline(phrase, issued_on=plan.plan.issued_on), process=plan)
    return Obligation.objects.create(plan=plan, title="Báo cáo kết quả thực hiện", recipients=list(recipients),
                                     consolidator=Unit.objects.get(key="tn-snv-cchc"), deadline_text=phrase,
                                     cycle_periods=periods, cycle_dates=dates, **extra)


@pytest.mark.parametrize(("phrase", "labels"), PHRASES)
def test_each_phrase_gives_its_cycles_until_the_plans_end(plan, phrase, labels):
    obligation = recurring(plan, phrase)
    assert obligation.recurring
    assert [c.label for c in plan_cycles.obligation_cycles_ensure(obligation=obligation)] == labels
    assert [c.label for c in plan_cycles.obligation_cycles_ensure(obligation=obligation)] == labels  # not twice
    assert ReportCycle.objects.filter(obligation=obligation).count() == len(labels)


def test_the_drafter_sets_the_end_and_the_default_cycle(plan):
    plan.cycles_until, plan.default_cycle = D(2026, 6, 30), "year"
    plan.save(update_fields=["cycles_until", "default_cycle"])
    obligation = recurring(plan, "Thường xuyên")
    assert obligation.cycle_periods == ["year"]
    assert [c.label for c in plan_cycles.obligation_cycles_ensure(obligation=obligation)] == ["Năm 2025"]
    obligation.cycles_until = D(2027, 12, 31)  # the obligation's own end beats the plan's
    assert [c.label for c in plan_cycles.obligation_cycles_ensure(obligation=obligation)] == [
        "Năm 2025", "Năm 2026", "Năm 2027"]


def test_a_plan_for_a_phase_runs_its_cycles_to_the_phases_last_year(plan):
    plan.plan.title = "Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công giai đoạn 2022 - 2026"
    plan.plan.save(update_fields=["title"])
    obligation = recurring(plan, "Hằng năm")
    assert [c.label for c in plan_cycles.obligation_cycles_ensure(obligation=obligation)] == ["Năm 2025", "Năm 2026"]


def test_the_obligations_read_from_the_content_are_recurring(plan):
    from documents.plaintext import sections_from_text
    from workflows.plans.obligations import obligations_from_content

    plan.plan.content["sections"] = sections_from_text(
        "III. TỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành\n"
        "Triển khai thực hiện Kế hoạch; báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ) định kỳ 6 tháng.")
    plan.plan.content["tasks"] = [{"content": "Rà soát thủ tục hành chính", "lead": "Sở Tư pháp",
                                   "deadline_text": "Thường xuyên"}]
    [report, task] = obligations_from_content(process=plan)
    assert (report.kind, report.cycle_periods, report.cycle_dates) == ("report", ["half_year"], [])
    assert (task.kind, task.cycle_periods) == ("task", ["half_year"])


def test_the_fanout_at_issue_makes_the_cycles_and_opens_none_before_its_day(plan):
    obligation = recurring(plan)
    assert fanout.fanout_obligation(obligation_id=obligation.pk, on=D(2025, 3, 16)) == 0
    obligation.refresh_from_db()
    assert obligation.fanout_finished and obligation.cycles.count() == 2
    assert not UnitReport.objects.filter(obligation=obligation).exists()


def test_the_beat_opens_a_cycle_ten_working_days_before_it_is_due(plan):
    obligation = recurring(plan)  # 6 tháng đầu năm 2025: due Monday 30/6; ten working days before: Monday 16/6
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    assert plan_cycles.opens_on(due_date=D(2025, 6, 30)) == D(2025, 6, 16)
    assert cycles_tick(today=D(2025, 6, 13)) == {"cycles": 0, "reports": 0}
    assert cycles_tick(today=D(2025, 6, 16)) == {"cycles": 1, "reports": 2}
    first = obligation.cycles.get(sequence=1)
    assert first.opened_at and obligation.cycles.get(sequence=2).opened_at is None
    reports = UnitReport.objects.filter(obligation=obligation).select_related("unit", "process")
    assert sorted((r.unit.key, r.cycle_id, r.due_date, r.state) for r in reports) == [
        ("tn-stc", first.pk, D(2025, 6, 30), "not_received"), ("tn-stp", first.pk, D(2025, 6, 30), "not_received")]
    for report in reports:  # an ordinary report process, waiting for the unit's văn thư
        assert Task.objects.filter(process=report.process, flow_task=UnitReportFlow.acknowledge, status="NEW").exists()
    titles = set(Notification.objects.filter(unit_report__obligation=obligation).values_list("title", flat=True))
    assert titles and all("6 tháng đầu năm 2025" in t for t in titles)


@override_settings(KEHOACH_CYCLE_OPEN_WORKING_DAYS=3)
def test_the_number_of_working_days_is_a_setting(plan):
    obligation = recurring(plan)
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    assert cycles_tick(today=D(2025, 6, 24))["cycles"] == 0
    assert cycles_tick(today=D(2025, 6, 25))["cycles"] == 1  # Wed 25/6: three working days before Mon 30/6


def test_a_repeated_tick_opens_nothing_twice(plan):
    obligation = recurring(plan)
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    assert cycles_tick(today=D(2025, 6, 16))["reports"] == 2
    assert cycles_tick(today=D(2025, 6, 16)) == {"cycles": 0, "reports": 0}
    assert cycles_tick(today=D(2025, 6, 20)) == {"cycles": 0, "reports": 0}
    # even a cycle whose opened_at was lost (a crash after its last batch) gets no second report
    ReportCycle.objects.filter(obligation=obligation).update(opened_at=None)
    assert cycles_tick(today=D(2025, 6, 20)) == {"cycles": 1, "reports": 0}
    assert UnitReport.objects.filter(obligation=obligation).count() == 2


def test_a_tick_after_missed_ones_opens_every_cycle_left_behind_once(plan):
    obligation = recurring(plan)
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    assert cycles_tick(today=D(2026, 1, 5)) == {"cycles": 2, "reports": 4}  # no tick since March
    assert cycles_tick(today=D(2026, 1, 5)) == {"cycles": 0, "reports": 0}
    by_cycle = sorted(UnitReport.objects.filter(obligation=obligation).values_list("cycle__label", "due_date"))
    assert by_cycle == [("6 tháng cuối năm 2025", D(2025, 12, 31))] * 2 + [("6 tháng đầu năm 2025", D(2025, 6, 30))] * 2


def test_the_database_refuses_a_second_report_of_a_unit_in_a_cycle_or_a_one_off_duty(plan):
    obligation = recurring(plan)
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    cycles_tick(today=D(2025, 6, 16))
    report = UnitReport.objects.filter(obligation=obligation).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitReport.objects.create(obligation=obligation, cycle=report.cycle, unit=report.unit, receiver=report.receiver)
    # the next cycle is another report; a one-off duty (no cycle) is one report per unit
    UnitReport.objects.create(obligation=obligation, cycle=obligation.cycles.get(sequence=2), unit=report.unit,
                              receiver=report.receiver)
    UnitReport.objects.create(obligation=obligation, unit=report.unit, receiver=report.receiver)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitReport.objects.create(obligation=obligation, unit=report.unit, receiver=report.receiver)


def _communes(n, prefix):
    province = Unit.objects.get(key="tn-ubnd")
    Unit.objects.bulk_create([Unit(key=f"{prefix}-{i}", code="UBND", name=f"Ủy ban nhân dân xã {prefix} {i}",
                                   kind=UnitKind.COMMUNE, parent=province, valid_from=D(2025, 7, 1)) for i in range(n)])


def test_opening_a_cycle_takes_the_same_statements_for_20_and_60_units(plan):
    counts = {}
    for n, prefix in ((20, "a"), (40, "b")):  # 20 (+ the chart's communes), then 40 more: 60
        _communes(n, prefix)
        obligation = recurring(plan, "hằng quý", recipients=["UBND các xã, phường, thị trấn"])
        plan_cycles.obligation_cycles_ensure(obligation=obligation)
        with CaptureQueriesContext(connection) as ctx:
            result = cycles_tick(today=D(2025, 9, 20), obligations=[obligation.pk])  # Quý I, II (missed) and III
        counts[UnitReport.objects.filter(obligation=obligation).count() // 3] = len(ctx.captured_queries)
        assert result["cycles"] == 3
    assert sorted(counts) == [24, 64]  # the demo chart's four communes after 1/7/2025, plus 20, plus 40
    assert counts[24] == counts[64], counts


def test_reminders_follow_the_cycles_due_date(plan):
    obligation = recurring(plan)
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    cycles_tick(today=D(2026, 1, 5))
    reminders_tick(today=D(2025, 12, 29))  # three working days before 31/12: the second cycle is due soon
    soon = Notification.objects.filter(kind="due_soon", unit_report__obligation=obligation)
    assert soon.exists() and {n.unit_report.cycle.label for n in soon} == {"6 tháng cuối năm 2025"}
    assert all("Sắp đến hạn (31/12/2025)" in n.title and "6 tháng cuối năm 2025" in n.title for n in soon)
    # the first cycle (due 30/6, not accepted) is late: its reminders say 30/06/2025, not the next cycle's date
    late = Notification.objects.filter(kind="overdue", unit_report__cycle__sequence=1, unit_report__obligation=obligation)
    assert late.exists() and all("30/06/2025" in n.title for n in late)


def test_the_drafter_sets_the_default_cycle_and_the_end_on_the_draft_screen(journey, client, on_day):
    from orgchart.models import Field
    from tests.journey import BODY
    from workflows.flows import PlanFlow

    journey.login("cv.cchc")
    data = {"division": Unit.objects.get(key="tn-snv-cchc").pk, "title": "Kế hoạch thử chu kỳ báo cáo",
            "field": Field.objects.get(code="noi-vu").pk, "due_date": "20/03/2025", "body": BODY,
            "legal_bases": "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", "tasks": "",
            "recipients": "Bộ Nội vụ\nLưu: VT, HCC", "default_cycle": "quarter", "cycles_until": "30/06/2026",
            "submission_title": ""}
    with on_day(D(2025, 3, 13)):
        assert client.post(PlanFlow.start.reverse("execute"), data).status_code == 302
    process = PlanProcess.objects.latest("pk")
    assert (process.default_cycle, process.cycles_until) == ("quarter", D(2026, 6, 30))
    data["default_cycle"] = "tháng"  # not a choice: refused, in Vietnamese
    with on_day(D(2025, 3, 13)):
        page = client.post(PlanFlow.start.reverse("execute"), data)
    assert page.status_code == 200 and "default_cycle" in page.context["form"].errors


def test_a_merged_units_report_of_a_later_cycle_moves_to_its_successor_and_is_not_folded_into_an_earlier_one(plan, tmp_path):
    import json

    from django.core.management import call_command

    obligation = recurring(plan, recipients=["Sở Tư pháp", "Sở Tài chính"])
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    cycles_tick(today=D(2026, 1, 5))  # both cycles, for both
    first, second = obligation.cycles.order_by("sequence")
    UnitReport.objects.filter(cycle=second, unit__key="tn-stc").delete()  # Sở Tài chính owes nothing in the second
    stp_first = UnitReport.objects.get(cycle=first, unit__key="tn-stp")
    stp_second = UnitReport.objects.get(cycle=second, unit__key="tn-stp")
    spec = tmp_path / "merge.json"
    spec.write_text(json.dumps({"date": "2026-01-10", "title": "Sáp nhập (thử)",
                                "changes": [{"end": "tn-stp", "successor": "tn-stc"}]}, ensure_ascii=False), encoding="utf-8")
    call_command("restructure", str(spec))
    stp_first.refresh_from_db()
    stp_second.refresh_from_db()
    # first cycle: the successor has its report, the predecessor's is folded into it
    assert stp_first.process.status == "CANCELED"
    # second cycle: the successor has none, so the predecessor's report becomes the successor's (not folded into
    # the successor's report of the first cycle)
    assert stp_second.unit.key == "tn-stc" and stp_second.process.status != "CANCELED"
    assert UnitReport.objects.filter(cycle=second, unit__key="tn-stc").count() == 1


def test_beat_runs_the_cycles_tick_hourly_by_the_tasks_name(plan, settings, on_day):
    from config.queueing import task

    entry = settings.CELERY_BEAT_SCHEDULE["report-cycles"]
    assert entry["task"] == "workflows.cycles_tick" and entry["schedule"] == 3600.0
    assert settings.KEHOACH_CYCLE_OPEN_WORKING_DAYS == 10
    obligation = recurring(plan)
    plan_cycles.obligation_cycles_ensure(obligation=obligation)
    with on_day(D(2025, 6, 16)):
        assert task(entry["task"]).delay().get() == {"cycles": 1, "reports": 2}
        assert task(entry["task"]).delay().get() == {"cycles": 0, "reports": 0}
