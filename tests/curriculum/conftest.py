"""Fixtures for the curriculum tests: the real sources, and a scratch copy to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curriculum_build.build import SOURCE_ROOT


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of ``curriculum/`` that a test may edit; errors name it ``curriculum/...``."""
    root = tmp_path / "curriculum"
    shutil.copytree(SOURCE_ROOT, root, ignore=shutil.ignore_patterns("locale"))
    return root
