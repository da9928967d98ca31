"""Shared test set-up.

Tests that need something a fresh machine may lack (Debian's Chromium, a PostgreSQL or
MariaDB server) call :func:`require`; it skips with the reason on a developer's machine and
fails instead when ``CI=true``, so that CI never passes by skipping.
"""

from __future__ import annotations

import os

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The test live server listens with socketserver's default backlog of 5 connections;
# concurrency tests open fifty at once, as a production server (gunicorn: 2048) allows.
ThreadedWSGIServer.request_queue_size = 128


def require(condition: bool, reason: str) -> None:
    """Skip (or, in CI, fail) the calling test unless ``condition`` holds."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and this test cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def staff_user(django_user_model):
    """A regional administrator of the registry (not a Django superuser)."""
    from trainer_registry.models import Role, RoleGrant

    user = django_user_model.objects.create_user(
        "manager", password="a-long-test-password", is_staff=True
    )
    RoleGrant.objects.create(user=user, role=Role.REGIONAL_ADMINISTRATOR)
    return user


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request through the locale
    middleware leaves its language active in the thread, for whatever test runs next."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_claims():
    """Each test starts with no block claims (commit_training.compat.claim_once): a
    claim is kept for a minute, longer than many tests that submit as the same learner."""
    from django.core.cache import caches

    from commit_training import compat

    caches["default"].clear()
    compat._LOCAL_CLAIMS.clear()
    yield
