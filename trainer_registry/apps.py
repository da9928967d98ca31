"""Django app configuration for the trainer registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainerRegistryConfig(AppConfig):
    name = "trainer_registry"
    verbose_name = _("COMMIT trainer registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trainer_registry.languages import register_missing_languages

        register_missing_languages()
