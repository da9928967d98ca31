"""Fixtures of the block tests; the in-memory runtime is in block_runtime.py."""

import pytest


@pytest.fixture(autouse=True)
def _django_settings(settings):
    """The blocks render Django templates; the site's settings provide the engine."""
    return settings
