"""Settings for impactsite: one module, every deploy-specific value from the environment.

Locally nothing needs to be set: SQLite in the repository, debug on, a development key.
With DEBUG off (production) the values marked required must be set, or start-up fails.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name) or default).split(",") if item.strip()]


# --- Mode ------------------------------------------------------------------
DEBUG = env_bool("DEBUG", default=True)
PRODUCTION = not DEBUG


def required(name: str, local_default: str) -> str:
    """A value production must be given explicitly; locally a safe default stands in."""
    value = env(name)
    if value is None:
        if PRODUCTION:
            raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")
        return local_default
    return value


SECRET_KEY = required("SECRET_KEY", "django-insecure-local-development-key-not-for-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def site_origin(name: str, local_default: str) -> str:
    """The public scheme and host every absolute URL is built from, never a request's Host."""
    value = required(name, local_default).rstrip("/")
    scheme, _, host = value.partition("://")
    if scheme not in {"http", "https"} or not host or "/" in host or "?" in host:
        raise ImproperlyConfigured(
            f"{name} must be a scheme and host, like https://impact.example.org, not {value!r}."
        )
    return value


# Canonical, hreflang, Open Graph, JSON-LD, sitemap, robots.txt and feed URLs: a request's Host
# header (or its port, which ALLOWED_HOSTS ignores) must not reach pages others are served.
SITE_ORIGIN = site_origin("SITE_URL", "http://127.0.0.1:8000")

# --- Applications ----------------------------------------------------------
INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "import_export",
    "impactsite",  # project-wide management commands (backup, restore)
    "django_tasks_db",
    "schools",
    "rankings",
    "press",
    "axes",  # login throttling; keep last so its checks see every app
]

MIDDLEWARE = [
    "common.clientip.TrustedProxyMiddleware",  # first: nothing may read a forged X-Forwarded-*
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.pagecache.PageCacheMiddleware",  # cached public pages skip what follows
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "impactsite.urls"
WSGI_APPLICATION = "impactsite.wsgi.application"

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
                "django.template.context_processors.csp",
                "rankings.context_processors.edition_preview",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------
DATABASE_URL = required("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60 if PRODUCTION else 0)}
if test_name := env("TEST_DATABASE_NAME"):  # lets parallel test runs share one server
    DATABASES["default"]["TEST"] = {"NAME": test_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -----------------------------------------------------------------
# Several app servers must share one cache (page cache, its invalidation, throttling):
# production requires CACHE_URL (Redis). Locally each process has its own memory cache, or,
# with file:///a/folder (what `make run` sets), the server, the import worker and commands
# share one on disk, so an import in the worker empties the server's cached pages too.
CACHE_URL = required("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "impactsite"),
        }
    }
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL.startswith("file:///") and not PRODUCTION:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://"),
        }
    }
else:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")

# --- Page cache and HTTP caching (common/pagecache.py) -----------------------
# A public page may be kept PAGE_PROXY_SECONDS by the reverse proxy, then served
# PAGE_STALE_SECONDS more while it fetches a fresh one: an editor's change is public within
# their sum. One client address adds at most PAGE_CACHE_NEW_PER_CLIENT pages a minute to the
# page cache; beyond that its pages are served uncached.
PAGE_PROXY_SECONDS = int(env("PAGE_PROXY_SECONDS", "5"))
PAGE_STALE_SECONDS = int(env("PAGE_STALE_SECONDS", "5"))
PAGE_CACHE_NEW_PER_CLIENT = int(env("PAGE_CACHE_NEW_PER_CLIENT", "60"))
# A trusted proxy coming back for a page changed since is told to keep its copy
# PAGE_REFRESH_SECONDS more, and the page is rendered once that answer is sent, so that no
# visitor waits for the render; if that failed, a request PAGE_REFRESH_GRACE seconds later
# renders it. A grace of 0 renders it in the proxy's request (common/pagerefresh.py).
PAGE_REFRESH_SECONDS = int(env("PAGE_REFRESH_SECONDS", "1"))
PAGE_REFRESH_GRACE = float(env("PAGE_REFRESH_GRACE", "3"))

# --- Languages -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True

# THE ranks institutions in two places ISO 3166 has no code for: Kosovo, under XK as the
# European Commission and most data sets write it, and Northern Cyprus, which THE lists as a
# country/region of its own, under XN, from the XA-XZ range ISO leaves to its users. Without
# them an unedited THE table was refused as a whole for its few rows there.
COUNTRIES_OVERRIDE = {"XK": gettext_lazy("Kosovo"), "XN": gettext_lazy("Northern Cyprus")}
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Static files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Locally WhiteNoise serves files straight from the app and static folders, no collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security --------------------------------------------------------------
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Scripts and style sheets only from this site (or inline with the request's nonce). Inline
# style attributes stay allowed: SDG badges set their UN colour that way, and a style
# attribute cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Behind a reverse proxy that terminates TLS, it must set X-Forwarded-Proto (and strip any
# value the client sent); only then may Django trust it to know the request was HTTPS.
BEHIND_PROXY = env_bool("BEHIND_PROXY", PRODUCTION)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies' addresses or networks: X-Forwarded-Proto and X-Forwarded-For count only when the
# socket peer is one of them (common/clientip.py); from anyone else they are dropped.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.0/8,::1")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or a network (10.0.0.0/8)."
        ) from None

# --- Login throttling (django-axes) ----------------------------------------
# Failures count per username AND client address: an attacker guessing passwords is locked
# out for a while, but cannot lock every editor out by trying their names from one address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the proxy, the client address is the last one a trusted proxy appended to
# X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "common.clientip.client_ip"

# --- Import / export -------------------------------------------------------
# Without these, django-import-export lets every staff user import and export.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Limits of a results import (spreadsheets/limits.py); other limits (rows, columns, cell length,
# unpacked size and compression ratio of XLSX/ODS) keep the defaults in `spreadsheets.Limits`
# unless a RESULTS_IMPORT_<NAME> setting overrides them.
RESULTS_IMPORT_MAX_UPLOAD_BYTES = int(env("IMPORT_MAX_UPLOAD_MB", "10")) * 1024 * 1024

# --- Background tasks ------------------------------------------------------
# Large imports run in `manage.py db_worker` (django-tasks-db): the queue is a database table,
# so it needs nothing beyond PostgreSQL, survives restarts, and any app server can enqueue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMPORT_BACKGROUND_ROWS = int(env("IMPORT_BACKGROUND_ROWS", "2000"))

# --- Logging ---------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "impactsite.logs.JSONLineFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", "json" if PRODUCTION else "line"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes.apps": {"level": "WARNING"},  # not its banner at every start
        # WeasyPrint logs every layout step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
