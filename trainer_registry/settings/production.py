"""Production settings: operators set them in the platform's environment (Tutor config)."""

from __future__ import annotations


def plugin_settings(settings) -> None:
    env_tokens = getattr(settings, "ENV_TOKENS", {}) or {}
    settings.TRAINER_REGISTRY_BACKUP_KEY = env_tokens.get(
        "TRAINER_REGISTRY_BACKUP_KEY", settings.TRAINER_REGISTRY_BACKUP_KEY
    )
    settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS = env_tokens.get(
        "TRAINER_REGISTRY_REPORT_RETENTION_DAYS", settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS
    )
    settings.TRAINER_REGISTRY_FIGURES_MAX_AGE = env_tokens.get(
        "TRAINER_REGISTRY_FIGURES_MAX_AGE", settings.TRAINER_REGISTRY_FIGURES_MAX_AGE
    )
