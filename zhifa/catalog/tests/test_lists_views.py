"""List pages: a unit keeps its own lists; filing; the public random-inspection list (R-1.1-06)."""

from __future__ import annotations

from django.urls import reverse

from zhifa.catalog.constants import FilingStatus, UnitListKind
from zhifa.catalog.models import UnitListEntry, UnitListFiling
from zhifa.catalog.tests.test_lists import MAJOR, RANDOM

K = UnitListKind


def test_a_unit_edits_its_own_lists_and_not_anothers(client, people, county):
    client.force_login(people.head)
    url = reverse("catalog:list_entry_add", args=[county.dept.pk, K.RANDOM_INSPECTION])
    r = client.post(url, {**RANDOM, "inspecting_body": ""})
    assert r.status_code == 400 and "请填写" in r.content.decode()
    assert RANDOM["content"] in r.content.decode()  # input kept
    assert client.post(url, RANDOM).status_code == 302
    client.force_login(people.town_head)
    assert client.get(url).status_code == 404  # another unit is not even visible
    assert client.get(reverse("catalog:unit_lists", args=[county.dept.pk])).status_code == 404
    client.force_login(people.officer_a)
    r = client.get(reverse("catalog:lists"))
    assert r.status_code == 302  # straight to its township's lists
    r = client.get(r.url)
    assert r.status_code == 200 and 'data-testid="add-entry"' not in r.content.decode()
    assert (
        client.get(reverse("catalog:unit_lists", args=[county.dept.pk]) + "?kind=zzz").status_code
        == 404
    )


def test_r_1_1_06_public_random_inspection_list_follows_every_change(
    client, people, county, django_assert_max_num_queries
):
    """R-1.1-06: the public page shows the active entries and the date of the last change."""
    client.force_login(people.head)
    client.post(
        reverse("catalog:list_entry_add", args=[county.dept.pk, K.RANDOM_INSPECTION]), RANDOM
    )
    client.post(
        reverse("catalog:list_entry_add", args=[county.dept.pk, K.RANDOM_INSPECTION]),
        {**RANDOM, "name": "广告发布监督检查"},
    )
    client.logout()
    url = reverse("catalog:public_random_inspection", args=[county.dept.pk])
    with django_assert_max_num_queries(6):
        r = client.get(url)
    assert r.status_code == 200 and "广告发布监督检查" in r.content.decode()
    entry = UnitListEntry.objects.get(name="广告发布监督检查")
    client.force_login(people.head)
    assert client.post(reverse("catalog:list_entry_deactivate", args=[entry.pk])).status_code == 302
    client.logout()
    r = client.get(url)
    assert (
        "广告发布监督检查" not in r.content.decode()
        and "食品生产经营者监督检查" in r.content.decode()
    )
    assert (
        client.get(reverse("catalog:public_random_inspection", args=[county.town_b.pk])).status_code
        == 404
    )
    assert client.get(reverse("catalog:public_random_inspection_index")).status_code == 200


def test_r_1_4_08_filing_through_the_pages(client, people, county):
    """R-1.4-08: the unit files its major-decision list; the JB accepts it."""
    client.force_login(people.head)
    client.post(reverse("catalog:list_entry_add", args=[county.dept.pk, K.MAJOR_DECISION]), MAJOR)
    r = client.post(reverse("catalog:list_file", args=[county.dept.pk]))
    assert r.status_code == 302
    filing = UnitListFiling.objects.get()
    client.force_login(people.officer_b)
    assert client.get(reverse("catalog:filing_detail", args=[filing.pk])).status_code == 404
    client.force_login(people.head)
    r = client.post(reverse("catalog:filing_detail", args=[filing.pk]), {"decision": "accept"})
    assert r.status_code == 403
    client.force_login(people.supervisor)
    r = client.get(reverse("catalog:filings"))
    assert r.status_code == 200 and len(r.context["page"].object_list) == 1
    r = client.post(reverse("catalog:filing_detail", args=[filing.pk]), {"decision": "return"})
    assert r.status_code == 400 and "退回时请写明意见" in r.content.decode()
    r = client.post(reverse("catalog:filing_detail", args=[filing.pk]), {"decision": "accept"})
    assert r.status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.ACCEPTED


def test_entry_edit_page(client, people, county):
    client.force_login(people.head)
    client.post(reverse("catalog:list_entry_add", args=[county.dept.pk, K.MAJOR_DECISION]), MAJOR)
    e = UnitListEntry.objects.get()
    url = reverse("catalog:list_entry_edit", args=[e.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {**MAJOR, "amount_threshold": "abc"})
    assert r.status_code == 400 and "请输入数字金额" in r.content.decode()
    assert client.post(url, {**MAJOR, "name": "较大数额罚没款"}).status_code == 302
    e.refresh_from_db()
    assert e.name == "较大数额罚没款"


def test_list_and_filing_pages_query_counts(client, people, county, django_assert_max_num_queries):
    """No N+1 on the list, filing and queue pages."""
    client.force_login(people.head)
    for i in range(6):
        client.post(
            reverse("catalog:list_entry_add", args=[county.dept.pk, K.MAJOR_DECISION]),
            {**MAJOR, "name": f"事项{i}"},
        )
    client.post(reverse("catalog:list_file", args=[county.dept.pk]))
    client.force_login(people.supervisor)
    with django_assert_max_num_queries(14):
        r = client.get(
            reverse("catalog:unit_lists", args=[county.dept.pk]), {"kind": K.MAJOR_DECISION}
        )
    assert len(r.context["rows"]) == 6
    with django_assert_max_num_queries(10):
        assert client.get(reverse("catalog:filings")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("catalog:item_queue")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("catalog:public_subjects")).status_code == 200
