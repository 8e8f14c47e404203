"""Roles edited in the admin go through ``user_set_roles`` and its guards (R-1.10-05)."""

import pytest
from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User, UserRole
from zhifa.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


def _post(client, user, roles):  # type: ignore[no-untyped-def]
    admin_user = User.objects.get(username="sysadmin")
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "organisation": user.organisation_id,
        "post": "",
        "phone": "",
        "email": "",
        "role_choices": roles,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "08:00:00",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    return client.post(url, data)


def test_r_1_10_05_admin_cannot_grant_officer_role_without_induction(client, county, people):
    clerk = make_user(county.team_a, username="clerk")
    response = _post(client, clerk, [Role.OFFICER])
    assert response.status_code == 200  # the form comes back with the guard's reason
    assert "执法人员" in response.content.decode()
    assert not UserRole.objects.filter(user=clerk, role=Role.OFFICER).exists()


def test_admin_role_change_goes_through_the_service(client, county, people):
    clerk = make_user(county.jb, username="clerk")
    response = _post(client, clerk, [Role.SUPERVISOR])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UserRole.objects.filter(user=clerk, role=Role.SUPERVISOR).exists()
