"""Catalogue pages: staff catalogue, item detail and actions per role, proposals with errors kept,
the queue, the import; the public catalogue; query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhifa.catalog.constants import ChangeKind, ChangeTrigger, VersionStatus
from zhifa.catalog.models import EnforcementItem, EnforcementType, ItemVersion
from zhifa.catalog.services.items import item_propose
from zhifa.catalog.tests.test_items import _xlsx, elements, publish_item

D = dt.date


@pytest.fixture
def catalogue(county, people):  # type: ignore[no-untyped-def]
    """Five published items of township A, one of the department, one pending proposal of B."""
    jb = people.supervisor
    a = [
        publish_item(county.town_a, people.town_head, jb, name=f"猗氏镇事项{i}", code=f"YS-{i:03d}")
        for i in range(5)
    ]
    dept = publish_item(
        county.dept,
        people.head,
        jb,
        name="对无照经营的处罚",
        enforcement_type=EnforcementType.objects.get(code="market"),
    )
    pending = item_propose(
        organisation=county.town_b,
        actor=jb,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(name="嵋阳镇待审事项"),
    )
    return type("C", (), {"a": a, "dept": dept, "pending": pending})


def test_catalogue_needs_login(client):
    assert client.get(reverse("catalog:items")).status_code == 302


def test_staff_read_the_published_catalogue_with_filters(client, people, catalogue, county):
    client.force_login(people.officer_b)
    r = client.get(reverse("catalog:items"), {"unit": county.town_a.pk})
    assert r.status_code == 200
    html = r.content.decode()
    assert "猗氏镇事项0" in html and "对无照经营的处罚" not in html
    assert "提出新增事项" not in html  # officer B cannot propose for town A
    r = client.get(reverse("catalog:items"), {"unit": "", "enforcement_type": "market"})
    assert [v.name for v in r.context["page"].object_list] == ["对无照经营的处罚"]
    assert client.get(reverse("catalog:items"), {"on_date": "2025-13-45"}).status_code == 400
    assert client.get(reverse("catalog:items"), {"unit": "abc"}).status_code == 400


def test_catalogue_page_query_count_does_not_grow(
    client, people, catalogue, county, django_assert_max_num_queries
):
    """No N+1: the page's query count does not depend on the number of items."""
    client.force_login(people.supervisor)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("catalog:items"), {"unit": ""})
    assert len(r.context["page"].object_list) == 6
    for i in range(5, 15):
        publish_item(county.town_a, people.town_head, people.supervisor, code=f"YS-{i:03d}")
    with django_assert_max_num_queries(12):
        client.get(reverse("catalog:items"), {"unit": ""})


def test_a_pending_addition_is_seen_only_by_its_unit_and_the_jb(client, people, catalogue, county):
    url = reverse("catalog:item_detail", args=[catalogue.pending.item_id])
    client.force_login(people.officer_a)
    assert client.get(url).status_code == 404
    client.force_login(people.officer_b)
    assert client.get(url).status_code == 200
    client.force_login(people.supervisor)
    r = client.get(url)
    assert r.status_code == 200 and "县司法局审核" in r.content.decode()


