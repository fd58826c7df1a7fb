"""Settings for 政协协商履职平台, read from the environment.

Embedded default: SQLite in var/ and Celery's filesystem transport (no server needed).
Production: set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

from portal import limits

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
)

# ---------------------------------------------------------------- core
DEBUG = env("DEBUG")
SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-change-me-7f1c9a0e2b")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "portal",
    "members",
    "supervision",
    "consult",
    "proposals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.sessions.SessionRefreshMiddleware",  # the idle timeout's refresh, at most once a minute
    "django.middleware.locale.LocaleMiddleware",
    "portal.request_limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.change_audit.ChangeAuditMiddleware",  # who and which path, for the change records
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# `make bench` only (scripts/bench): an X-Query-Count header on every response (portal/querycount.py).
BENCH_QUERY_COUNT = env.bool("BENCH_QUERY_COUNT", default=False)
if BENCH_QUERY_COUNT:
    MIDDLEWARE.insert(0, "portal.querycount.QueryCountMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

# ---------------------------------------------------------------- database
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 30, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    # A file, not memory, so that a real Celery worker in the tests sees the same data.
    # PORTAL_TEST_ID lets parallel test runs on one machine use separate files.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{env.str('PORTAL_TEST_ID', default='main')}.sqlite3")}
else:
    # Each web thread keeps its connection ten minutes (checked before reuse). A new connection is a new
    # server process whose catalog caches are empty: each table a page touches is looked up again, some
    # 10-17 ms more on a page's first requests there. Recycled every minute, that was the slow runs of
    # `make bench` (the median page 11 % slower). A DATABASE_URL that sets either keeps its own.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 600)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # The portal's queries are short and transactional, and many run at once. PostgreSQL's JIT compiles a
    # plan whose estimated cost is high (a large table, a misestimated filter) for hundreds of milliseconds
    # to save a few; a parallel plan starts worker processes (milliseconds) that then take the cores other
    # requests are waiting for: a county's case-bank search for 路灯 took 29 ms in parallel against 3.5 ms
    # alone. Both off for our connections, whatever the server's defaults (README "Production"); a
    # DATABASE_URL that sets either keeps its own.
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        DATABASES["default"].setdefault("OPTIONS", {})
        options = DATABASES["default"]["OPTIONS"].get("options", "")
        for setting in ("jit=off", "max_parallel_workers_per_gather=0"):
            if setting.split("=")[0] not in options:
                options = f"{options} -c {setting}".strip()
        DATABASES["default"]["OPTIONS"]["options"] = options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- cache
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# ---------------------------------------------------------------- auth and trust (DESIGN §6)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock per username *and* address: a whole office often shares one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Idle timeout: the session expires after SESSION_IDLE_MINUTES without a request. Its expiry is pushed on
# at most once a SESSION_REFRESH_SECONDS (portal/sessions.py), not written on every request.
SESSION_COOKIE_AGE = 60 * env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

SECURE = env.bool("SECURE", default=False)  # behind HTTPS in production
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp) on every response: only our own scripts, styles and images, no
# inline script or style at all (templates load static/js/*.js; data goes in data-* attributes or
# json_script). tests/test_csp.py checks every page and every template. Only the Redoc page relaxes
# style-src, for its third-party UI (portal/urls.py); script-src is 'self' everywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    },
}

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------- static and uploads
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# A body without files is at most limits.BODY_BYTES (2 MB): a larger one is a 413 before it is read
# (portal.request_limits.RequestSizeLimitMiddleware); a multipart body may carry one upload besides.
DATA_UPLOAD_MAX_MEMORY_SIZE = limits.BODY_BYTES

# ---------------------------------------------------------------- email and SMS
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="政协协商履职平台 <noreply@localhost>")
SMS_BACKEND = env.str("SMS_BACKEND", default="supervision.sms.LoggingSMSBackend")

# ---------------------------------------------------------------- Celery
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
# A separate queue name lets a test worker share a Redis with others without taking their tasks.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
SWEEP_INTERVAL_SECONDS = env.int("SWEEP_INTERVAL_SECONDS", default=120)
CELERY_BEAT_SCHEDULE = {
    "obligation-sweep": {
        "task": "supervision.sweep",
        "schedule": SWEEP_INTERVAL_SECONDS,
        "options": {"expires": SWEEP_INTERVAL_SECONDS},
    },
}

# ---------------------------------------------------------------- background exports (portal/jobs)
# An export of more rows than this runs as a Celery job (the page shows its progress); smaller ones answer
# inline. The file is kept EXPORT_TTL_HOURS, then deleted by the beat entry below.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=2000)
EXPORT_TTL_HOURS = env.int("EXPORT_TTL_HOURS", default=24)
EXPORT_PROGRESS_EVERY = env.int("EXPORT_PROGRESS_EVERY", default=500)  # rows between progress writes
EXPORT_EXPIRY_INTERVAL_SECONDS = env.int("EXPORT_EXPIRY_INTERVAL_SECONDS", default=600)
CELERY_BEAT_SCHEDULE["export-expiry"] = {
    "task": "portal.expire_export_jobs",
    "schedule": EXPORT_EXPIRY_INTERVAL_SECONDS,
    "options": {"expires": EXPORT_EXPIRY_INTERVAL_SECONDS},
}

# ---------------------------------------------------------------- API
# The strict layer of portal/api_auth.py, api.py, filters.py and parsers.py: a wrong Basic password
# is a 401 counted once by django-axes, a query or body we cannot use a 400, every message translated.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api_auth.SessionAuthentication",
        "portal.api_auth.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": [
        "portal.filters.StrictFilterBackend",
        "portal.filters.SearchFilter",
        "portal.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "portal.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "portal.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政协协商履职平台 API",
    "DESCRIPTION": "Committees, members, units, obligations and proposals.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Offline: no badge from validator.swagger.io (Redoc's Google Fonts are dropped in templates/drf_spectacular/).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Stable component names for choice sets whose field names recur across apps ("kind", "level", "role").
    "ENUM_NAME_OVERRIDES": {
        "CommitteeLevelEnum": "members.enums.CommitteeLevel",
        "StudioKindEnum": "members.enums.StudioKind",
        "RoleEnum": "members.enums.Role",
        "ObligationKindEnum": "supervision.enums.ObligationKind",
        # proposals
        "PartyEnum": "members.enums.Party",
        "ProposalStateEnum": "proposals.enums.ProposalState",
        "ProposalKindEnum": "proposals.enums.ProposalKind",
        "AssignmentStateEnum": "proposals.enums.AssignmentState",
        "AssignmentRoleEnum": "proposals.enums.AssignmentRole",
        "CoSignatureStateEnum": "proposals.enums.CoSignatureState",
        "ReplyStateEnum": "proposals.enums.ReplyState",
        "RequestStateEnum": "proposals.enums.RequestState",
        "ConvertTargetEnum": "proposals.enums.ConvertTarget",
        "SatisfactionEnum": "proposals.enums.Satisfaction",
        "EvaluationStateEnum": "proposals.evaluation.enums.EvaluationState",
        "EvaluationGradeEnum": "proposals.evaluation.enums.EvaluationGrade",
        "AwardKindEnum": "proposals.evaluation.enums.AwardKind",
        # consult: grassroots cases
        "CaseSourceEnum": "consult.cases.enums.CaseSource",
        "CaseRegisterSourceEnum": "consult.cases.enums.REGISTER_SOURCES",
        "CaseGradeEnum": "consult.cases.enums.CaseGrade",
        "CaseThemeEnum": "consult.cases.enums.CaseTheme",
        "CaseOutcomeEnum": "consult.cases.enums.CaseOutcome",
        "CaseStateEnum": "consult.cases.enums.CaseState",
        "TopicSourceEnum": "consult.topics.enums.TopicSource",
        # consult: 社情民意
        "OpinionReportStateEnum": "consult.reports.enums.ReportState",
        "BulletinStateEnum": "consult.reports.enums.BulletinState",
        "BulletinKindEnum": "consult.reports.enums.BulletinKind",
        "ReportForwardStateEnum": "consult.reports.enums.ForwardState",
        "AdoptionLevelEnum": "consult.reports.enums.Level",
        "SendTargetEnum": "consult.reports.enums.SendTarget",
    },
}

# ---------------------------------------------------------------- logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
