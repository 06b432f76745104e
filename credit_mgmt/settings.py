"""Settings for every environment, read from environment variables.

Defaults are safe for production: DEBUG is off, cookies are secure and HTTPS is
enforced unless DEBUG=1 (or HTTPS=0) says otherwise. Without DATABASE_URL the
system runs on an embedded SQLite file; without REDIS_URL Celery runs tasks
eagerly in-process and the cache is local memory.
"""

import ipaddress
from datetime import date, timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `make demo` writes a local .env (never committed) so the README's commands work after it; variables
# set in the environment win over it. Production sets its variables itself and has no such file.
ENV_FILE = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The project's apps, bottom floor first: an app imports only from the apps below it (listed
    # before it), so core imports none and no app imports portal (docs/architecture.md).
    "core",
    "accounts",
    "background",
    "rulebooks",
    "notifications",
    "enterprises",
    "certification",
    "cultivation",
    "coordination",
    "portal",
]

MIDDLEWARE = [
    # First: a connection that is not a named proxy loses its X-Forwarded-* headers (core/client.py).
    "core.client.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.request_context.RequestContextMiddleware",
    "core.middleware.AccessLogMiddleware",
    # Public GETs read from the replica when there is one (core/replica.py).
    "core.replica.PublicReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view that lost the database answers 503 with Retry-After (core/outage.py).
    "core.outage.DatabaseOutageMiddleware",
    # Last, as django-axes asks: turns a sign-in it refused into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "credit_mgmt.urls"
WSGI_APPLICATION = "credit_mgmt.wsgi.application"

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
                "notifications.context_processors.unread_notifications",
                "portal.my_work.header_count",
                "accounts.context_processors.sign_in_state",
            ],
            # Dates and counts in the reader's language in every template, PDF and e-mail
            # (core/display.py; humanize's `intcomma` groups thousands per language).
            "builtins": ["core.display", "django.contrib.humanize.templatetags.humanize"],
        },
    },
]

# --- Database -------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
# PostgreSQL itself when DATABASE_URL names a pooler: backup_data and restore_data use its server
# (host, port, user, password) for DATABASE_URL's database (core/backups.py).
DATABASE_DIRECT_URL = env.str("DATABASE_DIRECT_URL", default="")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bounded, reused connections: a spike of worker connections is a known way
    # Celery deployments exhaust PostgreSQL.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", default=5
    )
    # Behind PgBouncer in transaction mode (DATABASE_POOLED=1) each transaction may run on another
    # server connection: no server-side cursors, so exports read their rows in chunks instead
    # (background/list_export.py); locks are transaction-level already (core/locks.py).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DATABASE_POOLED", default=False)
    # A streaming replica for the public endpoints (core/replica.py), optional.
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = {
            **env.db_url_config(DATABASE_REPLICA_URL),
            "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {"connect_timeout": 2},
            "TEST": {"MIRROR": "default"},
        }
else:
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DATABASE_ROUTERS = ["core.replica.PublicReadsRouter"]
# The replica serves the public endpoints only while at most this many seconds behind the primary.
REPLICA_MAX_LAG_SECONDS = env.int("REPLICA_MAX_LAG_SECONDS", default=30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Redis, cache and Celery ------------------------------------------------

# REDIS_URL is the Celery broker (and the progress of background operations): a Redis that keeps
# its data (`appendonly yes`) and never evicts (`maxmemory-policy noeviction`). CACHE_REDIS_URL is the
# cache (pages' counts, verification answers, rate counters): a Redis, or another database of one,
# that may evict (`allkeys-lru`). In one database an eviction for the cache could drop queued tasks,
# so `check --deploy` warns when the two are the same.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default="") or REDIS_URL

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The broker: Redis (REDIS_URL) unless CELERY_BROKER_URL names another, such as RabbitMQ
# (amqp://user:password@host:5672/vhost); the job and reminder guarantees are tested on both.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker died unacknowledged is delivered again after the visibility timeout; it
# must exceed the longest task (jobs over all enterprises take minutes, not an hour).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 2,
}
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="credit_mgmt")
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "background.scheduler:InstallMissingJobsScheduler"
CELERY_INCLUDE = ["core.jobs"]
# Each app declares its scheduled jobs (core.jobs) with their times; this moves a job to another
# time, e.g. {"dishonest_evaluation": {"at": (2, 0)}} or {"email_outbox": {"every": 10}}.
SCHEDULED_JOB_TIMES = {}
# From this day (month-day) of each year, administrators are warned once that next year's working-day
# calendar (the State Council's holiday notice, usually published in November) has not been entered.
_warning_from = env.str("WORKING_CALENDAR_WARNING_FROM", default="11-01")
try:
    WORKING_CALENDAR_WARNING_FROM = tuple(int(part) for part in _warning_from.split("-"))
    date(2001, *WORKING_CALENDAR_WARNING_FROM)  # a day every year has (not 29 February)
