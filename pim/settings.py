"""Settings of PIM Dashboard, all read from environment variables.

Every variable is listed with its meaning in `.env.example`. Defaults are the safe
production ones; anything wrong fails at start-up with ImproperlyConfigured.
"""

from datetime import date, timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

# --- Core ---------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-secret-not-for-production")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 32 characters when DEBUG is off."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    # Before the admin, so that the admin shows the translated fields of model content.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "import_export",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pim",
    "networks",
    "cities",
    "surveys",
    "library",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses public pages only (never one that may hold a secret: pim/compression.py).
    "pim.compression.PublicGZipMiddleware",
    "pim.data_version.DataVersionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pim.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pim.middleware.PrivateResponsesMiddleware",
    # Both before anything reads the body (CSRF's check does, in its process_view): the size
    # first, from Content-Length, then control characters in the parameters.
    "pim.middleware.RequestSizeLimitMiddleware",
    "pim.middleware.HostileInputMiddleware",
    "pim.page_cache.PublicPageCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

if env.bool("QUERY_COUNT_HEADER", default=False):
    MIDDLEWARE.insert(0, "pim.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "pim.urls"
WSGI_APPLICATION = "pim.wsgi.application"

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
            ],
            "libraries": {"pim_extras": "pim.templatetags"},
        },
    },
]

# --- Database -------------------------------------------------------------------
# DATABASE_URL names the server; without it an embedded PostgreSQL is started
# under var/pgdata (see pim/embedded_postgres.py), so a bare machine can run the site.

if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
else:
    from pim.embedded_postgres import database_settings

    DATABASES = {
        "default": database_settings(Path(env.str("PGDATA_DIR", default=str(BASE_DIR / "var" / "pgdata"))))
    }

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A database that hangs must cost a request seconds, not a worker (pim/database.py: web
# processes give every wait for PostgreSQL a deadline, and tell a hung server from a busy
# one within 2 s). Connecting may take at most DATABASE_CONNECT_TIMEOUT seconds (libpq counts
# whole seconds, at least 2), a web request's statement on a busy server at most
# DATABASE_STATEMENT_TIMEOUT; commands (migrations, loads) are not limited.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=2)
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=10.0)
if DATABASE_CONNECT_TIMEOUT < 2 or DATABASE_STATEMENT_TIMEOUT <= 0:
    raise ImproperlyConfigured(
        "DATABASE_CONNECT_TIMEOUT must be 2 (seconds) or more, DATABASE_STATEMENT_TIMEOUT above 0."
    )
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        # Over TCP: notice a server that vanished (host down, cable cut) rather than wait
        # for it forever: probes after 10 s idle, and unacknowledged data for 10 s ends it.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 10_000,
    }
)
# Sorts of up to 16 MB in memory, unless DATABASE_URL sets its own server options: the members
# export of all ~27,000 memberships (6 MB, in Polish order) took twice as long sorted on disk
# at PostgreSQL's default of 4 MB.
DATABASES["default"]["OPTIONS"].setdefault("options", "-c work_mem=16MB")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# Shared by every app process: Redis when REDIS_URL is set, otherwise a table in
# PostgreSQL. Never per-process memory, or one worker would serve figures that
# another has already invalidated.

if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="pim"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pim_cache",
        }
    }

# The deploy's name for this release of the code (e.g. a git commit); cached pages are kept
# per release. Empty: a digest of the code and templates (pim/release.py).
RELEASE = env.str("RELEASE", default="")

# Caches follow the data version PostgreSQL keeps (pim/data_version.py). In web processes,
# requests of visitors who are not signed in may share one read of it for this many seconds
# (0: every request reads it): a cached page then needs no query at all.
DATA_VERSION_MEMO_SECONDS = env.float("DATA_VERSION_MEMO_SECONDS", default=1.0)
if not 0 <= DATA_VERSION_MEMO_SECONDS <= 2:
    raise ImproperlyConfigured("DATA_VERSION_MEMO_SECONDS must be between 0 and 2.")

