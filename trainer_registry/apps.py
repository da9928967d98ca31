"""Django app configuration for the trainer registry, and its Open edX plugin settings.

Inside Open edX the app is found through the ``lms.djangoapp`` and ``cms.djangoapp``
entry points; ``plugin_app`` tells the platform's plugin loader (edx-django-utils) where
its URLs and settings are.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from edx_django_utils.plugins.constants import PluginSettings, PluginURLs

LMS = "lms.djangoapp"
CMS = "cms.djangoapp"


class TrainerRegistryConfig(AppConfig):
    name = "trainer_registry"
    verbose_name = _("COMMIT trainer registry")
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginURLs.CONFIG: {
            LMS: {
                PluginURLs.NAMESPACE: "trainer_registry",
                PluginURLs.REGEX: r"^commit-registry/",
                PluginURLs.RELATIVE_PATH: "plugin_urls",
            },
        },
        PluginSettings.CONFIG: {
            LMS: {
                "common": {PluginSettings.RELATIVE_PATH: "settings.common"},
                "production": {PluginSettings.RELATIVE_PATH: "settings.production"},
            },
            CMS: {
                "common": {PluginSettings.RELATIVE_PATH: "settings.common"},
                "production": {PluginSettings.RELATIVE_PATH: "settings.production"},
            },
        },
    }

    def ready(self) -> None:
        from django.core import checks

        from trainer_registry.languages import register_missing_languages

        checks.register(_report_retention_check)

        register_missing_languages()
        from trainer_registry import receivers  # noqa: F401  (connects the platform's events)


def _report_retention_check(app_configs=None, **kwargs) -> list:
    """``manage.py check`` (and every command that runs the checks) names a retention
    setting that is not a number of days, before a report is asked for."""
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    from trainer_registry.programme_report import stored

    try:
        stored.retention_days()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="trainer_registry.E001")]
    return []
