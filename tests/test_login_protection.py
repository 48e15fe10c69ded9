"""Login protection, as an attacker would probe it: guessing pct.loan's password on the login page
and through the API's Basic auth, weak passwords, sessions that never end, API floods."""

import base64
import datetime

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

LOGIN_URL = "/accounts/login/"


@pytest.fixture
def time_machine_at():
    """Travel to a moment (the clock stands still there)."""
    import time_machine

    return lambda moment: time_machine.travel(moment, tick=False)


def login(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(chart, client):
    for _attempt in range(30):
        login(client, "pct.loan", "doan-mo-mat-khau")
    response = login(client, "pct.loan", settings.DEMO_PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tài khoản tạm bị khóa vì nhập sai mật khẩu 5 lần" in page and "15 phút" in page
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_username_for_fifteen_minutes(chart, client, time_machine_at):
    from django.utils import timezone

    start = timezone.now()
    with time_machine_at(start):
        for _attempt in range(4):
            assert login(client, "pct.loan", "sai-mat-khau").status_code == 200  # the form again, not yet locked
        assert login(client, "pct.loan", "sai-mat-khau").status_code == 429  # the fifth
        assert login(client, "pct.loan", settings.DEMO_PASSWORD).status_code == 429
        other = login(client, "pct.truong", settings.DEMO_PASSWORD)  # another username is not locked
        assert other.status_code == 302
    with time_machine_at(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)):
        client.logout()
        assert login(client, "pct.loan", settings.DEMO_PASSWORD).status_code == 302


def test_old_failures_do_not_add_up_beyond_the_window(chart, client, time_machine_at):
    from django.utils import timezone

    start = timezone.now()
    with time_machine_at(start):
        for _attempt in range(4):
            login(client, "pct.loan", "sai-mat-khau")
    with time_machine_at(start + datetime.timedelta(minutes=16)):
        assert login(client, "pct.loan", "sai-mat-khau").status_code == 200  # one failure in the window, not five
        assert login(client, "pct.loan", settings.DEMO_PASSWORD).status_code == 302


def test_basic_auth_guesses_count_and_lock_too(chart):
    api = APIClient()
    for _attempt in range(4):
        assert api.get("/api/plans/", **basic("pct.loan", "sai-mat-khau")).status_code in (401, 403)
    api.get("/api/plans/", **basic("pct.loan", "sai-mat-khau"))
    locked = api.get("/api/plans/", **basic("pct.loan", settings.DEMO_PASSWORD))
    assert locked.status_code == 429 and "tạm bị khóa" in locked.json()["detail"]
    assert login(APIClient(), "pct.loan", settings.DEMO_PASSWORD).status_code == 429  # the login page shares the count
    assert api.get("/api/plans/", **basic("pct.truong", settings.DEMO_PASSWORD)).status_code == 200


def test_the_api_and_the_page_share_one_count(chart, client):
    api = APIClient()
    for _attempt in range(3):
        login(client, "pct.loan", "sai-mat-khau")
    for _attempt in range(2):
        api.get("/api/plans/", **basic("pct.loan", "sai-mat-khau"))
    assert api.get("/api/plans/", **basic("pct.loan", settings.DEMO_PASSWORD)).status_code == 429


def test_the_demo_password_still_logs_in_through_the_page_and_basic_auth(chart, client):
    assert login(client, "cv.cchc", settings.DEMO_PASSWORD).status_code == 302
    assert APIClient().get("/api/plans/", **basic("cv.cchc", settings.DEMO_PASSWORD)).status_code == 200


@pytest.mark.parametrize("weak", ["12345678", "123456789012", "password1234", "kehoach"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_the_demo_password_is_long_enough():
    assert len(settings.DEMO_PASSWORD) >= 10
    validate_password(settings.DEMO_PASSWORD)


def test_an_idle_session_ends_after_eight_hours_and_activity_renews_it(chart, client, time_machine_at):
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    start = timezone.now()
    with time_machine_at(start):
        assert login(client, "cv.cchc", settings.DEMO_PASSWORD).status_code == 302
        assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600
    with time_machine_at(start + datetime.timedelta(hours=7)):  # active again after 7 hours: renewed
        assert client.get("/notifications/").status_code == 200
    with time_machine_at(start + datetime.timedelta(hours=14)):  # 7 idle hours since: still in
        assert client.get("/notifications/").status_code == 200
    with time_machine_at(start + datetime.timedelta(hours=22, minutes=1)):  # 8 idle hours: out
        response = client.get("/notifications/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_renewing_an_active_session_costs_no_write_per_request(chart, client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["cv.cchc"])
    for _request in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/").status_code == 200
        assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"].upper()]


def test_the_api_is_throttled(chart, users, settings):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates["anon"] and rates["user"]
    assert AnonRateThrottle().parse_rate(rates["anon"])[0] > 0  # anonymous calls are refused (403) before throttling
    cache.clear()
    user_limit = UserRateThrottle().parse_rate(rates["user"])[0]
    api = APIClient()
    api.force_authenticate(users["cv.cchc"])
    codes = [api.get("/api/plans/").status_code for _ in range(user_limit + 1)]
    assert codes[0] == 200 and codes[-1] == 429