# --- Authentication ---------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Object-level rules (who may edit which member's MID) come from `rules`
# predicates in each app's rules.py; the model backend serves the admin's permissions and
# loads a signed-in user with their roles in one query (pim/auth.py).
AUTHENTICATION_BACKENDS = [
    # First: refuses logins to an account locked after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "pim.auth.RoleModelBackend",
]

# Login throttling (pim/throttling.py): 5 failures for one username from one address lock
# that pair, 20 failures from one address with any usernames lock the address, each for
# 15 minutes. A successful login forgives only its own username's failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "pim.throttling.LoginFailureHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client's address: behind a proxy, the one it appended to X-Forwarded-For.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
AXES_CLIENT_IP_CALLABLE = "pim.throttling.client_address"
# Password reset e-mails: at most this many links per e-mail address, and requests per
# client address, in an hour.
PASSWORD_RESET_MAX_PER_EMAIL = env.int("PASSWORD_RESET_MAX_PER_EMAIL", default=3)
PASSWORD_RESET_MAX_PER_ADDRESS = env.int("PASSWORD_RESET_MAX_PER_ADDRESS", default=10)
if AXES_ADDRESS_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("AXES_ADDRESS_FAILURE_LIMIT must not be below AXES_FAILURE_LIMIT.")

LOGIN_URL = "login"
# After login each role lands on its own start: editors on their MIDs, staff on the
# review queue, admins on the admin site (cities.views.landing).
LOGIN_REDIRECT_URL = "cities:landing"
LOGOUT_REDIRECT_URL = "home"

# --- Language and time ---------------------------------------------------------------

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Model content (names and descriptions of editions, networks, questions…) is entered in
# Polish and translated into English; a missing English text falls back to the Polish one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names, so browsers may keep static files forever.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security ------------------------------------------------------------------------
# HTTPS is assumed in production. `make run` serves plain HTTP on loopback and so
# sets HTTPS=false; nothing else should.

HTTPS = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
# Sessions are read from the shared cache, written through to the database: a signed-in
# page costs no session query, and a cache that is down or emptied loses no session
# (pim/sessions.py).
SESSION_ENGINE = "pim.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp): scripts only from our own static files, so no
# page may run an inline script. Styles allow 'unsafe-inline' because plotly.js adds
# its stylesheet as a <style> element and styles its SVG inline when it draws a chart;
# inline styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        # blob: for plotly's image export: it draws the chart's SVG into a canvas through a
        # blob: image to make the PNG a visitor downloads. Images cannot run code.
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured("ADMIN_URL must look like 'admin/': no leading slash, one trailing.")

# --- E-mail ---------------------------------------------------------------------------

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = Path(env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail")))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="pim-dashboard@localhost")
# A mail server that hangs must not hold a request (mails go out after the commit) for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The site's address as mails link to it (invitations, notifications, digests from cron).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Logging --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage": {"()": "pim.database.OutageLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # A request refused while the database is unavailable: one line, not a traceback.
        "django.request": {"filters": ["database_outage"]},
    },
}

# --- The product ---------------------------------------------------------------------

# Largest MID document (PDF) a city may upload, in bytes.
MID_DOCUMENT_MAX_BYTES = env.int("MID_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Largest import file (CSV or XLSX) an admin may upload, in bytes.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Published in the accessibility statement, which the act of 4 April 2019 requires to name
# a contact and two dates. The e-mail defaults to the address the site sends from; the
# dates to the day the statement's text was last revised, until the operator gives the
# site's own (YYYY-MM-DD).
ACCESSIBILITY_CONTACT_NAME = env.str("ACCESSIBILITY_CONTACT_NAME", default="")
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)
ACCESSIBILITY_CONTACT_PHONE = env.str("ACCESSIBILITY_CONTACT_PHONE", default="")
ACCESSIBILITY_STATEMENT_REVISED = date(2026, 11, 27)


def _date_setting(name: str, default: date) -> date:
    text = env.str(name, default="")
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date written YYYY-MM-DD, not {text!r}.") from None


