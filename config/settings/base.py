"""Kehoach settings common to every purpose, read from the environment.

DEBUG              off unless DEBUG=1; then SECRET_KEY is mandatory (see production.py)
DATABASE_URL       SQLite file by default, PostgreSQL when it says postgres://…
CELERY_BROKER_URL  an embedded file-system broker by default (no server), Redis when redis://…
SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_URL-style settings below.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KEHOACH_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
    "guardian",
    "django_celery_beat",
    "viewflow",
    "viewflow.workflow",
    "orgchart",
    "documents",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.KehoachLoginRequiredMiddleware",
    "workflows.middleware.ObjectPermissionCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
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
                "workflows.views_pages.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kehoach.sqlite3'}"),
        conn_max_age=0,
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
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # static/vendor/ is filled at install (Chart.js from npm)
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

# Uploads: a Word file above 20 MB is refused by the import service itself.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Celery -----------------------------------------------------------------
# Default broker: kombu's file-system transport, a queue in var/broker that
# the web process, the worker and beat share without any server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(os.environ.get("KEHOACH_BROKER_DIR", VAR_DIR / "broker"))
    for sub in ("queue", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
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
CELERY_BEAT_SCHEDULE = {
    # Reminders: hourly, so that a missed tick (worker or broker down) is made up within the hour.
    "reminders": {"task": "workflows.reminders_tick", "schedule": float(os.environ.get("KEHOACH_REMINDERS_SECONDS", "3600"))},
    "viewflow-timers": {"task": "workflows.fire_timers", "schedule": 60.0},
    # Fan-outs and e-mails whose message was lost (broker down, worker killed): asked again (workflows/outbox.py).
    "outbox-sweep": {"task": "workflows.outbox_sweep", "schedule": float(os.environ.get("KEHOACH_OUTBOX_SWEEP_SECONDS", "60"))},
}
KEHOACH_FANOUT_STALE_SECONDS = int(os.environ.get("KEHOACH_FANOUT_STALE_SECONDS", "120"))
KEHOACH_FANOUT_BATCH_SIZE = int(os.environ.get("KEHOACH_FANOUT_BATCH_SIZE", "5000"))
KEHOACH_ESCALATE_AFTER_WORKING_DAYS = int(os.environ.get("KEHOACH_ESCALATE_AFTER_WORKING_DAYS", "3"))
KEHOACH_SITE_URL = os.environ.get("KEHOACH_SITE_URL", "http://127.0.0.1:8000")
CELERY_TASK_IGNORE_RESULT = True

# --- e-mail -------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kehoach@localhost")

# --- REST API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kehoach API",
    "DESCRIPTION": "API quy trình kế hoạch, tờ trình, báo cáo",
    "VERSION": "0.1.0",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Demo password printed by load_demo (one shared password for every demo login).
DEMO_PASSWORD = os.environ.get("KEHOACH_DEMO_PASSWORD", "kehoach2025")
