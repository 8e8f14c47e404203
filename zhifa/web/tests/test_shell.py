"""The staff shell: headers, health check, error pages, navigation by role."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_security_headers(client):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_friendly_404_in_chinese(client, people):
    client.force_login(people.officer_a)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_error_handlers_render(rf):
    from zhifa.web import views

    for handler, status in (
        (views.bad_request, 400),
        (views.permission_denied, 403),
        (views.page_not_found, 404),
    ):
        assert handler(rf.get("/"), Exception()).status_code == status
    assert views.server_error(rf.get("/")).status_code == 500


def test_navigation_depends_on_role(client, people):
    client.force_login(people.officer_a)
    body = client.get(reverse("web:workbench")).content.decode()
    assert "期限看板" in body and "系统管理" not in body
    client.force_login(people.admin)
    body = client.get(reverse("web:workbench")).content.decode()
    assert "系统管理" in body


def test_static_assets_are_vendored(client):
    from django.contrib.staticfiles import finders

    assert finders.find("web/vendor/htmx.min.js")
    assert finders.find("web/zhifa.css")


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        "ZHIFA_ENV": "production",
        "ZHIFA_SECRET_KEY": "a-long-random-production-secret-for-the-check-only-0123456789abcdef",
        "ZHIFA_ALLOWED_HOSTS": "zhifa.example.org",
        "ZHIFA_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_api_path_is_structured_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Zhifa API"
