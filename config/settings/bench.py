"""Settings of the servers ``manage.py bench rush`` starts for itself: production, minus rate limits.

Everything of production applies (DEBUG off, a secret — a scratch one the bench generates —, secure
cookies, HTTPS redirect: the bench's clients send ``X-Forwarded-Proto: https`` as the TLS proxy does).
Only request-rate limits are lifted, because 1 000 simulated civil servants come from one address:
DRF's throttle rates (any scope) become 10⁶ per second. Login lockout (django-axes) stays on: it counts
failed logins only, and the bench's logins all succeed.
"""
from .base import *  # noqa: F403
from .base import REST_FRAMEWORK
from .production import *  # noqa: F403  (the bench's servers always run with DEBUG off)


class _Unlimited(dict):
    """Every throttle scope, known or not, gets an unreachable rate."""

    def __missing__(self, key):
        return "1000000/s"


REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": [],
                  "DEFAULT_THROTTLE_RATES": _Unlimited(dict.fromkeys(REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES") or {},
                                                                     "1000000/s"))}

# The drills write e-mails to files to count them (EMAIL_BACKEND=…filebased.EmailBackend).
EMAIL_FILE_PATH = __import__("os").environ.get("EMAIL_FILE_PATH") or None
