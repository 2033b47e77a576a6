"""Settings for the calculator site, read from the environment with safe defaults.

Every environment variable read here, with its default and meaning, is listed once, in
calculator/environment.py.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from calculator.environment import env_bool, env_int, env_list, env_redis_url, env_text

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def local_secret_key():
    """A key made once for this checkout, so a fresh clone is never served with a published key."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_text("DJANGO_SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

DATABASES = {
    "default": dj_database_url.parse(
        env_text("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# Concurrent writers (audit saves) queue for a lock for at most 10 s; then the save fails and the
# user is asked to try again. SQLite: every transaction takes the write lock when it begins, so two
# never deadlock upgrading a read lock to a write lock.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=10)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c lock_timeout=10s")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "nomograms",
    "calculator",
    "calculator.audit",
    "calculator.definitions",
    "calculator.workbench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "calculator.static_files.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "calculator.definitions.middleware.installed_definitions",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "calculator.middleware.DatabaseUnavailableMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns the sign-in that locks a username and address out into the page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "calculator.urls"
WSGI_APPLICATION = "calculator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "calculator.context_processors.app_version",
            ],
        },
    },
    # The result sheet and its parts (templates/jinja2/), rendered for every new patient: Jinja2 compiles a
    # template to Python, and lays the sheet out in a fraction of the Django engine's time
    # (docs/performance.md). Django templates include them with {% sheet_part %}.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "calculator.jinja2.environment"},
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
# Off while the site ships no translation catalogue: every user-facing string stays marked for
# translation, and this switches them on with the first catalogue (and LocaleMiddleware). On, with
# no catalogue, each lookup walked a chain of six empty English ones (Django's and its contrib
# apps'): about 70 lookups a result sheet, a fifth of the CPU of a new patient's result in place
# (docs/performance.md).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# `manage.py collectstatic` (make run, make test) writes each file under a name holding a hash of
# its content, with gzip and brotli copies beside it; WhiteNoise serves the smallest the browser
# accepts and lets browsers keep a hashed name for a year (calculator/static_files.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Pages name only the hashed files; compressing the unhashed copies too doubled collectstatic's time.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

X_FRAME_OPTIONS = "DENY"

# Staff sign in at /accounts/login/ to read the audit trail.
LOGIN_REDIRECT_URL = "audit:record_list"

# Security. Production is DJANGO_DEBUG=false and DJANGO_SECURE=true (served over HTTPS); then
# `manage.py check --deploy` is clean (tests/test_security.py).
SECURE = env_bool("DJANGO_SECURE", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", SECURE)
# Behind a proxy that terminates HTTPS, Django sees plain HTTP: it would redirect forever and refuse
# every form post as cross-origin, unless it may believe the proxy's X-Forwarded-Proto (which the
# proxy must then always set, overwriting any the client sent).
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600 if SECURE else 0)
# includeSubDomains and preload bind every host of the hospital's domain, and preload is hard to
# undo: the operator's decision, so the deploy check's reminders about them are silenced.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
# Result URLs carry patient values in their query string: never send them to another site.
SECURE_REFERRER_POLICY = "same-origin"
# Shared clinic workstations: a session ends with the browser and after 15 idle minutes.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = True
# In the database, but a page is still served (as signed out) while the database is down.
SESSION_ENGINE = "calculator.sessions"

