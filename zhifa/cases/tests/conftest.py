"""Fixtures of the cases tests: a unit ready to handle cases, and cases at any step.

``world`` gives the county of the root conftest plus: the market-regulation department with its
number prefix, a published penalty item (enforcement type ``market``), three certified officers
who each declared no conflict when needed, two heads, a legal reviewer, an archivist, a party,
and the seeded document templates. ``filed_case(world)`` drives a case through the services to
INVESTIGATING.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from types import SimpleNamespace

import pytest

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.catalog.constants import ChangeKind, ChangeTrigger, ItemType
from zhifa.catalog.models import EnforcementType
from zhifa.catalog.services.items import (
    item_propose,
    item_version_approve,
    item_version_publish,
    item_version_review,
)
from zhifa.documents.seed_templates import SEED_TEMPLATES, seed_template
from zhifa.personnel.tests.officers_factories import make_officer, valid_certificate
from zhifa.subjects.tests.factories import MarketEntityFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Generated documents go under tmp_path for the test."""
    root = tmp_path / "files"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def _quick_pdf(docx_bytes: bytes, *, title: str = "", author: str = "") -> bytes:
    """A one-page PDF without the 15 MB CJK font (laying out with it costs ~1.7 s a document).
    The real layout of every seed template is tested in zhifa/documents/tests; here the case
    steps only need a document to be made, stored and attached."""
    from fpdf import FPDF

    from zhifa.documents.rendering import read_docx

    read_docx(docx_bytes)  # still refuses what is not a DOCX
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(text="zhifa test document")
    return bytes(pdf.output())


@pytest.fixture(autouse=True)
def quick_pdf(request, monkeypatch):  # type: ignore[no-untyped-def]
    """Cases tests lay PDFs out quickly unless marked ``real_pdf`` (e2e journeys and the
    document tests of the case steps use the real renderer)."""
    if request.node.get_closest_marker("real_pdf") or request.node.get_closest_marker("e2e"):
        return
    monkeypatch.setattr("zhifa.documents.services.docx_to_pdf", _quick_pdf)
    monkeypatch.setattr("zhifa.documents.rendering.docx_to_pdf", _quick_pdf)


@cache
def _built(code: str) -> bytes:
    return seed_template(code).build()


@cache
def _variables(code: str) -> tuple[str, ...]:
    """The seed template's variables, checked once per test process (the check lays out a
    sample; the seed templates are checked for real in zhifa/documents/tests)."""
    from zhifa.documents.rendering import inspect_template

    return tuple(inspect_template(_built(code)).variables)


def seed_all_templates() -> None:
    from unittest import mock

    from zhifa.documents.models import DocumentTemplate
    from zhifa.documents.services import template_create

    by_bytes = {_built(seed.code): seed.code for seed in SEED_TEMPLATES}
    with mock.patch(
        "zhifa.documents.services._checked_template",
        lambda data: list(_variables(by_bytes[data])),
    ):
        _seed(SEED_TEMPLATES, DocumentTemplate, template_create)


def _seed(seeds, DocumentTemplate, template_create) -> None:  # type: ignore[no-untyped-def]  # noqa: N803
    for seed in seeds:
        if DocumentTemplate.objects.filter(code=seed.code).exists():
            continue
        template_create(
            actor=None,
            code=seed.code,
            name=seed.name,
            category=seed.category,
            description=seed.description,
            docx_bytes=_built(seed.code),
            sample_context=seed.sample_context,
        )


def publish_item(org, jb, *, item_type=ItemType.PENALTY, type_code="market", **over):  # type: ignore[no-untyped-def]
    from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES

    # A transactional test elsewhere may have flushed the data migration's enforcement types.
    for order, (code, name) in enumerate(STANDARD_ENFORCEMENT_TYPES, start=1):
        EnforcementType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    elements = {
        "name": "对销售超过保质期食品的处罚",
        "item_type": item_type,
        "enforcement_type": EnforcementType.objects.get(code=type_code),
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "implementing_subject": org.name,
        "conditions": "",
        "procedure": "立案、调查、告知、决定、送达、执行",
        "time_limit": "自立案之日起九十日内作出处理决定",
        "time_limit_basis": "《中华人民共和国行政处罚法》第六十条",
        "remedies": "行政复议或行政诉讼",
    }
    elements.update(over)
    proposer = make_user(org, Role.LEGAL_REVIEWER)
    v = item_propose(
        organisation=org,
        actor=proposer,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        code="",
        elements=elements,
    )
    v = item_version_review(version=v, actor=jb, passed=True)
    v = item_version_approve(version=v, actor=jb, document_number="临政函〔2025〕1号")
    return item_version_publish(version=v, actor=jb, effective_from=dt.date(2025, 1, 6))


def certified(org, supervisor, username, full_name, *roles, types=("market",)):  # type: ignore[no-untyped-def]
    user = make_user(org, Role.OFFICER, *roles, username=username, full_name=full_name)
    officer = make_officer(org, user=user, full_name=full_name)
    valid_certificate(officer, supervisor, types=types)
    return user


@pytest.fixture
def world(county, people):  # type: ignore[no-untyped-def]
    dept = county.dept
    dept.document_prefix = "临猗市监罚"
    dept.save(update_fields=["document_prefix"])
    sup = people.supervisor
    seed_all_templates()
    from zhifa.accounts.constants import OrganisationKind
    from zhifa.accounts.tests.factories import OrganisationFactory

    OrganisationFactory(name="临猗县人民法院", code="lycourt", kind=OrganisationKind.COURT)
    return SimpleNamespace(
        county=county,
        people=people,
        dept=dept,
        item=publish_item(dept, sup),
        permit_item=publish_item(
            dept,
            sup,
            item_type=ItemType.PERMIT,
            name="食品经营许可",
            time_limit="自受理之日起二十个工作日内",
        ),
        coercion_item=publish_item(
            dept,
            sup,
            item_type=ItemType.COERCION,
            name="查封、扣押不符合食品安全标准的食品",
            time_limit="三十日",
        ),
        o1=certified(dept, sup, "o1", "李四"),
        o2=certified(dept, sup, "o2", "王五"),
        o3=certified(dept, sup, "o3", "赵六"),
        uncertified=make_user(dept, Role.OFFICER, username="nocert", full_name="钱七"),
        head=people.head,
        head2=make_user(dept, Role.UNIT_HEAD, username="head2", full_name="孙副局长"),
        reviewer=people.reviewer,
        reviewer2=make_user(dept, Role.LEGAL_REVIEWER, username="reviewer2", full_name="周审核"),
        archivist=people.archivist,
        supervisor=sup,
        party=MarketEntityFactory(name="临猗县示例食品超市"),
    )


def filed_case(w, *, officers=None, facts="货架上陈列销售超过保质期的纯牛奶12盒。"):  # type: ignore[no-untyped-def]
    """A penalty case filed by the head: INVESTIGATING, with o1 (lead) and o2 who both declared."""
    from zhifa.cases.services.filing import case_file_approve, case_file_request
    from zhifa.cases.services.officers import recusal_declare

    officers = officers or [w.o1, w.o2]
    case = case_file_request(
        actor=officers[0],
        organisation=w.dept,
        item_version=w.item,
        party=w.party,
        cause="销售超过保质期食品",
        facts=facts,
        officers=officers,
    )
    for user in officers[1:]:
        recusal_declare(case=case, actor=user, capacity="handler", has_conflict=False)
    return case_file_approve(case=case, actor=w.head, opinion="同意立案。")
