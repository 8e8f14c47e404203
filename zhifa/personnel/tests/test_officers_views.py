"""Staff pages of the officer register and certificates: scope per role, forms, refusals in
Chinese, no N+1 on lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhifa.core import clock
from zhifa.personnel.constants import CertificateStatus as S
from zhifa.personnel.constants import StaffingType
from zhifa.personnel.models import Certificate, Officer
from zhifa.personnel.services import certificates as svc
from zhifa.personnel.tests.officers_factories import make_officer, new_id_number, valid_certificate

pytestmark = pytest.mark.django_db


def _client(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_officer_list_is_scoped_by_unit(client, people, county):
    make_officer(county.team_a, full_name="甲队员")
    make_officer(county.team_b, full_name="乙队员")
    make_officer(county.dept, full_name="局队员")
    page = _client(client, people.town_head).get(reverse("personnel:officer_list")).content.decode()
    assert "甲队员" in page and "乙队员" not in page and "局队员" not in page
    client.force_login(people.supervisor)
    page = client.get(reverse("personnel:officer_list")).content.decode()
    assert "甲队员" in page and "乙队员" in page and "局队员" in page


def test_officer_list_has_no_n_plus_one(client, people, county, django_assert_max_num_queries):
    for i in range(12):
        o = make_officer(county.dept, full_name=f"人员{i}")
        valid_certificate(o, people.supervisor, types=("market", "urban"))
    client.force_login(people.supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("personnel:officer_list"), {"enforcement_type": "market"})
    assert response.status_code == 200
    assert response.content.decode().count("市场监管") >= 12


def test_officer_detail_of_another_unit_is_404(client, people, county):
    officer = make_officer(county.team_b)
    client.force_login(people.officer_a)
    assert client.get(reverse("personnel:officer_detail", args=[officer.pk])).status_code == 404
    client.force_login(people.supervisor)
    assert client.get(reverse("personnel:officer_detail", args=[officer.pk])).status_code == 200


def test_create_officer_form_keeps_input_and_explains(client, people, county):
    client.force_login(people.head)
    url = reverse("personnel:officer_create")
    good = new_id_number()
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    data = {
        "full_name": "新同志",
        "gender": "female",
        "id_number": bad,
        "organisation": county.dept.pk,
        "post": "科员",
        "staffing_type": StaffingType.CIVIL_SERVANT,
        "in_enforcement_post": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "校验位不正确" in body and "新同志" in body
    data["id_number"] = good
    response = client.post(url, data)
    officer = Officer.objects.get(id_number=good)
    assert response.status_code == 302 and officer.organisation == county.dept
    # an officer cannot register people
    client.force_login(people.dept_officer)
    assert client.get(url).status_code == 403


def test_r_1_7_02_supervisor_applies_issues_activates_through_the_page(client, people, county):
    officer = make_officer(county.dept)
    client.force_login(people.supervisor)
    detail = reverse("personnel:officer_detail", args=[officer.pk])
    assert "代单位申领" in client.get(detail).content.decode()
    r = client.post(
        reverse("personnel:certificate_apply", args=[officer.pk]),
        {"apply-enforcement_types": ["market"], "apply-enforcement_area": "临猗县"},
    )
    assert r.status_code == 302
    cert = Certificate.objects.get(officer=officer)
    today = clock.today()
    r = client.post(
        reverse("personnel:certificate_act", args=[cert.pk, "issue"]),
        {
            "issue-number": "12",
            "issue-issued_on": today.isoformat(),
            "issue-issuer": "山西省人民政府",
        },
    )
    assert r.status_code == 400 and "6至30位" in r.content.decode()
    r = client.post(
        reverse("personnel:certificate_act", args=[cert.pk, "issue"]),
        {
            "issue-number": "14082199001",
            "issue-issued_on": today.isoformat(),
            "issue-issuer": "山西省人民政府",
        },
    )
    assert r.status_code == 302
    r = client.post(reverse("personnel:certificate_act", args=[cert.pk, "activate"]), {})
    assert r.status_code == 302
    cert.refresh_from_db()
    assert cert.status == S.VALID
    page = client.get(detail).content.decode()
    assert "14082199001" in page and "吊销" in page


def test_r_1_7_10_forbidden_transition_on_the_page_is_409_in_chinese(client, people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    client.force_login(people.supervisor)
    r = client.post(
        reverse("personnel:certificate_act", args=[cert.pk, "restore"]),
        {"restore-reason": "发还"},
    )
    assert r.status_code == 409 and "不能办理" in r.content.decode()
    r = client.post(reverse("personnel:certificate_act", args=[cert.pk, "fly"]), {})
    assert r.status_code == 404


def test_r_1_7_10_unit_head_withholds_officer_cannot(client, people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    client.force_login(people.dept_officer)
    r = client.post(
        reverse("personnel:certificate_act", args=[cert.pk, "withhold"]),
        {"withhold-reason": "违规"},
    )
    assert r.status_code == 403
    client.force_login(people.head)
    page = client.get(reverse("personnel:officer_detail", args=[cert.officer_id])).content.decode()
    assert 'data-testid="action-withhold"' in page and 'data-testid="action-revoke"' not in page
    r = client.post(
        reverse("personnel:certificate_act", args=[cert.pk, "withhold"]),
        {"withhold-reason": "违规使用证件"},
    )
    assert r.status_code == 302
    cert.refresh_from_db()
    assert cert.status == S.WITHHELD
    # town A's head cannot even see it
    client.force_login(people.town_head)
    r = client.post(
        reverse("personnel:certificate_act", args=[cert.pk, "restore"]), {"restore-reason": "x"}
    )
    assert r.status_code == 404


def test_r_3_1_11_card_has_a_qr_code_to_the_public_page(client, people, county):
    cert = valid_certificate(make_officer(county.dept, full_name="持证人"), people.supervisor)
    client.force_login(people.head)
    r = client.get(reverse("personnel:certificate_card", args=[cert.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in body
    assert f"http://testserver/personnel/verify/{cert.number}/" in body
    assert "<script" not in body.split("</head>")[1] and "style=" not in body


def test_r_1_7_07_annual_review_round_page(client, people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    client.force_login(people.supervisor)
    url = reverse("personnel:annual_reviews")
    today = clock.today()
    r = client.post(url, {"year": today.year, "due_on": (today - dt.timedelta(days=1)).isoformat()})
    assert r.status_code == 400 and "早于今天" in r.content.decode()
    r = client.post(
        url, {"year": today.year, "due_on": (today + dt.timedelta(days=20)).isoformat()}
    )
    assert r.status_code == 302
    review = cert.annual_reviews.get()
    page = client.get(url).content.decode()
    assert cert.number in page and "待年审" in page
    r = client.post(
        reverse("personnel:annual_review_act", args=[review.pk, "fail"]),
        {"review-opinion": "", "next": url},
    )
    assert r.status_code == 302
    review.refresh_from_db()
    assert review.passed is None  # an opinion is required to fail
    client.post(reverse("personnel:annual_review_act", args=[review.pk, "pass"]), {"next": url})
    review.refresh_from_db()
    assert review.passed is True
    client.force_login(people.head)
    assert client.post(url, {"year": today.year, "due_on": today.isoformat()}).status_code == 403


def test_r_1_7_06_equivalent_pages(client, people, county):
    officer = make_officer(county.dept, full_name="海事员")
    client.force_login(people.head)
    r = client.post(
        reverse("personnel:equivalent_create"),
        {
            "officer": officer.pk,
            "name": "海事行政执法证",
            "number": "HS-1",
            "issuer": "交通运输部",
            "designation_basis": "国务院规定",
            "enforcement_types": ["transport"],
            "valid_from": clock.today().isoformat(),
        },
    )
    assert r.status_code == 302
    client.force_login(people.supervisor)
    page = client.get(reverse("personnel:equivalent_list")).content.decode()
    assert "海事员" in page and "备案" in page
    filing = officer.equivalent_certificates.get()
    client.post(reverse("personnel:equivalent_act", args=[filing.pk, "accept"]), {})
    filing.refresh_from_db()
    assert filing.status == "accepted"
    client.force_login(people.officer_b)
    assert "海事员" not in client.get(reverse("personnel:equivalent_list")).content.decode()


def test_r_1_7_08_management_file_page_export_and_filing(client, people, county):
    from io import BytesIO

    from openpyxl import load_workbook

    cert = valid_certificate(make_officer(county.dept, full_name="档案人"), people.supervisor)
    client.force_login(people.head)
    page = client.get(reverse("personnel:management_file")).content.decode()
    assert "档案人" in page and cert.number in page
    r = client.get(reverse("personnel:management_file_export"), {"unit": county.dept.pk})
    assert r.status_code == 200
    ws = load_workbook(BytesIO(r.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "档案人" in values and cert.number in values
    r = client.post(reverse("personnel:management_file_submit"), {"unit": county.dept.pk})
    assert r.status_code == 302
    # another unit's file is not visible
    assert (
        client.get(reverse("personnel:management_file"), {"unit": county.team_b.pk}).status_code
        == 404
    )
    assert client.get(reverse("personnel:management_file"), {"unit": "x"}).status_code == 404


def test_r_1_7_05_public_verification_without_login(client, people, county):
    officer = make_officer(county.dept, full_name="王建军", post="执法队员")
    cert = valid_certificate(officer, people.supervisor)
    r = client.get(reverse("personnel:public_verify", args=[cert.number]))
    body = r.content.decode()
    assert r.status_code == 200 and "✓ 有效" in body and "王建军" in body and "执法队员" in body
    assert officer.id_number not in body
    svc.certificate_withhold(certificate=cert, actor=people.supervisor, reason="违规")
    body = client.get(reverse("personnel:public_verify", args=[cert.number])).content.decode()
    assert "✗ 无效" in body and "暂扣" in body
    r = client.get(reverse("personnel:public_verify", args=["99999999999"]))
    assert r.status_code == 404 and "查无此证" in r.content.decode()
    r = client.get("/personnel/verify/%3Cscript%3E/")
    assert r.status_code == 404 and "格式不正确" in r.content.decode()
    r = client.get(reverse("personnel:public_verify_lookup"), {"number": cert.number.lower()})
    assert r.status_code == 302 and r["Location"].endswith(f"/verify/{cert.number}/")
    assert (
        client.get(reverse("personnel:public_verify_lookup"), {"number": "a b"}).status_code == 400
    )


def test_public_officer_list_shows_only_valid_certificates(
    client, people, county, django_assert_max_num_queries
):
    a = make_officer(county.dept, full_name="公示甲", post="科长")
    b = make_officer(county.team_a, full_name="公示乙")
    ca = valid_certificate(a, people.supervisor)
    cb = valid_certificate(b, people.supervisor, types=("township",))
    svc.certificate_withhold(certificate=cb, actor=people.supervisor, reason="违规")
    with django_assert_max_num_queries(6):
        body = client.get(reverse("personnel:public_officer_list")).content.decode()
    assert "公示甲" in body and ca.number in body and "科长" in body
    assert "公示乙" not in body
    assert a.id_number not in body
    body = client.get(
        reverse("personnel:public_officer_list"), {"unit": county.team_a.pk}
    ).content.decode()
    assert "公示甲" not in body
    assert client.get(reverse("personnel:public_officer_list"), {"unit": "abc"}).status_code == 200


def test_review_equivalent_and_file_pages_have_no_n_plus_one(
    client, people, county, django_assert_max_num_queries
):
    for i in range(8):
        officer = make_officer(county.dept, full_name=f"列表{i}")
        valid_certificate(officer, people.supervisor)
        svc.equivalent_submit(
            actor=people.supervisor,
            officer=officer,
            name="海事证",
            number=f"HS-{i}",
            issuer="海事局",
            designation_basis="依据",
            enforcement_types=["transport"],
            valid_from=clock.today(),
        )
    today = clock.today()
    svc.annual_review_open(
        actor=people.supervisor, year=today.year, due_on=today + dt.timedelta(days=9)
    )
    client.force_login(people.supervisor)
    client.get(reverse("personnel:annual_reviews"))  # warm the session
    with django_assert_max_num_queries(12):
        assert client.get(reverse("personnel:annual_reviews")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("personnel:equivalent_list")).status_code == 200
    with django_assert_max_num_queries(14):
        r = client.get(reverse("personnel:management_file"), {"unit": county.dept.pk})
    assert r.status_code == 200 and r.content.decode().count("列表") >= 8
