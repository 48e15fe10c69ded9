"""gunicorn settings for Kehoach, read from the environment (``gunicorn -c deploy/gunicorn.conf.py config.wsgi``).

GUNICORN_BIND      address to bind (default 127.0.0.1:$PORT, PORT defaulting to 8000)
WEB_CONCURRENCY    worker processes (default 2 x cores + 1, at most 8)
GUNICORN_THREADS   threads per worker (default 4: requests wait on PostgreSQL, not the CPU)
GUNICORN_TIMEOUT   seconds before a silent worker is restarted (default 60)
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Django logs one JSON line per request itself (config.logging); gunicorn's access log would repeat it.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The TLS proxy in front sets X-Forwarded-*; trust it only from the addresses listed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "config.wsgi:application"
