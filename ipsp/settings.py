"""Settings of the platform, all read from the environment.

``IPSP_MODE`` is ``development`` (the default: SQLite and a generated secret key
in ``var/``) or ``production`` (every secret and address must be given, and the
security headers are on). See docs/configuration.md for every variable.
"""

from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

from ipsp.env import env_bool, env_int, env_list, env_parsed, env_str, read_or_create_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("IPSP_VAR_DIR", str(BASE_DIR / "var")))

MODE = env_str("IPSP_MODE", "development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured(
        "The environment variable IPSP_MODE must be development or production."
    )
PRODUCTION = MODE == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("The environment variable DEBUG must be false in production.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "The environment variable SECRET_KEY must be at least 50 characters."
        )
else:
    SECRET_KEY = env_str("SECRET_KEY", "") or read_or_create_secret(VAR_DIR / "secret_key")

SITE_URL = env_str(
    "SITE_URL", "https://ipsp.example.org" if PRODUCTION else "http://127.0.0.1:8000"
)
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "The environment variable SITE_URL must start with http:// or https://."
    )
SITE_URL = SITE_URL.rstrip("/")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "ipsp.accounts.apps.StaffAdminConfig",  # django.contrib.admin with a second-factor check
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ipsp.core",
    "ipsp.accounts",
    "ipsp.taxonomy",
    "ipsp.notifications",
    "ipsp.verification",
    "ipsp.search",
    "ipsp.identifiers",
    "ipsp.actors",
    "ipsp.initiatives",
    "ipsp.community",
    "ipsp.reviews",
    "ipsp.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "ipsp.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ipsp.urls"
WSGI_APPLICATION = "ipsp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ipsp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ipsp.core.context_processors.site",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
_default_db = "" if PRODUCTION else f"sqlite:///{VAR_DIR / 'ipsp.sqlite3'}"
DATABASES = {
    "default": env_parsed(
        "DATABASE_URL",
        _default_db,
        lambda url: dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)),
        "database URL (e.g. postgres://user:password@host:5432/name)",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids
    # "database is locked" on write upgrades (see docs/decisions.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "ipsp.accounts.tokens.AccessTokenBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:staff_sign_in"
LOGIN_REDIRECT_URL = "portal:home"
OTP_TOTP_ISSUER = "IPSP"

# --- Sessions and cookies: only an explicit sign-in sets a cookie --------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_NAME = "ipsp_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The CSRF secret lives in the session, so no separate CSRF cookie is ever set.
# Visitors' public forms are protected by ipsp.core.formtokens instead.
CSRF_USE_SESSIONS = True
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_FAILURE_VIEW = "ipsp.core.views.csrf_failure"
# Messages are stored in the session, which exists only for signed-in people.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
LANGUAGE_COOKIE_NAME = "ipsp_language_never_set"

# --- Security headers ----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env_bool("BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- Map ---------------------------------------------------------------------------
# The search map draws its own world map (Natural Earth, shipped): no tile server by
# default. MAP_TILE_URL adds a tile layer ({z}/{x}/{y}, optional {s} subdomains); the
# Content-Security-Policy then lets images come from that origin only.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")


def _tile_origin(url: str) -> str:
    match = re.fullmatch(r"(https?)://([A-Za-z0-9.{}-]+(?::\d+)?)/[^\s\"'<>]*", url)
    host = match.group(2) if match else ""
    if host.startswith("{s}."):
        host = "*." + host[4:]  # CSP allows one wildcard, on the leftmost label
    if (
        not match
        or "{" in host
        or not all(part in url for part in ("{z}", "{x}", "{y}"))
        or (PRODUCTION and match.group(1) != "https")
    ):
        raise ImproperlyConfigured(
            "The environment variable MAP_TILE_URL must be an http(s) address of map tiles"
            " with {z}, {x} and {y} (https in production), e.g."
            " https://{s}.tiles.example.org/{z}/{x}/{y}.png"
        )
    return f"{match.group(1)}://{host}"


if MAP_TILE_URL:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_tile_origin(MAP_TILE_URL))

