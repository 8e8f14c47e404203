"""Pages of the directory: list (no N+1), detail, forms, flags, import with progress, export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.core.identifiers import uscc_check_char
from zhifa.subjects.constants import EntityCategory
from zhifa.subjects.importing import import_run_execute
from zhifa.subjects.models import ImportRun, MarketEntity
from zhifa.subjects.tests.conftest import csv_bytes
from zhifa.subjects.tests.factories import MarketEntityFactory

pytestmark = pytest.mark.django_db


def _login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_list_has_no_n_plus_one(client, people, county, django_assert_max_num_queries):
    for n in range(60):
        MarketEntityFactory(
            township=county.town_a if n % 2 else county.town_b, complaint_count=n % 5
        )
    _login(client, people.officer_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("subjects:list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="entity-row"') == 50
    with django_assert_max_num_queries(12):
        response = client.get(reverse("subjects:list"), {"page": 2, "flag": "complaints"})
    assert response.status_code == 200


def test_list_filters_and_bad_filter_values(client, people, county):
    MarketEntityFactory(
        name="临猗县苹果专业合作社",
        township=county.town_a,
        abnormal_listed=True,
        abnormal_listed_on="2026-01-05",
    )
    MarketEntityFactory(name="临猗县五金店", township=county.town_b)
    _login(client, people.officer_b)
    body = client.get(reverse("subjects:list"), {"q": "苹果"}).content.decode()
    assert "苹果专业合作社" in body and "五金店" not in body
    body = client.get(reverse("subjects:list"), {"flag": "intensity"}).content.decode()
    assert "苹果专业合作社" in body and "五金店" not in body and "加大抽查" in body
    response = client.get(reverse("subjects:list"), {"township": "abc", "page": "zz", "flag": "x"})
    assert response.status_code == 200  # bad values: the form says so, the page still shows


def test_outside_bodies_and_anonymous_see_nothing(client, county, people):
    entity = MarketEntityFactory()
    police = make_user(county.police, Role.OFFICER, username="police1")
    _login(client, police)
    for url in (
        reverse("subjects:list"),
        reverse("subjects:detail", args=[entity.pk]),
        reverse("subjects:import"),
        reverse("subjects:export"),
    ):
        assert client.get(url).status_code == 403, url
    client.logout()
    response = client.get(reverse("subjects:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_detail_masks_id_numbers_for_those_who_may_not_edit(client, people, county, id_numbers):
    number = id_numbers()
    person = MarketEntity.objects.create(
        name="王五",
        category=EntityCategory.NATURAL_PERSON,
        id_number=number,
        township=county.town_a,
    )
    url = reverse("subjects:detail", args=[person.pk])
    for user, full in (
        (people.officer_a, True),
        (people.dept_officer, True),
        (people.supervisor, True),
        (people.officer_b, False),
        (people.reviewer, False),
        (people.leader, False),
    ):
        _login(client, user)
        body = client.get(url).content.decode()
        assert (number in body) is full, user
        assert number[:6] in body
    _login(client, people.officer_b)
    assert number not in client.get(reverse("subjects:list")).content.decode()


def test_create_form_keeps_input_and_names_the_check_character(client, people, codes):
    code = codes()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    _login(client, people.dept_officer)
    response = client.post(
        reverse("subjects:create"),
        {
            "name": "临猗县鲜果贸易有限公司",
            "category": "enterprise",
            "uscc": wrong,
            "status": "active",
            "address": "临猗县城",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f"统一社会信用代码校验位错误，应为 {uscc_check_char(code[:17])}" in body
    assert "临猗县鲜果贸易有限公司" in body and "临猗县城" in body and wrong in body
    response = client.post(
        reverse("subjects:create"),
        {
            "name": "临猗县鲜果贸易有限公司",
            "category": "enterprise",
            "uscc": code,
            "status": "active",
        },
    )
    entity = MarketEntity.objects.get(uscc=code)
    assert response.status_code == 302 and response["Location"] == reverse(
        "subjects:detail", args=[entity.pk]
    )


def test_create_natural_person_form(client, people, county, id_numbers):
    _login(client, people.officer_a)
    number = id_numbers()
    response = client.post(
        reverse("subjects:create"),
        {
            "name": "王五",
            "category": "natural_person",
            "id_number": number,
            "status": "active",
            "township": county.town_a.pk,
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("subjects:create"),
        {
            "name": "赵六",
            "category": "natural_person",
            "id_number": "1408",
            "status": "active",
            "township": county.town_a.pk,
        },
    )
    assert response.status_code == 400 and "身份证号应为18位" in response.content.decode()


def test_edit_per_role(client, people, county):
    entity = MarketEntityFactory(township=county.town_b)
    url = reverse("subjects:edit", args=[entity.pk])
    _login(client, people.officer_a)
    assert client.get(url).status_code == 403
    assert (
        client.post(
            reverse("subjects:flag", args=[entity.pk]), {"flag": "abnormal", "action": "on"}
        ).status_code
        == 403
    )
    _login(client, people.reviewer)
    assert client.get(url).status_code == 403
    _login(client, people.officer_b)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "新名字",
            "category": "enterprise",
            "uscc": entity.uscc,
            "status": "active",
            "township": county.town_b.pk,
        },
    )
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.name == "新名字"


def test_r_1_1_10_flag_form(client, people, county):
    """R-1.1-10: staff flag an entity from its page; the page shows the raised intensity."""
    entity = MarketEntityFactory(township=county.town_a)
    _login(client, people.officer_a)
    url = reverse("subjects:flag", args=[entity.pk])
    response = client.post(
        url, {"flag": "serious_violation", "action": "on", "note": "2026年行政处罚"}
    )
    assert response.status_code == 302
    body = client.get(reverse("subjects:detail", args=[entity.pk])).content.decode()
    assert "加大" in body and "有严重违法违规记录" in body
    response = client.post(url, {"flag": "abnormal", "action": "on", "listed_on": "2999-01-01"})
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()
    assert client.post(url, {"flag": "nothing", "action": "on"}).status_code == 400


def test_import_page_upload_progress_and_error_file(client, people, county, codes):
    code = codes()
    data = csv_bytes(
        [
            ["名称", "统一社会信用代码", "所属乡镇"],
            ["甲公司", code, "猗氏镇"],
            ["乙公司", "123", "猗氏镇"],
        ]
    )
    _login(client, people.officer_a)
    assert client.get(reverse("subjects:import")).status_code == 200
    response = client.post(
        reverse("subjects:import"), {"file": SimpleUploadedFile("名录.csv", data)}
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "subjects:import_run", args=[run.pk]
    )
    progress = client.get(reverse("subjects:import_run_progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in progress and "<progress" in progress
    import_run_execute(run_id=run.pk)
    body = client.get(reverse("subjects:import_run", args=[run.pk])).content.decode()
    assert "hx-trigger" not in body and 'data-testid="count-created">1<' in body
    response = client.get(reverse("subjects:import_run_errors", args=[run.pk]))
    raw = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][0] == "3" and "18位" in rows[1][1]
    # another township's officer does not see the run
    _login(client, people.officer_b)
    assert client.get(reverse("subjects:import_run", args=[run.pk])).status_code == 404
    _login(client, people.supervisor)
    assert client.get(reverse("subjects:import_run", args=[run.pk])).status_code == 200


def test_import_page_refuses_bad_files_with_a_message(client, people):
    _login(client, people.dept_officer)
    response = client.post(
        reverse("subjects:import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 400 and "只能导入" in response.content.decode()
    response = client.post(
        reverse("subjects:import"), {"file": SimpleUploadedFile("a.csv", "甲,乙\n1,2\n".encode())}
    )
    assert response.status_code == 400 and "缺少必需的列" in response.content.decode()
    response = client.post(reverse("subjects:import"), {})
    assert response.status_code == 400
    _login(client, people.reviewer)
    response = client.post(reverse("subjects:import"), {"file": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 403


def test_templates_download(client, people):
    _login(client, people.reviewer)
    response = client.get(reverse("subjects:import_template"))
    assert response.content.startswith(
        b"\xef\xbb\xbf"
    ) and "统一社会信用代码" in response.content.decode("utf-8-sig")
    response = client.get(reverse("subjects:import_template"), {"format": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert next(wb.worksheets[0].iter_rows(values_only=True))[0] == "名称"


def test_export_follows_the_filter_and_masks(client, people, county, id_numbers):
    MarketEntityFactory(name="临猗县甲公司", township=county.town_a)
    MarketEntityFactory(name="临猗县乙公司", township=county.town_b)
    number = id_numbers()
    MarketEntity.objects.create(
        name="王五",
        category=EntityCategory.NATURAL_PERSON,
        id_number=number,
        township=county.town_a,
    )
    _login(client, people.officer_b)
    response = client.get(reverse("subjects:export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "名称" and len(rows) == 4
    assert number not in str(rows) and number[:6] in str(rows)
    response = client.get(reverse("subjects:export"), {"township": county.town_a.pk})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    names = [r[0] for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["临猗县甲公司", "王五"]
    _login(client, people.officer_a)
    response = client.get(reverse("subjects:export"), {"format": "csv"})
    assert number in b"".join(response.streaming_content).decode("utf-8-sig")


def test_demo_seed_on_the_demo_county(client, media):
    """The demo data of the directory (loaded by the demo county): flags, natural persons,
    other organisations, one run."""
    from zhifa.accounts.models import User
    from zhifa.demo.services import demo_county_load
    from zhifa.subjects.constants import ImportStatus
    from zhifa.subjects.models import ImportRun, intensity_q

    demo_county_load(entities=20)
    assert MarketEntity.objects.filter(category=EntityCategory.NATURAL_PERSON).count() == 4
    assert MarketEntity.objects.filter(category=EntityCategory.OTHER).count() == 2
    assert MarketEntity.objects.filter(intensity_q()).count() >= 7
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.DONE
    assert (run.created_count, run.unchanged_count, run.rejected_count) == (5, 1, 2)
    client.force_login(User.objects.get(username="town_officer"))
    assert client.get(reverse("subjects:list")).status_code == 200
    # the run belongs to the market-regulation bureau: a township officer does not see it
    assert client.get(reverse("subjects:import_run", args=[run.pk])).status_code == 404
    client.force_login(User.objects.get(username="officer"))
    assert client.get(reverse("subjects:import_run", args=[run.pk])).status_code == 200
