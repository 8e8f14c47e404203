"""The training admin: the Justice Bureau's read-only overview."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhifa.personnel.tests.factories_training import make_officer, make_session

pytestmark = pytest.mark.django_db


def test_admin_lists_training_rows_read_only(client, county, people):
    from zhifa.accounts.models import User

    User.objects.filter(pk=people.admin.pk).update(is_staff=True, is_superuser=True)
    session = make_session(county.jb, created_by=people.supervisor, title="全县轮训（后台）")
    make_officer(county.team_a)
    client.force_login(people.admin)
    for model in ("trainingsession", "examresult", "makeuprequirement", "rotationyear"):
        response = client.get(reverse(f"admin:personnel_{model}_changelist"))
        assert response.status_code == 200, model
    page = client.get(reverse("admin:personnel_trainingsession_changelist"))
    assert "全县轮训（后台）" in page.content.decode()
    assert client.get(reverse("admin:personnel_trainingsession_add")).status_code == 403
    detail = client.get(reverse("admin:personnel_trainingsession_change", args=[session.pk]))
    assert detail.status_code == 200
