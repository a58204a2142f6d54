"""Django settings for Newsstand.

Every value an operator may change is read from the environment through the SETTINGS table
below (name, default, help); docs/configuration.md lists each one and a test keeps the two in
step. Nothing else in the project reads os.environ.
"""

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting("NEWSSTAND_HOME", "./var", "Data folder: SQLite database, generated secret key, logs."),
    Setting(
        "DATABASE_URL",
        "",
        "Database URL, e.g. postgres://user@host:5432/name. Empty: SQLite in NEWSSTAND_HOME.",
    ),
    Setting(
        "SECRET_KEY",
        "",
        "Django secret key. Empty: one is generated once into NEWSSTAND_HOME/secret_key.",
    ),
    Setting("DEBUG", "false", "Django debug mode; never true in production."),
    Setting(
        "ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        "Comma-separated host names the web app answers to.",
    ),
    Setting(
        "NEWSSTAND_PUBLIC_URL",
        "",
        "The address the world reaches this site at (https://news.example.org). Needed for "
        "WebSub: hubs push new items to it. Empty: feeds are only polled.",
    ),
    Setting(
        "NEWSSTAND_HTTPS",
        "auto",
        "true: the site is served over HTTPS only (secure cookies, redirect to HTTPS, HSTS); "
        "false: plain HTTP (development); auto: true when NEWSSTAND_PUBLIC_URL is https://.",
    ),
    Setting(
        "NEWSSTAND_HSTS_SECONDS",
        "31536000",
        "Seconds browsers keep to HTTPS after a visit (Strict-Transport-Security) when "
        "NEWSSTAND_HTTPS is on; 0: no HSTS header.",
    ),
    Setting(
        "NEWSSTAND_PROXY_COUNT",
        "0",
        "Reverse proxies in front of the web app, each appending to X-Forwarded-For and "
        "setting X-Forwarded-Proto. 0: the client is the connection's address.",
    ),
    Setting(
        "EMAIL_HOST",
        "",
        "SMTP server the site's mail goes through. Empty: mail is printed to the console "
        "(development).",
    ),
    Setting("EMAIL_PORT", "587", "SMTP port."),
    Setting("EMAIL_HOST_USER", "", "SMTP user name (empty: no authentication)."),
    Setting("EMAIL_HOST_PASSWORD", "", "SMTP password."),
    Setting("EMAIL_USE_TLS", "true", "Use STARTTLS on the SMTP connection (port 587)."),
    Setting("EMAIL_USE_SSL", "false", "Use implicit TLS on the SMTP connection (port 465)."),
    Setting("EMAIL_TIMEOUT", "10", "Seconds before an SMTP connection gives up."),
    Setting(
        "DEFAULT_FROM_EMAIL",
        "Newsstand <newsstand@localhost>",
        "Sender of the site's mail.",
    ),
    Setting(
        "NEWSSTAND_EMAIL_LINK_HOURS",
        "24",
        "Hours a link mailed to a reader (confirm an address, change it, reset a password) "
        "stays valid.",
    ),
    Setting(
        "NEWSSTAND_SIGN_IN_ATTEMPTS",
        "5",
        "Failed sign-ins to one account before each further one makes it wait (1 minute, "
        "doubling up to an hour).",
    ),
    Setting(
        "NEWSSTAND_SIGN_IN_ATTEMPTS_PER_ADDRESS",
        "30",
        "Failed sign-ins from one client address, to any accounts, before it waits likewise.",
    ),
    Setting("PORT", "8000", "Port `newsstand up` serves the web app on."),
    Setting("NEWSSTAND_BIND", "127.0.0.1", "Address `newsstand up` serves on (0.0.0.0: all)."),
    Setting("NEWSSTAND_WEB_WORKERS", "2", "Web server worker processes started by `newsstand up`."),
    Setting("NEWSSTAND_LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "NEWSSTAND_FETCH_ALLOW_NETWORKS",
        "",
        "Comma-separated CIDRs the fetcher may reach although they are loopback or private "
        "(the SSRF guard refuses those by default).",
    ),
    Setting("NEWSSTAND_FETCH_TIMEOUT", "20", "Seconds before one HTTP fetch gives up."),
    Setting("NEWSSTAND_FETCH_MAX_BYTES", "10000000", "Largest response body fetched, in bytes."),
    Setting("NEWSSTAND_FETCH_CONCURRENCY", "100", "Fetches in flight at once."),
    Setting("NEWSSTAND_FETCH_PER_HOST", "2", "Fetches in flight at once to one host."),
    Setting(
        "NEWSSTAND_FETCH_INTERVAL",
        "900",
        "Seconds between two fetches of a new feed; then learnt from how often it publishes, "
        "doubled per consecutive error.",
    ),
    Setting(
        "NEWSSTAND_FETCH_MIN_INTERVAL",
        "300",
        "Seconds: the shortest interval a busy feed's learnt schedule may reach.",
    ),
    Setting(
        "NEWSSTAND_FETCH_MAX_INTERVAL",
        "86400",
        "Seconds: the longest interval for a quiet or failing feed.",
    ),
    Setting(
        "NEWSSTAND_FETCH_LEASE",
        "600",
        "Seconds a worker holds a feed it fetches; a killed worker's feeds are free again after.",
    ),
    Setting("NEWSSTAND_FETCH_BATCH", "50", "Feeds one background task fetches together."),
    Setting(
        "NEWSSTAND_FEED_MAX_ERRORS",
        "10",
        "Consecutive failed fetches after which a feed is disabled (the reason is kept).",
    ),
    Setting(
        "NEWSSTAND_USER_AGENT",
        "Newsstand/0.1 (+https://github.com/newsstand; feed fetcher)",
        "User-Agent sent with every fetch.",
    ),
    Setting(
        "NEWSSTAND_SAMPLE_DIR",
        str(REPO_DIR / "sample"),
        "Folder of the bundled sample corpus the publisher simulator serves.",
    ),
    Setting(
        "NEWSSTAND_SIMULATOR_PORT",
        "8001",
        "Port `newsstand up` starts the publisher simulator on when there is no internet.",
    ),
    Setting(
        "NEWSSTAND_PAGE_CACHE_SECONDS",
        "300",
        "How long anonymous readers' home, article and story pages stay cached (0: off). "
        "Edits show within NEWSSTAND_PAGE_CHECK_SECONDS; this bounds only what the pages' "
        "fingerprints do not cover.",
    ),
    Setting(
        "NEWSSTAND_PAGE_CHECK_SECONDS",
        "1",
        "How long a web process trusts a cached page's fingerprint before reading it again "
        "(0: on every request): the most an edit takes to show on a cached page.",
    ),
    Setting(
        "NEWSSTAND_OFFLINE",
        "auto",
        "auto: probe the catalog's feeds and fall back to the bundled sample when none answers; "
        "true: always serve the sample; false: never.",
    ),
    Setting(
        "NEWSSTAND_RELATED_ARTICLES",
        "5",
        "Related articles (from other stories) listed under an article; 0 hides the list.",
    ),
    Setting("NEWSSTAND_CURRENCY", "usd", "ISO 4217 code of membership prices (lower case)."),
    Setting("NEWSSTAND_PRICE_MONTHLY", "999", "Monthly plan price in minor units (999: 9.99)."),
    Setting("NEWSSTAND_PRICE_ANNUAL", "9900", "Annual plan price in minor units."),
    Setting("NEWSSTAND_TRIAL_DAYS", "14", "Days of the free trial (no card), once per person."),
    Setting(
        "NEWSSTAND_TRIAL_REMINDER_DAYS",
        "3",
        "Days before a trial ends that the reader is reminded by mail.",
    ),
    Setting(
        "NEWSSTAND_PAYMENT_GRACE_DAYS",
        "7",
        "Days a member keeps reading after a failed payment while it is retried.",
    ),
    Setting(
        "NEWSSTAND_FREE_ARTICLES",
        "3",
        "Paywalled articles a signed-in reader without a membership may read per month.",
    ),
    Setting(
        "NEWSSTAND_PAYMENT_PROVIDER",
        "manual",
        "stripe: Stripe Checkout and webhooks; manual: memberships granted in the admin, "
        "invite codes and gift memberships only.",
    ),
    Setting("STRIPE_SECRET_KEY", "", "Stripe secret API key (sk_live_… or sk_test_…)."),
    Setting(
        "STRIPE_WEBHOOK_SECRET", "", "Signing secret of the Stripe webhook endpoint (whsec_…)."
    ),
    Setting("STRIPE_PRICE_MONTHLY", "", "Stripe Price id of the monthly plan (price_…)."),
    Setting("STRIPE_PRICE_ANNUAL", "", "Stripe Price id of the annual plan (price_…)."),
    Setting(
        "STRIPE_API_BASE",
        "https://api.stripe.com",
        "Base URL of Stripe's API (a local fake in tests).",
    ),
    Setting(
        "STRIPE_WEBHOOK_TOLERANCE",
        "300",
        "Seconds a signed webhook stays acceptable (older signatures are refused).",
    ),
    Setting(
        "NEWSSTAND_EDITION_HOUR",
        "7",
        "Hour of the reader's local morning (0-23) from which their daily edition is mailed.",
    ),
    Setting(
        "NEWSSTAND_EDITION_UNSUBSCRIBE_MAILBOX",
        "",
        "Address in the edition mail's List-Unsubscribe mailto (messages to it should reach an "
        "operator). Empty: unsubscribe@ the host of NEWSSTAND_PUBLIC_URL.",
    ),
)


