"""A programme manager opens the demo site, logs into the registry and reaches the courses."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SCREENSHOTS

# The live server shares the test database, so the tests commit what they write.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_logs_in_and_finds_registry_and_workbench(page, site):
    page.goto(f"{site.url}/")
    assert page.title().startswith("Welcome")
    page.get_by_role("link", name="Open the registry").click()

    # Not logged in yet: the registry sends the manager to the login page.
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(site.username)
    page.get_by_label("Password").fill(site.password)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("heading", name="Registry overview").wait_for()
    table = page.get_by_role("table", name="By country")
    for country in ("Cambodia", "China", "Lao PDR", "Myanmar", "Thailand", "Viet Nam"):
        assert table.get_by_role("rowheader", name=country).is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "registry-dashboard.png", full_page=True)

    page.get_by_role("link", name="Courses (workbench)").click()
    page.get_by_role("heading", name="XBlock scenarios").wait_for()
    assert page.url.endswith("/workbench/")


def test_wrong_password_is_refused_with_a_message(page, site):
    page.goto(f"{site.url}/accounts/login/")
    page.get_by_label("Username").fill(site.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    assert "correct username and password" in page.get_by_role("alert").inner_text()
    assert "/accounts/login/" in page.url


def test_keyboard_user_can_skip_to_content_and_reach_the_registry(page, site):
    page.goto(f"{site.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab from the main content to the registry link and follow it with Enter.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Open the registry":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/login/"))
