"""Settings of the standalone COMMIT Training site.

Everything a deployment changes comes from the environment (see the README's
"Configuration" table); the defaults run a demo on 127.0.0.1 with SQLite under ``var/``.
"""

import importlib.util
import os
import warnings
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from commit_site.database import parse_database_url
from commit_site.public_url import public_url


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# fs, which XBlock uses, still imports pkg_resources; the warning is not ours to act on.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("COMMIT_VAR_DIR", Path.cwd() / "var")).resolve()
# The course sources whose translation catalogues the staff's translation page reads.
COMMIT_CURRICULUM_DIR = Path(
    os.environ.get("COMMIT_CURRICULUM_DIR", PACKAGE_DIR.parent / "curriculum")
).resolve()

DEBUG = _flag("COMMIT_DEBUG", False)
# Published with the source code: good for the demo only.
DEMO_SECRET_KEY = "insecure-demo-key-set-COMMIT_SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("COMMIT_SECRET_KEY") or DEMO_SECRET_KEY
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("COMMIT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("COMMIT_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": parse_database_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'commit.sqlite3'}",
        base_dir=Path.cwd(),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "djpyfs",
    "workbench",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "trainer_registry",
    "commit_site",
]

# The xblock-sdk wheel's own migration for the workbench predates the model it ships;
# ours is generated from that model and committed (docs/decisions/0002).
MIGRATION_MODULES = {"workbench": "commit_site.workbench_migrations"}

