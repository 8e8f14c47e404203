"""Who sees what, for every role, across the scoped data (design.md "Access"): time limits,
documents, ledger entries and officer records.

A township officer must not read another township's time limits, documents or ledger entries;
the Justice Bureau sees every unit. Each row of the matrix names a role and what it may see.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from zhifa.deadlines.selectors import obligation_list_for_user
from zhifa.deadlines.services import obligation_open
from zhifa.documents.seed_templates import seed_template
from zhifa.documents.selectors import document_list_for_user
from zhifa.documents.services import document_render, template_create
from zhifa.ledger.selectors import entry_list_for_user
from zhifa.subjects.models import MarketEntity

pytestmark = pytest.mark.django_db

# role → units whose rows it sees ("all" = every unit)
MATRIX = {
    "officer_a": {"team_a"},
    "officer_b": {"team_b"},
    "town_head": {"town_a", "team_a"},
    "dept_officer": {"dept"},
    "reviewer": {"dept"},
    "head": {"dept"},
    "archivist": {"dept"},
    "supervisor": "all",
    "leader": "all",
    "admin": "all",
}
UNITS = ("dept", "town_a", "team_a", "team_b")


_PDF: list[bytes] = []


def _real_layout():  # type: ignore[no-untyped-def]
    from zhifa.documents import rendering

    return rendering.docx_to_pdf


_REAL = _real_layout()


def _one_layout(docx_bytes: bytes, **kwargs: str) -> bytes:
    """Access is what is tested here, not layout: lay out one real PDF, then reuse it."""
    if not _PDF:
        _PDF.append(_REAL(docx_bytes, **kwargs))
    return _PDF[0]


@pytest.fixture
def scoped_rows(county, people, settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("zhifa.documents.services.docx_to_pdf", _one_layout)
    monkeypatch.setattr("zhifa.documents.rendering.docx_to_pdf", _one_layout)
    root = tmp_path / "files"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    seed = seed_template("order_to_correct")
    template_create(
        actor=None,
        code=seed.code,
        name=seed.name,
        category=seed.category,
        description=seed.description,
        docx_bytes=seed.build(),
        sample_context=seed.sample_context,
    )
    start = dt.datetime(2025, 9, 26, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    rows = {}
    for n, unit_name in enumerate(UNITS):
        unit = getattr(county, unit_name)
        entity = MarketEntity.objects.create(name=f"临猗县测试{n}有限公司", uscc=_code(n))
        obligation = obligation_open(
            rule_id="R-1.2-12",
            subject=entity,
            organisation=unit,
            start_at=start,
            label=f"{unit.name}的期限",
        )
        document = document_render(
            actor=people.admin,
            template_code="order_to_correct",
            context=seed.sample_context,
            organisation=unit,
            title=f"{unit.name}的文书",
            subject=entity,
        )
        rows[unit_name] = (obligation, document)
    return rows


def _code(n: int) -> str:
    from zhifa.core.identifiers import uscc_check_char

    first17 = f"91140821MA0{n:06d}"
    return first17 + uscc_check_char(first17)


def _expected(who: str) -> set[str]:
    seen = MATRIX[who]
    return set(UNITS) if seen == "all" else set(seen)


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_obligations_per_role(scoped_rows, people, who):
    user = getattr(people, who)
    visible = set(obligation_list_for_user(user=user).values_list("pk", flat=True))
    expected = {scoped_rows[u][0].pk for u in _expected(who)}
    assert visible == expected


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_documents_per_role(scoped_rows, people, who):
    user = getattr(people, who)
    visible = set(document_list_for_user(user=user).values_list("pk", flat=True))
    expected = {scoped_rows[u][1].pk for u in _expected(who)}
    assert visible == expected


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_pages_and_api_refuse_other_units_rows(client, scoped_rows, people, who):
    user = getattr(people, who)
    client.force_login(user)
    for unit_name, (obligation, document) in scoped_rows.items():
        allowed = unit_name in _expected(who)
        page = client.get(f"/deadlines/{obligation.pk}/")
        api = client.get(f"/api/v1/deadlines/obligations/{obligation.pk}")
        pdf = client.get(f"/api/v1/documents/{document.pk}/pdf")
        assert (page.status_code == 200) is allowed, (who, unit_name, page.status_code)
        assert (api.status_code == 200) is allowed, (who, unit_name, api.status_code)
        assert (pdf.status_code == 200) is allowed, (who, unit_name, pdf.status_code)
        if not allowed:
            assert api.status_code == 404 and api.json()["code"]


def test_township_officer_sees_no_ledger_entries_of_other_units(scoped_rows, people):
    """Officers have no ledger view; the township head sees only entries of its own units."""
    assert not entry_list_for_user(user=people.officer_a).exists()
    town_head_orgs = set(
        entry_list_for_user(user=people.town_head).values_list("organisation_id", flat=True)
    )
    assert town_head_orgs <= {people.town_head.organisation_id, people.officer_a.organisation_id}
    assert entry_list_for_user(user=people.supervisor).count() >= len(UNITS) * 2


# --- the registries (issue 3): the same matrix over officer records --------------------------


@pytest.fixture
def officers_by_unit(county, people):  # type: ignore[no-untyped-def]
    from zhifa.personnel.tests.officers_factories import make_officer

    return {name: make_officer(getattr(county, name), recorder=people.supervisor) for name in UNITS}


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_officer_records_per_role(client, officers_by_unit, people, who):
    """R-1.7-08: each unit keeps the file of its own officers; the Justice Bureau sees all."""
    from zhifa.personnel.selectors.officers import officer_list_for_user

    user = getattr(people, who)
    visible = set(officer_list_for_user(user=user).values_list("pk", flat=True))
    assert visible == {officers_by_unit[u].pk for u in _expected(who)}
    client.force_login(user)
    for unit_name, officer in officers_by_unit.items():
        page = client.get(f"/personnel/officers/{officer.pk}/")
        api = client.get(f"/api/v1/personnel/officers/{officer.pk}")
        allowed = unit_name in _expected(who)
        assert (page.status_code == 200) is allowed, (who, unit_name, page.status_code)
        assert (api.status_code == 200) is allowed, (who, unit_name, api.status_code)
