"""The site's error pages: styled, in the reader's language, saying what to do next; the
page not found explains links cut in two by email programs (survey invitations)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from trainer_registry.models import Role, RoleGrant


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Page not found"), ("km", "រកមិនឃើញទំព័រ"), ("zh-hans", "找不到页面")],
)
def test_a_missing_page_is_styled_in_the_language_with_the_cut_link_hint(client, language, heading):
    response = client.get("/registry/answer/2025-kh", headers={"accept-language": language})
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert f"<h1>{heading}</h1>" in page
    assert "registry.css" in page  # the site's style, not the browser's bare error
    if language == "en":
        assert "some email programs cut long links in two" in page


@pytest.mark.django_db
def test_a_refused_page_says_why_and_whom_to_ask(client, django_user_model):
    user = django_user_model.objects.create_user("analyst-kh", password="a-long-password-1")
    RoleGrant.objects.create(user=user, role=Role.ME_ANALYST, country="KH")
    client.force_login(user)
    response = client.get("/registry/audit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Not allowed</h1>" in page
    assert "ask your programme's administrator" in page


@pytest.mark.urls(__name__)
def test_a_server_error_is_a_page_in_the_language_not_a_trace(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", headers={"accept-language": "vi"})
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "<h1>Đã xảy ra lỗi</h1>" in page
    assert "RuntimeError" not in page and "a bug" not in page
