"""The Tutor plugin renders an Open edX environment that installs and configures us."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
TUTOR = Path(os.environ.get("COMMIT_TUTOR", ROOT / ".venv-tutor" / "bin" / "tutor"))


def tutor(root: Path, *args: str) -> str:
    result = subprocess.run(
        [str(TUTOR), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "TUTOR_ROOT": str(root)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def rendered(tmp_path):
    require(TUTOR.exists(), f"Tutor is not installed at {TUTOR} (make test installs it)")
    tutor(tmp_path, "plugins", "enable", "commit")
    tutor(tmp_path, "config", "save", "--set", "COMMIT_PIP_REQUIREMENT=commit-training==0.1.0")
    return tmp_path


def test_image_installs_the_package(rendered):
    dockerfile = (rendered / "env" / "build" / "openedx" / "Dockerfile").read_text()
    assert "RUN pip install 'commit-training==0.1.0'" in dockerfile


def test_lms_and_cms_get_a_backup_key_generated_once(rendered, tmp_path_factory):
    settings = rendered / "env" / "apps" / "openedx" / "settings"
    lines = {
        service: [
            line
            for line in (settings / service / "production.py").read_text().splitlines()
            if line.startswith("TRAINER_REGISTRY_BACKUP_KEY = ")
        ]
        for service in ("lms", "cms")
    }
    assert len(lines["lms"]) == 1 and lines["lms"] == lines["cms"]
    key = lines["lms"][0].split('"')[1]
    assert len(key) == 48
    tutor(rendered, "config", "save")  # saving again keeps the key
    assert key in (settings / "lms" / "production.py").read_text()
    other = tmp_path_factory.mktemp("other")
    tutor(other, "plugins", "enable", "commit")
    tutor(other, "config", "save")
    assert (
        key
        not in (
            other / "env" / "apps" / "openedx" / "settings" / "lms" / "production.py"
        ).read_text()
    )
