"""The legal review through the pages and the API: the queue (constant queries), the
submission page's steps, structured API errors, and the gate of R-1.4-02 on the decision in the
service, the page and the API alike."""

from __future__ import annotations

import pytest

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.cases.constants import DecisionOutcome, MajorGround, Proposal, ReviewOpinion
from zhifa.cases.services.decision import decision_propose
from zhifa.cases.tests.test_decision import discuss
from zhifa.cases.tests.test_report import reported_case
from zhifa.core.errors import DomainError
from zhifa.legal_review.constants import SubmissionStatus
from zhifa.legal_review.models import Submission
from zhifa.legal_review.tests.helpers import (
    checklist,
    give_opinion,
    major_case,
    submit,
    submit_complete,
)

S = SubmissionStatus


def _flat_checklist() -> dict[str, str]:
    return {f"{p}_{k}": v for p, entry in checklist().items() for k, v in entry.items()}


def no_penalty_major(w):  # type: ignore[no-untyped-def]
    return reported_case(
        w,
        proposal=Proposal.NO_PENALTY,
        penalty_types=[],
        fine=None,
        benchmark=None,
        major_grounds=[MajorGround.SOCIAL_IMPACT],
    )


NO_PENALTY = {
    "outcome": DecisionOutcome.NO_PENALTY,
    "content": "违法行为轻微并及时改正，不予处罚。",
}


def test_r_1_4_13_the_queue_shows_each_clock_in_constant_queries(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.reviewer)
    submit_complete(world, major_case(world))
    with django_assert_max_num_queries(40) as ctx:
        r = client.get("/legal-review/")
    assert r.status_code == 200
    base = len(ctx.captured_queries)
    for _ in range(3):
        submit(world, major_case(world))
    with django_assert_max_num_queries(base):
        r = client.get("/legal-review/")
    body = r.content.decode()
    assert body.count('data-testid="queue-row"') == 4
    assert "材料齐全后起算" in body


