"""Login attempts are limited: a guessed password is refused after a few failures."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_account_locked_after_repeated_failures_even_with_the_right_password(
    client, staff_user, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(3):
        response = client.post(url, {"username": "manager", "password": "wrong"})
        assert response.status_code == 200
        assert (
            "did not match" in response.content.decode()
            or "correct username" in response.content.decode()
        )
    blocked = client.post(url, {"username": "manager", "password": "a-long-test-password"})
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_success_clears_the_count(client, staff_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(2):
        client.post(url, {"username": "manager", "password": "wrong"})
    assert (
        client.post(url, {"username": "manager", "password": "a-long-test-password"}).status_code
        == 302
    )
    client.logout()
    for _ in range(2):
        client.post(url, {"username": "manager", "password": "wrong"})
    assert (
        client.post(url, {"username": "manager", "password": "a-long-test-password"}).status_code
        == 302
    )


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_protected(client, staff_user):
    response = client.post(
        reverse("login"), {"username": "manager", "password": "a-long-test-password"}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
