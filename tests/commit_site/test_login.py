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


@pytest.mark.django_db
def test_the_admin_login_shares_the_limit_and_answers_429(client, staff_user, settings):
    """Finding: twelve wrong admin passwords got no 429, and the right one was then
    accepted at /admin/login/ while the address was locked out at /accounts/login/."""
    settings.LOGIN_FAILURE_LIMIT = 3
    staff_user.is_superuser = True
    staff_user.save()
    admin_url = "/admin/login/"
    for _ in range(3):
        assert (
            client.post(admin_url, {"username": "manager", "password": "wrong"}).status_code == 200
        )
    refused = client.post(admin_url, {"username": "manager", "password": "a-long-test-password"})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # The same count at the site's own login page.
    shared = client.post(
        reverse("login"), {"username": "manager", "password": "a-long-test-password"}
    )
    assert shared.status_code == 429


@pytest.mark.django_db
def test_failures_counted_on_the_site_login_lock_the_admin_login_too(client, staff_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": "manager", "password": "wrong"})
    refused = client.post(
        "/admin/login/", {"username": "manager", "password": "a-long-test-password"}
    )
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_owner_out(client, staff_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(10):
        client.post(url, {"username": "manager", "password": "guess"}, REMOTE_ADDR="203.0.113.9")
    stranger = client.post(
        url, {"username": "manager", "password": "a-long-test-password"}, REMOTE_ADDR="203.0.113.9"
    )
    assert stranger.status_code == 429
    owner = client.post(
        url, {"username": "manager", "password": "a-long-test-password"}, REMOTE_ADDR="198.51.100.7"
    )
    assert owner.status_code == 302


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_locked_out(client, staff_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    url = reverse("login")
    for name in ("a", "b", "c", "d"):
        client.post(url, {"username": name, "password": "guess"})
    blocked = client.post(url, {"username": "manager", "password": "a-long-test-password"})
    assert blocked.status_code == 429