# Only this site's own files: no inline script or style, no other origin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws check marks and arrows with data: SVG images in its stylesheet.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The cache holds rate-limit counts and result pages. Several app servers must share one (Redis),
# or each counts and limits on its own; one process alone may keep its own in memory.
REDIS_URL = env_redis_url("REDIS_URL")
# While Redis is down, results are computed afresh and rate limits let requests through
# (calculator/cache.py); a second's timeout keeps an unreachable Redis from holding requests.
CACHES = {
    "default": {
        "BACKEND": "calculator.cache.RedisCacheThatDegrades",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Failed sign-ins (django-axes, counted in the database, which every app server shares): five for
# one username from one address lock that pair out for 15 minutes, even with the right password.
# Per pair, so an attacker elsewhere cannot lock a colleague out (docs/deployment.md: the trade-off).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# A fixed pause: attempts while locked out do not extend it, so the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "calculator.sign_in.paused_sign_in_page"

# Requests per minute per client address (REMOTE_ADDR: behind a proxy, the proxy must set it), for
# what costs the server most or writes for good (0 turns a limit off): the JSON API, PDF result
# sheets (WeasyPrint, about a second of CPU each), batch scoring (seconds for a large file) and
# records saved for audit (permanent). Counted by django-ratelimit in the cache.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 60)
PDF_RATE_LIMIT = env_int("PDF_RATE_LIMIT", 30)
BATCH_RATE_LIMIT = env_int("BATCH_RATE_LIMIT", 10)
SAVE_RATE_LIMIT = env_int("SAVE_RATE_LIMIT", 10)
# A count that vanishes between two cache calls (it expired just then) lets that one request pass,
# rather than refusing it with a limit of 0.
RATELIMIT_FAIL_OPEN = True

# A result page is kept whole, by its permalink, for this long (0: never), so opening it again to
# print or to show costs no scoring or rendering (calculator/result_pages.py). The cache holds the
# query string's clinical values (no identifiers) for that time.
RESULT_PAGE_CACHE_SECONDS = env_int("RESULT_PAGE_CACHE_SECONDS", 300)

# Each process asks the database for models installed or retired through another app server (or
# another worker) at most this often; its own installs and retirements are offered at once
# (calculator/definitions/middleware.py).
INSTALLED_DEFINITIONS_CHECK_SECONDS = env_int("INSTALLED_DEFINITIONS_CHECK_SECONDS", 1)

# The audit chain's key lives outside the database, so database access alone cannot forge records
# (calculator/audit/keys.py, docs/audit.md). Checkpoints belong on another machine: point
# AUDIT_CHECKPOINT_FILE at storage the database's users cannot write, or ship the lines off.
AUDIT_KEY = env_text("AUDIT_KEY", "")
AUDIT_RETIRED_KEYS = env_list("AUDIT_RETIRED_KEYS", [])
AUDIT_KEY_FILE = Path(env_text("AUDIT_KEY_FILE") or VAR_DIR / "audit_key")
AUDIT_CHECKPOINT_FILE = Path(env_text("AUDIT_CHECKPOINT_FILE") or VAR_DIR / "audit-checkpoints")

# Every server error goes to standard error with its traceback (Django alone would only mail it to
# ADMINS), and so do Django's warnings (4xx, security). No patient values: query strings and
# exception messages are withheld (calculator/logs.py), and bodies are never logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "no_patient_values": {
            "()": "calculator.logs.NoPatientValuesFormatter",
            "format": "{asctime} {levelname} {name} {message}",
            "style": "{",
        }
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "no_patient_values"},
    },
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        # The development server's request lines (runserver only).
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}

# Batch scoring in the browser: the limits are stated on the page.
BATCH_MAX_ROWS = env_int("BATCH_MAX_ROWS", 100_000)
BATCH_MAX_BYTES = env_int("BATCH_MAX_BYTES", 20 * 1024 * 1024)
# Workbench figures (calculator/workbench/figures.py): a scanned page, not a whole book.
WORKBENCH_MAX_FIGURE_BYTES = 20 * 1024 * 1024
# Patient rows stay in memory, never in a temporary file, and an upload over BATCH_MAX_BYTES is cut
# there as it streams in (calculator/batch/uploads.py). The site takes one file a request (the batch
# CSV), so memory for uploads stays within BATCH_MAX_BYTES a request.
FILE_UPLOAD_HANDLERS = ["calculator.batch.uploads.CappedMemoryUploadHandler"]
DATA_UPLOAD_MAX_NUMBER_FILES = 1
