"""Settings for Bản Số, read from the environment.

Every variable is listed with its default in ``.env.example``. The defaults give the embedded,
one-machine mode (SQLite in WAL mode under ``var/``, local-memory cache, files under
``var/media``); ``BANSO_DEBUG=false`` turns on the production hardening that
``manage.py check --deploy`` asks for.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """The variable's value; unset and empty both mean the default."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("BANSO_DEBUG", True)
VAR_DIR = Path(env_str("BANSO_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("BANSO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("BANSO_SECRET_KEY must be set when BANSO_DEBUG is false")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-demo-mode-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("BANSO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("BANSO_CSRF_TRUSTED_ORIGINS")
# A refused form gets the site's 403 page in the visitor's language, not Django's English one.
CSRF_FAILURE_VIEW = "banso.web.views.csrf_failure"
# The address this site is reached at, for links printed on paper (QR stamps) and in feeds.
SITE_URL = env_str("BANSO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The address printed in stamps' QR codes: a short host of this site (it must be in
# ALLOWED_HOSTS) makes the codes smaller, so their modules larger at the same size.
STAMP_URL = env_str("BANSO_STAMP_URL", SITE_URL).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    # Serves the API docs' Swagger UI from its own static files, not from a CDN.
    "ninja",
    "django_tasks",
    "banso.jobs.apps.TasksDatabaseConfig",  # django_tasks_db, with a translated name
    "banso.common",
    "banso.places",
    "banso.accounts",
    "banso.jobs",
    "banso.lingo",
    "banso.orgs",
    "banso.households",
    "banso.trace",
    "banso.stamps",
    "banso.market",
    "banso.tourism",
    "banso.indicators",
    "banso.teams",
    "banso.broadcast",
    "banso.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "banso.common.middleware.RequestLogMiddleware",
    # Compresses pages (with Django's BREACH mitigation) before any middleware below reads or
    # changes the body; WhiteNoise above answers static files itself, pre-compressed. Answers
    # serving byte ranges (audio for the loudspeakers) go as they are.
    "banso.common.middleware.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "banso.common.locale.LocaleMiddleware",
    "banso.common.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "banso.common.middleware.PersonalPageMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "banso.urls"
WSGI_APPLICATION = "banso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "banso.common.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default; any DATABASE_URL (PostgreSQL for many machines).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'banso.sqlite3'}"),
        conn_max_age=env_int("BANSO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE transactions take the write
    # lock up front, so two writers queue (busy timeout) instead of failing half-way.
    # Connections persist (gunicorn sync workers use one thread each), so the pragmas run once.
    # Reads go through a memory map and a 32 MiB page cache per connection: the marketplace
    # search reads thousands of rows by id, which from the default 2 MiB cache costs a system
    # call each.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768;"
        ),
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for the write lock before "database is locked".
        "timeout": env_int("BANSO_SQLITE_BUSY_TIMEOUT", 20),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Web requests are short: a parallel worker's start costs more than it shares. The
    # marketplace search over 100,000 listings takes 15 ms in one process and 20 ms with a
    # worker. A long report may still ask for workers with SET LOCAL.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={env_int('BANSO_DB_PARALLEL_WORKERS', 0)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env_str("BANSO_CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "banso",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("BANSO_CACHE_URL must be a redis:// address or empty")
else:
    # Each process's own memory. Django keeps 300 entries by default: fewer than the
    # loudspeakers of a few communes, whose identities and states every poll reads, so they
    # would push each other (and the public pages kept) out, and every poll would ask the
    # database again. 5,000 holds the identities of a province's 2,000 speakers and the pages
    # kept; filled with pages of tens of kilobytes (a visitor asking for many addresses), a
    # process holds 200 MB at most. More speakers than that: Redis (BANSO_CACHE_URL).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("BANSO_LOCAL_CACHE_ENTRIES", 5_000)},
        }
    }
# Rate-limit counters, shared by every worker (banso.common.ratelimit): in Redis with the cache
# when it is there, else in a small SQLite file of their own beside the database.
RATE_LIMIT_STORE = CACHE_URL or str(VAR_DIR / "ratelimit.sqlite3")
# Proxies in front of the site that append the client's address to X-Forwarded-For (a load
# balancer, nginx): behind N, the client is the Nth address from the right. 0 reads REMOTE_ADDR
# and ignores the header, which anyone can send.
TRUSTED_PROXIES = env_int("BANSO_TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("BANSO_TRUSTED_PROXIES must be 0 or more")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "banso.accounts.backends.PhoneOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (banso.accounts.signin_throttle): an account's first lock after wrong
# passwords lasts this long, each next one within a day twice as long, up to the maximum.
SIGNIN_LOCKOUT_SECONDS = 60
# The province whose communes the sign-up page offers to co-operatives (Lào Cai: 15).
HOME_PROVINCE_CODE = env_str("BANSO_HOME_PROVINCE_CODE", "15")
SIGNIN_LOCKOUT_MAX_SECONDS = 15 * 60
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "web:home"

# Languages: Vietnamese first, then English and Simplified Chinese.
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
]
LANGUAGE_COOKIE_NAME = "banso_language"
LOCALE_PATHS = [BASE_DIR / "banso" / "locale"]
# Content translation (banso.lingo): whether an engine's output that keeps every glossary term is
# shown before a person reviews it, marked as machine translation (the engine: at the end).
LINGO_PUBLISH_MACHINE = env_bool("BANSO_TRANSLATION_PUBLISH_MACHINE", True)
# One way to write dates and numbers a language (banso/common/formats); numbers are grouped only
# where a page asks (|number), never years or codes.
FORMAT_MODULE_PATH = ["banso.common.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it, even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("BANSO_MEDIA_ROOT", str(VAR_DIR / "media")))
# Files that have their own views with access checks (stamp print files hold every serial of a
# run), workbooks waiting for their import, photos of the teams' visits to people's homes, and
# the loudspeakers' audio (served only to the devices and editors it is for, with byte ranges):
# the embedded mode's media view never serves them.
MEDIA_PRIVATE_PREFIXES = (
    "stamps/runs/",
    "market/feeds/",
    "imports/",
    "teams/help/",
    "broadcast/audio/",
)
# Uploads are read into memory up to this size, and refused beyond BANSO_MAX_UPLOAD_MB.
MAX_UPLOAD_BYTES = env_int("BANSO_MAX_UPLOAD_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Pictures larger than this are refused before they are decoded. 50 megapixels lets through the
# largest phone photos (48–50 MP sensors: 8,160 × 6,120) and keeps one decode within ~150 MB.
MAX_IMAGE_PIXELS = env_int("BANSO_MAX_IMAGE_MEGAPIXELS", 50) * 1_000_000

S3_BUCKET = env_str("BANSO_S3_BUCKET")
if S3_BUCKET:
    # Object storage for many machines: any S3-compatible store, through django-storages
    # (installed with the "s3" extra).
    DEFAULT_FILE_STORAGE_BACKEND = {
        # S3Storage that stores each object with its Content-Type, and PDFs as attachments.
        "BACKEND": "banso.common.storages.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("BANSO_S3_ENDPOINT_URL") or None,
            "region_name": env_str("BANSO_S3_REGION") or None,
            "access_key": env_str("BANSO_S3_ACCESS_KEY") or None,
            "secret_key": env_str("BANSO_S3_SECRET_KEY") or None,
            "querystring_auth": True,
        },
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("BANSO_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# ``manage.py worker`` writes a heartbeat every few seconds; a task still shown as running whose
# worker has been silent this long is queued again (or failed after a few such losses).
WORKER_STALE_SECONDS = env_int("BANSO_WORKER_STALE_SECONDS", 60)

EMAIL_BACKEND = env_str(
    "BANSO_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("BANSO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("BANSO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("BANSO_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("BANSO_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("BANSO_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("BANSO_EMAIL_FROM", "Bản Số <no-reply@banso.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The class that sends password reset codes (banso.accounts.reset_senders): email by default;
# an SMS gateway plugs in by naming its own class here.
PASSWORD_RESET_CODE_SENDER = env_str(
    "BANSO_PASSWORD_RESET_SENDER", "banso.accounts.reset_senders.EmailResetCodeSender"
)
# Notification senders of every app (banso.common.notify): dotted paths of classes with
# send(notification); the default emails. A Zalo or SMS gateway plugs in by adding its class.
NOTIFIERS = env_list("BANSO_NOTIFIERS", "banso.common.notify.EmailNotifier")

# Production hardening: on unless the embedded debug mode is on.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("BANSO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("BANSO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("BANSO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# The Content-Security-Policy of every page (django-csp; a response that sets its own, such as
# an uploaded file's sandbox, keeps it). Scripts come from our static files only, and one
# inline script by its hash: no other inline script, no inline event handler, no eval. Styles
# may also be inline: the trace and stamp pages carry their CSS in the page so that it arrives
# in the first round trip, and those pages are cached whole for every visitor, which a
# per-response nonce would forbid; an inline style cannot run code, and every value in a page
# is escaped.
# Pictures stored in S3 come from the store itself.
_MEDIA_HOSTS = [env_str("BANSO_S3_ENDPOINT_URL") or "https://*.amazonaws.com"] if S3_BUCKET else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # Plus the stamp panel's "share my area" script (stamps/public/_panel.html), kept in
        # the page so that the stamp page arrives in one round trip; allowed by its hash only
        # (stamps/tests/test_csp.py checks that the hash is the script's).
        "script-src": ["'self'", "'sha256-EVukd5Tc6l25olu7FdTcq9V+zSJD976pWsRCa6HsTdI='"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_MEDIA_HOSTS],
        "connect-src": ["'self'"],
        # A recording made on the recording page is listened to from the browser's memory.
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOG_FORMAT = env_str("BANSO_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env_str("BANSO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200
NINJA_PAGINATION_MAX_OFFSET = 1_000_000
NINJA_PAGINATION_CLASS = "banso.common.pagination.BoundedLimitOffsetPagination"

# GS1: products without their own GTIN get one made from this company prefix. The default is a
# restricted-circulation prefix (020–029: valid only inside the region); set your GS1 Vietnam
# company prefix in production.
GTIN_COMPANY_PREFIX = env_str("BANSO_GTIN_COMPANY_PREFIX", "0209890")
if not (GTIN_COMPANY_PREFIX.isdigit() and 6 <= len(GTIN_COMPANY_PREFIX) <= 12):
    raise ImproperlyConfigured("BANSO_GTIN_COMPANY_PREFIX must be 6 to 12 digits")

# QR stamps: every opening of a stamp's page is recorded (after the response is sent) unless
# this is off; the stamp pages answer 429 beyond this many requests a minute from one address.
STAMP_SCAN_LOGGING = env_bool("BANSO_STAMP_SCAN_LOGGING", True)
STAMP_SCAN_RATE_PER_MINUTE = env_int("BANSO_STAMP_SCAN_RATE_PER_MINUTE", 120)
# A stamp run whose worker has written no heartbeat for this many seconds is queued again by
# the worker (``manage.py worker`` looks every half minute).
STAMP_RUN_STALE_SECONDS = env_int("BANSO_STAMP_RUN_STALE_SECONDS", 60)

# Marketplace: bank-credit notifications are accepted at /market/payments/webhook/<provider>/
# only when signed with this secret (HMAC-SHA256 of provider + "\n" + body); empty turns the
# webhook off.
MARKET_WEBHOOK_SECRET = env_str("BANSO_MARKET_WEBHOOK_SECRET")
# Order notifications go through NOTIFIERS, or through these senders instead when they are set.
if env_list("BANSO_MARKET_NOTIFIERS"):
    MARKET_NOTIFIERS = env_list("BANSO_MARKET_NOTIFIERS")
# The worker regenerates every feed file when the province's feeds are older than this many
# seconds (national marketplaces fetch them about daily); 0 leaves regeneration to the button.
MARKET_FEED_REFRESH_SECONDS = env_int("BANSO_MARKET_FEED_REFRESH_SECONDS", 6 * 3600)

# Tourism: how long a booking holds its nights or seats for the guest to pay by VietQR, and
# for the host to answer a booking paid on arrival; then the hold expires and they are free again.
TOURISM_HOLD_VIETQR_MINUTES = env_int("BANSO_TOURISM_HOLD_VIETQR_MINUTES", 120)
TOURISM_HOLD_ON_ARRIVAL_HOURS = env_int("BANSO_TOURISM_HOLD_ON_ARRIVAL_HOURS", 24)
# How far ahead a stay or a tour can be booked, and the longest stay, in days.
TOURISM_BOOKING_HORIZON_DAYS = env_int("BANSO_TOURISM_BOOKING_HORIZON_DAYS", 550)
TOURISM_LONGEST_STAY_NIGHTS = env_int("BANSO_TOURISM_LONGEST_STAY_NIGHTS", 30)
# Other channels' room calendars (iCal) are read again this often; 0 leaves them to the host's
# "read now" button.
TOURISM_FEED_REFRESH_SECONDS = env_int("BANSO_TOURISM_FEED_REFRESH_SECONDS", 1800)

# Machine translation of content (banso.lingo.engines): empty means none, and lingo translates
# with its memory and glossary, then queues the rest for a person; "libretranslate" (an HTTP
# server at BANSO_LIBRETRANSLATE_URL) or "argos" (model files the operator installs, listed in
# BANSO_ARGOS_MODEL_PATHS: nothing is downloaded at run time). `manage.py check` says when the
# one named cannot work.
TRANSLATION_ENGINE = env_str("BANSO_TRANSLATION_ENGINE")
LIBRETRANSLATE_URL = env_str("BANSO_LIBRETRANSLATE_URL").rstrip("/")
LIBRETRANSLATE_API_KEY = env_str("BANSO_LIBRETRANSLATE_API_KEY")
ARGOS_MODEL_PATHS = env_list("BANSO_ARGOS_MODEL_PATHS")
# Each request to the engine: its timeout, how many more tries after a timeout or a 5xx, and
# how much it carries (texts, characters).
TRANSLATION_TIMEOUT_SECONDS = env_int("BANSO_TRANSLATION_TIMEOUT_SECONDS", 10)
TRANSLATION_RETRIES = env_int("BANSO_TRANSLATION_RETRIES", 2)
TRANSLATION_BATCH_SIZE = env_int("BANSO_TRANSLATION_BATCH_SIZE", 25)
TRANSLATION_BATCH_CHARACTERS = env_int("BANSO_TRANSLATION_BATCH_CHARACTERS", 5000)
# After this many failed calls in a row, no process calls the engine for the cool-down; then one
# trial call decides whether it is back.
TRANSLATION_CIRCUIT_FAILURES = env_int("BANSO_TRANSLATION_CIRCUIT_FAILURES", 5)
TRANSLATION_CIRCUIT_COOLDOWN_SECONDS = env_int("BANSO_TRANSLATION_CIRCUIT_COOLDOWN_SECONDS", 60)

# Speech (banso.lingo.speech): espeak-ng's Vietnamese voice (Debian package espeak-ng) by
# default; a Piper voice file (.onnx, its .onnx.json beside it) when one is named, spoken by the
# piper program. Nothing is downloaded at run time. `manage.py check` says when the voice or the
# program named is missing.
SPEECH_ESPEAK_VOICE = env_str("BANSO_SPEECH_ESPEAK_VOICE", "vi")
SPEECH_ESPEAK_SPEED = env_int("BANSO_SPEECH_ESPEAK_SPEED", 150)
SPEECH_PIPER_VOICE = env_str("BANSO_SPEECH_PIPER_VOICE")
SPEECH_PIPER_COMMAND = env_str("BANSO_SPEECH_PIPER_COMMAND", "piper")
# Seconds one call of the engine (a few sentences) may take before it is given up.
SPEECH_TIMEOUT_SECONDS = env_int("BANSO_SPEECH_TIMEOUT_SECONDS", 300)

# Loudspeakers: an MQTT broker where playlist changes and emergencies are also published, for
# receivers that listen there (mqtt://user:password@host:1883/prefix, mqtts:// for TLS; the
# prefix of the topics is "banso" when the address has none). Empty: nothing is published and
# the devices poll over HTTP. `manage.py check` says when the address is malformed.
BROADCAST_MQTT_URL = env_str("BANSO_BROADCAST_MQTT_URL")
