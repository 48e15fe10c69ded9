"""Login protection: django-axes for the login page and the API's Basic auth.

Five wrong passwords for one username within ``AXES_COOLOFF_TIME`` lock that username for the same
time (settings in ``config/settings/base.py``). The login page shows the lock in Vietnamese
(:func:`lockout_response`); the API answers 429 with the same message
(:class:`AxesBasicAuthentication`), and both count towards the same limit.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import authenticate
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.authentication import BasicAuthentication

SEEN = "_kehoach_seen"  # when the session was last renewed (epoch seconds)


class IdleSessionMiddleware:
    """Idle sessions end after ``SESSION_COOKIE_AGE`` (8 hours); activity renews the session.

    Renewing means saving the session with a new expiry, so it is done at most once per
    ``KEHOACH_SESSION_RENEW_AFTER`` seconds rather than on every request
    (``SESSION_SAVE_EVERY_REQUEST`` would add a database write to every page view). Sits after
    ``SessionMiddleware`` in ``MIDDLEWARE``, so that the session it marks modified is saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(SEEN) or 0) >= settings.KEHOACH_SESSION_RENEW_AFTER:
                session[SEEN] = now  # modified: SessionMiddleware saves it, expiring SESSION_COOKIE_AGE from now
        return response


def session_mark_seen(sender, request, user, **kwargs) -> None:
    """At login the session starts fresh (connected to ``user_logged_in`` in config's AppConfig)."""
    if getattr(request, "session", None) is not None:
        request.session[SEEN] = int(time.time())


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("Tài khoản tạm bị khóa vì nhập sai mật khẩu %(n)s lần. Vui lòng thử lại sau %(minutes)s phút "
             "hoặc liên hệ quản trị viên.") % {"n": settings.AXES_FAILURE_LIMIT, "minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the lock explained (axes' AXES_LOCKOUT_CALLABLE)."""
    from django.contrib.auth.forms import AuthenticationForm

    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(request, "registration/login.html", {"form": form, "lockout": lockout_message()},
                  status=status.HTTP_429_TOO_MANY_REQUESTS)


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


class AxesBasicAuthentication(BasicAuthentication):
    """HTTP Basic auth whose attempts go through axes like the login page's (request passed, failures counted)."""

    def authenticate_credentials(self, userid, password, request=None):
        from axes.handlers.proxy import AxesProxyHandler

        if request is None:
            raise exceptions.AuthenticationFailed(_("Thiếu thông tin yêu cầu để xác thực."))
        user = authenticate(request=request, username=userid, password=password)
        if user is None:
            if AxesProxyHandler.is_locked(request, {"username": userid}):
                raise LockedOut(lockout_message())
            raise exceptions.AuthenticationFailed(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị vô hiệu hóa."))
        return user, None


try:  # the OpenAPI schema describes it as the HTTP Basic auth it is
    from drf_spectacular.authentication import BasicScheme

    class AxesBasicScheme(BasicScheme):
        target_class = AxesBasicAuthentication
        name = "basicAuth"
except ImportError:  # pragma: no cover - drf-spectacular is a dependency
    pass
