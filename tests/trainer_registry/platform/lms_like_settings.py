"""A settings module built the way the LMS builds its own: base settings, then the
plugin apps found through the ``lms.djangoapp`` entry point, then their settings applied
by edx-django-utils' plugin loader."""

from edx_django_utils.plugins import add_plugins, get_plugin_apps

SECRET_KEY = "lms-like-test-key"
DEBUG = False
ROOT_URLCONF = "tests.trainer_registry.platform.lms_like_urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
LANGUAGES = [("en", "English"), ("th", "Thai"), ("vi", "Vietnamese"), ("zh-hans", "Chinese")]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
]
INSTALLED_APPS.extend(get_plugin_apps("lms.djangoapp"))
USE_TZ = True
STATIC_URL = "/static/"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
ENV_TOKENS = {
    "TRAINER_REGISTRY_BACKUP_KEY": "key-from-the-environment",
    "TRAINER_REGISTRY_REPORT_RETENTION_DAYS": 14,
}

add_plugins(__name__, "lms.djangoapp", "common")
add_plugins(__name__, "lms.djangoapp", "production")
