"""Publication in a real browser (issue 7).

An officer drafts the decision information of a decided case about a natural person; the legal
reviewer is refused until the masking is confirmed (R-1.2-15; the typed opinion stays), then
checks it; the head approves and it is on the portal at once (R-1.2-05, R-1.12-05), fulfilling
the 7-working-day limit (R-1.2-12). A visitor finds it by keyword on a phone. Then a crawl of
every public page in Chromium: no full ID number, no mobile number, no natural person's name,
and no serious accessibility violation (axe-core). Screenshots go to var/screenshots/."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_case_journeys import _no_horizontal_scroll, _shot
from zhifa.cases.tests.conftest import media, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture(autouse=True)
def enforcement_types(db):  # type: ignore[no-untyped-def]
    """The live server's transactional database is flushed, data migrations included."""
    from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES
    from zhifa.catalog.models import EnforcementType

    for order, (code, name) in enumerate(STANDARD_ENFORCEMENT_TYPES, start=1):
        EnforcementType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


def _person_case(w):  # type: ignore[no-untyped-def]
    from zhifa.publication.tests.helpers import decided, person

    party = person("张三丰")
    return party, decided(w, party=party, cause="销售过期食品")


def test_officer_drafts_reviewer_confirms_masking_head_publishes_visitor_finds_it(
    page,
    browser,
    live_server,
    world,  # noqa: F811
):
    from zhifa.deadlines.constants import ObligationState
    from zhifa.deadlines.models import Obligation
    from zhifa.publication.models import Publication

    party, case = _person_case(world)
    login(page, "o1")
    page.goto(page.base_url + "/publication/")
    row = page.locator("[data-testid=awaiting-row]")
    assert row.count() == 1
    row.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=masks]")
    assert "张某某" in page.inner_text("[data-testid=preview]")
    assert "张三丰" in page.inner_text("[data-testid=masks]")  # staff see what was replaced
    _shot(page, "publication-draft-pc")
    p = Publication.objects.get(case=case)

    page.context.clear_cookies()
    login(page, "reviewer")
    page.goto(page.base_url + f"/publication/{p.pk}/")
    step = page.locator("[data-testid=step-check]")
    step.locator("input[name=decision][value=approve]").check()
    step.locator("textarea[name=note]").fill("决定信息合法、适当。")
    step.locator("button[type=submit]").click()
    step = page.locator("[data-testid=step-check]")
    assert "已核对脱敏" in step.inner_text()  # refused: the masking was not confirmed
    assert step.locator("textarea[name=note]").input_value() == "决定信息合法、适当。"
    step.locator("input[name=masking_confirmed]").check()
    step.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=status]:has-text('法制审核通过')")

    page.context.clear_cookies()
    login(page, "head")
    page.goto(page.base_url + f"/publication/{p.pk}/")
    step = page.locator("[data-testid=step-approve]")
    step.locator("input[name=decision][value=approve]").check()
    step.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=status]:has-text('已公开')")
    limit = Obligation.objects.get(
        subject_type="cases.case", subject_id=str(case.pk), rule_id="R-1.2-12"
    )
    assert limit.state == ObligationState.FULFILLED

    # A visitor on a phone, without a login.
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(live_server.url + "/portal/decisions/")
    phone.fill("#q", "过期食品")
    phone.click("form[role=search] button[type=submit]")
    phone.wait_for_selector("[data-testid=result]")
    assert _no_horizontal_scroll(phone)
    _shot(phone, "portal-decisions-phone")
    phone.click("[data-testid=result] a")
    text = phone.inner_text("main")
    assert "张某某" in text and "张三丰" not in text and party.id_number not in phone.content()
    assert _no_horizontal_scroll(phone)
    _shot(phone, "portal-decision-phone")
    phone.context.close()


