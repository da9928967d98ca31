"""The site's links leave it with the address people reach it at: the served port when
nothing is configured, the configured address otherwise, and a warning at start when a
local address names another port than the one served."""

from __future__ import annotations

from django.core.checks import run_checks

from commit_site.public_url import port_mismatch, public_url


def test_without_a_configured_address_the_links_use_the_served_port():
    assert public_url({"COMMIT_PORT": "8010"}) == "http://127.0.0.1:8010"
    assert public_url({}) == "http://127.0.0.1:8000"


def test_a_configured_address_wins():
    environ = {"COMMIT_PUBLIC_URL": "https://training.example.org/", "COMMIT_PORT": "8010"}
    assert public_url(environ) == "https://training.example.org"


def test_a_local_address_on_another_port_is_named():
    problem = port_mismatch("http://127.0.0.1:8000", "8010")
    assert problem is not None and "port 8000" in problem and "port 8010" in problem
    assert port_mismatch("http://localhost:8010/", "8010") is None
    assert port_mismatch("https://training.example.org", "8010") is None  # behind a proxy


def test_the_check_warns_when_the_site_starts(settings):
    settings.TRAINER_REGISTRY_PUBLIC_URL = "http://127.0.0.1:8000"
    settings.COMMIT_PORT = "8010"
    warnings = [m for m in run_checks() if m.id == "commit_site.W001"]
    assert len(warnings) == 1 and "serves on port 8010" in warnings[0].msg
    settings.COMMIT_PORT = "8000"
    assert not [m for m in run_checks() if m.id == "commit_site.W001"]
