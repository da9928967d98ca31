"""Browser tests: Playwright driving Debian's Chromium, never a browser of its own.

By default the tests run against a live server started by the test run, with a demo
registry. Set ``COMMIT_E2E_BASE_URL`` (and ``COMMIT_E2E_USERNAME``/``COMMIT_E2E_PASSWORD``)
to run them against a site that is already serving, such as ``make run``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require

# Playwright's synchronous API keeps an event loop on the test thread; Django then takes
# the test's own database set-up and tear-down for async code. They are not: the site runs
# in the live server's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("COMMIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots of every page the browser tests check, in one fixed folder of the checkout
# (also when the site under test keeps its data elsewhere): CI keeps it as its artefacts.
SCREENSHOTS = Path(
    os.environ.get(
        "COMMIT_SCREENSHOTS_DIR", Path(__file__).resolve().parents[2] / "var" / "screenshots"
    )
)
# What Chromium refused under the site's Content-Security-Policy, on any page of any
# context the tests open; every browser test fails if it is not empty.
CSP_REFUSALS: list[str] = []


@dataclass(frozen=True)
class Site:
    url: str
    username: str
    password: str


@pytest.fixture(scope="session")
def browser():
    require(
        Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None,
        f"Chromium not found at {CHROMIUM}: install Debian's package (make system-packages)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        new_context = browser.new_context

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            context.on("page", _watch_csp)
            return context

        browser.new_context = watched_context
        yield browser
        browser.close()


def _watch_csp(page) -> None:
    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            CSP_REFUSALS.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


@pytest.fixture(autouse=True)
def _nothing_refused_by_the_content_security_policy():
    CSP_REFUSALS.clear()
    yield
    assert not CSP_REFUSALS, "\n".join(CSP_REFUSALS)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(request) -> Site:
    base_url = os.environ.get("COMMIT_E2E_BASE_URL")
    if base_url:
        return Site(
            base_url.rstrip("/"),
            os.environ.get("COMMIT_E2E_USERNAME", "manager"),
            os.environ.get("COMMIT_E2E_PASSWORD", "commit-manager"),
        )
    from django.core.management import call_command

    call_command("setup_demo", "--seed", "9", verbosity=0)
    live_server = request.getfixturevalue("live_server")
    return Site(live_server.url, "manager", "commit-manager")
