"""The written opinion of a legal review: 《重大行政执法决定法制审核意见书》 (R-1.4-10/11/12).

:func:`opinion_document_render` is called by the opinion service once the reviewer has issued
the opinion (``LegalReview.opinion/opinion_text/reviewer/decided_at`` set, the R-1.4-10 checklist
saved). It fills the seed template ``legal_review_opinion``
(``zhifa/documents/seed_templates_review.py``) **twice** (R-1.4-12, 一式两份): one copy is
attached to the case (``subject=case``, in the case unit's name: it goes into the case file),
one is kept by the review body (``subject=submission``, in the reviewing unit's name). The
caller stores them on ``Submission.opinion_case_copy`` / ``opinion_body_copy``.

Like ``zhifa.cases.services.docs.case_document_render`` it renders through
``zhifa.documents.services.document_render``, which lays out and stores the files before its
own short transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhifa.cases.constants import MajorGround, ReviewOpinion
from zhifa.cases.services.docs import case_context, date_zh
from zhifa.cases.services.report import penalty_lines
from zhifa.core.errors import DomainError
from zhifa.documents.services import document_render
from zhifa.legal_review.constants import ChecklistPoint, ParticipantRole

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.documents.models import GeneratedDocument
    from zhifa.legal_review.models import Submission

TEMPLATE_CODE = "legal_review_opinion"
TITLE = "重大行政执法决定法制审核意见书"
# R-1.4-12: where each of the two copies goes (printed on the copy, and in its title).
CASE_COPY = "存入执法案卷"
BODY_COPY = "法制审核机构留存"
# The county's measure the checklist (R-1.4-10, Art. 11) and the opinions (R-1.4-11, Art. 12)
# come from; the item of Art. 12 by opinion.
MEASURE = "《临猗县重大行政执法决定法制审核办法》"
_ARTICLE_12_ITEM = {
    ReviewOpinion.APPROVE: "第一项",
    ReviewOpinion.CORRECT: "第二项",
    ReviewOpinion.DO_NOT_DECIDE: "第三项",
    ReviewOpinion.TRANSFER: "第四项",
}


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.full_name or user.username


def _grounds(codes: list[str]) -> str:
    return "、".join(MajorGround(c).label if c in MajorGround.values else str(c) for c in codes)


def _proposed_decision(submission: Submission) -> str:
    report = submission.review.report
    if report is None:  # a permit's review is of the proposed decision itself
        return f"{submission.case.cause}（拟作出的行政执法决定）"
    lines = penalty_lines(report.penalty_types, report.fine, report.confiscation)
    text = report.get_proposal_display()
    if lines:
        text += "：" + "；".join(lines)
    return text + "。"


def _checklist(submission: Submission) -> list[dict[str, str]]:
    """The R-1.4-10 points in the order of the measure, each with its finding and reason."""
    order = {p.value: i for i, p in enumerate(ChecklistPoint)}
    items = sorted(submission.checklist.all(), key=lambda c: (order.get(c.point, 99), c.pk))
    return [
        {"point": c.get_point_display(), "finding": c.get_finding_display(), "reason": c.reason}
        for c in items
    ]


def opinion_context(submission: Submission) -> dict[str, Any]:
    """The template's data for ``submission`` (without ``copy_label``)."""
    review = submission.review
    case = submission.case
    data = case_context(case)
    report = review.report
    grounds = (report.major_grounds if report is not None else None) or case.major_grounds
    reviewers: list[str] = []
    for user in (review.reviewer, submission.reviewer):
        name = _name(user)
        if name and name not in reviewers:
            reviewers.append(name)
    opinion = review.opinion
    joint = [
        p.organisation.name
        for p in submission.participants.select_related("organisation").order_by("id")
        if p.role == ParticipantRole.PARTICIPANT
    ]
    data.update(
        {
            "unit_name": submission.organisation.name,
            "handling_unit": case.organisation.name,
            "submitted_by": _name(submission.submitted_by),
            "submitted_at": date_zh(submission.submitted_at),
            "complete_at": date_zh(submission.complete_at),
            "major_grounds": _grounds(list(grounds or [])),
            "proposed_decision": _proposed_decision(submission),
            "joint_units": "、".join(joint),
            "checklist": _checklist(submission),
            "opinions": [{"label": o.label, "selected": o.value == opinion} for o in ReviewOpinion],
            "opinion_label": ReviewOpinion(opinion).label if opinion else "",
            "opinion_text": review.opinion_text,
            "legal_basis": (
                f"{MEASURE}第十一条、第十二条{_ARTICLE_12_ITEM[ReviewOpinion(opinion)]}"
                if opinion
                else MEASURE
            ),
            "review_body": submission.organisation.name,
            "reviewers": "、".join(reviewers),
            "date": date_zh(review.decided_at) or data["date"],
        }
    )
    return data


def opinion_document_render(submission: Submission, actor: User) -> list[GeneratedDocument]:
    """R-1.4-12: make the opinion document in two copies and return ``[case_copy, body_copy]``.

    The first is attached to the case (``subject=case``, the case's unit: it goes into the case
    file); the second is kept by the review body (``subject=submission``, the reviewing unit).
    Raises ``DomainError`` if the opinion has not been issued yet.
    """
    if not submission.review.opinion:
        raise DomainError(
            "尚未出具审核意见，不能制作法制审核意见书。", code="no_opinion", field="opinion"
        )
    data = opinion_context(submission)
    number = str(data.get("document_number") or "")
    case_copy = document_render(
        actor=actor,
        template_code=TEMPLATE_CODE,
        context={**data, "copy_label": CASE_COPY},
        organisation=submission.case.organisation,
        title=f"{TITLE}（{CASE_COPY}）",
        subject=submission.case,
        number=number,
    )
    body_copy = document_render(
        actor=actor,
        template_code=TEMPLATE_CODE,
        context={**data, "copy_label": BODY_COPY},
        organisation=submission.organisation,
        title=f"{TITLE}（{BODY_COPY}）",
        subject=submission,
        number=number,
    )
    return [case_copy, body_copy]
