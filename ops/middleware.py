import logging
import time

from django.db import InterfaceError, OperationalError
from django.utils.functional import empty

from .views import database_unavailable

logger = logging.getLogger("kehoach.request")


def _user_id(request):
    """The user's id if authentication already ran; never a query of its own (the database may be down)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


class RequestLogMiddleware:
    """One JSON line per request (logger ``kehoach.request``): method, path, status, ms, user id. Outermost."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        logger.info("request", extra={
            "method": request.method, "path": request.path, "status": response.status_code,
            "ms": round((time.monotonic() - started) * 1000, 1), "user": _user_id(request)})
        return response


class DatabaseUnavailableMiddleware:
    """A view that finds the database gone answers the 503 page instead of a 500.

    Exceptions raised in other middleware (the session, the user) reach ``handler500``, which does the same;
    together they cover every request. Recovery needs no restart: each request checks its connection
    (CONN_HEALTH_CHECKS) and a broken one is thrown away at the end of the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return database_unavailable(request)
        return None
