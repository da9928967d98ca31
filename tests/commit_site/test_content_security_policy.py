"""The site's Content-Security-Policy (commit_site/content_security.py, issue 21): scripts
from the site or inline with the response's nonce, never ``unsafe-inline``; every inline
script the site writes carries that nonce. The browser tests fail on anything Chromium
refuses under the policy (tests/e2e/conftest.py)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/accounts/login/", "/registry/verify/", "/workbench/", "/admin/login/"]


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def _nonce(response) -> str:
    (nonce,) = re.findall(r"'nonce-([^']+)'", _directives(response)["script-src"])
    return nonce


@pytest.mark.parametrize("path", PAGES)
def test_every_page_says_where_scripts_may_come_from(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    directives = _directives(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    # Every inline script of the page carries this response's nonce.
    for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode()):
        if "application/json" in tag or "application/ld+json" in tag:
            continue  # data, not run
        assert f'nonce="{_nonce(response)}"' in tag, tag


def test_each_response_has_its_own_nonce(client):
    assert _nonce(client.get("/")) != _nonce(client.get("/"))


def test_the_block_page_runs_its_inline_script_with_the_nonce(client):
    from workbench.scenarios import get_scenarios, init_scenarios

    init_scenarios()
    get_scenarios.initialized = True
    response = client.get("/workbench/scenario/commit_knowledge_check.0/?student=amara")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<script nonce="{_nonce(response)}">' in page
    assert "studentId" in page