ACCESSIBILITY_PUBLISHED_ON = _date_setting("ACCESSIBILITY_PUBLISHED_ON", ACCESSIBILITY_STATEMENT_REVISED)
ACCESSIBILITY_UPDATED_ON = _date_setting("ACCESSIBILITY_UPDATED_ON", ACCESSIBILITY_PUBLISHED_ON)

# --- The MID workflow -------------------------------------------------------------------

# Days an invitation link of a city coordinator stays valid.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
# The follow-up page lists members whose MID has not changed for this many days.
FOLLOW_UP_STALE_DAYS = env.int("FOLLOW_UP_STALE_DAYS", default=60)
# Hours before the same member's editors may be reminded again about the same MID.
REMINDER_INTERVAL_HOURS = env.int("REMINDER_INTERVAL_HOURS", default=24)
for _name in ("INVITATION_VALID_DAYS", "FOLLOW_UP_STALE_DAYS", "REMINDER_INTERVAL_HOURS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be a whole number of at least 1.")

# --- API and open data ------------------------------------------------------------------
# The read-only API at /api/v1/ (pim/api.py) and its downloads. Anonymous clients read
# public data only; signed-in ministry staff and admins see the non-public fields too.

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "pim.api_formats.CSVRenderer",
        "pim.api_formats.XLSXRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["pim.api_policy.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "pim.api_policy.StrictPageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": ["pim.api_policy.AnonymousThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pim.api_policy.exception_handler",
    "NUM_PROXIES": 1 if env.bool("BEHIND_PROXY", default=False) else None,
    "COERCE_DECIMAL_TO_STRING": False,
}
# Rows per page of an API collection unless ?page_size= asks for fewer or more (up to the maximum).
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=50)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=500)
# Requests an anonymous client (one address) may make, e.g. "600/minute"; more get a 429.
API_ANONYMOUS_RATE = env.str("API_ANONYMOUS_RATE", default="600/minute")
# Seconds browsers and proxies may reuse an anonymous API answer without asking again.
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# The licence of the open data, named in every download's catalogue entry. CC BY 4.0 by
# default: what the EU's high-value-datasets rules and the national portal recommend for
# public-sector data, reusable by anyone for any purpose, and its attribution clause keeps
# the source of each figure travelling with it.
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
OPEN_DATA_LICENCE_NAME = env.str("OPEN_DATA_LICENCE_NAME", default="CC BY 4.0")
# Who publishes the open data (the catalogue's dct:publisher).
OPEN_DATA_PUBLISHER_NAME = env.str(
    "OPEN_DATA_PUBLISHER_NAME", default="Ministerstwo Funduszy i Polityki Regionalnej"
)
OPEN_DATA_PUBLISHER_URL = env.str(
    "OPEN_DATA_PUBLISHER_URL", default="https://www.gov.pl/web/fundusze-regiony"
)
# Address for questions about the data (the catalogue's dcat:contactPoint); empty: none given.
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="")

SPECTACULAR_SETTINGS = {
    "TITLE": "PIM Dashboard API",
    "DESCRIPTION": (
        "Read-only open data of the programme Partnerska Inicjatywa Miast (Partnership Initiative "
        "of Cities): editions, networks, members and their MIDs, meetings, sources, improvement "
        "plans, published figures and survey results (aggregates only). Every figure carries its "
        "provenance (published, reconstruction, live, synthetic or not known) and its source.\n\n"
        "Every collection downloads as CSV (`?format=csv`) and XLSX (`?format=xlsx`) with the same "
        "filters. The DCAT-AP catalogue of all datasets: "
        "[/api/v1/catalogue.jsonld](/api/v1/catalogue.jsonld). "
        "Licence: [" + OPEN_DATA_LICENCE_NAME + "](" + OPEN_DATA_LICENCE_URL + "). Each list page of "
        "the site links its API address. Signed-in ministry staff also see the non-public fields "
        "(members' internal notes, raw survey responses) through their session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "tryItOutEnabled": True},
    # One name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "networks.models.DatePrecision",
        "MidStatusEnum": "cities.models.MidStatus",
        "ProvenanceEnum": "networks.models.Provenance",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pim.api_http.document_errors",
    ],
}
