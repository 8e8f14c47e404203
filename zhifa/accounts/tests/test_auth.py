"""Sign-in: Argon2 hashes, Chinese login page, throttling, session expiry, tokens."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(settings, county):
    from config import settings as project_settings
    from zhifa.accounts.tests.factories import make_user

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = make_user(county.team_a, "officer", username="hashed")
    assert User.objects.get(pk=user.pk).password.startswith("argon2")


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "登录名" in body and "密码" in body and 'lang="zh-Hans"' in body


def test_login_and_workbench(client, people):
    response = client.post(
        reverse("accounts:login"),
        {"username": "officer_a", "password": "correct-horse-battery-staple"},
        follow=True,
    )
    assert response.status_code == 200
    assert "工作台" in response.content.decode()


def test_wrong_password_says_why_and_keeps_the_username(client, people):
    response = client.post(reverse("accounts:login"), {"username": "officer_a", "password": "nope"})
    body = response.content.decode()
    assert "登录名或密码不正确" in body
    assert 'value="officer_a"' in body


def test_login_is_throttled_after_repeated_failures(client, people):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "officer_a", "password": "bad"})
    response = client.post(
        reverse("accounts:login"),
        {"username": "officer_a", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 429
    assert "暂时锁定" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("web:workbench"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_session_expires(client, people):
    client.force_login(people.officer_a)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert client.session.get_expire_at_browser_close()


def test_api_token_authenticates_and_can_be_revoked(client, people):
    token, raw = api_token_create(actor=people.officer_a, user=people.officer_a, name="脚本")
    assert token.token_hash != raw and raw not in token.token_hash
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "officer_a"
    api_token_revoke(actor=people.officer_a, token=token)
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_api_without_credentials_is_401(client):
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 401


def test_api_session_auth(client, people):
    client.force_login(people.supervisor)
    data = client.get("/api/v1/accounts/me").json()
    assert data["county_wide"] is True and data["roles"] == ["supervisor"]


def test_csrf_is_enforced_on_login(people):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("accounts:login"),
        {"username": "officer_a", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_a_bearer_token_writes_without_csrf_but_a_session_write_needs_it(people):
    """Machines (a body-camera dock uploading files) write with a token and no session; a
    signed-in browser's write still needs the CSRF token."""
    from django.test import Client

    _, raw = api_token_create(actor=people.officer_a, user=people.officer_a, name="记录仪")
    machine = Client(enforce_csrf_checks=True)
    response = machine.post(
        "/api/v1/subjects/entities",
        data={},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code in (400, 422), response.content  # validated, not refused
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.officer_a)
    response = browser.post("/api/v1/subjects/entities", data={}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
