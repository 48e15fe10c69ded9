"""The kiểm điểm list (issue 17): one list per superior per plan per tick, naming every unit under it that reached
the kiểm điểm level; each unit once; its page for the superior's head of the day only."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.journey import issued_obligation
from workflows.models import DisciplineEntry, DisciplineList, Notification, UnitReport
from workflows.notifications.reminders import notifications_email, reminders_tick

D = datetime.date
ICT = datetime.timezone(datetime.timedelta(hours=7))
DUE = D(2025, 5, 9)  # a Friday; the default kiểm điểm level comes 5 working days later, on Friday 16/5
LIST_DAY = D(2025, 5, 16)  # the first list's tick
LATER = D(2025, 5, 12)  # Sở Xây dựng's own due date: its kiểm điểm level comes on 19/5


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 8, tzinfo=ICT), tick=False)


def tick(day):
    with at(day):
        return reminders_tick(today=day)


@pytest.fixture
def late(journey, on_day, users):
    """Three sở under UBND tỉnh and a commune under its district (before 1/7/2025), all due 9/5, Sở Xây dựng 12/5."""
    obligation = issued_obligation(journey, on_day, title="Báo cáo tổng kết", due_date=DUE,
                                   recipients=["Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "UBND xã Kha Sơn"])
    reports = {r.unit.key: r for r in UnitReport.objects.filter(obligation=obligation).select_related("unit")}
    assert set(reports) == {"tn-stp", "tn-stc", "tn-sxd", "tn-x-khason"}, set(reports)
    UnitReport.objects.filter(pk=reports["tn-sxd"].pk).update(due_date=LATER)
    return reports


def lists_of(username):
    return list(DisciplineList.objects.filter(user__username=username).order_by("pk"))


def listed_units(dlist):
    return sorted(DisciplineEntry.objects.filter(discipline_list=dlist).values_list("unit_report__unit__key", flat=True))


def test_two_late_units_under_one_superior_make_one_list_then_a_later_unit_a_second(late, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tick(D(2025, 5, 15))  # four working days late: not yet
    assert not DisciplineList.objects.exists() and not Notification.objects.filter(kind="discipline").exists()
    ids = tick(D(2025, 5, 16))
    (first,) = lists_of("ct.hung")  # the head of UBND tỉnh, above the three sở
    assert listed_units(first) == ["tn-stc", "tn-stp"] and first.unit.key == "tn-ubnd" and first.to_head
    told = Notification.objects.get(kind="discipline", user=users["ct.hung"])
    assert told.discipline_list == first and told.unit_report is None and told.url == f"/notifications/discipline/{first.pk}/"
    assert told.title.startswith("Đề nghị kiểm điểm: 2 đơn vị quá hạn")
    assert "Sở Tư pháp" in told.body and "Sở Tài chính" in told.body and "hạn 09/05/2025" in told.body
    assert "quá hạn 5 ngày làm việc" in told.body
    # one e-mail to the superior's head, naming both, with the link to the list
    assert told.pk in ids
    notifications_email(ids=ids)
    sent = [m for m in mail.outbox if m.to == [users["ct.hung"].email]]
    assert len(sent) == 1 and "Sở Tư pháp" in sent[0].body and "Sở Tài chính" in sent[0].body
    assert f"/notifications/discipline/{first.pk}/" in sent[0].body

    assert tick(D(2025, 5, 16)) == []  # a repeated tick: nothing new
    assert DisciplineList.objects.count() == 2 and Notification.objects.filter(kind="discipline").count() == 2

    tick(D(2025, 5, 19))  # Sở Xây dựng reaches the level: a second list with it alone
    first_again, second = lists_of("ct.hung")
    assert first_again == first and listed_units(first) == ["tn-stc", "tn-stp"] and listed_units(second) == ["tn-sxd"]
    assert Notification.objects.get(discipline_list=second).title.startswith("Đề nghị kiểm điểm: 1 đơn vị quá hạn")
    assert tick(D(2025, 5, 20)) == [] and DisciplineList.objects.count() == 3
    assert Notification.objects.filter(kind="discipline", user=users["ct.hung"]).count() == 2


def test_the_superior_of_another_branch_gets_only_its_own_units(late, users):
    tick(D(2025, 5, 16))
    (district,) = lists_of("ct.phubinh")  # xã Kha Sơn was under huyện Phú Bình until 30/6/2025
    assert listed_units(district) == ["tn-x-khason"] and district.unit.key == "tn-h-phubinh"
    told = Notification.objects.get(kind="discipline", user=users["ct.phubinh"])
    assert "Kha Sơn" in told.body and "Sở Tư pháp" not in told.body
    assert "Kha Sơn" not in Notification.objects.get(kind="discipline", user=users["ct.hung"]).body
    assert not Notification.objects.filter(kind="discipline", user__username__in=["gd.stp", "cv.stp", "ct.khason.cu"]).exists()


def test_the_lists_statements_do_not_grow_with_the_units(late, journey, on_day):
    from workflows.models import Obligation

    with CaptureQueriesContext(connection) as few:
        tick(D(2025, 5, 16))
    plan = Obligation.objects.get(title="Báo cáo tổng kết").plan
    # a second duty on another plan, ten more late units under the same superiors: the same statements for the lists
    more = Obligation.objects.create(plan=plan, title="Báo cáo sơ kết", due_date=DUE,
                                     consolidator=Obligation.objects.get(title="Báo cáo tổng kết").consolidator)
    from orgchart.models import Unit
    from workflows.flows import fanout

    more.recipients = [u.name for u in Unit.objects.filter(kind="department", parent__key="tn-ubnd", valid_to__isnull=True)][:10]
    more.save()
    fanout.fanout_obligation(obligation_id=more.pk, on=D(2025, 3, 16))
    assert UnitReport.objects.filter(obligation=more).count() >= 8
    DisciplineList.objects.all().delete()
    DisciplineEntry.objects.all().delete()
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        tick(D(2025, 5, 16))
    writes = [q["sql"] for q in many.captured_queries if "discipline" in q["sql"].lower()]
    assert DisciplineEntry.objects.count() >= 11  # the four of the first duty and those of the second
    assert len(writes) == len([q for q in few.captured_queries if "discipline" in q["sql"].lower()]), writes


# --- the list's page: the attacker first ------------------------------------------------------------------


@pytest.fixture
def lists(late):
    tick(D(2025, 5, 16))
    return {"province": lists_of("ct.hung")[0], "district": lists_of("ct.phubinh")[0]}


def page(client, user, dlist, day=LIST_DAY, method="get"):
    client.logout()
    if user is not None:
        client.force_login(user)
    with at(day):
        return getattr(client, method)(f"/notifications/discipline/{dlist if isinstance(dlist, int) else dlist.pk}/")


def test_anonymous_is_sent_to_log_in(lists, client):
    answer = page(client, None, lists["province"])
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


@pytest.mark.parametrize("username", ["gd.stp", "cv.stp", "cv.cchc", "pct.loan", "ct.phubinh", "gd.snv"])
def test_other_units_and_other_posts_are_refused(lists, client, users, username):
    answer = page(client, users[username], lists["province"])
    assert answer.status_code == 404 and "Báo cáo tổng kết" not in answer.content.decode()  # nothing of the list


def test_a_forged_id_is_not_found(lists, client, users):
    forged = DisciplineList.objects.order_by("-pk").first().pk + 1000
    assert page(client, users["ct.hung"], forged).status_code == 404


def test_a_post_is_refused(lists, client, users):
    client.handler.enforce_csrf_checks = True
    assert page(client, users["ct.hung"], lists["province"], method="post").status_code in (403, 405)


def test_the_superiors_head_sees_the_list_the_former_holder_no_longer(lists, client, users):
    answer = page(client, users["ct.hung"], lists["province"])
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Sở Tư pháp" in text and "Sở Tài chính" in text and "Kha Sơn" not in text
    assert "09/05/2025" in text and "Báo cáo tổng kết" in text
    row = text.split(f'data-unit="{late_unit(lists, "tn-stp")}"')[1].split("</tr>")[0]
    assert "<td>5</td>" in row  # working days late on the list's day
    assert page(client, users["ct.phubinh"], lists["district"]).status_code == 200
    # the district chair's post ended on 30/6/2025: its former holder no longer reads the list
    assert page(client, users["ct.phubinh"], lists["district"], day=D(2025, 7, 2)).status_code == 404


def test_a_new_holder_of_the_post_reads_it_and_the_old_one_does_not(lists, client, users):
    from orgchart.models import Holding

    holding = Holding.objects.get(user=users["ct.hung"], position__kind="chair", position__unit__key="tn-ubnd")
    Holding.objects.filter(pk=holding.pk).update(valid_to=D(2025, 5, 31))
    Holding.objects.create(user=users["pct.truong"], position=holding.position, valid_from=D(2025, 6, 1))
    assert page(client, users["ct.hung"], lists["province"], day=D(2025, 6, 2)).status_code == 404
    assert page(client, users["pct.truong"], lists["province"], day=D(2025, 6, 2)).status_code == 200


def late_unit(lists, key):
    return DisciplineEntry.objects.get(discipline_list=lists["province"], unit_report__unit__key=key).unit_report.unit_id