def env(name: str) -> str:
    """The value of one declared setting: the environment's, else its default."""
    setting = next((s for s in SETTINGS if s.name == name), None)
    if setting is None:
        raise KeyError(f"{name} is not declared in newsstand.settings.SETTINGS")
    return os.environ.get(name, setting.default)


def env_bool(name: str) -> bool:
    return env(name).strip().lower() in {"1", "true", "yes", "on"}


def env_number(name: str, kind: type[int] | type[float]) -> int | float:
    """A numeric setting; a typo fails at start-up with the setting's name, not deep in a fetch."""
    value = env(name)
    try:
        number = kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None
    if number < 0:
        raise ImproperlyConfigured(f"{name} must not be negative, not {value!r}")
    return number


def env_list(name: str) -> list[str]:
    return [part.strip() for part in env(name).split(",") if part.strip()]


NEWSSTAND_HOME = Path(env("NEWSSTAND_HOME")).resolve()
NEWSSTAND_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The configured key, or one generated once and kept in NEWSSTAND_HOME (mode 0600)."""
    if configured := env("SECRET_KEY"):
        return configured
    path = NEWSSTAND_HOME / "secret_key"
    try:
        # O_EXCL: two processes starting together must not write two different keys.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "newsstand.accounts",
    "newsstand.publishers",
    "newsstand.articles",
    "newsstand.ingest",
    "newsstand.web",
    "newsstand.stories",
    "newsstand.simulator",
    "newsstand.readers",
    "newsstand.membership",
    "newsstand.topics",
    "newsstand.curation",
    "newsstand.editorial",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsstand.accounts.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsstand.stories.middleware.StoryReadMiddleware",
]

ROOT_URLCONF = "newsstand.urls"
WSGI_APPLICATION = "newsstand.wsgi.application"

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
                "newsstand.readers.appearance.appearance_context",
            ],
        },
    },
]


def _database() -> dict:
    url = env("DATABASE_URL") or f"sqlite:///{NEWSSTAND_HOME / 'newsstand.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django's backend with cheaper bulk writes: placeholder conversion remembered, UTC
        # dates and lists of strings written without Django's per-value steps (sqlite/).
        config["ENGINE"] = "newsstand.sqlite"
        # WAL lets readers (the web app) go on while a worker writes; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue on busy_timeout instead of failing mid-transaction.
        # The WAL is copied back into the database every 10,000 pages (40 MB) rather than 1,000:
        # a checkpoint holds up the commit that runs it, and fewer, larger ones copy each
        # often-written page (an index's) fewer times (bench/ingest.py: cold ingestion 4-6 %
        # faster).
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA wal_autocheckpoint=10000;"
            ),
        }
        config["TEST"] = {"NAME": str(NEWSSTAND_HOME / "test.sqlite3")}
    return config


DATABASES = {"default": _database()}

# Background work runs on Django's Tasks API, queued in the database: any number of
# `newsstand worker` processes, on any hosts sharing the database, take tasks from it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = NEWSSTAND_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Serve straight from the apps' static folders when collectstatic has not run (dev, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Production: HTTPS only (accounts/ and docs/accounts.md). Off on plain-HTTP development
# servers, where secure cookies would never come back and signing in would fail.
_https = env("NEWSSTAND_HTTPS").strip().lower()
HTTPS = (
    env_bool("NEWSSTAND_HTTPS")
    if _https != "auto"
    else env("NEWSSTAND_PUBLIC_URL").startswith("https://")
)
PROXY_COUNT = env_number("NEWSSTAND_PROXY_COUNT", int)
if PROXY_COUNT:
    # Only a proxy we sit behind may tell us the scheme; it must overwrite the header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_number("NEWSSTAND_HSTS_SECONDS", int)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Joining browsers' HSTS preload list is an operator's deliberate, hard-to-undo step.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Mail: SMTP when EMAIL_HOST is set, else printed to the console (development).
EMAIL_HOST = env("EMAIL_HOST").strip()
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_number("EMAIL_PORT", int)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS") and not env_bool("EMAIL_USE_SSL")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_number("EMAIL_TIMEOUT", int)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_LINK_SECONDS = env_number("NEWSSTAND_EMAIL_LINK_HOURS", int) * 3600
PASSWORD_RESET_TIMEOUT = EMAIL_LINK_SECONDS
SIGN_IN_ATTEMPTS = env_number("NEWSSTAND_SIGN_IN_ATTEMPTS", int)
SIGN_IN_ATTEMPTS_PER_ADDRESS = env_number("NEWSSTAND_SIGN_IN_ATTEMPTS_PER_ADDRESS", int)

LOG_DIR = NEWSSTAND_HOME / "logs"
LOG_DIR.mkdir(exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "file": {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": str(LOG_DIR / "newsstand.log"),
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console", "file"], "level": env("NEWSSTAND_LOG_LEVEL").upper()},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Fetching (ingest/fetch.py reads these through django.conf.settings).
FETCH_ALLOW_NETWORKS = env_list("NEWSSTAND_FETCH_ALLOW_NETWORKS")
for _cidr in FETCH_ALLOW_NETWORKS:
    try:
        ipaddress.ip_network(_cidr, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"NEWSSTAND_FETCH_ALLOW_NETWORKS holds {_cidr!r}, which is not a CIDR like 127.0.0.0/8"
        ) from None
FETCH_TIMEOUT = env_number("NEWSSTAND_FETCH_TIMEOUT", float)
FETCH_MAX_BYTES = env_number("NEWSSTAND_FETCH_MAX_BYTES", int)
FETCH_CONCURRENCY = env_number("NEWSSTAND_FETCH_CONCURRENCY", int)
FETCH_PER_HOST = env_number("NEWSSTAND_FETCH_PER_HOST", int)
FETCH_INTERVAL = env_number("NEWSSTAND_FETCH_INTERVAL", int)
FETCH_MIN_INTERVAL = env_number("NEWSSTAND_FETCH_MIN_INTERVAL", int)
FETCH_MAX_INTERVAL = env_number("NEWSSTAND_FETCH_MAX_INTERVAL", int)
FETCH_LEASE = env_number("NEWSSTAND_FETCH_LEASE", int)
FETCH_BATCH = env_number("NEWSSTAND_FETCH_BATCH", int)
FEED_MAX_ERRORS = env_number("NEWSSTAND_FEED_MAX_ERRORS", int)
USER_AGENT = env("NEWSSTAND_USER_AGENT")
RELATED_ARTICLES = env_number("NEWSSTAND_RELATED_ARTICLES", int)

SAMPLE_DIR = Path(env("NEWSSTAND_SAMPLE_DIR"))
SIMULATOR_PORT = env_number("NEWSSTAND_SIMULATOR_PORT", int)

# Pages for anonymous readers (web/page_cache.py). Their keys carry a fingerprint of the
# content, so a per-process memory cache is enough: no process needs telling of an edit.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
PAGE_CACHE_SECONDS = env_number("NEWSSTAND_PAGE_CACHE_SECONDS", int)
PAGE_CHECK_SECONDS = env_number("NEWSSTAND_PAGE_CHECK_SECONDS", float)
OFFLINE_MODE = env("NEWSSTAND_OFFLINE").strip().lower()
PORT = env_number("PORT", int)
PUBLIC_URL = env("NEWSSTAND_PUBLIC_URL").rstrip("/")
BIND = env("NEWSSTAND_BIND")
WEB_WORKERS = env_number("NEWSSTAND_WEB_WORKERS", int)

# Membership (membership/plans.py, services and providers read these).
MEMBERSHIP_CURRENCY = env("NEWSSTAND_CURRENCY").strip().lower()
PRICE_MONTHLY = env_number("NEWSSTAND_PRICE_MONTHLY", int)
PRICE_ANNUAL = env_number("NEWSSTAND_PRICE_ANNUAL", int)
TRIAL_DAYS = env_number("NEWSSTAND_TRIAL_DAYS", int)
TRIAL_REMINDER_DAYS = env_number("NEWSSTAND_TRIAL_REMINDER_DAYS", int)
PAYMENT_GRACE_DAYS = env_number("NEWSSTAND_PAYMENT_GRACE_DAYS", int)
FREE_ARTICLES_PER_MONTH = env_number("NEWSSTAND_FREE_ARTICLES", int)
PAYMENT_PROVIDER = env("NEWSSTAND_PAYMENT_PROVIDER").strip().lower()
if PAYMENT_PROVIDER not in {"stripe", "manual"}:
    raise ImproperlyConfigured(
        f"NEWSSTAND_PAYMENT_PROVIDER must be stripe or manual, not {PAYMENT_PROVIDER!r}"
    )
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_PRICE_MONTHLY = env("STRIPE_PRICE_MONTHLY")
STRIPE_PRICE_ANNUAL = env("STRIPE_PRICE_ANNUAL")
STRIPE_API_BASE = env("STRIPE_API_BASE").rstrip("/")
STRIPE_WEBHOOK_TOLERANCE = env_number("STRIPE_WEBHOOK_TOLERANCE", int)

# Curation: the daily edition (curation/tasks.py, curation/edition.py).
EDITION_HOUR = env_number("NEWSSTAND_EDITION_HOUR", int)
if not 0 <= EDITION_HOUR <= 23:
    raise ImproperlyConfigured(f"NEWSSTAND_EDITION_HOUR must be 0 to 23, not {EDITION_HOUR}")
EDITION_UNSUBSCRIBE_MAILBOX = env("NEWSSTAND_EDITION_UNSUBSCRIBE_MAILBOX").strip()