def test_r_1_8_06_the_flow_through_the_pages(client, people, catalogue):
    """R-1.8-06 through the UI: review, approve, publish, each form shown to its role only."""
    v = catalogue.pending
    detail = reverse("catalog:item_detail", args=[v.item_id])
    client.force_login(people.officer_b)
    assert 'data-testid="action-review"' not in client.get(detail).content.decode()
    r = client.post(reverse("catalog:version_action", args=[v.pk, "review"]), {"decision": "pass"})
    assert r.status_code == 403
    client.force_login(people.supervisor)
    r = client.post(
        reverse("catalog:version_action", args=[v.pk, "review"]),
        {"decision": "reject", "opinion": ""},
    )
    assert r.status_code == 400 and "不予通过时请写明审核意见" in r.content.decode()
    r = client.post(reverse("catalog:version_action", args=[v.pk, "review"]), {"decision": "pass"})
    assert r.status_code == 302
    client.force_login(people.leader)
    r = client.post(
        reverse("catalog:version_action", args=[v.pk, "approve"]),
        {"decision": "approve", "document_number": ""},
    )
    assert r.status_code == 400 and "文号" in r.content.decode()
    r = client.post(
        reverse("catalog:version_action", args=[v.pk, "approve"]),
        {"decision": "approve", "document_number": "临政函〔2025〕8号"},
    )
    assert r.status_code == 302
    client.force_login(people.supervisor)
    r = client.post(
        reverse("catalog:version_action", args=[v.pk, "publish"]), {"effective_from": "bad"}
    )
    assert r.status_code == 400 and "日期格式" in r.content.decode()
    r = client.post(
        reverse("catalog:version_action", args=[v.pk, "publish"]),
        {"effective_from": "2025-07-01"},
    )
    assert r.status_code == 302
    v.refresh_from_db()
    assert v.status == VersionStatus.PUBLISHED and v.effective_from == D(2025, 7, 1)
    # a second publish of the same version is a clear 400, never a 500
    r = client.post(
        reverse("catalog:version_action", args=[v.pk, "publish"]),
        {"effective_from": "2025-07-01"},
    )
    assert r.status_code == 400
    assert client.post(reverse("catalog:version_action", args=[v.pk, "dance"])).status_code == 404


def test_r_1_5_15_the_proposal_form_keeps_input_and_requires_a_time_limit(client, people, county):
    """R-1.5-15 in the form: an empty time limit is refused with the reason; input is kept."""
    client.force_login(people.town_head)
    url = reverse("catalog:item_propose") + f"?unit={county.town_a.pk}"
    assert client.get(url).status_code == 200
    data = {
        "unit": county.town_a.pk,
        "change_trigger": ChangeTrigger.INITIAL,
        "name": "对秸秆露天焚烧的处罚",
        "item_type": "penalty",
        "enforcement_type": EnforcementType.objects.get(code="township").pk,
        "legal_basis": "《中华人民共和国大气污染防治法》第一百一十九条",
        "implementing_subject": "猗氏镇人民政府",
        "time_limit": "",
    }
    r = client.post(url, data)
    assert r.status_code == 400
    html = r.content.decode()
    assert "办理时限不能为空" in html and "对秸秆露天焚烧的处罚" in html
    data["time_limit"] = "立案之日起九十日内"
    r = client.post(url, data)
    assert r.status_code == 302
    assert ItemVersion.objects.get(name="对秸秆露天焚烧的处罚").status == VersionStatus.PROPOSED
    # another township's head may not open the form for town A
    client.force_login(people.officer_b)
    assert client.get(url).status_code == 403
    assert client.get(reverse("catalog:item_propose") + "?unit=999999").status_code == 404


def test_change_and_delete_proposals_through_the_pages(client, people, catalogue):
    v = catalogue.a[0]
    client.force_login(people.town_head)
    r = client.get(reverse("catalog:item_propose_change", args=[v.item_id, "change"]))
    assert r.status_code == 200 and "猗氏镇事项0" in r.content.decode()
    r = client.post(
        reverse("catalog:item_propose_change", args=[v.item_id, "delete"]),
        {"change_trigger": ChangeTrigger.LAW_CHANGED, "change_reason": "上位法废止"},
    )
    assert r.status_code == 302
    assert ItemVersion.objects.filter(item_id=v.item_id, change_kind=ChangeKind.DELETE).exists()
    r = client.post(
        reverse("catalog:item_propose_change", args=[v.item_id, "delete"]),
        {"change_trigger": ChangeTrigger.LAW_CHANGED, "change_reason": "再次"},
    )
    assert r.status_code == 400 and "尚未办结" in r.content.decode()
    assert (
        client.get(reverse("catalog:item_propose_change", args=[v.item_id, "zap"])).status_code
        == 404
    )


def test_queue_counts_and_scope(client, people, catalogue):
    client.force_login(people.supervisor)
    r = client.get(reverse("catalog:item_queue"))
    assert r.status_code == 200
    assert 'data-testid="count-proposed">1<' in r.content.decode()
    client.force_login(people.officer_a)
    r = client.get(reverse("catalog:item_queue"))
    assert list(r.context["page"].object_list) == []


