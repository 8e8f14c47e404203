"""Zhifa settings: one base, environment variables for the rest (no production-only code paths).

Environment variables (all optional for local use):

- ``ZHIFA_ENV``: ``development`` (default) or ``production``. Production turns on HTTPS-only cookies,
  HSTS and the SSL redirect, and requires ``ZHIFA_SECRET_KEY`` and ``ZHIFA_ALLOWED_HOSTS``.
- ``ZHIFA_SECRET_KEY``: Django secret key.
- ``ZHIFA_DATABASE_URL``: e.g. ``postgres://user:pass@host:5432/zhifa``; default SQLite in ``var/``.
- ``ZHIFA_ALLOWED_HOSTS``: comma-separated host names.
- ``ZHIFA_STORAGE``: ``local`` (default) or ``s3``; with ``s3`` the ``ZHIFA_S3_*`` variables apply.
- ``ZHIFA_SUBJECTS_COMPLAINTS_THRESHOLD``: complaints that mark an entity for more inspection (3).
- ``ZHIFA_DATA_DIR``: where the SQLite database and local files live (default ``var/``).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"ZHIFA_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ENVIRONMENT = env("ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")) or "var")
DATA_DIR.mkdir(parents=True, exist_ok=True)

_secret = env("SECRET_KEY")
if PRODUCTION and not _secret:
    raise ImproperlyConfigured("ZHIFA_SECRET_KEY must be set when ZHIFA_ENV=production")
SECRET_KEY = _secret or "dev-only-insecure-key-zhifa-not-for-production-use-0123456789"

ALLOWED_HOSTS = [h.strip() for h in (env("ALLOWED_HOSTS", "") or "").split(",") if h.strip()]
if not ALLOWED_HOSTS and not PRODUCTION:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in (env("CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "zhifa.core",
    "zhifa.accounts",
    "zhifa.web",
    "zhifa.inbox",
    "zhifa.workdays",
    "zhifa.law",
    "zhifa.ledger",
    "zhifa.deadlines",
    "zhifa.documents",
    "zhifa.jobs",
    "zhifa.catalog",
    "zhifa.personnel",
    "zhifa.subjects",
    "zhifa.cases",
    "zhifa.records",
    "zhifa.legal_review",
    "zhifa.publication",
    "zhifa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhifa.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "zhifa.web.middleware.BadInputMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhifa.web.context_processors.shell",
                "zhifa.web.public.portal_context",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
_db_url = env("DATABASE_URL")
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "zhifa.sqlite3"),
            "OPTIONS": {
                # WAL and a busy timeout so the web server and the worker share the file.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # The test database is a file too (not Django's shared in-memory database), so tests
            # can exercise real concurrent connections the way the web server and worker do.
            "TEST": {"NAME": str(DATA_DIR / "test_zhifa.sqlite3")},
        }
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("TEST", {})
    _test_name = env("TEST_DATABASE_NAME")
    if _test_name:
        DATABASES["default"]["TEST"]["NAME"] = _test_name

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- authentication -------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workbench"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username+address pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions expire after 8 hours of a working day, and when the browser closes.
SESSION_COOKIE_AGE = int(env("SESSION_SECONDS", str(8 * 3600)) or 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "zhifa.web.views.csrf_failure"

# --- security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000") or 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- i18n / time ----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "zhifa" / "locale"]

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "files"

_storage = env("STORAGE", "local")
if _storage == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL"),
            "access_key": env("S3_ACCESS_KEY"),
            "secret_key": env("S3_SECRET_KEY"),
            "region_name": env("S3_REGION"),
            "default_acl": None,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Zhifa ----------------------------------------------------------------------------------
# How many working days before the due date an obligation turns "due soon".
ZHIFA_DUE_SOON_WORKDAYS = int(env("DUE_SOON_WORKDAYS", "2") or 2)
# "投诉举报多" (R-1.1-10) has no number in the rules: complaints at which an entity is flagged.
ZHIFA_SUBJECTS_COMPLAINTS_THRESHOLD = int(env("SUBJECTS_COMPLAINTS_THRESHOLD", "3") or 3)
# Seconds between two periodic scans of the worker.
ZHIFA_WORKER_SCAN_SECONDS = int(env("WORKER_SCAN_SECONDS", "60") or 60)
# Seconds the worker sleeps when there is nothing to do.
ZHIFA_WORKER_POLL_SECONDS = float(env("WORKER_POLL_SECONDS", "2") or 2)
# A claimed job not finished within this many seconds is taken to belong to a dead worker.
ZHIFA_JOB_LEASE_SECONDS = int(env("JOB_LEASE_SECONDS", "1800") or 1800)
# Finished jobs are pruned after this many days.
ZHIFA_JOB_KEEP_DAYS = int(env("JOB_KEEP_DAYS", "30") or 30)
# Other processes notice an edited holiday schedule within this many seconds.
ZHIFA_WORKDAYS_CACHE_SECONDS = float(env("WORKDAYS_CACHE_SECONDS", "10") or 10)
# Full-process records (system 1.3). AMB-1.3-a: the retention period (保存期) is not given by the
# rules; years per record form, after which a record may be destroyed by the archive procedure.
ZHIFA_RECORD_RETENTION_YEARS = {
    "written": int(env("RECORD_RETENTION_YEARS_WRITTEN", "30") or 30),
    "audio_video": int(env("RECORD_RETENTION_YEARS_AV", "30") or 30),
}
# Resumable uploads: staging files (on the same disk as MEDIA_ROOT, so the finished file is
# moved into the storage by a rename), the largest file accepted and the largest chunk.
ZHIFA_UPLOAD_DIR = DATA_DIR / "uploads"
ZHIFA_UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(16 * 1024**3)) or 16 * 1024**3)
ZHIFA_UPLOAD_CHUNK_BYTES = int(env("UPLOAD_CHUNK_BYTES", str(8 * 1024**2)) or 8 * 1024**2)

# --- publication and the portal (issue 7) -------------------------------------------------------
# R-1.2-06: every public page links to the county government portal.
ZHIFA_GOVERNMENT_PORTAL_URL = env("GOVERNMENT_PORTAL_URL", "http://www.sxly.gov.cn/")
# Correction requests and disclosure applications (R-1.2-18, R-1.2-16): evidence files, and
# the portal's address for the tracking link in e-mails (relative when unset).
ZHIFA_PORTAL_UPLOAD_MAX_BYTES = int(
    env("PORTAL_UPLOAD_MAX_BYTES", str(10 * 1024**2)) or 10 * 1024**2
)
ZHIFA_PORTAL_BASE_URL = env("PORTAL_BASE_URL", "") or ""
# A keyword search on the portal gets this many milliseconds on PostgreSQL; past it the visitor is
# asked to narrow the search (ADR 0014). 0 switches the guard off.
ZHIFA_PORTAL_SEARCH_TIMEOUT_MS = int(env("PORTAL_SEARCH_TIMEOUT_MS", "5000") or 5000)
