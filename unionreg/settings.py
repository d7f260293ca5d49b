"""Settings for unionreg, read from the environment.

With nothing set the project runs on SQLite with Celery tasks executed in-process, so
`make run` works on a fresh machine. DATABASE_URL and REDIS_URL switch to PostgreSQL and
real Celery workers. Production defaults are the safe ones: DEBUG is off and a missing
SECRET_KEY is an error rather than a silent default.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from unionreg.env import env_bool, env_int, env_list, env_secret, env_str
from unionreg.id_keys import configured_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and generated files live here

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY")  # or SECRET_KEY_FILE: a file holding it (compose secrets)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"
# Old keys still accepted for signatures while sessions signed with them expire (rotation:
# docs/operations.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

# Resident IDs are stored encrypted (AES-GCM) with a keyed hash (HMAC-SHA256) for look-ups:
# ID_ENCRYPTION_KEYS ("keyid:base64,..."; the first encrypts new values) and ID_HASH_KEY. DEBUG
# without them uses generated development keys (VAR_DIR/dev-keys.json); otherwise an error.
ID_ENCRYPTION_KEYS, ID_HASH_KEY = configured_keys(debug=DEBUG, var_dir=VAR_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "unionreg.apps.UnionregAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from here, not from a CDN
    "axes",
    "csp",
    "treebeard",
    "simple_history",
    "organizations",
    "members",
    "governance",
    "counting",
    "reports",
    "seeding",
    "api",
    "ops",
]

MIDDLEWARE = [
    # First: /healthz, /readyz, /metrics answer before host checks and the HTTPS redirect.
    "ops.middleware.ProbeMiddleware",
    # A request id, one JSON log line and the metrics of every other request.
    "ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unionreg.locale.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks users who just wrote: their next reads come from the primary (unionreg/db_router.py).
    "unionreg.db_router.ReadYourWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by its backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unionreg.urls"
WSGI_APPLICATION = "unionreg.wsgi.application"

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
                "django.template.context_processors.i18n",
                "organizations.context_processors.staff_scope",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A persistent connection is checked before reuse: after a PostgreSQL restart the first
        # request of each worker process would otherwise fail on a dead socket.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite holds one writer at a time; wait for it instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # libpq waits for ever on an unreachable host; /readyz and the workers should not.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
if env_secret("DATABASE_PASSWORD"):
    # The password apart from DATABASE_URL (or DATABASE_PASSWORD_FILE): no secret in the URL.
    DATABASES["default"]["PASSWORD"] = env_secret("DATABASE_PASSWORD")
# Read replicas (unionreg/db_router.py): DATABASE_REPLICA_URL holds one or more comma-separated
# URLs of streaming standbys of DATABASE_URL, aliases `replica`, `replica_2`, … The dashboard,
# reports, exports and the API's bulk reads use one; everything else the primary. A standby is a
# copy of the primary, so it shares its password (DATABASE_PASSWORD) unless its URL has one.
REPLICA_DATABASES: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URL", []), start=1):
    _alias = "replica" if _number == 1 else f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True)
    # Short: an unreachable replica is skipped for the primary, and a page should not wait long.
    DATABASES[_alias].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 2))
    if env_secret("DATABASE_PASSWORD") and not DATABASES[_alias].get("PASSWORD"):
        DATABASES[_alias]["PASSWORD"] = env_secret("DATABASE_PASSWORD")
    # Tests: the standby replays the primary's test database, so Django must neither create nor
    # flush one there (it is read-only); tests/conftest.py points the alias at that database.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    REPLICA_DATABASES.append(_alias)
DATABASE_ROUTERS = ["unionreg.db_router.ReplicaRouter"]
# A user who has just written reads from the primary this long, so they see their own change.
REPLICA_READ_YOUR_WRITES_SECONDS = env_int("REPLICA_READ_YOUR_WRITES_SECONDS", 10)
# A replica that could not be reached is left alone (reads go to the primary) this long.
REPLICA_RETRY_SECONDS = env_int("REPLICA_RETRY_SECONDS", 30)
# A file built from a replica waits at most this long for it to replay what the primary had
# when the build began, else reads the primary.
REPLICA_CATCH_UP_SECONDS = env_int("REPLICA_CATCH_UP_SECONDS", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username/address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"  # filled by collectstatic in production
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # files are downloaded through scoped views only
if not DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }

# HTTPS. Off by default because the dev server and the tests speak plain HTTP; production
# (docker-compose.yml, `make check-deploy`) turns them on behind its TLS-terminating proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", env_bool("SECURE_COOKIES", False))
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that overwrites X-Forwarded-Proto: a client could set it otherwise.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Preloading HSTS is a promise about the whole domain that its owner makes (SECURE_HSTS_PRELOAD=1);
# the check's reminder of it is not a fault of this deployment.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy: script and style only from this site, no inline script, no other
# origin. A name that slips into HTML unescaped still cannot run. Charts and Swagger UI style
# their elements through the CSSOM, which the policy allows; data: images are Swagger UI's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures a username from one address,
# and an address trying any names, are refused for LOGIN_COOLOFF_MINUTES, even with the right
# password. Unlock early: `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_CALLABLE = "unionreg.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # one log line per command start is noise
# The client address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT reverse proxies in front the
# address the outermost one appended to X-Forwarded-For (see unionreg.lockout.client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "unionreg.lockout.client_ip"

# The cache holds counters that must be shared by every process (API throttles, the membership
# lookup allowance): Redis at CACHE_URL, else at REDIS_URL, else each process's own memory.
if env_str("CACHE_URL") or env_str("REDIS_URL"):
    CACHES = {
        "default": {
            # Answers "nothing cached" while Redis is away, so pages keep working (common/cache.py).
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": env_str("CACHE_URL") or env_str("REDIS_URL"),
            "KEY_PREFIX": "unionreg",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions read from the shared cache, written through to the database: one query less on
    # every request (only with a shared cache: a per-process copy would outlive a logout).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker configured the tasks run in-process (eagerly).
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Background jobs (common/jobs.py): a job row is leased by the worker running it and renewed
# every JOB_HEARTBEAT_SECONDS; a lease that lapses is handed back by the sweeper (every minute),
# at most JOB_MAX_ATTEMPTS claims in all (a redelivery after a killed worker counts).
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 120)
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 30)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3)
# A waiting row whose message was sent this long ago (lost with a Redis restart?) is sent again.
JOB_RESEND_AFTER_SECONDS = env_int("JOB_RESEND_AFTER_SECONDS", 300)
# Files in the files and uploads folders that no row refers to are deleted past this age.
JOB_ORPHAN_GRACE_SECONDS = env_int("JOB_ORPHAN_GRACE_SECONDS", 1800)
JOB_FAILPOINTS_DIR = env_str("JOB_FAILPOINTS_DIR")  # the fault tests' pauses; never in production
# Time limits per kind of task, (soft, hard) seconds: at the soft limit the job fails with a
# message and cleans up; at the hard one the pool kills the process (the lease then lapses).
_read = env_int("IMPORT_READ_SECONDS", 600)  # the reader's own limit (common/sheets/sandbox)
JOB_TIME_LIMITS = {
    "file": (env_int("FILE_BUILD_SECONDS", 1800), env_int("FILE_BUILD_SECONDS", 1800) + 120),
    "import_validate": (_read + 600, _read + 720),
    "import_commit": (env_int("IMPORT_COMMIT_SECONDS", 900), env_int("IMPORT_COMMIT_SECONDS", 900) + 120),
    "snapshot": (env_int("SNAPSHOT_SECONDS", 1800), env_int("SNAPSHOT_SECONDS", 1800) + 120),
    "recount": (env_int("RECOUNT_SECONDS", 3600), env_int("RECOUNT_SECONDS", 3600) + 120),
    "sweep": (50, 55),
}
CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT = 600, 660  # tasks that name no kind
# Enqueueing must not hang a web request when Redis is away: short socket timeouts, one quick
# publish retry, and the result backend (which a task that stores results touches on sending)
# bounded too. The row then waits and the sweeper sends it when the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
    # Above the longest hard limit: a message still being worked on is not handed to a second
    # worker. A lost worker is noticed by its lapsed lease long before this.
    "visibility_timeout": max(hard for _soft, hard in JOB_TIME_LIMITS.values()) + 600,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 10
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                     "interval_max": 0.2},
}
# Job tasks store no result (their rows are the record); the few that do expire within a day.
CELERY_RESULT_EXPIRES = timedelta(days=1)
# A worker process that grew past this (KiB) is replaced after its task: a big export's memory
# goes back to the system.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_MAX_MEMORY_PER_CHILD_KB", 1_500_000)
CELERY_BEAT_SCHEDULE: dict = {
    # After each month ends: one snapshot row per node with the month-end figures.
    "reports-snapshot-month": {
        "task": "reports.tasks.snapshot_month",
        "schedule": crontab(minute=30, hour=0, day_of_month=1),
    },
    # Nightly: rebuild the counters from the raw tables; it should find nothing to repair.
    "reports-recount": {"task": "reports.tasks.recount", "schedule": crontab(minute=15, hour=3)},
    # Every 10 s: the roll-ups' deltas folded (exact without it; it keeps reads short).
    "reports-totals-fold": {"task": "reports.tasks.totals_fold", "schedule": 10.0},
    # Daily: delete uploaded roster files past their keeping period (the import records stay).
    "reports-roster-files-purge": {
        "task": "reports.file_tasks.files_purge",
        "schedule": crontab(minute=50, hour=2),
    },
    "members-import-files-purge": {
        "task": "members.tasks.import_files_purge_task",
        "schedule": crontab(minute=45, hour=2),
    },
    # Every minute: lapsed leases handed back or failed, unsent jobs sent, orphan files removed.
    "reports-files-sweep": {"task": "reports.file_tasks.files_sweep", "schedule": 60.0},
    "members-import-sweep": {"task": "members.tasks.import_sweep_task", "schedule": 60.0},
    "register-import-sweep": {"task": "organizations.importing.tasks.register_import_sweep_task",
                              "schedule": 60.0},
    "reports-snapshots-sweep": {"task": "reports.tasks.snapshots_sweep", "schedule": 60.0},
    # The 1st, after the snapshot: last month's report for the city and every county.
    "reports-monthly-files": {
        "task": "reports.file_tasks.monthly_reports",
        "schedule": crontab(minute=0, hour=2, day_of_month=1),
    },
    # Every minute: proves to /readyz that beat schedules and a worker runs (ops.heartbeats).
    "ops-heartbeat": {"task": "ops.tasks.heartbeat", "schedule": 60.0},
}
# Workers by queue (docker-compose.yml runs one service per queue, each scaled on its own): a
# city's roster export never delays a county's import check, and beat's every-minute sweepers
# and heartbeat wait behind neither. A worker started without -Q consumes all four (make worker,
# the tests' workers). Tasks not named here go to `celery`.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "imports", "files", "scheduled")]
CELERY_TASK_ROUTES = {
    # Roster import: the check and the commit (members/importing/tasks.py).
    "members.tasks.import_validate_task": {"queue": "imports"},
    "members.tasks.import_commit_task": {"queue": "imports"},
    # Employer and union imports: the same (organizations/importing/tasks.py).
    "organizations.importing.tasks.register_import_validate_task": {"queue": "imports"},
    "organizations.importing.tasks.register_import_commit_task": {"queue": "imports"},
    # Generated files: report builds and roster exports (reports/files/tasks.py).
    "reports.file_tasks.file_build": {"queue": "files"},
    # Beat's jobs (tests/jobs/test_queues.py checks that every CELERY_BEAT_SCHEDULE task is here):
    # month-end snapshots, the recount, the monthly reports' requests, sweepers, purges,
    # expiries, the heartbeat.
    "reports.tasks.*": {"queue": "scheduled"},
    "reports.file_tasks.monthly_reports": {"queue": "scheduled"},
    "reports.file_tasks.files_*": {"queue": "scheduled"},
    "members.tasks.import_files_purge_task": {"queue": "scheduled"},
    "members.tasks.import_sweep_task": {"queue": "scheduled"},
    "organizations.importing.tasks.register_import_sweep_task": {"queue": "scheduled"},
    "members.joining.tasks.*": {"queue": "scheduled"},
    "ops.tasks.heartbeat": {"queue": "scheduled"},
}
# The worker logs through LOGGING below (JSON lines, personal data scrubbed), not Celery's format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Integrations: named, expiring, revocable tokens (api.models.ApiToken). First, so that
        # an anonymous request is answered 401 with `WWW-Authenticate: Token`.
        "api.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "organizations.api_support.ErrorDocumentingSchema",
    "EXCEPTION_HANDLER": "organizations.api_support.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.TokenRateThrottle",
        "api.throttles.PerUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_RATE_TOKEN", "300/min"),
        "user": env_str("API_RATE_USER", "600/min"),
    },
}

SPECTACULAR_SETTINGS = {
    # Schema and docs are for signed-in staff only; Swagger UI comes from drf-spectacular-sidecar.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TITLE": "unionreg API",
    "DESCRIPTION": "Trade union organizations, employers and members, scoped to the caller's subtree.",
    "VERSION": "1",
    "ENUM_NAME_OVERRIDES": {
        "MemberStatusEnum": "members.models.MemberStatus",
        "UnionStatusEnum": "organizations.models.UnionStatus",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,  # the schema does not describe itself  # write-only fields (the resident ID) in requests only
}

# One JSON object a line on stderr (LOG_FORMAT=plain for a terminal), each with the request id,
# resident IDs and mobile numbers scrubbed by the handler (ops/logs.py); LOG_FILE appends the same
# lines to a file.
LOG_FILE = env_str("LOG_FILE")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"()": "ops.logs.console_handler", "json": env_str("LOG_FORMAT", "json") != "plain"},
        **({"file": {"()": "ops.logs.file_handler", "path": LOG_FILE}} if LOG_FILE else {}),
    },
    "root": {"handlers": ["console", *(["file"] if LOG_FILE else [])],
             "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (console, mail to admins) would print a second, plain copy.
        "django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        # Celery's own "Task … succeeded" repeats ops' one line per task; failures still show.
        "celery.app.trace": {"level": "WARNING"},
        # SQL with its parameters (names, IDs) even under LOG_LEVEL=DEBUG: never to the logs.
        "django.db.backends": {"level": "INFO"},
    },
}

# Errors to Sentry (or a compatible tracker) when SENTRY_DSN is set; personal data scrubbed.
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:
    from ops.sentry import sentry_init

    sentry_init(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT"), release=env_str("RELEASE"))

# Health and readiness (ops/health.py): /healthz (alive), /readyz (able to work).
# The primary only: with a replica down, reads fall back to the primary and the site still works.
HEALTH_DATABASES = env_list("HEALTH_DATABASES", ["default"])
HEALTH_REDIS_TIMEOUT = float(env_str("HEALTH_REDIS_TIMEOUT", "1"))
HEALTH_HEARTBEAT_MAX_AGE = env_int("HEALTH_HEARTBEAT_MAX_AGE", 180)  # seconds; beat beats each minute
HEALTH_MIN_FREE_MB = env_int("HEALTH_MIN_FREE_MB", 1024)  # free space in VAR_DIR
# /metrics and the details of /readyz: callers connecting from these networks (not through the
# proxy), or any caller with `Authorization: Bearer $METRICS_TOKEN`.
METRICS_ALLOWED_CIDRS = env_list("METRICS_ALLOWED_CIDRS", ["127.0.0.1/32", "::1/128"])
METRICS_TOKEN = env_secret("METRICS_TOKEN")

# Backups (ops/backup.py, `make backup`): where, and how many / how long they are kept.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP_COUNT = env_int("BACKUP_KEEP_COUNT", 14)
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 35)

# Roster import limits (members/importing).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 50)
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 300)
IMPORT_RETENTION_DAYS = env_int("IMPORT_RETENTION_DAYS", 90)
# The workbook is read in a child process limited to this much address space (a hostile file
# must not take the worker down).
IMPORT_MEMORY_LIMIT_MB = env_int("IMPORT_MEMORY_LIMIT_MB", 1024)
# Roster exports hold personal data: deleted this many days after they were requested.
ROSTER_RETENTION_DAYS = env_int("ROSTER_RETENTION_DAYS", 7)
ID_LOOKUP_LIMIT_PER_HOUR = env_int("ID_LOOKUP_LIMIT_PER_HOUR", 60)  # members/lookups.py

# Tests that need Redis or a Celery worker fail instead of skipping when this is set (CI).
REQUIRE_SERVICES = env_bool("REQUIRE_SERVICES", False)

# 扫码入会 and the member's own view (members/joining). Counters live in Django's cache:
# configure a shared cache (Redis) in production, or each process counts on its own.
JOIN_APPLICATION_TTL_DAYS = env_int("JOIN_APPLICATION_TTL_DAYS", 30)  # unreviewed ones expire
JOIN_LIMIT_PER_ADDRESS_PER_HOUR = env_int("JOIN_LIMIT_PER_ADDRESS_PER_HOUR", 30)
JOIN_LIMIT_PER_ID_PER_DAY = env_int("JOIN_LIMIT_PER_ID_PER_DAY", 5)
JOIN_CODE_TTL_MINUTES = env_int("JOIN_CODE_TTL_MINUTES", 10)
JOIN_MEMBER_SESSION_MINUTES = env_int("JOIN_MEMBER_SESSION_MINUTES", 30)
# Where posters point (e.g. https://rh.example.gov.cn); empty: the address the page was seen at.
JOIN_PUBLIC_URL = env_str("JOIN_PUBLIC_URL", "")
# One-time codes: the console (log) in development; an SMS gateway class in production, e.g.
# members.joining.sms.HttpSmsGateway with JOIN_SMS_GATEWAY_URL and JOIN_SMS_GATEWAY_TOKEN.
JOIN_SMS_SENDER = env_str("JOIN_SMS_SENDER", "members.joining.sms.ConsoleSender")
JOIN_SMS_GATEWAY_URL = env_str("JOIN_SMS_GATEWAY_URL", "")
JOIN_SMS_GATEWAY_TOKEN = env_str("JOIN_SMS_GATEWAY_TOKEN", "")
# The Chinese font of the PNG/PDF posters: the first of these files that has Chinese glyphs
# (Debian: apt-get install fonts-noto-cjk). None found: the poster is refused, never drawn in boxes.
POSTER_FONT_PATHS = env_list("POSTER_FONT_PATHS", [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian, Ubuntu
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # fonts-wqy-zenhei
])
CELERY_BEAT_SCHEDULE["members-join-applications-expire"] = {
    "task": "members.joining.tasks.applications_expire_task",
    "schedule": crontab(minute=20, hour=3),
}

# The 四清 work-list (reports/worklist): the staff thresholds offered as filters (the default is
# counting.rules.LARGE_EMPLOYER, 100), and the largest list exported at once in the request;
# a larger one is built by a worker as a generated file.
WORKLIST_SIZE_THRESHOLDS = [int(n) for n in env_list("WORKLIST_SIZE_THRESHOLDS", ["50", "100", "200"])]
WORKLIST_EXPORT_DIRECT_MAX = env_int("WORKLIST_EXPORT_DIRECT_MAX", 2000)
