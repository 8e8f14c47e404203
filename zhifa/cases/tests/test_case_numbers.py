"""Case numbers (一案一号, R-1.9-04): sequential, per unit/year/kind, gap-free on rollback,
formatted in the unit's style, refused for bad input — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.db.transaction import TransactionManagementError

from zhifa.accounts.tests.factories import OrganisationFactory
from zhifa.cases.models import CaseNumberSequence
from zhifa.cases.services.numbering import (
    CaseNumber,
    case_number_allocate,
    case_number_format,
    case_number_prefix,
)
from zhifa.catalog.constants import ItemType
from zhifa.core.errors import DomainError


@pytest.fixture
def units(county):  # type: ignore[no-untyped-def]
    county.dept.document_prefix = "临猗市监罚"
    county.dept.save(update_fields=["document_prefix"])
    county.team_a.document_prefix = "猗氏镇执罚"
    county.team_a.save(update_fields=["document_prefix"])
    return county


def test_r_1_9_04_sequential_allocation_gives_1_2_3(units) -> None:  # type: ignore[no-untyped-def]
    serials = [case_number_allocate(organisation=units.dept, year=2026).serial for _ in range(3)]
    assert serials == [1, 2, 3]
    seq = CaseNumberSequence.objects.get()
    assert (seq.organisation_id, seq.year, seq.kind, seq.last) == (
        units.dept.pk,
        2026,
        ItemType.PENALTY,
        3,
    )


def test_r_1_9_04_number_text_in_the_units_format(units) -> None:  # type: ignore[no-untyped-def]
    for _ in range(11):
        case_number_allocate(organisation=units.dept, year=2026)
    number = case_number_allocate(organisation=units.dept, year=2026)
    assert number == CaseNumber(
        prefix="临猗市监罚", year=2026, serial=12, text="临猗市监罚〔2026〕12号"
    )
    assert str(number) == "临猗市监罚〔2026〕12号"
    assert case_number_format(prefix="猗氏镇执罚", year=2027, serial=1) == "猗氏镇执罚〔2027〕1号"


def test_r_1_9_04_the_number_is_frozen(units) -> None:  # type: ignore[no-untyped-def]
    number = case_number_allocate(organisation=units.dept, year=2026)
    with pytest.raises(AttributeError):
        number.serial = 5  # type: ignore[misc]


def test_r_1_9_04_separate_sequences_per_unit_year_and_kind(units) -> None:  # type: ignore[no-untyped-def]
    a1 = case_number_allocate(organisation=units.dept, year=2026)
    a2 = case_number_allocate(organisation=units.dept, year=2026)
    team = case_number_allocate(organisation=units.team_a, year=2026)
    next_year = case_number_allocate(organisation=units.dept, year=2027)
    permit = case_number_allocate(organisation=units.dept, year=2026, kind=ItemType.PERMIT)
    a3 = case_number_allocate(organisation=units.dept, year=2026)
    assert [a1.text, a2.text, a3.text] == [
        "临猗市监罚〔2026〕1号",
        "临猗市监罚〔2026〕2号",
        "临猗市监罚〔2026〕3号",
    ]
    assert team.text == "猗氏镇执罚〔2026〕1号"
    assert next_year.text == "临猗市监罚〔2027〕1号"
    assert permit.text == "临猗市监许〔2026〕1号"
    assert CaseNumberSequence.objects.count() == 4


def test_r_1_9_04_each_kind_has_its_own_mark_so_numbers_never_read_the_same(units) -> None:  # type: ignore[no-untyped-def]
    texts = {
        case_number_allocate(organisation=units.dept, year=2026, kind=kind).text
        for kind in ItemType.values
    }
    assert len(texts) == len(ItemType.values)
    assert case_number_prefix(organisation=units.dept, kind=ItemType.COERCION) == "临猗市监强"
    # A prefix without a final 罚 is the penalty prefix as is; other kinds append their mark.
    plain = OrganisationFactory(document_prefix="临猗农")
    assert case_number_prefix(organisation=plain) == "临猗农"
    assert case_number_prefix(organisation=plain, kind=ItemType.PERMIT) == "临猗农许"


def test_r_1_9_04_a_rolled_back_filing_gives_its_number_back(units) -> None:  # type: ignore[no-untyped-def]
    assert case_number_allocate(organisation=units.dept, year=2026).serial == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert case_number_allocate(organisation=units.dept, year=2026).serial == 2
        raise RuntimeError("the filing failed after taking its number")
    assert case_number_allocate(organisation=units.dept, year=2026).serial == 2
    # Also the very first number of a sequence (the row is created then rolled back).
    with pytest.raises(RuntimeError), transaction.atomic():
        assert case_number_allocate(organisation=units.team_a, year=2026).serial == 1
        raise RuntimeError("rolled back")
    assert not CaseNumberSequence.objects.filter(organisation=units.team_a).exists()
    assert case_number_allocate(organisation=units.team_a, year=2026).serial == 1


def test_r_1_9_04_year_defaults_to_the_county_year_not_utc(units) -> None:  # type: ignore[no-untyped-def]
    # 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Shanghai.
    with time_machine.travel(dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC), tick=False):
        number = case_number_allocate(organisation=units.dept)
    assert number.text == "临猗市监罚〔2027〕1号"


def test_r_1_9_04_unit_without_document_prefix_is_refused(units) -> None:  # type: ignore[no-untyped-def]
    units.team_b.document_prefix = "  "
    with pytest.raises(DomainError) as exc:
        case_number_allocate(organisation=units.team_b, year=2026)
    assert exc.value.code == "no_document_prefix"
    assert exc.value.field == "organisation"
    assert "单位未设置文号前缀" in exc.value.message
    assert not CaseNumberSequence.objects.exists()


def test_r_1_9_04_unsaved_missing_or_inactive_unit_is_refused(units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        case_number_allocate(organisation=None, year=2026)  # type: ignore[arg-type]
    assert exc.value.code == "no_organisation"
    unsaved = OrganisationFactory.build(document_prefix="临猗某罚")
    with pytest.raises(DomainError) as exc:
        case_number_allocate(organisation=unsaved, year=2026)
    assert exc.value.code == "no_organisation"
    units.dept.is_active = False
    with pytest.raises(DomainError) as exc:
        case_number_allocate(organisation=units.dept, year=2026)
    assert exc.value.code == "organisation_inactive"
    assert "已停用" in exc.value.message
    assert not CaseNumberSequence.objects.exists()


@pytest.mark.parametrize("year", [1999, 2101, 0, -2026, 20266, "2026", 2026.0, True])
def test_r_1_9_04_implausible_year_is_refused(units, year) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        case_number_allocate(organisation=units.dept, year=year)
    assert (exc.value.code, exc.value.field) == ("invalid_year", "year")
    assert "年度" in exc.value.message


def test_r_1_9_04_year_bounds_are_accepted(units) -> None:  # type: ignore[no-untyped-def]
    assert case_number_allocate(organisation=units.dept, year=2000).text == "临猗市监罚〔2000〕1号"
    assert case_number_allocate(organisation=units.dept, year=2100).text == "临猗市监罚〔2100〕1号"


@pytest.mark.parametrize("kind", ["", "罚", "PENALTY", "penalty ", None])
def test_r_1_9_04_unknown_kind_is_refused(units, kind) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        case_number_allocate(organisation=units.dept, year=2026, kind=kind)
    assert (exc.value.code, exc.value.field) == ("invalid_kind", "kind")


def test_r_1_9_04_the_database_refuses_a_second_sequence_for_the_same_key(units) -> None:  # type: ignore[no-untyped-def]
    CaseNumberSequence.objects.create(organisation=units.dept, year=2026, kind=ItemType.PENALTY)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseNumberSequence.objects.create(organisation=units.dept, year=2026, kind=ItemType.PENALTY)


def test_r_1_9_04_allocation_is_one_query(units, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    case_number_allocate(organisation=units.dept, year=2026)
    with django_assert_num_queries(1):
        case_number_allocate(organisation=units.dept, year=2026)


@pytest.mark.django_db(transaction=True)
def test_r_1_9_04_refused_outside_a_transaction(county) -> None:  # type: ignore[no-untyped-def]
    """In autocommit the number would be consumed even if the filing then failed (a gap)."""
    county.dept.document_prefix = "临猗市监罚"
    county.dept.save(update_fields=["document_prefix"])
    with pytest.raises(TransactionManagementError):
        case_number_allocate(organisation=county.dept, year=2026)
    assert not CaseNumberSequence.objects.exists()
    with transaction.atomic():
        assert case_number_allocate(organisation=county.dept, year=2026).serial == 1


def test_r_1_9_04_admin_shows_sequences_read_only(admin_client, units) -> None:  # type: ignore[no-untyped-def]
    """Only the allocator moves a sequence: the admin may look, not add, change or delete."""
    from django.urls import reverse

    case_number_allocate(organisation=units.dept, year=2026)
    seq = CaseNumberSequence.objects.get()
    response = admin_client.get(reverse("admin:cases_casenumbersequence_changelist"))
    assert response.status_code == 200
    assert units.dept.name in response.content.decode()
    assert admin_client.get(reverse("admin:cases_casenumbersequence_add")).status_code == 403
    change_url = reverse("admin:cases_casenumbersequence_change", args=[seq.pk])
    assert admin_client.get(change_url).status_code == 200
    admin_client.post(change_url, {"last": 99})
    delete_url = reverse("admin:cases_casenumbersequence_delete", args=[seq.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    seq.refresh_from_db()
    assert seq.last == 1
