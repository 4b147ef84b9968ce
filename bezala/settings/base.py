"""Settings shared by every environment; values come from the environment via bezala.env.

Without any environment the service runs on embedded defaults (SQLite, a filesystem
message broker, files under ``var/``) so that ``make run`` needs no servers.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from bezala.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("BEZALA_DATA_DIR", str(BASE_DIR / "var"))).resolve()

SECRET_KEY = env_str("SECRET_KEY")
# Separate from SECRET_KEY on purpose: rotating the session-signing key must not make
# stored Netvisor credentials unreadable, and vice versa.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "audit",
    "companies",
    "expenses",
    "costcenters",
    "jobs",
    "exports",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bezala.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF does), after the language is known for its message.
    "bezala.request_limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "companies.middleware.CurrentCompanyMiddleware",
]

# Request bodies (bezala/request_limits.py): form and JSON data up to this, files up to 10 MB each.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "bezala.request_limits.BoundedFileUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

ROOT_URLCONF = "bezala.urls"
WSGI_APPLICATION = "bezala.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "companies.context_processors.current_company",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'bezala.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Judges no password: Django calls its password_changed hook on every change of a password.
    {"NAME": "accounts.password_changes.RevokeApiTokensOnPasswordChange"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
# Login throttling (accounts/throttle): this many failures per account lock it for the rest of the
# window; a client address gets more, and browsers that have logged in to the account are exempt.
LOGIN_THROTTLE_FAILURES = env_int("LOGIN_THROTTLE_FAILURES", 5)
LOGIN_THROTTLE_ADDRESS_FAILURES = env_int("LOGIN_THROTTLE_ADDRESS_FAILURES", 50)
LOGIN_THROTTLE_WINDOW_SECONDS = env_int("LOGIN_THROTTLE_WINDOW_SECONDS", 900)
# Password-reset mails: per address asked for, and requests per client address, within the window.
PASSWORD_RESET_THROTTLE_PER_ACCOUNT = env_int("PASSWORD_RESET_THROTTLE_PER_ACCOUNT", 3)
PASSWORD_RESET_THROTTLE_PER_CLIENT = env_int("PASSWORD_RESET_THROTTLE_PER_CLIENT", 10)
PASSWORD_RESET_THROTTLE_WINDOW_SECONDS = env_int("PASSWORD_RESET_THROTTLE_WINDOW_SECONDS", 3600)
# How many reverse proxies of ours stand in front of the web server, each appending to X-Forwarded-For.
# 0: the client connects directly and REMOTE_ADDR is its address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# An API token stops working this many days after it was made.
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 90)
INVITATION_VALID_DAYS = 7

LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["bezala.formats"]
LANGUAGES = [("en", _("English")), ("fi", _("Finnish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Bezala <no-reply@localhost>")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("CACHE_URL")}
        if env_str("CACHE_URL", "")
        # A file cache is shared by the web and worker processes, unlike the in-memory one,
        # so login throttling holds across processes on a laptop too.
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": DATA_DIR / "cache"}
    )
}

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
_BROKER_DIR = DATA_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Queue and processed folders on one filesystem: claiming a message is an atomic rename.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
    # Both the web process (publishing) and the worker (consuming) need the folders.
    for _folder in ("queue", "processed", "control"):
        (_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
else:
    # Longer than the longest task (15 min hard limit): a message is redelivered only when its
    # worker is surely gone. Correctness never rests on it: job rows are claimed, not messages.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 900)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 840)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Weekday mornings, before people start work (CELERY_TIMEZONE is Helsinki time).
    "costcenters-daily-sync": {
        "task": "costcenters.tasks.sync_cost_centers_daily",
        "schedule": crontab(hour=6, minute=20, day_of_week="mon-fri"),
    },
    "exports-daily-run": {
        "task": "exports.tasks.export_daily",
        "schedule": crontab(hour=6, minute=20, day_of_week="mon-fri"),
    },
    # Monday morning, Helsinki time: approvals waiting and drafts older than a week.
    "notifications-weekly-reminder": {
        "task": "notifications.tasks.send_weekly_reminders",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "exports-attention-digest": {"task": "exports.tasks.send_attention_digests", "schedule": 600.0},
    # Takes over work of dead workers and re-queues work whose task message was lost.
    "jobs-sweeper": {"task": "jobs.tasks.sweep_background_work", "schedule": 60.0},
}
# A job's lease: a worker renews it every third of this while it works, so a killed worker's
# job is taken over within this many seconds.
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 60)
# The first retry's wait after a passing Netvisor fault; each further one doubles it (at most 15 min).
JOBS_RETRY_BASE_SECONDS = env_int("JOBS_RETRY_BASE_SECONDS", 5)
# How often a sent payment's bank status is asked from Netvisor until it is paid.
EXPORTS_PAYMENT_CHECK_SECONDS = env_int("EXPORTS_PAYMENT_CHECK_SECONDS", 900)

# --- REST API ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without valid credentials answers 401 with WWW-Authenticate: Token.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "expenses.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    # A service's refusal (bezala.refusals) answers 400 by field, or 409 for a conflict, from every view.
    "EXCEPTION_HANDLER": "bezala.api_errors.handle_api_exception",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bezala expense service API",
    "DESCRIPTION": "Expenses, approvals, cost centers and the Netvisor connection of a company.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files are served by us, not fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Netvisor ---------------------------------------------------------------
# PartnerId/PartnerKey belong to this deployment (issued by Netvisor partner support), not to a company.
NETVISOR_BASE_URL = env_str("NETVISOR_BASE_URL", "http://127.0.0.1:8700")
NETVISOR_PARTNER_ID = env_str("NETVISOR_PARTNER_ID", "")
NETVISOR_PARTNER_KEY = env_str("NETVISOR_PARTNER_KEY", "")
NETVISOR_SENDER = env_str("NETVISOR_SENDER", "Bezala")
NETVISOR_LANGUAGE = env_str("NETVISOR_LANGUAGE", "FI")
NETVISOR_READ_TIMEOUT = env_int("NETVISOR_READ_TIMEOUT", 120)
# Dotted path of a callable that returns the client's transport; empty means HTTP. The test suite sets it to
# run the sandbox in the test's own process (tests/sandbox.py), like EMAIL_BACKEND's locmem backend.
NETVISOR_TRANSPORT = ""
# Shared secret that signs Netvisor Store activations (modelled flow).
NETVISOR_STORE_SECRET = env_str("NETVISOR_STORE_SECRET", "")
# Where the sandbox's Store page sends activations by default (scripts/run_dev.py sets it to the running service).
NETVISOR_SANDBOX_STORE_NOTIFY_URL = env_str("NETVISOR_SANDBOX_STORE_NOTIFY_URL", "")
