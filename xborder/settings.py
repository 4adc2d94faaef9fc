"""Settings for the cross-border harassment guide.

Everything that differs between a laptop and production comes from the
environment (12-factor). The defaults are the safe ones: DEBUG is off unless
asked for, and then a secret key must be given.
"""

import warnings
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.conf import locale as django_locale
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _bool_setting(name, default):
    raw = env.str(name, default=str(default))
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not understood: use 1 or 0 (true or false).")


def _url_setting(name, default, parse, backend_key):
    raw = env.str(name, default=default)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            config = parse(raw)
        if not config.get(backend_key):
            raise ValueError("unknown scheme")
        return config
    except (KeyError, ValueError, ImproperlyConfigured) as error:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a URL this project can use ({error}). "
            f"Examples: sqlite:///path/to/db.sqlite3, postgres://user@127.0.0.1:5432/xborder, redis://127.0.0.1:6379/0."
        ) from None


DEBUG = _bool_setting("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _site_url():
    """The site's public address, for canonical links and the sitemap: never the request's Host,
    which a cached page would hand to everyone. In production it defaults to the first allowed host."""
    first_host = ALLOWED_HOSTS[0].lstrip(".") if ALLOWED_HOSTS else ""
    if "SITE_URL" not in env and not DEBUG and first_host in {"", "*"}:
        raise ImproperlyConfigured("SITE_URL must be set when ALLOWED_HOSTS does not name the site: e.g. SITE_URL=https://guide.example.org")
    raw = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else f"https://{first_host}")
    url = raw.strip().rstrip("/")
    scheme, _, rest = url.partition("://")
    if scheme not in {"http", "https"} or not rest or "/" in rest or "*" in rest:
        raise ImproperlyConfigured(f"SITE_URL={raw!r} is not the site's address: give it as https://guide.example.org, with no path.")
    return url


SITE_URL = _site_url()

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "simple_history",
    "import_export",
    "csp",
    "axes",
    "jurisdictions",
    "guide",
]

MIDDLEWARE = [
    "guide.access_log.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached victim's page is answered here, before sessions, users and CSRF it does not need.
    "guide.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "guide.middleware.SecurityHeadersMiddleware",
    "guide.middleware.EmergencyNumbersWhenDatabaseIsDownMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account name out of the admin from an address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy's address: with
# AXES_PROXY_COUNT proxies in front, the client is the address the outermost trusted
# proxy added to X-Forwarded-For, counted from the right (what a client wrote there
# itself is further left and never used), so one person cannot lock every editor out.
TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "guide.clients.client_address"

ROOT_URLCONF = "xborder.urls"
WSGI_APPLICATION = "xborder.wsgi.application"

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
                "guide.context_processors.languages",
                "guide.context_processors.addresses_on_screen",
                "guide.seo.page_addresses",
            ],
        },
    },
]

DATABASES = {
    "default": _url_setting("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}", env.db_url_config, "ENGINE"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))

CACHES = {
    "default": _url_setting("CACHE_URL", "locmemcache://", env.cache_url_config, "BACKEND"),
}
if "redis" in CACHES["default"]["BACKEND"].lower():
    # A cache that does not answer costs a page at most this long; the page is then built without it.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_timeout": env.float("CACHE_TIMEOUT_SECONDS", default=0.1), "socket_connect_timeout": env.float("CACHE_TIMEOUT_SECONDS", default=0.1)}
    )

# PDFs made at once on one server (all its workers together); more wait for a free slot
# with a "busy, try again" page, so victims' pages always have workers left.
PDF_CONCURRENCY = env.int("PDF_CONCURRENCY", default=1)

# Victims' forms are a few short fields: a larger request body is refused with a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("MAX_REQUEST_BODY_BYTES", default=256 * 1024)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The victim's language is part of the address (/fr/guide/za/gb/), so a guide link
# keeps its language; English, the default, has no prefix.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ar", "العربية"),
    ("af", "Afrikaans"),
    ("zu", "isiZulu"),
]
# Interface translations no reviewer who speaks the language has checked yet: pages in them say so.
UNREVIEWED_INTERFACE_LANGUAGES = env.list("UNREVIEWED_INTERFACE_LANGUAGES", default=["zu"])
# Django describes the languages it ships translations for; isiZulu is not one of them.
django_locale.LANG_INFO.setdefault("zu", {"bidi": False, "code": "zu", "name": "Zulu", "name_local": "isiZulu"})
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Content texts are translated in the admin; a missing translation falls back to
# English, and the page says it is not yet translated.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic writes Brotli and gzip copies beside each file, and WhiteNoise sends
# the smallest the browser accepts, from STATIC_ROOT, in development too (`make run`
# collects them); production also names each file by its content, to cache it for ever.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin lives at a configurable path so it is not where scanners look first.
ADMIN_PATH = env.str("ADMIN_PATH", default="admin/").strip("/") + "/"

# Safety: following a link to a police portal must not reveal which guide was read.
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = _bool_setting("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = _bool_setting("SECURE_HSTS_PRELOAD", not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Scripts and styles come from this site only; nothing inline, nothing evaluated.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Imports run in one transaction: a file with any bad row imports nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# Logs keep nothing about a victim: no client address, no page address (which
# would say which countries they asked about), only the page's name (guide.access_log).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_request_details": {"()": "guide.access_log.WithoutRequestDetails"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "filters": ["without_request_details"], "propagate": False},
        "xborder.access": {"handlers": ["console"], "level": "INFO" if env.bool("ACCESS_LOG", default=True) else "WARNING", "propagate": False},
    },
}
