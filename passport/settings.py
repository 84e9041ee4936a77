"""Settings, all read from the environment through `env()` so docs/configuration.md can list every one."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

# Every setting the project reads from the environment is registered here, so that
# tests/test_docs.py can prove each is documented in docs/configuration.md.
SETTINGS_READ: dict[str, str] = {}


def env(name: str, default: str = "") -> str:
    """Read an environment variable and remember that it is a setting."""
    SETTINGS_READ[name] = default
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'passport.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the worker write while the web process reads; the init command runs on every connection.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "passport.core",
    "passport.accounts",
    "passport.notifications",
    "passport.volunteers",
    "passport.organisations",
    "passport.opportunities",
    "passport.api",
    "passport.vetting",
    "passport.credentials",
    "passport.matching",
    "passport.reserve",
    "passport.activity",
    "passport.support",
    "passport.impact",
    "passport.imports",
    "passport.opendata",
    "passport.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "passport.urls"
WSGI_APPLICATION = "passport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "passport" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "passport.jinja2.environment", "autoescape": True},
    },
    {
        # Django admin keeps its own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:sign-in"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "passport" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# SQLite's file and WhiteNoise's root live here; make them on first run so a fresh checkout just works.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "passport" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Sign-in links: how long they last and how many a person may ask for in an hour.
SIGN_IN_LINK_MINUTES = env_int("SIGN_IN_LINK_MINUTES", 30)
SIGN_IN_LINKS_PER_HOUR = env_int("SIGN_IN_LINKS_PER_HOUR", 5)

# Notifications: the outbox is the default channel; GOV.UK Notify is used when a key is set.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# One generic template of each kind in Notify, filled with ((subject)) and ((body)); see docs/notifications.md.
NOTIFY_EMAIL_TEMPLATE_ID = env("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", "")
# The bearer token Notify sends with delivery receipts and received text messages.
NOTIFY_CALLBACK_TOKEN = env("NOTIFY_CALLBACK_TOKEN", "")
# Sending: attempts before a message is marked failed, and how long an attempt may stay "sending" before the
# worker that claimed it is presumed dead and the message is released.
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 6)
NOTIFY_SENDING_TIMEOUT_SECONDS = env_int("NOTIFY_SENDING_TIMEOUT_SECONDS", 300)
# Whether the outbox page is open to anyone (for the demo) or to staff only.
OUTBOX_PUBLIC = env_bool("OUTBOX_PUBLIC", DEBUG)

# Applications: coordinators are reminded when an applicant waits this many working days.
RESPONSE_REMINDER_WORKING_DAYS = env_int("RESPONSE_REMINDER_WORKING_DAYS", 5)

# Vetting: how long a DBS check counts as current. VETTING_REFRESH_YEARS_BY_LEVEL overrides the default per
# level, e.g. "basic=1,enhanced=3"; a clean Update Service status check keeps a check current for
# VETTING_STATUS_CHECK_DAYS after it.
VETTING_REFRESH_YEARS = env_int("VETTING_REFRESH_YEARS", 3)
VETTING_REFRESH_YEARS_BY_LEVEL = {
    level.strip(): int(years)
    for level, _, years in (p.partition("=") for p in env("VETTING_REFRESH_YEARS_BY_LEVEL", "").split(",") if p)
}
VETTING_STATUS_CHECK_DAYS = env_int("VETTING_STATUS_CHECK_DAYS", 90)
# The worker re-checks subscribed certificates this often through the DBS Update Service, when a URL is set.
VETTING_RECHECK_DAYS = env_int("VETTING_RECHECK_DAYS", 30)
DBS_UPDATE_SERVICE_URL = env("DBS_UPDATE_SERVICE_URL", "")
DBS_UPDATE_SERVICE_ORGANISATION = env("DBS_UPDATE_SERVICE_ORGANISATION", "Volunteer Passport")

# Credentials: the secret the signing keys' private halves are encrypted with (SECRET_KEY when empty).
CREDENTIAL_KEY_SECRET = env("CREDENTIAL_KEY_SECRET", "")
# How long verifiers may cache the status list: the longest a revocation can take to reach them.
STATUS_LIST_MAX_AGE_SECONDS = env_int("STATUS_LIST_MAX_AGE_SECONDS", 300)

# Matching: how many candidate opportunities each volunteer keeps, how long the optimal solver may run before
# the quick greedy method answers instead, how many processes regional solves use (0 = every core), how
# many days a volunteer has to answer an offer, and the pool size up to which a round runs inside the request.
MATCHING_CANDIDATES_PER_VOLUNTEER = env_int("MATCHING_CANDIDATES_PER_VOLUNTEER", 30)
MATCHING_TIME_LIMIT_SECONDS = env_int("MATCHING_TIME_LIMIT_SECONDS", 120)
MATCHING_WORKERS = env_int("MATCHING_WORKERS", 0)
MATCHING_OFFER_DAYS = env_int("MATCHING_OFFER_DAYS", 3)
MATCHING_INLINE_LIMIT = env_int("MATCHING_INLINE_LIMIT", 50000)

RESERVE_ACCEPTANCE_PRIOR = float(env("RESERVE_ACCEPTANCE_PRIOR", "0.25"))
RESERVE_FILL_CONFIDENCE = float(env("RESERVE_FILL_CONFIDENCE", "0.95"))
RESERVE_SECOND_APPROVAL = env_bool("RESERVE_SECOND_APPROVAL", False)

# Community support: how many volunteers each wave alerts, minutes between waves, how far from the task to look,
# and how long after its window an accepted task stays open to be marked done.
SUPPORT_WAVE_SIZE = env_int("SUPPORT_WAVE_SIZE", 4)
SUPPORT_WAVE_MINUTES = env_int("SUPPORT_WAVE_MINUTES", 10)
SUPPORT_RADIUS_KM = env_int("SUPPORT_RADIUS_KM", 5)
SUPPORT_DONE_GRACE_HOURS = env_int("SUPPORT_DONE_GRACE_HOURS", 24)

# Search: the bounding-box prefilter on indexed easting/northing. Only the search benchmark turns it off,
# to measure the naive plan as its baseline through the same HTTP endpoint.
SEARCH_SPATIAL_PREFILTER = env_bool("SEARCH_SPATIAL_PREFILTER", True)

# Where the project may read open data files (ONS area names); see docs/configuration.md.
GEO_DATA_DIR = env("GEO_DATA_DIR", str(BASE_DIR.parent / "shared" / "data" / "geo"))
# Impact statistics: a CSV wage table replacing the built-in ONS ASHE 2024 one (docs/impact.md).
IMPACT_WAGE_TABLE = env("IMPACT_WAGE_TABLE", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 20
CSRF_FAILURE_VIEW = "passport.core.views.csrf_failure"
