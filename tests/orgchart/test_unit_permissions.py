"""Unit rights follow the holding's dates: who acts for a position, and the guardian rows that mirror it."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from guardian.shortcuts import get_perms

from orgchart import selectors, services
from orgchart.models import Holding, Position, Unit
from orgchart.tasks import unit_permissions_sync_task

D = datetime.date


def fresh(username):
    """A user object read again (the rights of a person are kept on the object for one request)."""
    return get_user_model().objects.get(username=username)


def test_a_former_vice_chair_does_not_count_as_acting_pct(chart):
    """pct.tien held the seat until 31/12/2024; pct.loan holds it from 1/1/2025. One filter() on the holding."""
    seat = Position.objects.get(holdings__user__username="pct.loan")
    assert seat in selectors.positions_acted_by(user=fresh("pct.tien"), on=D(2024, 12, 31))
    assert seat not in selectors.positions_acted_by(user=fresh("pct.tien"), on=D(2025, 1, 1))
    assert seat not in selectors.user_positions(user=fresh("pct.tien"), on=D(2026, 12, 2))
    assert seat in selectors.user_positions(user=fresh("pct.loan"), on=D(2026, 12, 2))
    assert selectors.acting_capacity(user=fresh("pct.tien"), position=seat, on=D(2025, 6, 1)) is None
    assert selectors.acting_capacity(user=fresh("pct.loan"), position=seat, on=D(2025, 6, 1)) == (selectors.HOLDER, None)
    capacity, delegation = selectors.acting_capacity(user=fresh("pct.truong"), position=seat, on=D(2026, 12, 22))
    assert capacity == selectors.DELEGATE and delegation.substitute.username == "pct.truong"


def test_district_rights_end_with_the_holding(chart):
    district = Unit.objects.get(key="tn-h-phubinh")
    assert district.pk in selectors.unit_ids_with_right(user=fresh("vt.phubinh"), right="clerk_for_unit", on=D(2025, 6, 30))
    assert not selectors.unit_ids_with_right(user=fresh("vt.phubinh"), right="clerk_for_unit", on=D(2025, 7, 1))
    assert not selectors.unit_ids_with_right(user=fresh("ct.phubinh"), right="view_unit_work", on=D(2026, 12, 2))


def test_the_daily_sync_grants_what_starts_and_revokes_what_ended(chart):
    district = Unit.objects.get(key="tn-h-phubinh")
    snv = Unit.objects.get(key="tn-snv")
    services.unit_permissions_sync(on=D(2025, 6, 30))
    assert set(get_perms(fresh("vt.phubinh"), district)) == {"act_for_unit", "view_unit_work", "clerk_for_unit"}
    assert "view_unit_work" in get_perms(fresh("ct.phubinh"), district)
    _granted, revoked = services.unit_permissions_sync(on=D(2025, 7, 1))
    assert revoked >= 3 + 2 + 2  # the district's clerk, chair and specialist (the communes' staff too)
    assert get_perms(fresh("vt.phubinh"), district) == []
    assert get_perms(fresh("ct.phubinh"), district) == []
    assert set(get_perms(fresh("vt.khason"), Unit.objects.get(key="tn-x-khason-2025"))) >= {"clerk_for_unit"}
    assert "act_for_unit" in get_perms(fresh("gd.snv"), snv)
    assert services.unit_permissions_sync(on=D(2025, 7, 1)) == (0, 0)  # idempotent


def test_a_delegation_brings_rights_only_while_in_force(chart):
    ubnd = Unit.objects.get(key="tn-ubnd")
    outsider = get_user_model().objects.create_user("pgd.acting", password="x")
    seat = Position.objects.get(holdings__user__username="pct.hoa")
    services.delegation_create(position=seat, substitute=outsider, start=D(2027, 2, 1), end=D(2027, 2, 5))
    services.unit_permissions_sync(on=D(2027, 1, 31))
    assert get_perms(fresh("pgd.acting"), ubnd) == []
    services.unit_permissions_sync(on=D(2027, 2, 1))
    assert set(get_perms(fresh("pgd.acting"), ubnd)) == {"act_for_unit", "view_unit_work"}
    services.unit_permissions_sync(on=D(2027, 2, 6))
    assert get_perms(fresh("pgd.acting"), ubnd) == []


def test_the_beat_runs_the_sync_daily(chart, on_day):
    assert any(entry["task"] == "orgchart.unit_permissions_sync" for entry in settings.CELERY_BEAT_SCHEDULE.values())
    with on_day(D(2025, 6, 30)):
        unit_permissions_sync_task.delay()
    assert "clerk_for_unit" in get_perms(fresh("vt.phubinh"), Unit.objects.get(key="tn-h-phubinh"))
    with on_day(D(2025, 7, 1)):
        result = unit_permissions_sync_task.delay().get()
    assert result["revoked"] > 0
    assert get_perms(fresh("vt.phubinh"), Unit.objects.get(key="tn-h-phubinh")) == []


def test_ending_a_holding_in_the_admin_revokes_at_once(chart, client, on_day):
    snv = Unit.objects.get(key="tn-snv")
    holding = Holding.objects.get(user__username="vt.snv")
    admin = fresh("admin")
    client.force_login(admin)
    with on_day(D(2026, 12, 2)):
        services.unit_permissions_sync(on=D(2026, 12, 2))
        assert "clerk_for_unit" in get_perms(fresh("vt.snv"), snv)
        url = f"/admin/orgchart/holding/{holding.pk}/change/"
        response = client.post(url, {"user": holding.user_id, "position": holding.position_id,
                                     "valid_from": "01/01/2020", "valid_to": "01/12/2026"})
        assert response.status_code == 302, response.content.decode()[:2000]
    holding.refresh_from_db()
    assert holding.valid_to == D(2026, 12, 1)
    assert get_perms(fresh("vt.snv"), snv) == []


def test_a_future_appointment_is_granted_on_its_first_day(chart, on_day):
    stp = Unit.objects.get(key="tn-stp")
    newcomer = get_user_model().objects.create_user("cv.moi", password="x")
    position = Position.objects.create(unit=stp, kind="specialist", title="CHUYÊN VIÊN")
    with on_day(D(2026, 12, 2)):
        services.holding_create(user=newcomer, position=position, valid_from=D(2027, 1, 1))
    assert get_perms(fresh("cv.moi"), stp) == []
    assert not selectors.unit_ids_with_right(user=fresh("cv.moi"), right="act_for_unit", on=D(2026, 12, 31))
    services.unit_permissions_sync(on=D(2027, 1, 1))
    assert set(get_perms(fresh("cv.moi"), stp)) == {"act_for_unit", "view_unit_work"}


def test_the_command_syncs_now(chart, capsys):
    from django.core.management import call_command

    call_command("unit_permissions_sync", "--on", "2025-07-01")
    assert "thu hồi" in capsys.readouterr().out
    assert get_perms(fresh("vt.phubinh"), Unit.objects.get(key="tn-h-phubinh")) == []
