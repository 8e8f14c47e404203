"""Directory services, permissions and selectors (R-1.1-02, R-1.1-10)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.identifiers import uscc_check_char
from zhifa.ledger.models import LedgerEntry
from zhifa.subjects import permissions, selectors, services
from zhifa.subjects.constants import EntityCategory, EntityFlag
from zhifa.subjects.models import MarketEntity
from zhifa.subjects.selectors import EntityFilters
from zhifa.subjects.tests.factories import MarketEntityFactory

pytestmark = pytest.mark.django_db


def _data(code: str, **extra):  # type: ignore[no-untyped-def]
    return {"name": "临猗县果品贸易有限公司", "uscc": code, "category": "enterprise", **extra}


def test_r_1_1_02_entity_create_records_the_fields_and_ledgers(people, county, codes):
    """R-1.1-02: an entity is created with its directory fields, with a ledger entry."""
    entity = services.entity_create(
        actor=people.dept_officer,
        data=_data(
            codes(),
            legal_representative="王建国",
            person_in_charge="李红",
            address="临猗县猗氏镇",
            qualification="二级",
            township=county.town_a,
        ),
    )
    assert entity.pk and entity.qualification == "二级" and entity.township == county.town_a
    entry = LedgerEntry.objects.get(action="subjects.entity.create")
    assert entry.subject_id == str(entity.pk)


def test_a_wrong_check_digit_names_the_right_one(people, codes):
    code = codes()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        services.entity_create(actor=people.dept_officer, data=_data(wrong))
    assert exc.value.field == "uscc"
    assert f"校验位错误，应为 {uscc_check_char(code[:17])}" in exc.value.message


@pytest.mark.parametrize(
    ("code", "words"),
    [("91140821MA0", "18位"), ("91140821MA0ZZZZZZI", "不允许的字符"), ("", "请填写")],
)
def test_bad_credit_codes_are_refused_in_chinese(people, code, words):
    with pytest.raises(DomainError) as exc:
        services.entity_create(actor=people.dept_officer, data=_data(code))
    assert words in exc.value.message


def test_full_width_and_lower_case_codes_are_normalised(people, codes):
    code = codes()
    typed = " " + code.lower().translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    entity = services.entity_create(actor=people.dept_officer, data=_data(typed))
    assert entity.uscc == code


def test_duplicate_credit_code_is_refused(people, codes):
    code = codes()
    services.entity_create(actor=people.dept_officer, data=_data(code))
    with pytest.raises(DomainError) as exc:
        services.entity_create(actor=people.dept_officer, data=_data(code, name="另一家"))
    assert "已登记" in exc.value.message


def test_natural_person_needs_a_valid_id_number(people, id_numbers):
    number = id_numbers()
    person = services.entity_create(
        actor=people.supervisor,
        data={"name": "王五", "category": "natural_person", "id_number": number},
    )
    assert person.uscc is None and person.id_number == number and person.is_natural_person
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        services.entity_create(
            actor=people.supervisor,
            data={"name": "赵六", "category": "natural_person", "id_number": bad},
        )
    assert "身份证号校验位错误，应为" in exc.value.message
    # the ledger holds the ID number masked
    entry = LedgerEntry.objects.get(action="subjects.entity.create", subject_id=str(person.pk))
    assert number not in str(entry.payload)


def test_database_refuses_an_organisation_without_a_credit_code(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        MarketEntity.objects.create(name="无代码", category=EntityCategory.ENTERPRISE)


def test_database_refuses_a_natural_person_with_a_credit_code(codes, id_numbers):
    with pytest.raises(IntegrityError), transaction.atomic():
        MarketEntity.objects.create(
            name="王五",
            category=EntityCategory.NATURAL_PERSON,
            uscc=codes(),
            id_number=id_numbers(),
        )


def test_update_writes_only_changes_and_ledgers_them(people, codes):
    entity = services.entity_create(actor=people.dept_officer, data=_data(codes()))
    services.entity_update(actor=people.dept_officer, entity=entity, data={"name": entity.name})
    assert not LedgerEntry.objects.filter(action="subjects.entity.update").exists()
    services.entity_update(
        actor=people.dept_officer,
        entity=entity,
        data={"phone": "0359-4000000", "status": "revoked"},
    )
    entry = LedgerEntry.objects.get(action="subjects.entity.update")
    assert entity.status == "revoked"
    assert "0359-4000000" in str(entry.payload)


# --- R-1.1-10 flags ----------------------------------------------------------------------------
@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC), tick=False)
def test_r_1_1_10_flags_raise_the_inspection_intensity(people, codes):
    """R-1.1-10: abnormal list (with date), serious violation, higher-level requirement and many
    complaints each raise the intensity indicator; clearing them lowers it."""
    entity = services.entity_create(actor=people.dept_officer, data=_data(codes()))
    assert not entity.raises_intensity
    services.entity_flag_set(
        actor=people.dept_officer, entity=entity, flag=EntityFlag.ABNORMAL, on=True
    )
    assert entity.abnormal_listed_on == dt.date(2026, 5, 6) and entity.raises_intensity
    assert entity.intensity_reasons == ["列入经营异常名录"]
    services.entity_flag_set(
        actor=people.dept_officer, entity=entity, flag=EntityFlag.ABNORMAL, on=False
    )
    assert entity.abnormal_listed_on is None and not entity.raises_intensity
    services.entity_flag_set(
        actor=people.dept_officer, entity=entity, flag=EntityFlag.SERIOUS_VIOLATION, on=True
    )
    assert entity.raises_intensity
    services.entity_flag_set(
        actor=people.dept_officer, entity=entity, flag=EntityFlag.SERIOUS_VIOLATION, on=False
    )
    services.entity_flag_set(
        actor=people.dept_officer,
        entity=entity,
        flag=EntityFlag.HIGHER_LEVEL,
        on=True,
        note="运城市市场监管局2026年第3号文",
    )
    assert entity.raises_intensity and entity.flag_note.startswith("运城市")
    assert LedgerEntry.objects.filter(action="subjects.entity.flag").count() == 5
    flagged = selectors.entity_list_for_user(
        user=people.officer_a, filters=EntityFilters(flag="intensity")
    )
    assert list(flagged) == [entity]


@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC), tick=False)
def test_r_1_1_10_abnormal_list_date_cannot_be_in_the_future(people, codes):
    """R-1.1-10: the date of listing on the abnormal-operation list is recorded, not invented."""
    entity = services.entity_create(actor=people.dept_officer, data=_data(codes()))
    with pytest.raises(DomainError):
        services.entity_flag_set(
            actor=people.dept_officer,
            entity=entity,
            flag=EntityFlag.ABNORMAL,
            on=True,
            listed_on=dt.date(2026, 6, 1),
        )


def test_r_1_1_10_complaint_counter_reaches_the_threshold(people, codes, settings):
    """R-1.1-10: "投诉举报多" — the counter kept by the service raises the indicator at the
    configured threshold (default 3); it never falls below zero."""
    entity = services.entity_create(actor=people.dept_officer, data=_data(codes()))
    for _ in range(2):
        services.entity_complaint_count_add(entity=entity, source="投诉2026-001")
    assert entity.complaint_count == 2 and not entity.raises_intensity
    services.entity_complaint_count_add(entity=entity)
    entity.refresh_from_db()
    assert entity.complaint_count == 3 and entity.raises_intensity
    settings.ZHIFA_SUBJECTS_COMPLAINTS_THRESHOLD = 5
    assert not entity.raises_intensity
    services.entity_complaint_count_add(entity=entity, delta=-10)
    entity.refresh_from_db()
    assert entity.complaint_count == 0
    assert LedgerEntry.objects.filter(action="subjects.entity.complaints").count() == 4


# --- who may read and change --------------------------------------------------------------------
def test_readers_and_outside_bodies(people, county):
    from zhifa.accounts.constants import Role
    from zhifa.accounts.tests.factories import make_user

    MarketEntityFactory(township=county.town_a)
    MarketEntityFactory(township=county.town_b)
    for user in (
        people.officer_a,
        people.officer_b,
        people.dept_officer,
        people.archivist,
        people.supervisor,
        people.leader,
        people.town_head,
    ):
        assert selectors.entity_list_for_user(user=user).count() == 2, user
    police = make_user(county.police, Role.OFFICER, username="police_officer")
    assert selectors.entity_list_for_user(user=police).count() == 0
    assert not permissions.can_read_directory(police)


def test_edit_rights_per_role(people, county):
    town_a_entity = MarketEntityFactory(township=county.town_a)
    town_b_entity = MarketEntityFactory(township=county.town_b)
    no_town = MarketEntityFactory(township=None)
    can = permissions.can_edit_entity
    # township team and township head: their own township only
    assert can(people.officer_a, town_a_entity)
    assert not can(people.officer_a, town_b_entity) and not can(people.officer_a, no_town)
    assert can(people.town_head, town_a_entity) and not can(people.town_head, town_b_entity)
    assert can(people.officer_b, town_b_entity) and not can(people.officer_b, town_a_entity)
    # county department officer and head, JB supervisor and admin: everything
    for user in (people.dept_officer, people.head, people.supervisor, people.admin):
        assert all(can(user, e) for e in (town_a_entity, town_b_entity, no_town)), user
    # reviewers, archivists, county leaders read only
    for user in (people.reviewer, people.archivist, people.leader):
        assert not permissions.can_edit_directory(user) and not can(user, town_a_entity), user


def test_township_officer_cannot_change_another_townships_entity(people, county):
    entity = MarketEntityFactory(township=county.town_b)
    with pytest.raises(PermissionDenied):
        services.entity_update(actor=people.officer_a, entity=entity, data={"phone": "1"})
    with pytest.raises(PermissionDenied):
        services.entity_flag_set(actor=people.officer_a, entity=entity, flag="abnormal", on=True)


def test_township_officer_creates_in_own_township_only(people, county, codes):
    entity = services.entity_create(actor=people.officer_a, data=_data(codes()))
    assert entity.township == county.town_a
    with pytest.raises(PermissionDenied):
        services.entity_create(actor=people.officer_a, data=_data(codes(), township=county.town_b))
    with pytest.raises(PermissionDenied):
        services.entity_update(
            actor=people.officer_a, entity=entity, data={"township": county.town_b}
        )


def test_reviewer_may_not_create(people, codes):
    with pytest.raises(PermissionDenied):
        services.entity_create(actor=people.reviewer, data=_data(codes()))


def test_search_by_name_and_code_prefix(people, county, codes):
    a = MarketEntityFactory(name="临猗县苹果专业合作社", township=county.town_a)
    b = MarketEntityFactory(name="临猗县五金店")
    user = people.officer_a
    assert list(selectors.entity_list_for_user(user=user, filters=EntityFilters(q="苹果"))) == [a]
    assert list(
        selectors.entity_list_for_user(user=user, filters=EntityFilters(q=b.uscc[:10].lower()))
    ) == [b]
    assert list(
        selectors.entity_list_for_user(
            user=user, filters=EntityFilters(township_id=county.town_a.pk)
        )
    ) == [a]


def test_entity_get_by_code_for_other_modules(people, codes):
    entity = MarketEntityFactory()
    assert selectors.entity_get_by_code(user=people.officer_a, code=entity.uscc.lower()) == entity
    assert selectors.entity_get_by_code(user=people.officer_a, code="nothing") is None
