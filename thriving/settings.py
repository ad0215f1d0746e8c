"""Settings, read from the environment.

Everything that differs between a laptop demo and production comes from environment variables:
see docs/deploy.md for the full list. With nothing set, Thriving runs in debug mode on SQLite
under var/ only when DEBUG is true; otherwise SECRET_KEY must be given.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("THRIVING_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for a local demo).")
    SECRET_KEY = "insecure-key-for-local-demo-only"  # noqa: S105 - used only with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "thriving.places",
    "thriving.core",
    "thriving.directory",
    "thriving.frontdoor",
    "thriving.teams",
    "thriving.community",
    "thriving.coaching",
    "thriving.budgets",
    "thriving.stories",
    "thriving.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "thriving.core.middleware.NoStoreMiddleware",
    "thriving.core.middleware.PolicyMiddleware",
    "thriving.core.middleware.ConflictMiddleware",
]

ROOT_URLCONF = "thriving.urls"
FORM_RENDERER = "thriving.core.forms.govuk.GovukRenderer"
WSGI_APPLICATION = "thriving.wsgi.application"

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
                "csp.context_processors.nonce",
                "thriving.core.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thriving.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker and the web process share the embedded database.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The ledger's covering indexes (INCLUDE amount) speed up balances on PostgreSQL; SQLite uses
# their key columns alone, which is what it should do, so its warning about them is not shown.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "thriving.core.backends.RoleBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:signed-out"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sign-in lockout (django-axes): five wrong passwords for one account lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("LOCKOUT_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOCKOUT_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address", "user_agent"]]
AXES_USERNAME_FORM_FIELD = "username"
# Counted by the normalised address (stripped, lower case): capitals do not get round a lockout.
AXES_USERNAME_CALLABLE = "thriving.core.backends.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thriving.core.views.auth.locked_out"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
if env_bool("BEHIND_PROXY"):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

OTP_TOTP_ISSUER = "Thriving"

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_MINUTES", "480")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie
CSRF_FAILURE_VIEW = "thriving.core.views.errors.csrf_failure"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files (receipts, photos of what happened) go through Django's storage: files under
# MEDIA_ROOT by default, or any storage backend (object storage) named by FILE_STORAGE. They are
# never served from a public URL: the views that show them check who may see them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": os.environ.get("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email: the console in the demo, SMTP (or any Django backend) in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "email"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Thriving <no-reply@thriving.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: inline in the demo and tests, a database queue and `thriving worker` in production.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND]
    }
}

# Security headers. Secure cookies and HSTS whenever debug is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    if env_bool("BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The Open Referral UK API is public and open to every origin; nothing else is.
CORS_URLS_REGEX = r"^/openreferral/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]

# The directory: a service not checked for this many months is flagged and its owners reminded.
DIRECTORY_CHECK_MONTHS = int(os.environ.get("DIRECTORY_CHECK_MONTHS", "6"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# In debug mode (the demo) with no SITE_URL given, an email a page sends links to the address that
# page is served at (`thriving.core.site.site_url(request)`), so its links work wherever the demo runs.
SITE_URL_FROM_REQUEST = DEBUG and not os.environ.get("SITE_URL")

# The default cache holds the public forms' rate-limit counts and what the worker and the web
# processes tell each other, so it must be one every web process shares. With no CACHE_URL it is
# the database (a table `thriving migrate` creates); CACHE_URL=redis://host:6379/0 uses Redis;
# locmem:// each process's own memory (only for a single process: limits would not hold across
# several). The `snapshots` cache holds what every page reads and may be a few minutes stale (the
# needs taxonomy and the localities): Redis when there is one, otherwise each
# process's own memory, so that no page pays a database round trip and an unpickling for them.
CACHE_URL = os.environ.get("CACHE_URL", "")
# Room for the directory's kept search pages (`thriving.directory.search_page`, some 10 kB each),
# not the 300 entries Django keeps by default.
LOCAL_MEMORY = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "thriving",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
if CACHE_URL.startswith(("redis://", "rediss://")):
    REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    CACHES = {"default": REDIS, "snapshots": REDIS}
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": LOCAL_MEMORY, "snapshots": LOCAL_MEMORY}  # one store: clearing one clears both
elif not CACHE_URL or CACHE_URL.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "thriving.core.cache.DatabaseCache",
            "LOCATION": "thriving_cache",
            # Many rate-limit counts (one per address and form) before old entries are dropped.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
        "snapshots": LOCAL_MEMORY,
    }
else:
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss://, db:// or locmem://")

# Every public form ("Ask for help" and its status check, report a problem, password reset, the
# community's forms): posts allowed per IP address (django-ratelimit syntax, such as "10/h"), and the
# fewest seconds a person can take from seeing the form (or the first question) to sending it
# (anything faster is treated as a robot and quietly dropped). See thriving/core/public_forms.py.
FRONTDOOR_ASK_RATE = os.environ.get("FRONTDOOR_ASK_RATE", "10/h")
FRONTDOOR_MIN_SECONDS = float(os.environ.get("FRONTDOOR_MIN_SECONDS", "3"))
# django-ratelimit counts in this cache; in production it must be one every web process shares.
# Behind a proxy, the client's address is the one the proxy appended to X-Forwarded-For.
RATELIMIT_USE_CACHE = os.environ.get("RATELIMIT_CACHE", "default")
RATELIMIT_IP_META_KEY = "thriving.core.public_forms.client_ip" if env_bool("BEHIND_PROXY") else None

# How long a page of directory search results stays cached (it is keyed on the directory's
# version, so a change is seen at once whatever this is); 0 turns the cache off (the benchmark).
DIRECTORY_SEARCH_CACHE_SECONDS = int(os.environ.get("DIRECTORY_SEARCH_CACHE_SECONDS", "600"))
# Partners' feeds are harvested from public addresses only, unless the directory's feeds are
# inside the same network as the server (see thriving/directory/interchange/sources.py).
DIRECTORY_FEEDS_ALLOW_PRIVATE = env_bool("DIRECTORY_FEEDS_ALLOW_PRIVATE")

MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MAP_TILE_URL.split("/{")[0]] if MAP_TILE_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# The service's name and contacts, shown on every page.
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Thriving")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "thriving@example.org")
PHASE = os.environ.get("PHASE", "Alpha")
# Where "Exit this page" (on asking for help and on pages about domestic abuse) sends someone who
# needs to leave quickly: a neutral site that gives nothing away.
EXIT_THIS_PAGE_URL = os.environ.get("EXIT_THIS_PAGE_URL", "https://www.bbc.co.uk/weather")

# The largest recording a teller may add to a story (bytes; 20 MB).
STORIES_AUDIO_MAX_BYTES = int(os.environ.get("STORIES_AUDIO_MAX_BYTES", str(20 * 1024 * 1024)))
# A story taken into a project (approved, gathered, transcribed) is embedded by the worker at once,
# so that suggesting themes later embeds only what changed since.
STORIES_EMBED_ON_APPROVAL = env_bool("STORIES_EMBED_ON_APPROVAL", True)