MIDDLEWARE = [
    # SQLite's query planner statistics kept current (commit_site.sqlite_statistics).
    "commit_site.sqlite_statistics.KeepStatisticsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Scripts from this site, or inline with this response's nonce (commit_site.content_security).
    "commit_site.content_security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # One input policy for every page: no NUL or other control character (400).
    "trainer_registry.inputs.requests.InputPolicyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "commit_site.urls"
WSGI_APPLICATION = "commit_site.wsgi.application"

_SAMPLE_BLOCKS_SPEC = importlib.util.find_spec("sample_xblocks")
_SAMPLE_BLOCK_TEMPLATES = (
    Path(_SAMPLE_BLOCKS_SPEC.origin).parent / "basic" / "templates" if _SAMPLE_BLOCKS_SPEC else None
)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The workbench's structural blocks (vertical_demo, ...) render templates kept
        # beside them in the xblock-sdk package.
        # Our own, accessible page around a workbench activity comes first, and our error
        # pages (xblock-sdk ships an empty 404.html and a bare 500.html that would win).
        "DIRS": [PACKAGE_DIR / "workbench_templates"]
        + ([_SAMPLE_BLOCK_TEMPLATES] if _SAMPLE_BLOCK_TEMPLATES else []),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.i18n",
                "django.template.context_processors.request",
                "django.template.context_processors.static",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("COMMIT_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["COMMIT_REDIS_URL"],
    }

# The port the site serves on (make run PORT=...), and the address people reach it at,
# for the links that leave it (commit_site.public_url).
COMMIT_PORT = os.environ.get("COMMIT_PORT", "8000")
TRAINER_REGISTRY_PUBLIC_URL = public_url(os.environ)

# Email: written to files under var/mail unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get(
    "COMMIT_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("COMMIT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("COMMIT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("COMMIT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("COMMIT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("COMMIT_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("COMMIT_EMAIL_FROM", "COMMIT Training <noreply@localhost>")

# Failed logins: after this many for one account within the period, refuse further tries.
# Every login form checks failures in the authentication path (commit_site.login).
AUTHENTICATION_BACKENDS = ["commit_site.login.ThrottledModelBackend"]
LOGIN_FAILURE_LIMIT = int(os.environ.get("COMMIT_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("COMMIT_LOGIN_LOCKOUT_SECONDS", "900"))
SESSION_COOKIE_AGE = 8 * 3600  # a working day

# The six languages of the COMMIT countries, and English, the language of the regional
# programme. Each is named in its own script so that a reader finds their own.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("km", "ភាសាខ្មែរ"),
    ("lo", "ພາສາລາວ"),
    ("my", "မြန်မာဘာသာ"),
    ("th", "ภาษาไทย"),
    ("vi", "Tiếng Việt"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [
    PACKAGE_DIR / "locale",
    PACKAGE_DIR.parent / "trainer_registry" / "locale",
    PACKAGE_DIR.parent / "commit_training" / "conf" / "locale",
]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("COMMIT_TIME_ZONE", "Asia/Bangkok")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Serve the apps' static files straight from their packages: no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_login"  # staff to the registry, learners to their courses
LOGOUT_REDIRECT_URL = "home"

# Security headers and cookies. Behind HTTPS set COMMIT_HTTPS=true.
HTTPS = _flag("COMMIT_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The XBlock workbench (xblock-sdk): the learner's side of the standalone site.
WORKBENCH = {
    "reset_state_on_restart": False,
    "services": {
        "fs": "xblock.reference.plugins.FSService",
        "settings": "workbench.services.SettingsService",
    },
}
DJFS = {
    "type": "osfs",
    "directory_root": str(VAR_DIR / "djpyfs"),
    "url_root": "/media/djpyfs",
}
# The xblock-sdk's own sample blocks are hidden from the workbench index.
EXCLUDED_XBLOCKS = {
    "allscopes_demo",
    "attempts_scoreboard_demo",
    "equality_demo",
    "filethumbs",
    "helloworld_demo",
    "html_demo",
    "problem_demo",
    "sidebar_demo",
    "slider_demo",
    "textinput_demo",
    "thumbs",
    "view_counter_demo",
}
# Workbench learner ids (``?student=ID``) that see the blocks' staff views, such as the
# course evaluation's anonymous aggregates.
COMMIT_TRAINING_WORKBENCH_STAFF = ("staff",)
# The course run of this site that each assessment belongs to: its submissions by a
# logged-in learner are recorded in the registry's training event of that course run
# (TrainingEvent.course_run; decision 0014). Give a pilot's event the run's key.
COMMIT_SITE_COURSE_RUNS = {
    "demo-core": "site:demo",
    "rtp-core": "site:rtp",
    "ntp-core": "site:ntp",
    "tot-core": "site:tot",
    "tot-exam": "site:tot",
}
# Where the workbench keeps XBlock state: "per-request" (commit_site/workbench_state.py,
# decision 0007) or "workbench" (xblock-sdk's own store, field by field; the blocks
# benchmark measures xblock-poll on it too).
COMMIT_WORKBENCH_STORE = os.environ.get("COMMIT_WORKBENCH_STORE", "per-request")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("COMMIT_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The workbench logs the start and end of every handler and the data of every
        # event at INFO: a quarter of a learner's submit (decision 0007). They show
        # with COMMIT_LOG_LEVEL=DEBUG; gunicorn's access log still lists each request.
        "workbench": {
            "level": "DEBUG" if os.environ.get("COMMIT_LOG_LEVEL") == "DEBUG" else "WARNING"
        },
    },
}

SITE_TITLE = _("COMMIT Training")

# Celery: queue long and platform-driven work when a broker is given; otherwise run inline.
CELERY_BROKER_URL = os.environ.get("COMMIT_CELERY_BROKER", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("COMMIT_CELERY_QUEUE", "commit_training")
# A message whose worker died unacknowledged is delivered again after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("COMMIT_CELERY_VISIBILITY_TIMEOUT", "3600"))
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker's database connection lives as a request's does (CONN_MAX_AGE, closed when
# unusable: trainer_registry.tasks), not one per task: Celery's Django fix-up would
# otherwise close it before and after every task, and each platform event opened its own.
CELERY_DB_REUSE_MAX = 1_000_000
# Worker processes: SQLite has one writer at a time, so on SQLite a second process only
# waits on the lock (a burst of 10,000 grade events ran a quarter faster with one than
# with two, decision 0027); elsewhere Celery's own default, one per core.
# `COMMIT_CELERY_CONCURRENCY` (or `celery worker --concurrency`) overrides it.
CELERY_WORKER_CONCURRENCY = int(os.environ.get("COMMIT_CELERY_CONCURRENCY") or "0") or (
    1 if DATABASES["default"]["ENGINE"].endswith("sqlite3") else None
)

# Signs backup archives; set the same value on the server that restores them. Backups
# refuse the published keys: anyone could sign an archive with one of those.
TRAINER_REGISTRY_BACKUP_KEY = os.environ.get("COMMIT_BACKUP_KEY") or SECRET_KEY
TRAINER_REGISTRY_PUBLISHED_KEYS = (DEMO_SECRET_KEY,)
# Signs certificate credentials (Ed25519); made on first use, kept with the site's data.
TRAINER_REGISTRY_CREDENTIAL_KEY_FILE = (
    os.environ.get("COMMIT_CREDENTIAL_KEY_FILE") or VAR_DIR / "credential-signing-key.pem"
)
# The issuer named in certificates and their credentials.
TRAINER_REGISTRY_ISSUER_NAME = os.environ.get("COMMIT_ISSUER_NAME", "COMMIT Training Programme")
# Folders searched for the certificate fonts (None: the system's font folders).
TRAINER_REGISTRY_FONT_DIRS = None
# Days a programme report's file is kept after it was made (counts by sex, pseudonymous
# rows); then the next report asked for, or `trainer-registry job remove-old-reports`,
# deletes it.
TRAINER_REGISTRY_REPORT_RETENTION_DAYS = os.environ.get("COMMIT_REPORT_RETENTION_DAYS", "30")
# Seconds the dashboard's counts, the knowledge gain and the cascade are kept once counted
# (0: counted on every view); each page says when its figures were counted.
TRAINER_REGISTRY_FIGURES_MAX_AGE = int(os.environ.get("COMMIT_FIGURES_MAX_AGE", "600"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("COMMIT_API_RATE", "2000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "COMMIT trainer registry API",
    "DESCRIPTION": (
        "The COMMIT trainer registry: organisations, people, trainings and participations, "
        "trainer certifications, issued certificates, follow-up campaigns and attrition "
        "analytics. Every endpoint applies the caller's role and country scope."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}
VERIFY_RATE_PER_MINUTE = int(os.environ.get("COMMIT_VERIFY_RATE_PER_MINUTE", "60"))
