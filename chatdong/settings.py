"""Project wiring: apps, database, security and static files. Domain rules live in the apps."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from chatdong.access.client import parse_trusted_proxies
from chatdong.core.safety import DEMO_FIELD_KEY, DEMO_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


# Off unless asked for: a deployment that forgets a variable must not show tracebacks. `bin/demo` sets
# CHATDONG_DEBUG=1; with DEBUG off the keys below must be real (chatdong.core.safety refuses to start otherwise).
DEBUG = _env_bool("CHATDONG_DEBUG", False)
# Unset, the public demo keys stand in so that the demo and the tests run; outside DEBUG the start is refused.
SECRET_KEY = os.environ.get("CHATDONG_SECRET_KEY") or DEMO_SECRET_KEY
# Key for resident registration numbers at rest (AES-GCM) and their keyed search hash.
FIELD_ENCRYPTION_KEY = os.environ.get("CHATDONG_FIELD_KEY") or DEMO_FIELD_KEY
ALLOWED_HOSTS = os.environ.get("CHATDONG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# --- Transport and browser security: docs in README "Production" -------------------------------------------------
# On by default outside DEBUG; CHATDONG_HTTPS=0 is for a trial without TLS (no redirect, no HSTS, plain cookies).
HTTPS = _env_bool("CHATDONG_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Only a directive: a host is preloaded only if its registrable domain is submitted to the browsers' list.
SECURE_HSTS_PRELOAD = HTTPS
# The load balancer asks over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a TLS-terminating proxy: the header it sets to "https" (e.g. X-Forwarded-Proto). Only trust a header the
# proxy always sets or strips: a client could send it otherwise.
if _proxy_ssl_header := os.environ.get("CHATDONG_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
# Pages' addresses carry search terms (names, birth dates): never sent to another site.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's own Content-Security-Policy (django.middleware.csp, Django 6.0+; django-csp is no longer needed): scripts
# and styles only from our own static files — no inline script, no style attribute, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # The nonce only for the printable access-review page, whose <style> is shared with its PDF.
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],  # data: for the KRDS icons in its CSS and the two-factor QR code
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",  # login attempts, lockouts and the login logs (chatdong.access.login)
    "django_otp",
    "django_otp.plugins.otp_totp",  # TOTP two-factor devices (chatdong.access.two_factor)
    "django_tasks_db",  # the database queue of django.tasks (manage.py db_worker runs it)
    "ninja",  # serves the API docs' Swagger UI from static files rather than a CDN
    "chatdong.core",
    "chatdong.org",
    "chatdong.registry",
    "chatdong.access",
    "chatdong.resources",
    "chatdong.cases",
    "chatdong.consult",
    "chatdong.meetings",
    "chatdong.outreach",
    "chatdong.reports",
    "chatdong.api",
    "chatdong.web",
    "chatdong.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "chatdong.web.middleware.UnreadableInputMiddleware",  # a control character in a query or NUL in a form: 400
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the code step was passed
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chatdong.web.middleware.MethodNotAllowedMiddleware",  # a 405 answered in Korean (JSON under /api/)
    "chatdong.core.middleware.NoStoreMiddleware",  # pages show personal data: never kept by a browser or proxy
    "chatdong.access.middleware.ForbiddenPageMiddleware",
    "chatdong.access.middleware.SecondFactorMiddleware",  # a pending code or enrolment step comes first
    # Last, as axes asks: it turns a login attempt that is (or becomes) locked out into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chatdong.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chatdong.web.context.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "chatdong.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'chatdong.sqlite3'}"),
        conn_max_age=60,
    )
}
SQLITE_OPTIONS = {
    # WAL lets the demo server read while a management command writes.
    "init_command": "PRAGMA journal_mode=WAL;",
    # A transaction takes the write lock when it begins, so two requests appending to the access log at once
    # wait for each other instead of one failing with "database is locked" (Django's advice for SQLite).
    "transaction_mode": "IMMEDIATE",
    # How long a request waits for that lock. Python's default, 5 s, is shorter than a large import or the month's
    # target lists hold it: past it, "database is locked" was a 500 (tests/cases/test_case_races.py).
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id (chatdong.access.passwords: its parameters and their cost); PBKDF2 verifies the hashes stored before it,
# which are rewritten as Argon2id at their next login.
PASSWORD_HASHERS = [
    "chatdong.access.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "chatdong.web.errors.csrf_failure"

# --- Login: lockout (django-axes) and two-factor (django-otp); docs/access.md "Login" ------------------------
# AxesStandaloneBackend comes first: every authenticate() call (the login page, the Django admin's login, anything
# else that checks a password) passes it, so a locked-out client is refused before the password is looked at.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures are counted twice (chatdong.access.login.LoginAttempts):
# - by username *and* address: CHATDONG_LOGIN_FAILURE_LIMIT (5) wrong passwords for one account from one address
#   lock that account from that address only — a stranger elsewhere cannot lock a colleague out;
# - by address alone: CHATDONG_LOGIN_ADDRESS_FAILURE_LIMIT (20) failures from one address, whatever the usernames,
#   lock the address — so one address cannot try a password on every account. Higher than the per-account limit
#   because a whole dong centre may reach us from one address.
# A username alone is not a parameter: it would let anyone lock anyone out.
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("CHATDONG_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("CHATDONG_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
_lockout_minutes = int(os.environ.get("CHATDONG_LOGIN_LOCKOUT_MINUTES", "15"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=_lockout_minutes)
# Counted in the database (not the cache): every process sees the same counts, and each test's rollback resets them.
AXES_HANDLER = "chatdong.access.login.LoginAttempts"
# The client's address: chatdong.access.client. X-Forwarded-For counts only from these proxies (addresses or
# networks, comma-separated); none by default, so a client cannot choose the address the log and lockout see.
TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("CHATDONG_TRUSTED_PROXIES", ""))
AXES_CLIENT_IP_CALLABLE = "chatdong.access.client.client_address"
# A success clears that account's failures from that address only (LoginAttempts.user_logged_in), never the
# address's count, which axes' own reset would clear for anyone who owns one account.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "chatdong.access.login.locked_out_page"
AXES_COOLOFF_MESSAGE = (
    f"로그인에 여러 번 실패하여 잠시 잠겼습니다. {_lockout_minutes}분 후에 다시 시도하거나 관리자에게 문의하세요."
)
# Kept for the privacy auditor's monthly review: AccessFailureLog (every failure, locked or not), AccessLog (every
# successful login and its logout). Masked in the stored request data (besides the password): the two-factor code
# and the CSRF token.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]

# Two-factor (TOTP): CHATDONG_REQUIRE_2FA=1 makes it compulsory for those who may read people's records
# (chatdong.access.two_factor.required_for); anyone may enrol. The demo keeps it off.
REQUIRE_TWO_FACTOR = _env_bool("CHATDONG_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "찾동"
# The admin never shows a device's secret or QR code: an administrator could otherwise copy a staff member's device.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The monthly access-log review flags anyone who opened this many households within one hour.
ACCESS_REVIEW_BULK_VIEWS = int(os.environ.get("CHATDONG_ACCESS_REVIEW_BULK_VIEWS", "30"))

# How long the access log keeps its entries; `manage.py purge_access_log` removes older ones. 개인정보의
# 안전성 확보조치 기준 (제8조) asks for at least 1 year, and 2 years for processors of 50,000+ people's data,
# of sensitive or unique identifying data (a district's welfare records are all three): hence 730 days.
ACCESS_LOG_RETENTION_DAYS = int(os.environ.get("CHATDONG_ACCESS_LOG_RETENTION_DAYS", "730"))

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("krds", NODE_MODULES / "krds-uiux" / "resources"),
    ("leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
# Serve straight from the finders so neither the demo nor the tests need collectstatic. `bin/serve` collects them
# (only changed files are copied). Not compressed here: WhiteNoise's compressing storage took 45 s at every start;
# the reverse proxy compresses.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files (zone-walk photos) are personal data: served only through views that check access,
# never as public static files.
MEDIA_ROOT = Path(os.environ.get("CHATDONG_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Background work (django.tasks): queued in the database, run by `manage.py db_worker` (or `db_worker --batch`
# from cron after the monthly `outreach_generate --enqueue`). Django's own tasks API has no scheduler.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Households shown per page in lists; a fixed page size keeps every list's cost flat.
PAGE_SIZE = 20

# Django's default cache, said aloud: each server process keeps its own in memory. It holds only figures that may be
# a few minutes old (the home page's counts, registry.selectors.scope_summary); a process counting them again costs
# two queries, and no cache server or table is needed.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chatdong"}}

# Every handler masks resident numbers: the development server logs each request line with its query string
# (`GET /cases/?q=900101-1234567`), and an error logs the path. Django's default handlers for its "django"
# and "django.server" loggers are replaced by the same ones with the mask (no e-mail handler: ADMINS is unset).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_rrn": {"()": "chatdong.core.logmask.MaskResidentNumbers"},
        "require_debug_true": {"()": "django.utils.log.RequireDebugTrue"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_rrn"]},
        "debug_console": {
            "class": "logging.StreamHandler",
            "level": "INFO",
            "filters": ["require_debug_true", "mask_rrn"],
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["mask_rrn"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["debug_console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
