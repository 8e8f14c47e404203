"""The officers demo seeds records and certificates on top of the demo county."""

from __future__ import annotations

import random

import pytest
from faker import Faker

from zhifa.accounts.models import Organisation, User
from zhifa.personnel.constants import CertificateStatus as S
from zhifa.personnel.models import AnnualReview, Certificate, EquivalentCertificate, Officer
from zhifa.personnel.selectors.certificates import certificate_valid_for

pytestmark = pytest.mark.django_db


def test_demo_seed_certifies_every_demo_holder(settings):
    from zhifa.demo.services import demo_county_load
    from zhifa.personnel.demo_officers import demo_seed

    demo_county_load(entities=20)
    if not Officer.objects.exists():  # the loader runs demo_seed once wired; else run it here
        fake = Faker("zh_CN")
        fake.seed_instance(1)
        demo_seed(
            rng=random.Random(7),
            fake=fake,
            by_code={o.code: o for o in Organisation.objects.all()},
        )
    holders = {u.pk: u.certificate_number for u in User.objects.exclude(certificate_number="")}
    officers = {o.user_id: o for o in Officer.objects.filter(user__isnull=False)}
    assert set(officers) == set(holders)
    # the demo logins can act in their unit's type today
    officer_login = User.objects.get(username="officer")
    assert certificate_valid_for(officer_login, "market")
    assert certificate_valid_for(User.objects.get(username="town_officer"), "township")
    assert Certificate.objects.get(number=holders[officer_login.pk]).officer.user == officer_login
    # the interesting cases
    assert Certificate.objects.filter(status=S.WITHHELD).count() == 1
    assert Certificate.objects.filter(status=S.VOID).count() == 1
    assert Certificate.objects.filter(replaces__isnull=False, status=S.VALID).count() == 1
    overdue = AnnualReview.objects.get(passed__isnull=True)
    assert not certificate_valid_for(overdue.certificate.officer, "market")
    assert AnnualReview.objects.filter(passed=True).count() >= len(holders) - 2
    assert EquivalentCertificate.objects.count() == 1
    assert Officer.objects.filter(user__isnull=True, staffing_type="auxiliary").count() == 1
    # the users' certificate numbers follow the valid certificates
    for user in User.objects.exclude(certificate_number=""):
        assert Certificate.objects.get(number=user.certificate_number).status == S.VALID