def test_r_1_4_09_the_submission_page_checks_materials_and_keeps_input_on_refusal(world, client):
    case = major_case(world)
    submission = submit(world, case)
    client.force_login(world.reviewer)
    page = client.get(f"/legal-review/{submission.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="step-check"' in body and "决定书代拟稿" in body
    r = client.post(
        f"/legal-review/{submission.pk}/check/", {"complete": "yes", "note": "核对意见甲"}
    )
    assert r.status_code == 400
    text = r.content.decode()
    assert "送审材料不全" in text and "核对意见甲" in text
    r = client.post(
        f"/legal-review/{submission.pk}/check/",
        {"complete": "no", "missing": ["draft_decision"], "note": "请补充代拟稿"},
    )
    assert r.status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.INCOMPLETE
    # the handler supplements and resubmits on the page
    client.force_login(world.o1)
    r = client.post(
        f"/legal-review/{submission.pk}/material/",
        {"kind": "draft_decision", "text": "不予行政处罚决定书（代拟稿）"},
    )
    assert r.status_code == 302, r.content.decode()
    assert client.post(f"/legal-review/{submission.pk}/resubmit/").status_code == 302
    # a handler may not check the materials
    r = client.post(f"/legal-review/{submission.pk}/check/", {"complete": "yes"})
    assert r.status_code == 400 and "法制审核机构" in r.content.decode()
    client.force_login(world.reviewer)
    assert (
        client.post(f"/legal-review/{submission.pk}/check/", {"complete": "yes"}).status_code == 302
    )
    submission.refresh_from_db()
    assert submission.status == S.UNDER_REVIEW and submission.obligation is not None
    # the opinion with the checklist on the page; the two copies are made (R-1.4-12)
    r = client.post(
        f"/legal-review/{submission.pk}/opinion/",
        {"has_conflict": "no", "opinion": "approve", "opinion_text": "同意。", **_flat_checklist()},
    )
    assert r.status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.OPINION_ISSUED
    assert submission.opinion_case_copy_id and submission.opinion_body_copy_id
    # the case page leads to the submission
    assert f"/legal-review/case/{case.pk}/" in client.get(f"/cases/{case.pk}/").content.decode()
    r = client.get(f"/legal-review/case/{case.pk}/")
    assert r.status_code == 302 and r.url == f"/legal-review/{submission.pk}/"


def test_r_1_4_02_a_decision_without_approval_is_refused_by_service_page_and_api(world, client):
    case = no_penalty_major(world)
    submit_complete(world, case)
    give_opinion(world, case, ReviewOpinion.CORRECT, text="事实不清，请补充调查。")
    case.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        decision_propose(case=case, actor=world.o1, penalty_types=[], fine=None, **NO_PENALTY)
    assert exc.value.code == "review_not_passed"
    client.force_login(world.o1)
    r = client.post(f"/cases/{case.pk}/do/decision_propose/", NO_PENALTY)
    assert r.status_code in (400, 409)
    assert "R-1.4-02" in r.content.decode()
    r = client.post(
        f"/api/v1/cases/{case.pk}/actions/decision_propose",
        NO_PENALTY,
        content_type="application/json",
    )
    assert 400 <= r.status_code < 500
    assert r.json()["code"] == "review_not_passed"


def test_r_1_4_16_api_dispute_consult_head_decision_then_the_decision_passes_the_gate(
    world, client
):
    case = no_penalty_major(world)
    submission = submit_complete(world, case)
    give_opinion(world, case, ReviewOpinion.DO_NOT_DECIDE, text="主要证据不合法。")
    url = f"/api/v1/legal-review/submissions/{submission.pk}"
    client.force_login(world.o1)
    r = client.post(f"{url}/dispute", {}, content_type="application/json")
    assert r.status_code == 400 and "reasons" in r.json()["errors"]
    r = client.post(f"{url}/dispute", {"reasons": "证据合法。"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == S.DISPUTED
    client.force_login(world.reviewer)
    r = client.post(
        f"{url}/consult",
        {"result": "still_disputed", "note": "仍有分歧。"},
        content_type="application/json",
    )
    assert r.status_code == 200
    client.force_login(world.o1)
    r = client.post(
        f"{url}/head_decide",
        {"decision": "proceed", "reasons": "x"},
        content_type="application/json",
    )
    assert r.status_code == 403
    discuss(world, case)
    client.force_login(world.head)
    r = client.post(
        f"{url}/head_decide",
        {"decision": "proceed", "reasons": "经集体讨论决定作出。"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.json()
    assert r.json()["dispute"]["head_decision"] == "proceed"
    case.refresh_from_db()
    decision_propose(case=case, actor=world.o1, penalty_types=[], fine=None, **NO_PENALTY)


def test_r_1_4_14_api_second_extension_refused_with_a_clear_message(world, client):
    case = major_case(world)
    submission = submit_complete(world, case)
    url = f"/api/v1/legal-review/submissions/{submission.pk}"
    client.force_login(world.reviewer)
    r = client.post(
        f"{url}/extension_request", {"reason": "案情复杂。"}, content_type="application/json"
    )
    assert r.status_code == 200
    client.force_login(world.o1)
    r = client.post(f"{url}/extension_decide", {"approve": True}, content_type="application/json")
    assert r.status_code == 403
    client.force_login(world.head)
    r = client.post(f"{url}/extension_decide", {"approve": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["extended"]
    client.force_login(world.reviewer)
    r = client.post(
        f"{url}/extension_request", {"reason": "再次延长。"}, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["code"] == "already_extended" and "只能延长一次" in r.json()["message"]


def test_the_api_scopes_submissions_and_answers_404(world, client):
    submission = submit(world, major_case(world))
    outsider = make_user(world.county.team_a, Role.LEGAL_REVIEWER)
    client.force_login(outsider)
    assert client.get(f"/api/v1/legal-review/submissions/{submission.pk}").status_code == 404
    assert client.get(f"/legal-review/{submission.pk}/").status_code == 404
    assert client.get("/api/v1/legal-review/submissions").json()["results"] == []
    client.force_login(world.reviewer)
    rows = client.get("/api/v1/legal-review/submissions").json()["results"]
    assert [r["id"] for r in rows] == [submission.pk]
    r = client.post(
        f"/api/v1/legal-review/submissions/{submission.pk}/nope",
        {},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert Submission.objects.count() == 1
