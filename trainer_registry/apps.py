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
                PluginURLs.RELATIVE_PATH: "urls",
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
        # Django app loading: models and the modules that use them load only once the
        # app registry is ready, so these imports wait for ready().
        from django.core import checks

        from trainer_registry.certificates import printing
        from trainer_registry.countries import register_missing_languages
        from trainer_registry.platform import receivers  # noqa: F401  connects the platform's events

        checks.register(_report_retention_check)
        register_missing_languages()
        printing.use_font_setting()


def _report_retention_check(app_configs=None, **kwargs) -> list:
    """``manage.py check`` (and every command that runs the checks) names a retention
    setting that is not a number of days, before a report is asked for."""
    # Django app loading: registered from ready(), run once the models are loaded.
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    from trainer_registry.programme_report import stored

    try:
        stored.retention_days()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="trainer_registry.E001")]
    return []