def test_import_page_reports_bad_rows(client, people, county):
    """Bulk import through the page: the report lists rows and reasons (R-1.5-15)."""
    client.force_login(people.town_head)
    assert client.get(reverse("catalog:item_import")).status_code == 403
    client.force_login(people.supervisor)
    data = _xlsx(
        [
            [
                "",
                "对违法建设的处罚",
                "行政处罚",
                "township",
                "《城乡规划法》",
                "镇政府",
                "",
                "",
                "九十日",
                "",
                "",
                "",
            ],
            [
                "",
                "对占道经营的处罚",
                "行政处罚",
                "township",
                "《条例》",
                "镇政府",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ]
    )
    r = client.post(
        reverse("catalog:item_import"),
        {
            "unit": county.town_a.pk,
            "approval_document": "临政发〔2023〕15号",
            "effective_from": "2023-06-01",
            "file": SimpleUploadedFile("c.xlsx", data),
        },
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "第3行" in html and "R-1.5-15" in html
    assert EnforcementItem.objects.filter(organisation=county.town_a).count() == 1
    r = client.post(
        reverse("catalog:item_import"),
        {
            "unit": county.town_a.pk,
            "approval_document": "x",
            "effective_from": "2023-06-01",
            "file": SimpleUploadedFile("c.csv", b"a,b"),
        },
    )
    assert r.status_code == 400 and ".xlsx" in r.content.decode()
    r = client.get(reverse("catalog:item_import_template"))
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_public_catalogue_and_item_pages(client, catalogue, county, django_assert_max_num_queries):
    """Public pages (R-1.2-08 (2)(4)(5)): the catalogue in force, per unit and type; an item's
    basis, conditions, procedure, time limit and remedies; pending proposals are not public."""
    with django_assert_max_num_queries(8):
        r = client.get(reverse("catalog:public_catalogue"), {"unit": county.town_a.pk})
    assert r.status_code == 200
    html = r.content.decode()
    assert "猗氏镇事项0" in html and "嵋阳镇待审事项" not in html
    r = client.get(reverse("catalog:public_catalogue"), {"type": "permit"})
    assert list(r.context["page"].object_list) == []
    assert client.get(reverse("catalog:public_catalogue"), {"unit": "x"}).status_code == 404
    r = client.get(reverse("catalog:public_item", args=[catalogue.a[0].item_id]))
    html = r.content.decode()
    assert r.status_code == 200
    for text in ("设立依据", "实施程序", "办理时限", "救济途径", "立案之日起九十日内"):
        assert text in html
    assert (
        client.get(reverse("catalog:public_item", args=[catalogue.pending.item_id])).status_code
        == 404
    )
    r = client.get(reverse("catalog:public_changes"))
    assert r.status_code == 200 and "临政函〔2025〕1号" in r.content.decode()


def test_the_proposing_unit_withdraws_through_the_page(client, people, county):
    """R-1.8-06: the proposing unit may withdraw before the government decides."""
    from zhifa.catalog.services.items import item_propose as propose

    v = propose(
        organisation=county.town_a,
        actor=people.town_head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    client.force_login(people.town_head)
    detail = client.get(reverse("catalog:item_detail", args=[v.item_id])).content.decode()
    assert 'data-testid="action-withdraw"' in detail and 'data-testid="action-review"' not in detail
    url = reverse("catalog:version_action", args=[v.pk, "withdraw"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "重新梳理依据"}).status_code == 302
    v.refresh_from_db()
    assert v.status == VersionStatus.WITHDRAWN


def test_review_opinions_stay_off_the_public_item_page(client, people, county):
    from zhifa.catalog.services.items import (
        item_version_approve,
        item_version_publish,
        item_version_review,
    )

    v = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    v = item_version_review(version=v, actor=people.supervisor, passed=True, opinion="内部意见甲")
    v = item_version_approve(version=v, actor=people.supervisor, document_number="临政函1号")
    item_version_publish(version=v, actor=people.supervisor, effective_from=D(2025, 1, 6))
    public = client.get(reverse("catalog:public_item", args=[v.item_id])).content.decode()
    assert "内部意见甲" not in public and "临政函1号" in public
    client.force_login(people.town_head)
    staff = client.get(reverse("catalog:item_detail", args=[v.item_id])).content.decode()
    assert "内部意见甲" in staff
