"""The demo county loads the real towns and townships, one login per role, valid codes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import Organisation, User
from zhifa.core.identifiers import id_number_error, uscc_error
from zhifa.demo.services import DEMO_LOGINS, demo_logins
from zhifa.subjects.models import MarketEntity

# One worker loads the county once for the whole module (see ``_county_once``).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_county")]


@pytest.fixture(scope="module")
def _county_once(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo county loaded once for the module inside a transaction that is rolled back at
    the end; each test runs in its own savepoint within it, so a test's changes are undone after
    it as usual. (Loading takes seconds; six loads were a minute of the suite.)"""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        call_command("demo", "load", "--entities", "80", "--no-cases")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_county_once, db):  # type: ignore[no-untyped-def]
    return None


def test_linyi_has_nine_towns_and_five_townships(loaded):
    townships = Organisation.objects.filter(kind=OrganisationKind.TOWNSHIP_GOVERNMENT)
    names = [o.short_name for o in townships]
    assert len([n for n in names if n.endswith("镇")]) == 9
    assert len([n for n in names if n.endswith("乡")]) == 5
    assert Organisation.objects.filter(kind=OrganisationKind.TOWNSHIP_TEAM).count() == 14
    assert Organisation.objects.filter(kind=OrganisationKind.JUDICIAL_OFFICE).count() == 14
    for kind in ("public_security", "procuratorate", "court", "discipline_organ"):
        assert Organisation.objects.filter(kind=kind).exists()


def test_one_login_per_role(loaded):
    roles = {role for _, role, _ in DEMO_LOGINS}
    assert roles == set(Role.values)
    assert len(demo_logins()) == len(DEMO_LOGINS)


def test_officers_have_certificate_numbers(loaded):
    officers = User.objects.filter(roles__role=Role.OFFICER)
    assert officers.count() > 100
    assert not officers.filter(certificate_number="").exists()
    numbers = list(officers.values_list("certificate_number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_market_entities_have_valid_codes(loaded):
    # 80 generated entities plus the directory's own demo (natural persons, other
    # organisations, an import run).
    organisations = MarketEntity.objects.exclude(category="natural_person")
    assert organisations.count() >= 80
    for code in organisations.values_list("uscc", flat=True):
        assert uscc_error(code) is None, code
    for number in MarketEntity.objects.filter(category="natural_person").values_list(
        "id_number", flat=True
    ):
        assert id_number_error(number) is None, number


def test_loading_twice_is_refused_but_if_empty_is_quiet(loaded, capsys):
    from django.core.management.base import CommandError

    call_command("demo", "load", "--if-empty")
    assert "already loaded" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("demo", "load")


def test_demo_has_running_time_limits_and_document_templates(loaded):
    """R-1.1-20 obligations on the boards, and the standard templates registered."""
    from zhifa.deadlines.models import Obligation
    from zhifa.documents.models import DocumentTemplate

    assert Obligation.objects.filter(rule_id="R-1.1-20").count() == 24
    assert Obligation.objects.filter(fulfilled_at__isnull=False).exists()
    assert DocumentTemplate.objects.count() >= 3
