"""XLSX import of benchmarks: valid groups become drafts, invalid rows reported by number."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from zhifa.catalog.constants import BenchmarkStatus
from zhifa.catalog.models import Benchmark
from zhifa.catalog.services.discretion_import import (
    COLUMNS,
    benchmark_import_template,
    benchmark_import_xlsx,
)
from zhifa.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db

HEADERS = [h for h, _ in COLUMNS]


def row(**values) -> list[object]:  # type: ignore[no-untyped-def]
    keys = [k for _, k in COLUMNS]
    return [values.get(k, "") for k in keys]


def common(code: str, **extra) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "code": code,
        "violation": "露天焚烧秸秆",
        "violated_provision": "《大气污染防治法》第七十七条",
        "penalty_provision": "《大气污染防治法》第一百一十九条第二款",
        "penalty_types": "罚款",
        "fine_min": 500,
        "fine_max": 2000,
        "time_limit": "九十日",
        **extra,
    }


def xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    row(
        **common("HB-1"),
        tier="从轻处罚",
        tier_conditions="及时熄灭",
        tier_penalty_types="罚款",
        tier_fine_min=500,
        tier_fine_max=1000,
        circumstances="L1 主动熄灭",
    ),
    row(
        code="HB-1",
        tier="一般处罚",
        tier_conditions="一般",
        tier_penalty_types="罚款",
        tier_fine_min=1000,
        tier_fine_max=1500,
    ),
    row(
        code="HB-1",
        tier="从重处罚",
        tier_conditions="拒不改正",
        tier_penalty_types="罚款",
        tier_fine_min=1500,
        tier_fine_max=2000,
        circumstances="H1 拒不改正\nH2 造成火灾隐患",
    ),
]


def test_r_1_5_09_import_creates_drafts_with_tiers_and_circumstances(county, people) -> None:
    result = benchmark_import_xlsx(
        actor=people.town_head, organisation=county.team_a, data=xlsx(GOOD)
    )
    assert result.errors == [] and result.rows == 3
    [b] = result.created
    assert b.status == BenchmarkStatus.DRAFT and b.organisation == county.team_a
    assert b.tiers.count() == 3
    assert dict(b.circumstances.values_list("code", "effect")) == {
        "L1": "lighter",
        "H1": "heavier",
        "H2": "heavier",
    }
    # the same file twice changes nothing
    again = benchmark_import_xlsx(
        actor=people.town_head, organisation=county.team_a, data=xlsx(GOOD)
    )
    assert again.created == [] and again.skipped == ["HB-1"]
    assert Benchmark.objects.count() == 1


def test_r_1_5_02_invalid_rows_reported_with_row_numbers_valid_groups_kept(county, people) -> None:
    rows = GOOD + [
        row(
            **common("HB-2"),
            tier="从轻处罚",
            tier_conditions="x",
            tier_penalty_types="罚款",
            tier_fine_min=100,
            tier_fine_max=900,
        ),  # row 5: below min
        row(
            code="HB-2",
            tier="一般处罚",
            tier_conditions="y",
            tier_penalty_types="罚款",
            tier_fine_min=900,
            tier_fine_max=2000,
        ),
        row(**common("HB-3"), tier="特别处罚"),  # row 7: unknown tier
        row(**common("HB-4", fine_max="两千"), tier="一般处罚"),  # row 8: not a number
        row(code="HB-1", tier="从重处罚"),  # row 9: duplicate tier of HB-1
        row(**common("HB-5", penalty_types="鞭刑"), tier="一般处罚"),  # row 10
        row(tier="一般处罚"),  # row 11: no code
        row(
            **common("HB-6", violation="别的行为"),
            tier="一般处罚",
            tier_conditions="z",
            tier_penalty_types="罚款",
            tier_fine_min=500,
            tier_fine_max=2000,
        ),
        row(code="HB-6", violation="不一致", tier="从轻处罚"),  # row 13
    ]
    result = benchmark_import_xlsx(
        actor=people.town_head, organisation=county.team_a, data=xlsx(rows)
    )
    errors = {(e.row, e.code): e.message for e in result.errors}
    assert "低于法定下限" in errors[(5, "HB-2")]
    assert "阶次“特别处罚”无效" in errors[(7, "HB-3")]
    assert "应为数字" in errors[(8, "HB-4")]
    assert "重复" in errors[(9, "HB-1")]
    assert "鞭刑" in errors[(10, "HB-5")]
    assert "不能为空" in errors[(11, "")]
    assert "不一致" in errors[(13, "HB-6")]
    assert sorted(b.code for b in Benchmark.objects.all()) == []  # HB-1 had an error row too
    # HB-1 alone is fine
    result = benchmark_import_xlsx(
        actor=people.town_head, organisation=county.team_a, data=xlsx(GOOD)
    )
    assert [b.code for b in result.created] == ["HB-1"]


def test_import_refuses_bad_files_and_strangers(county, people) -> None:
    with pytest.raises(DomainError) as err:
        benchmark_import_xlsx(
            actor=people.town_head, organisation=county.team_a, data=b"not a spreadsheet"
        )
    assert err.value.code == "invalid_file"
    with pytest.raises(DomainError) as err:
        benchmark_import_xlsx(
            actor=people.town_head, organisation=county.team_a, data=xlsx([], headers=["名称"])
        )
    assert err.value.code == "missing_headers"
    with pytest.raises(PermissionDenied):
        benchmark_import_xlsx(actor=people.officer_a, organisation=county.team_a, data=xlsx(GOOD))
    with pytest.raises(PermissionDenied):
        benchmark_import_xlsx(actor=people.town_head, organisation=county.team_b, data=xlsx(GOOD))


def test_the_template_imports_cleanly(county, people) -> None:
    result = benchmark_import_xlsx(
        actor=people.supervisor, organisation=county.dept, data=benchmark_import_template()
    )
    assert result.errors == [] and [b.code for b in result.created] == ["CG-SR-001"]


def test_import_page(client, county, people) -> None:
    client.force_login(people.town_head)
    url = reverse("catalog:discretion_benchmark_import")
    assert client.get(url).status_code == 200
    assert client.get(reverse("catalog:discretion_benchmark_import_template")).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = GOOD + [row(**common("HB-9"), tier="特别处罚")]
    r = client.post(
        url, {"organisation": county.team_a.pk, "file": SimpleUploadedFile("b.xlsx", xlsx(bad))}
    )
    html = r.content.decode()
    assert r.status_code == 200 and "新建草稿 1 个" in html and "第5行" in html
    r = client.post(
        url, {"organisation": county.team_a.pk, "file": SimpleUploadedFile("b.txt", b"junk")}
    )
    assert r.status_code == 400 and "无法读取该文件" in r.content.decode()
    r = client.post(url, {"organisation": county.team_b.pk})
    assert r.status_code == 400
    client.force_login(people.officer_a)
    assert client.get(url).status_code == 403
