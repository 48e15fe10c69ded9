"""What a server without DEBUG needs: a real secret and the transport-security settings.

Applied by ``config.settings`` whenever DEBUG is off. Web nodes sit behind a TLS proxy that sets
``X-Forwarded-Proto``.
"""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import DATABASES, SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is required when DEBUG is off (set DEBUG=1 for a development server).")

# KEHOACH_PLAIN_HTTP=1 only for a trial or a benchmark on this machine without the TLS proxy:
# no redirect to https, cookies over plain HTTP, no HSTS.
_TLS = not env_bool("KEHOACH_PLAIN_HTTP", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _TLS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))) if _TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = _TLS
CSRF_COOKIE_SECURE = _TLS

# Keep database connections for a minute (checked before each request: CONN_HEALTH_CHECKS in base.py).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# The load balancer asks /healthz over plain HTTP on the node itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
