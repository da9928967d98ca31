"""The registry loads as an Open edX plugin app, through the platform's own loader."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.urls import reverse
print(json.dumps({
    "installed": "trainer_registry.apps.TrainerRegistryConfig" in settings.INSTALLED_APPS
                 or "trainer_registry" in settings.INSTALLED_APPS,
    "backup_key": settings.TRAINER_REGISTRY_BACKUP_KEY,
    "report_retention_days": settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS,
    "languages": [code for code, _ in settings.LANGUAGES],
    "dashboard": reverse("trainer_registry:dashboard"),
    "api": reverse("trainer_registry:registry_api:person-list"),
}))
"""


def test_plugin_settings_and_urls_load_like_in_the_lms():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.trainer_registry.platform.lms_like_settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["installed"]
    assert loaded["backup_key"] == "key-from-the-environment"
    assert loaded["report_retention_days"] == 14
    assert {"km", "lo", "my", "th", "vi", "zh-hans"} <= set(loaded["languages"])
    assert loaded["dashboard"] == "/commit-registry/"
    assert loaded["api"] == "/commit-registry/api/v1/people/"
