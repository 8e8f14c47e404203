"""The records list (R-1.3-16: only what the user may see) with its filters and keyset pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.records.constants import MediaKind, RecordStatus
from zhifa.records.models import Record
from zhifa.records.tests.test_access import stored_record

pytestmark = pytest.mark.django_db


def _titles(client, user, query=""):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("records:list") + query)
    assert response.status_code == 200
    return [r.title for r, _limit in response.context["rows"]]


def test_r_1_3_16_each_role_lists_only_the_records_it_may_see(client, world, case) -> None:  # type: ignore[no-untyped-def]
    stored_record(world, case)
    c = world.county
    seen = {
        "handler": world.o1,
        "head": world.head,
        "reviewer": world.reviewer,
        "archivist": world.archivist,
        "supervisor": world.supervisor,
    }
    unseen = {
        "officer not on the case": world.o3,
        "head of another unit": make_user(c.team_b, Role.UNIT_HEAD, username="l_head_b"),
        "county leader": make_user(c.gov, Role.COUNTY_LEADER, username="l_leader"),
        "sysadmin": make_user(c.gov, Role.SYSADMIN, username="l_admin"),
    }
    for who, user in seen.items():
        assert _titles(client, user) == ["现场检查现场 录像.mp4"], who
    for who, user in unseen.items():
        assert _titles(client, user) == [], who
    client.force_login(world.o3)
    assert "暂无您可以查看的记录" in client.get(reverse("records:list")).content.decode()


def test_filters_and_pages_with_constant_queries(
    client, world, case, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from zhifa.records.views_list import PAGE_SIZE

    stored_record(world, case, data=b"photo", media=MediaKind.PHOTO, name="a.jpg")
    Record.objects.filter(media=MediaKind.PHOTO).update(status=RecordStatus.AWAITING_FILE)
    assert _titles(client, world.head, "?status=awaiting_file") == ["现场检查a.jpg"]
    assert _titles(client, world.head, "?form=written") == []
    # Unknown filter values are explained, not a server error.
    response = client.get(reverse("records:list") + "?status=nonsense&after=x")
    assert response.status_code == 200 and response.context["form"].errors
    for n in range(PAGE_SIZE + 3):
        stored_record(world, case, data=f"video {n}".encode())
    with django_assert_max_num_queries(12):
        first = client.get(reverse("records:list"))
    rows = first.context["rows"]
    assert len(rows) == PAGE_SIZE and first.context["next_after"] == rows[-1][0].pk
    with django_assert_max_num_queries(12):
        second = client.get(reverse("records:list") + f"?after={first.context['next_after']}")
    assert len(second.context["rows"]) == 4  # the 3 extra videos and the photo
    assert not {r.pk for r, _ in rows} & {r.pk for r, _ in second.context["rows"]}
