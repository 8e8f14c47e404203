"""Submission and materials (R-1.4-09, AMB-1.4-b): the handlers send the materials, the review
body checks them; only a complete set opens the 10-working-day clock (R-1.4-13). An incomplete
set goes back to the handlers with the list of what is missing; they supplement and resubmit.
Joint decisions (R-1.4-05): the lead unit organises, the other units are recorded as taking part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.cases.constants import Capacity, RecusalGround
from zhifa.cases.models import Hearing, LegalReview
from zhifa.cases.services.common import declare_if_given, require_no_conflict
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.core.subjects import subject_key
from zhifa.deadlines.services import obligation_open
from zhifa.legal_review.constants import (
    ALWAYS_REQUIRED,
    REVIEW_PERIOD_RULE,
    CheckResult,
    MaterialKind,
    ParticipantRole,
    SubmissionStatus,
)
from zhifa.legal_review.models import Material, MaterialsCheck, Participant, Submission
from zhifa.legal_review.services.common import (
    OPEN_FOR_MATERIALS,
    event,
    is_review_body,
    name,
    notify_handlers,
    require_case_handler,
    require_not_own_work,
    require_review_body,
    require_status,
    set_status,
    submission_lock,
)

if TYPE_CHECKING:
    from zhifa.accounts.models import Organisation, User
    from zhifa.documents.models import GeneratedDocument
    from zhifa.records.models import Record

S = SubmissionStatus

__all__ = [
    "materials_check",
    "material_set",
    "missing_materials",
    "participant_add",
    "reviewer_take",
    "submission_create",
    "submission_resubmit",
]


def required_kinds(submission: Submission) -> list[str]:
    """R-1.4-09 (1)–(4) always; (5) the hearing record / assessment report when one was held."""
    kinds = [str(k) for k in ALWAYS_REQUIRED]
    if submission.hearing_or_assessment_held:
        kinds.append(MaterialKind.HEARING_OR_ASSESSMENT.value)
    return kinds


def missing_materials(submission: Submission) -> list[str]:
    """The required kinds not (yet) provided, in the order of R-1.4-09."""
    provided = {m.kind for m in submission.materials.all() if m.is_provided}
    return [k for k in required_kinds(submission) if k not in provided]


def _labels(kinds: list[str]) -> str:
    return "、".join(MaterialKind(k).label for k in kinds)


def submission_create(*, review: LegalReview, actor: User) -> Submission:
    """Called by ``review_submit`` (cases) in its transaction: the submission of one review, with
    what the case already has filled in (the report, its proposal, basis and evidence); the
    draft decision (and a hearing record where one was held) the handlers add. No clock yet."""
    case = review.case
    now = clock.now()
    held = Hearing.objects.filter(case=case, held_at__isnull=False).exists()
    submission = Submission.objects.create(
        review=review,
        case=case,
        organisation=case.organisation,
        submitted_by=actor,
        submitted_at=now,
        hearing_or_assessment_held=held,
    )
    report = review.report
    rows: list[Material] = []
    if report is not None:
        rows.append(
            Material(
                kind=MaterialKind.PROPOSAL,
                text=f"拟作出决定：{report.get_proposal_display()}。{report.facts}",
            )
        )
        rows.append(
            Material(
                kind=MaterialKind.CONCLUSION_REPORT,
                document=report.document,
                text=f"调查终结报告（第{report.revision}稿）",
            )
        )
        rows.append(
            Material(
                kind=MaterialKind.BASIS_EVIDENCE,
                text=f"法律依据：{report.legal_basis}\n证据：{report.evidence_summary}",
            )
        )
    for row in rows:
        row.submission = submission
        row.added_by = actor
        row.added_at = now
    Material.objects.bulk_create(rows)
    Participant.objects.create(
        submission=submission,
        organisation=case.organisation,
        role=ParticipantRole.LEAD,
        added_by=actor,
        added_at=now,
    )
    return submission


def _check_document(submission: Submission, document: GeneratedDocument | None) -> None:
    if document is None:
        return
    stype, sid = subject_key(submission.case)
    if (document.subject_type, document.subject_id) != (stype, sid):
        raise DomainError("只能选择本案的文书。", code="not_case_document", field="document")


@transaction.atomic
def material_set(
    *,
    submission: Submission,
    actor: User,
    kind: str,
    document: GeneratedDocument | None = None,
    record: Record | None = None,
    text: str = "",
    hearing_or_assessment_held: bool | None = None,
) -> Material:
    """A handler provides (or replaces) one material (R-1.4-09; R-1.4-17: the handling unit
    answers for the materials), before the review body finds the set complete."""
    submission = submission_lock(submission)
    require_case_handler(actor, submission)
    require_status(submission, *OPEN_FOR_MATERIALS, doing="补充送审材料")
    if kind not in MaterialKind.values:
        raise DomainError("请选择材料种类。", code="required", field="kind")
    _check_document(submission, document)
    if record is not None and record.case_id != submission.case_id:
        raise DomainError("只能选择本案的记录。", code="not_case_record", field="record")
    text = (text or "").strip()
    if document is None and record is None and not text:
        raise DomainError("请选择本案文书或记录，或者填写材料内容。", code="required", field="text")
    if hearing_or_assessment_held is not None:
        submission.hearing_or_assessment_held = hearing_or_assessment_held
        submission.save(update_fields=["hearing_or_assessment_held", "updated_at"])
    material, _ = Material.objects.update_or_create(
        submission=submission,
        kind=kind,
        defaults={
            "document": document,
            "record": record,
            "text": text,
            "added_by": actor,
            "added_at": clock.now(),
        },
    )
    event(
        submission,
        actor,
        "review_material_set",
        f"提交法制审核材料：{MaterialKind(kind).label}",
        {"kind": kind},
    )
    return material


@transaction.atomic
def materials_check(
    *,
    submission: Submission,
    actor: User,
    complete: bool,
    missing: list[str] | None = None,
    note: str = "",
) -> MaterialsCheck:
    """The review body checks the materials (R-1.4-09, AMB-1.4-b).

    Complete: only if every required kind is provided; ``complete_at`` is set and the
    10-working-day period R-1.4-13 opens from it. Incomplete: returned to the handlers with the
    list of what is missing (case event and inbox); no clock."""
    submission = submission_lock(submission)
    require_review_body(actor, submission)
    require_not_own_work(actor, submission)
    require_status(submission, S.SUBMITTED, doing="核对送审材料")
    lacking = missing_materials(submission)
    now = clock.now()
    note = (note or "").strip()
    if complete:
        if lacking:
            raise DomainError(
                f"送审材料不全，不能确认齐全：缺少{_labels(lacking)}（R-1.4-09）。"
                "请退回承办机构补充。",
                code="materials_missing",
                field="complete",
            )
        check = MaterialsCheck.objects.create(
            submission=submission,
            result=CheckResult.COMPLETE,
            note=note,
            checked_by=actor,
            checked_at=now,
        )
        case = submission.case
        obligation = obligation_open(
            rule_id=REVIEW_PERIOD_RULE,
            subject=case,
            organisation=submission.organisation,
            start_at=now,
            label=f"法制审核：{case.display_number}",
            actor=None,
        )
        submission.complete_at = now
        submission.completed_by = actor
        submission.obligation = obligation
        set_status(submission, S.UNDER_REVIEW, "complete_at", "completed_by", "obligation")
        event(
            submission,
            actor,
            "review_materials_complete",
            f"法制审核送审材料齐全，开始审核，期限至{obligation.due_date:%Y年%m月%d日}（R-1.4-13）",
            {"due_date": obligation.due_date.isoformat()},
        )
        return check
    chosen: list[str] = []
    for kind in missing if missing is not None else lacking:
        if kind not in MaterialKind.values:
            raise DomainError("请从列表中选择缺少的材料。", code="invalid", field="missing")
        if kind not in chosen:
            chosen.append(kind)
    if not chosen:
        raise DomainError(
            "退回补充的，请勾选缺少的材料。", code="missing_required", field="missing"
        )
    check = MaterialsCheck.objects.create(
        submission=submission,
        result=CheckResult.INCOMPLETE,
        missing=chosen,
        note=note,
        checked_by=actor,
        checked_at=now,
    )
    set_status(submission, S.INCOMPLETE)
    summary = f"法制审核送审材料不全，退回补充：缺少{_labels(chosen)}（R-1.4-09）"
    if note:
        summary += f"。{note}"
    event(submission, actor, "review_materials_return", summary, {"missing": chosen})
    notify_handlers(submission, f"法制审核材料退回补充：{submission.case.display_number}", summary)
    return check


@transaction.atomic
def submission_resubmit(*, submission: Submission, actor: User) -> Submission:
    """The handlers send the supplemented materials again (INCOMPLETE → SUBMITTED)."""
    submission = submission_lock(submission)
    require_case_handler(actor, submission)
    require_status(submission, S.INCOMPLETE, doing="重新送审")
    set_status(submission, S.SUBMITTED)
    event(submission, actor, "review_resubmit", "补充材料后重新提请法制审核")
    return submission


@transaction.atomic
def reviewer_take(
    *,
    submission: Submission,
    actor: User,
    has_conflict: bool = False,
    ground: str = "",
    note: str = "",
) -> Submission:
    """A legal reviewer takes the submission, declaring first (R-1.4-06, R-1.5-03).

    Never a handler of the case nor the submitter; a declared direct interest is recorded and
    removes the reviewer (someone else reviews)."""
    submission = submission_lock(submission)
    require_review_body(actor, submission)
    require_not_own_work(actor, submission)
    require_status(submission, S.SUBMITTED, S.UNDER_REVIEW, S.PAUSED, doing="承办审核")
    case = submission.case
    require_no_conflict(case, actor, Capacity.REVIEWER)
    if submission.reviewer_id and submission.reviewer_id != actor.pk:
        raise DomainError(f"该送审已由{name(submission.reviewer)}承办。", code="already_taken")
    declaration = declare_if_given(
        case=case,
        person=actor,
        capacity=Capacity.REVIEWER,
        has_conflict=has_conflict,
        ground=ground,
        note=note,
    )
    if declaration is not None and declaration.has_conflict:
        release_conflicted(submission, actor, ground)
        return submission
    submission.reviewer = actor
    submission.save(update_fields=["reviewer", "updated_at"])
    event(submission, actor, "review_take", f"{name(actor)} 承办法制审核，声明无回避情形")
    return submission


def release_conflicted(submission: Submission, actor: User, ground: str) -> None:
    """R-1.4-06: the declared conflict is recorded and the reviewer leaves the submission."""
    if submission.reviewer_id == actor.pk:
        submission.reviewer = None
        submission.save(update_fields=["reviewer", "updated_at"])
    label = RecusalGround(ground).label if ground in RecusalGround.values else ground
    event(
        submission,
        actor,
        "recusal_declare",
        f"{name(actor)} 声明回避（{label}），不参与法制审核（R-1.4-06）",
        {"capacity": Capacity.REVIEWER, "ground": ground},
    )


@transaction.atomic
def participant_add(
    *, submission: Submission, actor: User, organisation: Organisation, note: str = ""
) -> Participant:
    """R-1.4-05: in a joint decision the lead unit's review body organises the review and
    records the other units that take part."""
    submission = submission_lock(submission)
    require_review_body(actor, submission)
    if submission.status in (S.OPINION_ISSUED, S.HEAD_DECIDED):
        raise DomainError("审核意见已出具，不能再增加参与单位。", code="wrong_status")
    if organisation is None or organisation.pk == submission.organisation_id:
        raise DomainError("请选择其他参与审核的单位。", code="invalid", field="organisation")
    if Participant.objects.filter(submission=submission, organisation=organisation).exists():
        raise DomainError("该单位已登记为参与单位。", code="duplicate", field="organisation")
    row = Participant.objects.create(
        submission=submission,
        organisation=organisation,
        role=ParticipantRole.PARTICIPANT,
        note=(note or "").strip(),
        added_by=actor,
        added_at=clock.now(),
    )
    event(
        submission,
        actor,
        "review_participant_add",
        f"联合审核：{organisation.name} 参与法制审核（R-1.4-05）",
        {"organisation_id": organisation.pk},
    )
    return row


def can_take(user: User, submission: Submission) -> bool:
    return is_review_body(user, submission)