except (TypeError, ValueError) as _error:
    raise ImproperlyConfigured(
        f"WORKING_CALENDAR_WARNING_FROM must be a day as MM-DD (not 02-29), not {_warning_from!r}."
    ) from _error
# A list export of more rows than this is written by a worker (background/list_export.py), up to
# EXPORT_MAX_ROWS: one XLSX sheet holds 1,048,576 rows.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=5_000)
EXPORT_MAX_ROWS = env.int("EXPORT_MAX_ROWS", default=1_000_000)
# A mock review of more standard items than this is scored by a worker (cultivation/mock.py).
MOCK_REVIEW_BACKGROUND_ITEMS = env.int("MOCK_REVIEW_BACKGROUND_ITEMS", default=100)
# Files of finished operations (exports) are deleted this many days later (operations_housekeeping).
OPERATION_RESULT_FILE_DAYS = env.int("OPERATION_RESULT_FILE_DAYS", default=7)

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username and address before the password is even checked.
    "accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins (wrong password or two-factor code, on the sign-in page, the admin's or the API's token
# endpoint) count per username and client address; at the limit, signing in is refused until the
# cool-off has passed since the last failure (accounts/lockout.py).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The count is forgotten once a sign-in is complete, which may be after the code (accounts/two_factor.py).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "otp"]
# Officers and administrators confirm each sign-in with a code from an authenticator app (TOTP). The
# demo (DEBUG) signs its fixed users in with a password alone.
OFFICER_2FA_REQUIRED = env.bool("OFFICER_2FA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Customs Credit Management"

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Per-language display of dates and numbers; why these formats: credit_mgmt/formats/__init__.py.
FORMAT_MODULE_PATH = ["credit_mgmt.formats"]

# --- Static and uploaded files ---------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves hashed, compressed files collected by `collectstatic`;
# DEBUG and the test run (STATIC_MANIFEST=0) serve the source files.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
# Uploads, evidence, imports and exports: on an S3-compatible object store (MinIO, Ceph, a cloud's)
# when S3_BUCKET is set, so every web and worker host reads what another wrote; on the local disk
# (PRIVATE_MEDIA_ROOT) for the demo and a single machine. No code opens a stored file by its path.
S3_BUCKET = env.str("S3_BUCKET", default="")
DEFAULT_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            # Private objects, reached only through the views that check visibility.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded evidence lives outside the web root and is served only through views
# that check visibility.
MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
MEDIA_URL = "/private-media/"
# Dotted path to a callable(file) that raises ValidationError for an infected upload (a ClamAV
# client, say); every upload passes through it before it is stored. Empty: no scanner.
UPLOAD_SCANNER = env.str("UPLOAD_SCANNER", default="")

# --- E-mail -----------------------------------------------------------------

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
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "private" / "outbox-mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="credit@customs.example.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Security ---------------------------------------------------------------

HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Addresses or networks of the proxies in front of the web server (none by default). Only a connection
# from one of them may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is and whether it
# used HTTPS (core/client.py); anyone else's forwarded headers are dropped.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or network") from _error
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Every page loads scripts, styles and images from this site only, with no inline script or style
# (templates use classes of static/css/site.css; the API docs load their set-up script as a file), so an
# injected <script> or onerror= would not run. Bootstrap's and Swagger UI's icons are data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- REST API ---------------------------------------------------------------

# API tokens end this many hours after they were issued (a working day and a night by default);
# the client then asks for a new one with its password (and two-factor code).
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=24)
# The Ed25519 private key (PEM) that signs the answers to partner customs (certification/signing.py);
# empty: a key derived from SECRET_KEY. A partner checks answers with the published public key.
PARTNER_SIGNING_KEY = env.str("PARTNER_SIGNING_KEY", default="", multiline=True)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The JSON parser answers a body nested too deeply with a 400 (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "public": env.str("PUBLIC_API_RATE", default="120/minute"),
        # Per partner customs client (certification/api/partner.py); each request carries up to 1,000 codes.
        "partner": env.str("PARTNER_API_RATE", default="60/minute"),
        # Objections filed from the public lookup: a person files a few, a script many.
        "public_objection": env.str("PUBLIC_OBJECTION_RATE", default="10/hour"),
    },
    # Rate limits identify a client by core.client.client_address (core/throttling.py);
    # REST framework's own reading of X-Forwarded-For is switched off.
    "NUM_PROXIES": 0,
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

