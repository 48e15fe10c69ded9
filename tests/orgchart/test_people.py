"""Who may act for a position on a day; validation of the chart."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from orgchart import selectors, services
from orgchart.models import Delegation, Holding, PositionKind, Unit, UnitKind
from tests import factories

D = datetime.date


@pytest.fixture
def province(db):
    return factories.unit(code="UBND", kind=UnitKind.PROVINCE, name="Ủy ban nhân dân tỉnh Thái Nguyên")


def test_holder_acts_unless_a_delegation_is_in_force(province):
    loan, truong = factories.user("loan"), factories.user("truong")
    pct = factories.position(unit=province, kind=PositionKind.VICE_CHAIR, title="PHÓ CHỦ TỊCH", holder=loan)
    services.delegation_create(position=pct, substitute=truong, start=D(2025, 4, 1), end=D(2025, 4, 10), reason="Nghỉ phép")

    normal = selectors.position_actor(position=pct, on=D(2025, 3, 31))
    away = selectors.position_actor(position=pct, on=D(2025, 4, 1))
    back = selectors.position_actor(position=pct, on=D(2025, 4, 11))
    assert normal.user == loan and not normal.is_substitute
    assert away.user == truong and away.holder == loan and away.is_substitute
    assert back.user == loan
    assert pct in selectors.positions_acted_by(user=truong, on=D(2025, 4, 5))
    assert pct not in selectors.positions_acted_by(user=loan, on=D(2025, 4, 5))
    assert pct in selectors.positions_acted_by(user=loan, on=D(2025, 4, 11))


def test_holdings_follow_dates(chart):
    seat = selectors.position_actor(position=Holding.objects.get(user__username="pct.loan").position, on=D(2024, 6, 1))
    assert seat.user.username == "pct.tien"
    seat = selectors.position_actor(position=seat.position, on=D(2025, 3, 16))
    assert seat.user.username == "pct.loan"


def test_competent_leader_is_the_vice_chair_in_charge_of_the_field(chart):
    from orgchart.models import Field

    province = chart["tn-ubnd"]
    noi_vu, kinh_te = Field.objects.get(code="noi-vu"), Field.objects.get(code="kinh-te")
    on = D(2025, 3, 16)
    def signer(field):
        return selectors.position_actor(position=selectors.competent_leader_position(province=province, field=field, on=on),
                                        on=on).user.username

    assert signer(noi_vu) == "pct.loan"
    assert signer(kinh_te) == "pct.truong"
    chair = selectors.competent_leader_position(province=province, field=noi_vu, on=on, collective=True)
    assert chair.kind == PositionKind.CHAIR


def test_overlapping_holdings_of_one_seat_are_refused(province):
    a, b = factories.user(), factories.user()
    seat = factories.position(unit=province, kind=PositionKind.CHAIR, title="CHỦ TỊCH")
    services.holding_create(user=a, position=seat, valid_from=D(2021, 1, 1), valid_to=D(2025, 12, 31))
    with pytest.raises(ValidationError, match="thời gian bị trùng"):
        services.holding_create(user=b, position=seat, valid_from=D(2025, 6, 1))
    services.holding_create(user=b, position=seat, valid_from=D(2026, 1, 1))
    assert Holding.objects.filter(position=seat).count() == 2


def test_overlapping_delegations_are_refused(province):
    holder, s1, s2 = factories.user(), factories.user(), factories.user()
    seat = factories.position(unit=province, kind=PositionKind.VICE_CHAIR, title="PHÓ CHỦ TỊCH", holder=holder)
    services.delegation_create(position=seat, substitute=s1, start=D(2025, 4, 1), end=D(2025, 4, 10))
    with pytest.raises(ValidationError, match="thời gian bị trùng"):
        services.delegation_create(position=seat, substitute=s2, start=D(2025, 4, 10), end=D(2025, 4, 20))
    with pytest.raises(ValidationError, match="đang giữ chính chức vụ"):
        services.delegation_create(position=seat, substitute=holder, start=D(2025, 5, 1), end=D(2025, 5, 2))
    with pytest.raises(ValidationError):
        services.delegation_create(position=seat, substitute=s2, start=D(2025, 6, 10), end=D(2025, 6, 1))
    assert Delegation.objects.count() == 1


def test_a_unit_cannot_be_its_own_ancestor(province):
    district = factories.unit(kind=UnitKind.DISTRICT, parent=province)
    province.parent = district
    with pytest.raises(ValidationError, match="cấp trên của chính mình"):
        services.unit_save(unit=province)
    province.refresh_from_db()
    assert province.parent is None


def test_a_successor_must_exist_on_the_handover_day(province):
    new = factories.unit(kind=UnitKind.DEPARTMENT, parent=province, valid_from=D(2025, 3, 2))
    old = Unit(key="old", code="SKHĐT", name="Sở cũ", kind=UnitKind.DEPARTMENT, parent=province,
               valid_to=D(2025, 2, 28), successor=new)
    with pytest.raises(ValidationError, match="không tồn tại vào ngày 01/03/2025"):
        services.unit_save(unit=old)
    assert not Unit.objects.filter(key="old").exists()
    open_ended = Unit(key="old2", code="X", name="Sở mở", kind=UnitKind.DEPARTMENT, parent=province, successor=new)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.unit_save(unit=open_ended)


def test_unknown_unit_code_is_a_clear_error(db):
    with pytest.raises(ValidationError, match="Không có đơn vị với mã khong-co"):
        services.unit_by_key(key="khong-co")


def test_admin_refuses_an_overlapping_delegation_with_a_vietnamese_message(province, client):
    admin = factories.user(is_staff=True, is_superuser=True)
    holder, sub = factories.user(), factories.user()
    seat = factories.position(unit=province, kind=PositionKind.VICE_CHAIR, title="PHÓ CHỦ TỊCH", holder=holder)
    services.delegation_create(position=seat, substitute=sub, start=D(2025, 4, 1), end=D(2025, 4, 10))
    client.force_login(admin)
    response = client.post("/admin/orgchart/delegation/add/", {
        "position": seat.pk, "substitute": sub.pk, "start": "05/04/2025", "end": "15/04/2025", "reason": "x"})
    assert response.status_code == 200
    assert "thời gian bị trùng" in response.content.decode()
    assert Delegation.objects.count() == 1


def test_load_demo_is_idempotent(db, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    counts = (Unit.objects.count(), Holding.objects.count(), get_user_model().objects.count(), Delegation.objects.count())
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    assert counts == (Unit.objects.count(), Holding.objects.count(), get_user_model().objects.count(), Delegation.objects.count())
    assert counts[0] > 40
