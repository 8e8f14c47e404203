"""Drive a case through legal review (used by the legal review and the cases tests)."""

from __future__ import annotations

from typing import Any

from zhifa.cases.constants import MajorGround, ReviewOpinion
from zhifa.cases.models import LegalReview
from zhifa.legal_review.constants import ChecklistPoint, Finding, MaterialKind
from zhifa.legal_review.models import Submission

APPROVE_TEXT = "主体合法，事实清楚，证据确凿，适用依据正确，裁量适当，程序合法，文书规范。"


def checklist(finding: str = Finding.OK, **overrides: str) -> dict[str, dict[str, str]]:
    """An R-1.4-10 checklist with every point answered (``overrides``: point → finding)."""
    return {
        p.value: {
            "finding": overrides.get(p.value, finding),
            "reason": f"经审查，{p.label}：{'符合规定' if overrides.get(p.value, finding) == Finding.OK else '存在问题'}。",
        }
        for p in ChecklistPoint
        if p != ChecklistPoint.OTHER
    }


def submission_of(case: Any) -> Submission:
    return Submission.objects.filter(case=case).order_by("-submitted_at", "-id").first()  # type: ignore[return-value]


def major_case(w: Any) -> Any:
    from zhifa.cases.tests.test_report import reported_case

    return reported_case(w, major_grounds=[MajorGround.COMPLEX])


def submit(w: Any, case: Any, *, actor: Any = None, **kwargs: Any) -> Submission:
    from zhifa.cases.services.review import review_submit

    review_submit(case=case, actor=actor or w.o1, **kwargs)
    return submission_of(case)


def add_missing(w: Any, submission: Submission, *, actor: Any = None) -> None:
    """The handler provides what is missing (the draft decision; a hearing record if held)."""
    from zhifa.legal_review.services.submission import material_set, missing_materials

    for kind in missing_materials(submission):
        material_set(
            submission=submission,
            actor=actor or w.o1,
            kind=kind,
            text=f"{MaterialKind(kind).label}（见附件）",
        )


def submit_complete(w: Any, case: Any, *, actor: Any = None, **kwargs: Any) -> Submission:
    """review_submit, the missing materials added, the review body finds the set complete."""
    from zhifa.legal_review.services.submission import materials_check

    submission = submit(w, case, actor=actor, **kwargs)
    add_missing(w, submission, actor=actor)
    materials_check(submission=submission, actor=w.reviewer2, complete=True)
    submission.refresh_from_db()
    return submission


def give_opinion(
    w: Any,
    case: Any,
    opinion: str = ReviewOpinion.APPROVE,
    *,
    reviewer: Any = None,
    text: str = APPROVE_TEXT,
    **kwargs: Any,
) -> LegalReview:
    from zhifa.cases.services.review import review_opinion

    return review_opinion(
        case=case,
        actor=reviewer or w.reviewer,
        opinion=opinion,
        opinion_text=text,
        checklist=kwargs.pop("checklist", None) or checklist(),
        **kwargs,
    )


def drive_to_approval(w: Any, case: Any, *, actor: Any = None, **kwargs: Any) -> Any:
    """Submit, complete the materials, approve: the case passes the gate (R-1.4-02)."""
    submit_complete(w, case, actor=actor, **kwargs)
    give_opinion(w, case)
    case.refresh_from_db()
    return case