SPECTACULAR_SETTINGS = {
    "TITLE": "Enterprise Credit Management API",
    "DESCRIPTION": "Credit grades, certification and public verification for customs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CreditGradeEnum": "rulebooks.models.CreditGrade",
        "ProposalStatusEnum": "enterprises.models.DishonestProposal.Status",
        "RepairApplicationStatusEnum": "enterprises.models.RepairApplication.Status",
        "ObjectionStatusEnum": "enterprises.models.Objection.Status",
        "ApplicationStatusEnum": "certification.models.Application.Status",
        "ApplicationKindEnum": "certification.models.Application.Kind",
        "CertificateStatusEnum": "certification.models.Certificate.Status",
        "AssessmentResultEnum": "certification.models.Result",
        "CaseStatusEnum": "coordination.models.Case.Status",
        "CaseCategoryEnum": "coordination.models.Case.Category",
        "ChannelEnum": "coordination.models.ServiceLogEntry.Channel",
        "PlanStatusEnum": "cultivation.models.CultivationPlan.Status",
        "PlanExitReasonEnum": "cultivation.models.CultivationPlan.ExitReason",
        "CandidateStatusEnum": "cultivation.models.Candidate.Status",
        "SessionKindEnum": "cultivation.models.GuidanceSession.Kind",
        "SessionModeEnum": "cultivation.models.GuidanceSession.Mode",
        "MilestonePhaseEnum": "cultivation.models.Milestone.Phase",
        "GapStatusEnum": "cultivation.models.Gap.Status",
    },
}

# --- History ----------------------------------------------------------------

SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Demo -------------------------------------------------------------------

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-pass-2026")
# The key of the demo's partner customs client (Singapore), for trying the partner verification API.
DEMO_PARTNER_KEY = env.str("DEMO_PARTNER_KEY", default="demo-partner-key-2026")

# --- Logging ----------------------------------------------------------------

# JSON lines for the log store in production, plain text for a person in development; both carry
# the request id (and in Celery the task id and name). Web, worker and beat share this set-up.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logs.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s%(task_id)s] %(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Metrics ----------------------------------------------------------------

# GET /metrics (Prometheus) answers a direct connection from these addresses or networks, or any
# client sending "Authorization: Bearer METRICS_TOKEN"; everyone else gets a 404.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# A Celery worker host has no web process: with WORKER_METRICS_PORT set, each worker serves the same
# exposition at http://WORKER_METRICS_ADDRESS:WORKER_METRICS_PORT/ (one scrape target per host; with
# METRICS_TOKEN set, only to "Authorization: Bearer METRICS_TOKEN"). Bind it to the host's internal
# address, never a public one.
WORKER_METRICS_PORT = env.int("WORKER_METRICS_PORT", default=0)
WORKER_METRICS_ADDRESS = env.str("WORKER_METRICS_ADDRESS", default="127.0.0.1")
