"""Directory pages: JB management, confirmation and withdrawal, public directory (R-1.2-07)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhifa.catalog.constants import SubjectStatus
from zhifa.catalog.models import EnforcementSubject, EnforcementType
from zhifa.catalog.tests.test_items import publish_item


@pytest.fixture
def form_data():  # type: ignore[no-untyped-def]
    return {
        "name": "猗氏镇人民政府",
        "legal_basis": "《山西省乡镇综合行政执法条例》",
        "duties": "负责本镇行政区域内的综合行政执法",
        "enforcement_area": "猗氏镇行政区域",
        "enforcement_types": [EnforcementType.objects.get(code="township").pk],
        "internal_bodies": "猗氏镇综合行政执法队：具体承担综合行政执法工作",
    }


def test_r_1_2_07_jb_drafts_confirms_and_the_public_sees_it(client, people, county, form_data):
    """R-1.2-07: drafted by the JB, published once the county's confirmation is recorded."""
    client.force_login(people.town_head)
    assert client.get(reverse("catalog:subject_edit", args=[county.town_a.pk])).status_code == 403
    client.force_login(people.supervisor)
    bad = {**form_data, "internal_bodies": "没有冒号的一行"}
    r = client.post(reverse("catalog:subject_edit", args=[county.town_a.pk]), bad)
    assert r.status_code == 400 and "第1行缺少职责分工" in r.content.decode()
    assert "《山西省乡镇综合行政执法条例》" in r.content.decode()  # input kept
    r = client.post(reverse("catalog:subject_edit", args=[county.town_a.pk]), form_data)
    assert r.status_code == 302
    s = EnforcementSubject.objects.get(organisation=county.town_a)
    assert client.get(reverse("catalog:public_subject", args=[s.pk])).status_code == 404
    r = client.post(
        reverse("catalog:subject_action", args=[s.pk, "confirm"]),
        {"document_number": "", "confirmed_on": "2025-01-02"},
    )
    assert r.status_code == 400
    r = client.post(
        reverse("catalog:subject_action", args=[s.pk, "confirm"]),
        {"document_number": "临政发〔2025〕2号", "confirmed_on": "2025-01-02"},
    )
    assert r.status_code == 302
    publish_item(county.town_a, people.town_head, people.supervisor, name="对违法建设的处罚")
    client.logout()
    r = client.get(reverse("catalog:public_subjects"))
    assert r.status_code == 200 and "猗氏镇人民政府" in r.content.decode()
    r = client.get(reverse("catalog:public_subject", args=[s.pk]))
    html = r.content.decode()
    assert "猗氏镇综合行政执法队" in html and "对违法建设的处罚" in html and "信息更新时间" in html
    # editing the published entry asks for the reason (R-1.2-17)
    client.force_login(people.supervisor)
    r = client.post(reverse("catalog:subject_edit", args=[county.town_a.pk]), form_data)
    assert r.status_code == 400 and "R-1.2-17" in r.content.decode()
    r = client.post(
        reverse("catalog:subject_edit", args=[county.town_a.pk]),
        {**form_data, "update_trigger": "functions"},
    )
    assert r.status_code == 302
    r = client.post(reverse("catalog:subject_action", args=[s.pk, "withdraw"]), {"reason": "撤并"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == SubjectStatus.WITHDRAWN


def test_staff_directory_scope_and_query_count(
    client, people, county, form_data, django_assert_max_num_queries
):
    client.force_login(people.supervisor)
    client.post(reverse("catalog:subject_edit", args=[county.town_a.pk]), form_data)
    client.post(
        reverse("catalog:subject_edit", args=[county.dept.pk]),
        {**form_data, "name": "临猗县市场监督管理局"},
    )
    with django_assert_max_num_queries(12):
        r = client.get(reverse("catalog:subjects"))
    assert len(r.context["page"].object_list) == 2
    client.force_login(people.officer_b)
    r = client.get(reverse("catalog:subjects"))
    assert len(r.context["page"].object_list) == 0  # drafts of other units are not shown
    s = EnforcementSubject.objects.get(organisation=county.town_a)
    assert client.get(reverse("catalog:subject_detail", args=[s.pk])).status_code == 404


def test_enforcement_types_page_jb_deactivates(client, people):
    client.force_login(people.head)
    r = client.get(reverse("catalog:types"))
    assert r.status_code == 200 and "停用</button>" not in r.content.decode()
    market = EnforcementType.objects.get(code="market")
    assert client.post(reverse("catalog:type_toggle", args=[market.pk])).status_code == 403
    client.force_login(people.supervisor)
    assert client.post(reverse("catalog:type_toggle", args=[market.pk])).status_code == 302
    market.refresh_from_db()
    assert not market.is_active
