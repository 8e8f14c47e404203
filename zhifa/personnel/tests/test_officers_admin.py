"""The admin of the officers area is read-only and lists without errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhifa.personnel.tests.officers_factories import make_officer, valid_certificate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    ["officer", "certificate", "annualreview", "equivalentcertificate", "certificatefilefiling"],
)
def test_admin_lists_render_and_add_is_refused(admin_client, people, county, model):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    assert admin_client.get(reverse(f"admin:personnel_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:personnel_{model}_add")).status_code == 403
    if model == "certificate":
        r = admin_client.get(reverse("admin:personnel_certificate_change", args=[cert.pk]))
        assert r.status_code == 200 and "activate" in r.content.decode()
