"""Fixtures of the site's tests that reach the workbench as a demo learner."""

from __future__ import annotations

from datetime import date

import pytest

from trainer_registry import api


@pytest.fixture
def scenarios():
    """The workbench's scenarios, the course units among them, loaded for the test."""
    from workbench.scenarios import get_scenarios, init_scenarios

    init_scenarios()
    get_scenarios.initialized = True


@pytest.fixture
def learner(django_user_model, scenarios):
    """``learner-kh``, a person of the registry in the site's RTP and Cambodian NTP."""
    user = django_user_model.objects.create_user("learner-kh", password="a-long-test-password")
    assert api.load_site_learners({"learner-kh": user.pk}, on=date(2026, 3, 2)) == 3
    return user
