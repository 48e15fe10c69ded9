"""Kehoach settings common to every purpose, read from the environment.

DEBUG              off unless DEBUG=1; then SECRET_KEY is mandatory (see production.py)
DATABASE_URL       SQLite file by default, PostgreSQL when it says postgres://…
CELERY_BROKER_URL  an embedded file-system broker by default (no server), Redis when redis://…
SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_URL-style settings below.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KEHOACH_VAR_DIR", BASE_DIR / "var"))  # made at startup (config/folders.py), as the folders below


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or not value.strip() else int(value)


DEBUG = env_bool("DEBUG", False)
# Only a development server (DEBUG=1) may run on the known key; production.py insists on a real one.
SECRET_KEY = os.environ.get("SECRET_KEY") or ("kehoach-development-key-not-for-production" if DEBUG else "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, no CDN
    "csp",
    "guardian",
    "axes",
    "config.apps.KehoachConfig",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "viewflow",
    "viewflow.workflow",
    "orgchart",
    "documents",
    "workflows",
    "ops",
]

MIDDLEWARE = [
    "ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "ops.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.security.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.KehoachLoginRequiredMiddleware",
    "workflows.web.middleware.ObjectPermissionCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "config.middleware.SiteFrameMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page's message
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "workflows.web.pages.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kehoach.sqlite3'}"),
        # Persistent connections, checked at the start of each request (a restarted PostgreSQL is
        # noticed and reconnected to without restarting the app).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # BEGIN IMMEDIATE serialises writers, which the number registers rely on;
    # WAL lets the web process, the worker and beat read while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: the browser tests' live server, the threads of the
    # numbering test and a real Celery worker all open their own connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_kehoach.sqlite3")}
if os.environ.get("KEHOACH_TEST_DB_NAME"):
    # Lets parallel runs pick their own test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["KEHOACH_TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username before checking its password
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

# Argon2id with OWASP's parameters (config/hashers.py); the others only verify the hashes made before it,
# which are re-hashed with the first one at their owner's next login.
PASSWORD_HASHERS = [
    "config.hashers.OwaspArgon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login protection (config/security.py) ----------------------------------------
# django-axes: 5 wrong passwords for one username within 15 minutes lock it for 15 minutes,
# on the login page and the API's Basic auth alike.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_USE_ATTEMPT_EXPIRATION = True  # a failure counts for AXES_COOLOFF_TIME only (sliding window)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks to lock by IP address too. Not here: a whole provincial office shares one address
# behind its NAT, so five typos by anyone would lock everyone out; the username lock is what stops
# guessing a password, and DRF's throttles bound floods per user.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0"))  # 1 behind the TLS proxy
# Idle sessions end after 8 hours; activity renews them, saving at most every 5 minutes
# (config.security.IdleSessionMiddleware: SESSION_SAVE_EVERY_REQUEST would write on every page view).
SESSION_COOKIE_AGE = 8 * 3600
KEHOACH_SESSION_RENEW_AFTER = 300
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # filled by `collectstatic`; whitenoise looks there
STATICFILES_DIRS = [BASE_DIR / "static"]  # static/vendor/ is filled at install (Chart.js from npm)
# Hashed, compressed static files served by whitenoise after `collectstatic` (into var/static).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "ops.storage.StaticStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

# Uploads: one limit per kind of upload, in bytes, each read where that upload is checked (documents/uploads.py);
# the environment may change each one (README "Uploads").
KEHOACH_ATTACHMENT_MAX_BYTES = env_int("KEHOACH_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)  # a draft's attachment
KEHOACH_WORD_IMPORT_MAX_BYTES = env_int("KEHOACH_WORD_IMPORT_MAX_BYTES", 20 * 1024 * 1024)  # a Word plan to import
KEHOACH_XLSX_UPLOAD_MAX_BYTES = env_int("KEHOACH_XLSX_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)  # a unit's figures as Excel
KEHOACH_SIGNATURE_CHECK_MAX_BYTES = env_int("KEHOACH_SIGNATURE_CHECK_MAX_BYTES", 20 * 1024 * 1024)  # a PDF to check
KEHOACH_UPLOAD_MAX_EXPANDED_BYTES = 100 * 1024 * 1024  # a .docx/.xlsx once unzipped (zip bombs)
KEHOACH_XLSX_MAX_CELLS = 50_000  # cells (and shared strings) of an uploaded sheet; a 158-row table uses ~1 300
KEHOACH_IMPORT_PREVIEW_MAX_AGE = 3600  # seconds a Word file awaiting confirmation is kept (hourly beat task)
KEHOACH_IMPORT_PREVIEWS_PER_USER = 3  # a fourth upload removes that user's oldest preview
# the form fields around the largest file
DATA_UPLOAD_MAX_MEMORY_SIZE = max(KEHOACH_ATTACHMENT_MAX_BYTES, KEHOACH_WORD_IMPORT_MAX_BYTES, KEHOACH_XLSX_UPLOAD_MAX_BYTES,
                                  KEHOACH_SIGNATURE_CHECK_MAX_BYTES) + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Celery -----------------------------------------------------------------
# Default broker: kombu's file-system transport, a queue in var/broker that
# the web process, the worker and beat share without any server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(os.environ.get("KEHOACH_BROKER_DIR", VAR_DIR / "broker"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_RESULT_BACKEND = None
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    # Reminders: hourly, so that a missed tick (worker or broker down) is made up within the hour.
    "reminders": {"task": "workflows.reminders_tick", "schedule": float(os.environ.get("KEHOACH_REMINDERS_SECONDS", "3600"))},
    "viewflow-timers": {"task": "workflows.fire_timers", "schedule": 60.0},
    # Report cycles of recurring duties: hourly, idempotent, so that a missed tick is made up by the next one.
    "report-cycles": {"task": "workflows.cycles_tick", "schedule": float(os.environ.get("KEHOACH_CYCLES_SECONDS", "3600"))},
    "import-previews-purge": {"task": "workflows.import_previews_purge", "schedule": 3600.0},
    # Unit rights follow the holdings' dates: granted on the first day, revoked the day after the last.
    "unit-permissions": {"task": "orgchart.unit_permissions_sync", "schedule": crontab(hour=0, minute=1)},
    # Fan-outs and e-mails whose message was lost (broker down, worker killed): asked again (workflows/outbox.py).
    "outbox-sweep": {"task": "workflows.outbox_sweep", "schedule": float(os.environ.get("KEHOACH_OUTBOX_SWEEP_SECONDS", "60"))},
}
KEHOACH_FANOUT_STALE_SECONDS = int(os.environ.get("KEHOACH_FANOUT_STALE_SECONDS", "120"))
# A report cycle of a recurring duty opens this many working days before its due date.
KEHOACH_CYCLE_OPEN_WORKING_DAYS = int(os.environ.get("KEHOACH_CYCLE_OPEN_WORKING_DAYS", "10"))
KEHOACH_FANOUT_BATCH_SIZE = int(os.environ.get("KEHOACH_FANOUT_BATCH_SIZE", "5000"))
KEHOACH_ESCALATE_AFTER_WORKING_DAYS = int(os.environ.get("KEHOACH_ESCALATE_AFTER_WORKING_DAYS", "3"))
# A refused e-mail is retried by the outbox sweep after 60 s, 120 s, 240 s, ... and shown as failed after N attempts.
KEHOACH_EMAIL_MAX_ATTEMPTS = int(os.environ.get("KEHOACH_EMAIL_MAX_ATTEMPTS", "5"))
KEHOACH_EMAIL_RETRY_SECONDS = int(os.environ.get("KEHOACH_EMAIL_RETRY_SECONDS", "60"))
# Escalation levels when a plan sets none (PlanProcess.escalation): working days after the due date.
KEHOACH_ESCALATION_LEVELS = [
    {"after_days": 0, "level": "nhac_nho"},
    {"after_days": int(os.environ.get("KEHOACH_CRITICIZE_AFTER_WORKING_DAYS", "3")), "level": "phe_binh"},
    {"after_days": int(os.environ.get("KEHOACH_DISCIPLINE_AFTER_WORKING_DAYS", "5")), "level": "kiem_diem"},
]
KEHOACH_SITE_URL = os.environ.get("KEHOACH_SITE_URL", "http://127.0.0.1:8000")
CELERY_TASK_IGNORE_RESULT = True
# Queues by kind of work, so that each can have its own workers and machines (README "Production").
KEHOACH_QUEUES = ["default", "fanout", "pdf"]
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "workflows.fanout_obligation": {"queue": "fanout"},
    "workflows.cycles_tick": {"queue": "fanout"},
    "documents.render_*": {"queue": "pdf"},
    "documents.sign_*": {"queue": "pdf"},
}
# Every 30 s beat asks a worker of each queue to record a heartbeat; /healthz wants one younger than 2 min.
KEHOACH_HEARTBEAT_MAX_AGE = 120
CELERY_BEAT_SCHEDULE.update({
    f"heartbeat-{queue}": {"task": "ops.heartbeat", "schedule": 30.0, "kwargs": {"queue": queue},
                           "options": {"queue": queue, "expires": 30}}
    for queue in KEHOACH_QUEUES
})

# --- e-mail -------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kehoach@localhost")
# who is mailed on an integrity alarm (mail_admins): ADMINS="a@x.vn,b@y.vn"
ADMINS = [("Quản trị Kehoach", address.strip()) for address in os.environ.get("ADMINS", "").split(",") if address.strip()]

# --- REST API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "workflows.api.exceptions.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "config.security.AxesBasicAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("KEHOACH_API_ANON_RATE", "30/min"),
        "user": os.environ.get("KEHOACH_API_USER_RATE", "600/min"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kehoach API",
    "DESCRIPTION": "API quy trình kế hoạch, tờ trình, báo cáo",
    "VERSION": "0.1.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],  # schema and docs: logged-in users only
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Content-Security-Policy (django-csp 4) ---------------------------------------------
# Scripts only from our own static files (viewflow's Material UI, Chart.js, static/kehoach/),
# or inline with the request's nonce ({{ request.csp_nonce }}); no inline handler (onclick=…).
# Inline *styles* stay allowed: viewflow's Material templates carry style="…" attributes throughout.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "worker-src": ["'self'", "blob:"],
    },
}

# One JSON line per request (kehoach.request), per Celery task (kehoach.task) and per warning on stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ops.jsonlog.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        name: {"handlers": ["console"], "level": os.environ.get("KEHOACH_ACCESS_LOG_LEVEL", "INFO"), "propagate": False}
        for name in ("kehoach.request", "kehoach.task")
    },
}

# Two-factor confirmation of signatures (orgchart/two_factor.py): the name shown in authenticator apps.
OTP_TOTP_ISSUER = "Kehoach"

# Demo password printed by load_demo (one shared password for every demo login).
DEMO_PASSWORD = os.environ.get("KEHOACH_DEMO_PASSWORD", "kehoach2025")

# Digital signatures (documents.signing): keys and images of the demo CA, trust roots (PEM files, comma
# separated; the demo CA by default), the PIN of the demo's software keys (never a real PIN).
KEHOACH_SIGNING_DIR = Path(os.environ.get("KEHOACH_SIGNING_DIR", VAR_DIR / "signing"))
KEHOACH_SIGNING_TRUST_ROOTS = [p for p in os.environ.get("KEHOACH_SIGNING_TRUST_ROOTS", "").split(",") if p] or [
    str(KEHOACH_SIGNING_DIR / "demo-ca.pem")]
KEHOACH_DEMO_PIN = os.environ.get("KEHOACH_DEMO_PIN", "123456")
