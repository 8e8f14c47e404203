"""The Justice Bureau's supervision flags (R-1.3-19): mandatory-AV steps without AV, AV stored
late or overdue (R-1.3-13/14), files missing or altered, approved releases — per unit, in a
constant number of queries, for supervisors (every unit) and heads (their unit and below)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhifa.cases.constants import FieldActionKind
from zhifa.cases.models import FieldAction
from zhifa.core import clock
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.services import obligation_fulfil_for, obligation_open
from zhifa.records.services.releases import release_decide, release_request
from zhifa.records.services.verify import records_verify, supervision_flags
from zhifa.records.tests.test_access import alter_on_disk, stored_record

pytestmark = pytest.mark.django_db


def seizure_without_av(world, case) -> FieldAction:  # type: ignore[no-untyped-def]
    at = clock.now() - dt.timedelta(days=3)
    return FieldAction.objects.create(
        case=case,
        kind=FieldActionKind.SEIZE,
        started_at=at,
        ended_at=at + dt.timedelta(hours=1),
        place="示例超市仓库",
        certificate_shown=True,
        party_informed=True,
        record="扣押过期牛奶12盒。",
        recorded_by=world.o1,
        recorded_at=at,
    )


def flagged_world(world, case) -> dict:  # type: ignore[no-untyped-def]
    step = seizure_without_av(world, case)
    late = stored_record(world, case, data=b"late")
    obligation_open(
        rule_id="R-1.3-13",
        subject=late.record,
        organisation=world.dept,
        start_at=clock.now() - dt.timedelta(days=20),
    )
    late_ob = obligation_fulfil_for(subject=late.record, rule_id="R-1.3-13", actor=world.o1)
    assert late_ob is not None and late_ob.state == ObligationState.FULFILLED_LATE
    overdue = stored_record(world, case, data=b"overdue")
    overdue_ob = obligation_open(
        rule_id="R-1.3-13",
        subject=overdue.record,
        organisation=world.dept,
        start_at=clock.now() - dt.timedelta(days=20),
    )
    overdue_ob.state = ObligationState.OVERDUE  # as the deadline scan leaves it
    overdue_ob.save(update_fields=["state"])
    bad = stored_record(world, case, data=b"altered later")
    alter_on_disk(bad)
    records_verify()
    release = release_request(
        actor=world.o1, kind="export", recipient="县法院", purpose="举证", records=[bad.record]
    )
    release_decide(release=release, actor=world.head, approve=True)
    return {"step": step, "late": late, "overdue": overdue, "bad": bad, "release": release}


def test_r_1_3_19_the_page_lists_every_kind_of_flag(client, world, case) -> None:  # type: ignore[no-untyped-def]
    made = flagged_world(world, case)
    client.force_login(world.supervisor)
    resp = client.get(reverse("records:supervision"))
    assert resp.status_code == 200
    flags = resp.context["flags"]
    assert [fa.pk for fa in flags.missing_av_steps] == [made["step"].pk]
    assert {o.record.pk for o in flags.late_storage} == {
        made["late"].record_id,
        made["overdue"].record_id,
    }
    assert [rf.pk for rf in flags.bad_files] == [made["bad"].pk]
    assert [r.pk for r in flags.releases] == [made["release"].pk]
    (unit,) = flags.units
    assert unit.organisation == world.dept
    assert (unit.missing_av, unit.late_storage, unit.bad_files, unit.releases) == (1, 2, 1, 1)
    text = resp.content.decode()
    for needle in ("扣押", "逾期完成", "已逾期", "内容被改动", "县法院"):
        assert needle in text, needle


def test_r_1_3_19_a_file_checked_good_again_is_no_longer_flagged(world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    path_data = alter_on_disk(rf)
    assert path_data is None
    records_verify()
    assert [r.pk for r in supervision_flags(user=world.supervisor).bad_files] == [rf.pk]
    alter_on_disk(rf)  # flipping the same byte back restores the original
    records_verify()
    assert supervision_flags(user=world.supervisor).bad_files == []


def test_r_1_3_19_heads_see_their_units_and_others_are_refused(client, world, case) -> None:  # type: ignore[no-untyped-def]
    flagged_world(world, case)
    town_head = world.people.town_head
    assert supervision_flags(user=town_head).units == []
    assert supervision_flags(user=town_head).bad_files == []
    assert len(supervision_flags(user=world.head).bad_files) == 1
    for user in (world.o1, world.reviewer, world.archivist, world.people.officer_a):
        client.force_login(user)
        assert client.get(reverse("records:supervision")).status_code == 403


def test_r_1_3_19_the_page_has_a_constant_query_count(
    client, world, case, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    flagged_world(world, case)
    client.force_login(world.supervisor)
    with django_assert_max_num_queries(30) as first:
        client.get(reverse("records:supervision"))
    seizure_without_av(world, case)
    extra = stored_record(world, case, data=b"another altered")
    alter_on_disk(extra)
    records_verify()
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("records:supervision"))
