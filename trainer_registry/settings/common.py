"""Defaults for every Open edX environment (the plugin loader calls ``plugin_settings``)."""

from __future__ import annotations


def plugin_settings(settings) -> None:
    """Registry settings, each kept if the operator already set it."""
    defaults = {
        # Signs backup archives; set it to a long random value shared by every server.
        "TRAINER_REGISTRY_BACKUP_KEY": None,
        # The LMS's public address: follow-up links in emails point there.
        "TRAINER_REGISTRY_PUBLIC_URL": getattr(settings, "LMS_ROOT_URL", "http://localhost:8000"),
        # The file holding the Ed25519 key that signs certificate credentials (made on first
        # use); None keeps it in the site's VAR_DIR.
        "TRAINER_REGISTRY_CREDENTIAL_KEY_FILE": None,
        # The issuer named in certificates and their credentials.
        "TRAINER_REGISTRY_ISSUER_NAME": "COMMIT Training Programme",
        # Folders searched for the certificate fonts; None: the system's font folders.
        "TRAINER_REGISTRY_FONT_DIRS": None,
        # Days a programme report's file is kept after it was made (it holds counts by
        # sex and pseudonymous rows); then it is deleted and its request marked removed.
        "TRAINER_REGISTRY_REPORT_RETENTION_DAYS": 30,
        # Seconds the dashboard's counts, the knowledge gain and the cascade are kept once
        # counted (0: counted on every view); each page says when they were counted.
        "TRAINER_REGISTRY_FIGURES_MAX_AGE": 600,
        # Failed staff logins before a lockout (the site's own login page only).
        "LOGIN_FAILURE_LIMIT": 5,
        "LOGIN_LOCKOUT_SECONDS": 900,
    }
    for name, value in defaults.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    languages = dict(settings.LANGUAGES)
    for code, name in (("km", "ភាសាខ្មែរ"), ("lo", "ພາສາລາວ"), ("my", "မြန်မာဘာသာ")):
        languages.setdefault(code, name)
    settings.LANGUAGES = list(languages.items())