# --- Languages -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("zh-hans", "简体中文"),
    ("fr", "Français"),
    ("hi", "हिन्दी"),
    ("ja", "日本語"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("sw", "Kiswahili"),
    ("es", "Español"),
]
LANGUAGES_BIDI = ["ar"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LOCALE_PATHS = [BASE_DIR / "ipsp" / "locale"]

# --- Static and media files ---------------------------------------------------------
STATIC_URL = "/static/"
# The shared layout's files (ipsp/static) belong to no app, so the finders need telling.
STATICFILES_DIRS = [BASE_DIR / "ipsp" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {
        "BACKEND": env_str("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024

# --- Email --------------------------------------------------------------------------


def _parse_email_url(url: str) -> dict[str, object]:
    if url.startswith("filemail://"):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": url.removeprefix("filemail://"),
        }
    config = dj_email_url.parse(url)
    if not config.get("EMAIL_HOST"):
        raise ValueError("no host")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": config["EMAIL_HOST"],
        "EMAIL_PORT": config["EMAIL_PORT"],
        "EMAIL_HOST_USER": config["EMAIL_HOST_USER"],
        "EMAIL_HOST_PASSWORD": config["EMAIL_HOST_PASSWORD"],
        "EMAIL_USE_TLS": config["EMAIL_USE_TLS"],
        "EMAIL_USE_SSL": config["EMAIL_USE_SSL"],
        "EMAIL_TIMEOUT": config.get("EMAIL_TIMEOUT") or 10,
    }


_email = env_parsed(
    "EMAIL_URL",
    "" if PRODUCTION else f"filemail://{VAR_DIR / 'mail'}",
    _parse_email_url,
    "email URL (e.g. smtp+tls://user:password@smtp.example.org:587)",
)
EMAIL_BACKEND = str(_email["EMAIL_BACKEND"])
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH")
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IPSP <no-reply@ipsp.example.org>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background tasks ---------------------------------------------------------------
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("TASK_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        "The environment variable TASK_BACKEND must be database or immediate."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default", "email"]}}
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 5)

# Scheduled jobs: management command -> (interval in minutes, arguments). `manage.py
# run_scheduled_jobs` runs those that are due (cron every few minutes in production;
# `make run` runs it in a loop). Each command is idempotent. See docs/deployment.md.
SCHEDULED_JOBS: dict[str, tuple[int, tuple[str, ...]]] = {
    "verification_purge": (60, ()),
    "send_freshness_reminders": (24 * 60, ()),
    "propose_topics": (24 * 60, ()),
    "prune_db_task_results": (24 * 60, ("--queue-name", "*", "--min-age-days", "30")),
    "send_invitation_reminders": (24 * 60, ()),
    "purge_invitation_contacts": (24 * 60, ()),
    "rising_facts_rebuild": (24 * 60, ("--no-progress",)),  # safety net (docs/reviews.md)
    "related_refresh": (24 * 60, ("--no-progress",)),  # kept related entries (docs/search.md)
}
# Kept related entries older than this are recomputed by the daily related_refresh.
RELATED_MAX_AGE_DAYS = env_int("RELATED_MAX_AGE_DAYS", 7)

# --- Invitations and third-party validation of actors (docs/actors.md) ----------------
INVITATION_REMINDERS = env_int("INVITATION_REMINDERS", 2)
INVITATION_REMINDER_DAYS = env_int("INVITATION_REMINDER_DAYS", 14)
# The secretariat changes it on the invitations page; this is the value until they do.
INVITATION_RETENTION_DAYS = env_int("INVITATION_RETENTION_DAYS", 90)
VALIDATION_LINK_DAYS = env_int("VALIDATION_LINK_DAYS", 30)

# --- DOIs (DataCite) ----------------------------------------------------------------
DOI_PREFIX = env_str("DOI_PREFIX", "10.99999")
DATACITE_API_URL = env_str("DATACITE_API_URL", "https://api.test.datacite.org")
DATACITE_USERNAME = env_str("DATACITE_USERNAME", "")
DATACITE_PASSWORD = env_str("DATACITE_PASSWORD", "")

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SILENCED_SYSTEM_CHECKS: list[str] = []
