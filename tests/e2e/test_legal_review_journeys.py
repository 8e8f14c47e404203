"""Journeys of a legal review in a real browser (issue 6).

The legal reviewer finds the major case in the review body's queue, returns it because the
draft decision is missing (R-1.4-09: no clock yet); once the handler supplied it, the reviewer
finds the set complete (the 10-working-day clock starts, R-1.4-13), answers every point of the
R-1.4-10 checklist and approves in writing (R-1.4-11): the opinion document is made in two
copies (R-1.4-12) and the case passes the gate (R-1.4-02). The queue and the submission page on a
phone. Screenshots go to var/screenshots/."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_case_journeys import _no_horizontal_scroll, _shot
from zhifa.cases.tests.conftest import media, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(autouse=True)
def enforcement_types(db):  # type: ignore[no-untyped-def]
    """The live server's transactional database is flushed, data migrations included."""
    from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES
    from zhifa.catalog.models import EnforcementType

    for order, (code, name) in enumerate(STANDARD_ENFORCEMENT_TYPES, start=1):
        EnforcementType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


def test_reviewer_returns_then_approves_with_the_checklist(page, world):  # noqa: F811
    from zhifa.cases.services.review import review_passed
    from zhifa.legal_review.constants import ChecklistPoint, SubmissionStatus
    from zhifa.legal_review.services.submission import submission_resubmit
    from zhifa.legal_review.tests.helpers import add_missing, major_case, submit

    case = major_case(world)
    submission = submit(world, case)
    login(page, "reviewer")
    page.goto(page.base_url + "/legal-review/")
    _shot(page, "legal-review-queue-pc")
    page.click(f"a[href='/legal-review/{submission.pk}/']")
    assert "缺少" in page.inner_text("[data-testid=missing]")
    check = page.locator("[data-testid=step-check]")
    check.locator("input[name=complete][value=no]").check()
    check.locator("input[name=missing][value=draft_decision]").check()
    check.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=status]")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.INCOMPLETE
    assert page.locator("[data-testid=due-date]").count() == 0  # no clock yet (R-1.4-09)

    add_missing(world, submission)
    submission_resubmit(submission=submission, actor=world.o1)
    page.reload()
    check = page.locator("[data-testid=step-check]")
    check.locator("input[name=complete][value=yes]").check()
    check.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=due-date]")  # the clock runs (R-1.4-13)

    form = page.locator("[data-testid=step-opinion]")
    if page.locator("[data-testid=step-take]").count():
        page.locator("[data-testid=step-take] button[type=submit]").click()
        form = page.locator("[data-testid=step-opinion]")
    # First without the checklist: the form says what is missing and keeps what was typed.
    form.locator("select[name=opinion]").select_option("approve")
    form.locator("textarea[name=opinion_text]").fill("同意作出拟定的行政处罚决定。")
    form.locator("button[type=submit]").click()
    form = page.locator("[data-testid=step-opinion]")
    assert "请选择审核结论" in form.inner_text()
    assert (
        form.locator("textarea[name=opinion_text]").input_value() == "同意作出拟定的行政处罚决定。"
    )
    for point in ChecklistPoint:
        if point == ChecklistPoint.OTHER:
            continue
        form.locator(f"select[name={point.value}_finding]").select_option("ok")
        form.locator(f"[name={point.value}_reason]").fill(f"经审查，{point.label}符合规定。")
    form.locator("select[name=opinion]").select_option("approve")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=status]")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.OPINION_ISSUED
    assert "同意" in page.inner_text("[data-testid=opinion]")
    assert page.inner_text("main").count("已办理：出具审核意见") == 1  # one flash, not two
    discretion = page.inner_text("[data-testid=discretion]")
    assert "lighter" not in discretion and "从轻" in discretion  # the tier in Chinese
    assert submission.opinion_case_copy_id and submission.opinion_body_copy_id  # R-1.4-12
    case.refresh_from_db()
    assert review_passed(case)  # R-1.4-02
    _shot(page, "legal-review-submission-pc")


def test_legal_review_pages_on_a_phone(phone, world):  # noqa: F811
    from zhifa.legal_review.tests.helpers import major_case, submit

    submission = submit(world, major_case(world))
    login(phone, "reviewer")
    for url, name in (
        ("/legal-review/", "legal-review-queue-phone"),
        (f"/legal-review/{submission.pk}/", "legal-review-submission-phone"),
    ):
        response = phone.goto(phone.base_url + url)
        assert response is not None and response.status == 200, url
        assert _no_horizontal_scroll(phone), url
        _shot(phone, name)