def _public_world(w):  # type: ignore[no-untyped-def]
    """Published decisions about a natural person (with an ID and a phone in the text), one
    withdrawn and one updated."""
    from zhifa.publication.constants import ChangeKind, UpdateTrigger
    from zhifa.publication.services.changes import (
        change_approve,
        change_legal_check,
        change_propose,
    )
    from zhifa.publication.services.publication import (
        publication_approve,
        publication_draft_from_case,
        publication_edit,
        publication_legal_check,
    )
    from zhifa.publication.tests.helpers import published

    party, case = _person_case(w)
    p = publication_draft_from_case(case=case, actor=w.o1, form="full")
    publication_edit(
        publication=p,
        actor=w.o1,
        form="full",
        channels=["portal"],
        conclusion=f"当事人张三丰（身份证号{party.id_number}，电话13912345678）罚款1000元。",
        full_text=p.source["full_text"]
        + f"\n当事人：张三丰，住址：{party.address}，联系电话 139 1234 5678。",
    )
    publication_legal_check(
        publication=p, actor=w.reviewer, approve=True, note="同意。", masking_confirmed=True
    )
    publication_approve(publication=p, actor=w.head, approve=True)
    for kind in (ChangeKind.WITHDRAW, ChangeKind.UPDATE):
        q = published(w)
        c = change_propose(
            publication=q,
            actor=w.o1,
            kind=kind,
            trigger=UpdateTrigger.REVOKED if kind == ChangeKind.WITHDRAW else UpdateTrigger.REMADE,
            reason="经行政复议撤销。" if kind == ChangeKind.WITHDRAW else "重新作出决定。",
            conclusion="行政处罚。警告。" if kind == ChangeKind.UPDATE else None,
        )
        change_legal_check(
            change=c, actor=w.reviewer, approve=True, note="同意。", masking_confirmed=True
        )
        change_approve(change=c, actor=w.head, approve=True)
    return party


def _public_path(path: str) -> bool:
    return (
        path.startswith("/portal/")
        or "/public/" in path
        or path.startswith("/personnel/verify/")
        or path.startswith("/ledger/roots")
    ) and not path.startswith("/static/")


def test_crawl_every_portal_page_for_personal_data_and_accessibility(page, world):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    party = _public_world(world)
    axe = Axe()
    seen: set[str] = set()
    axed: set[str] = set()
    queue = deque(["/portal/"])
    problems: list[str] = []
    while queue and len(seen) < 80:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        fetched = page.request.get(page.base_url + path)
        if fetched.status >= 500:
            problems.append(f"{path}: HTTP {fetched.status}")
            continue
        if "text/html" not in fetched.headers.get("content-type", ""):
            body = fetched.text()  # a download (CSV …): the same checks on its text
            if ID_RE.search(body) or MOBILE_RE.search(body) or "张三丰" in body:
                problems.append(f"{path}: personal data in a download")
            continue
        response = page.goto(page.base_url + path)
        assert response is not None
        html = page.content()
        text = page.inner_text("body")
        for m in ID_RE.findall(text):
            problems.append(f"{path}: 18-digit number {m}")
        for m in MOBILE_RE.findall(re.sub(r"[\s-]", "", text)):
            problems.append(f"{path}: mobile number {m}")
        if "张三丰" in html or party.id_number in html:
            problems.append(f"{path}: the natural person's name or ID number")
        pattern = re.sub(r"\d+", "#", path.split("?")[0])
        if pattern in axed:  # one accessibility run per kind of page (…/<id>/, ?unit=…)
            results = None
        else:
            axed.add(pattern)
            results = axe.run(page)
        for v in results.response["violations"] if results is not None else []:
            if v["impact"] in ("serious", "critical"):
                where = "; ".join(
                    f"{n['target']} {n.get('failureSummary', '')[:160]}" for n in v["nodes"][:3]
                )
                problems.append(f"{path}: axe {v['id']} ({v['impact']}): {v['help']} — {where}")
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            url = urlparse(urljoin(page.base_url + path, href))
            if url.netloc and url.netloc != urlparse(page.base_url).netloc:
                continue
            target = url.path + (f"?{url.query}" if url.query and "after=" not in url.query else "")
            if (
                _public_path(url.path)
                and target not in seen
                and not url.path.endswith((".csv", ".pdf", ".xlsx"))
            ):
                queue.append(target)
    assert len(seen) >= 8, seen
    assert not problems, "\n".join(problems)
