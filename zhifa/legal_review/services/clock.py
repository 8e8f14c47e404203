"""The review clock: pauses (R-1.4-15) and the one extension (R-1.4-14) of the R-1.4-13 period.

Every change goes through the deadline engine (``obligation_pause/resume/extend``) so the due date
always comes from the working-day calendar; this module keeps the review's own history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.cases.services.common import require_head
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.deadlines.services import obligation_extend, obligation_pause, obligation_resume
from zhifa.inbox.services import inbox_send_to_role
from zhifa.legal_review.constants import (
    EXTENSION_RULE,
    EXTENSION_WORKDAYS,
    ExtensionStatus,
    PauseKind,
    SubmissionStatus,
)
from zhifa.legal_review.models import ExtensionRequest, Pause, Submission
from zhifa.legal_review.services.common import (
    event,
    name,
    require_review_body,
    require_status,
    set_status,
    submission_lock,
    submission_url,
)

if TYPE_CHECKING:
    from zhifa.accounts.models import User

S = SubmissionStatus

ALREADY_EXTENDED = (
    "审核期限已经延长过一次。依据 R-1.4-14，案件复杂的，经负责人批准只能延长一次（10个工作日），"
    "不能再次延长；请在延长后的期限内出具审核意见，或按规定暂停计时（补充材料、专家论证、提请解释）。"
)


def _require_text(value: str | None, *, field: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", code="required", field=field)
    return text


@transaction.atomic
def pause_start(*, submission: Submission, actor: User, kind: str, reason: str) -> Pause:
    """R-1.4-15: supplementing materials, expert argumentation or a request for interpretation
    stop the clock (each pause is a row; the R-1.4-13 obligation is paused)."""
    submission = submission_lock(submission)
    require_review_body(actor, submission)
    require_status(submission, S.UNDER_REVIEW, doing="暂停计时")
    if kind not in PauseKind.values:
        raise DomainError(
            "请选择暂停事由（补充材料、专家论证、提请解释，R-1.4-15）。",
            code="invalid_pause_kind",
            field="kind",
        )
    reason = _require_text(reason, field="reason", what="暂停说明")
    assert submission.obligation is not None  # noqa: S101 - opened when complete
    ob_pause = obligation_pause(
        obligation=submission.obligation, actor=actor, reason=kind, note=reason
    )
    pause = Pause.objects.create(
        submission=submission,
        kind=kind,
        reason=reason,
        started_at=ob_pause.paused_at,
        started_by=actor,
        obligation_pause=ob_pause,
    )
    set_status(submission, S.PAUSED)
    event(
        submission,
        actor,
        "review_pause",
        f"法制审核暂停计时（{PauseKind(kind).label}）：{reason}（R-1.4-15）",
        {"kind": kind, "pause_id": pause.pk},
    )
    return pause


@transaction.atomic
def pause_end(*, submission: Submission, actor: User) -> Pause:
    """The pause ends; the clock runs again and the due date moves by the paused working days."""
    submission = submission_lock(submission)
    require_review_body(actor, submission)
    require_status(submission, S.PAUSED, doing="恢复计时")
    pause = (
        Pause.objects.select_for_update()
        .filter(submission=submission, ended_at__isnull=True)
        .last()
    )
    if pause is None:  # pragma: no cover - PAUSED always has an open pause
        raise DomainError("没有正在暂停的计时。", code="not_paused")
    assert submission.obligation is not None  # noqa: S101
    obligation = obligation_resume(obligation=submission.obligation, actor=actor)
    pause.ended_at = clock.now()
    pause.ended_by = actor
    pause.save(update_fields=["ended_at", "ended_by"])
    submission.obligation = obligation
    set_status(submission, S.UNDER_REVIEW)
    event(
        submission,
        actor,
        "review_resume",
        f"法制审核恢复计时（{pause.get_kind_display()}结束），"
        f"审核期限至{obligation.due_date:%Y年%m月%d日}",
        {"pause_id": pause.pk, "due_date": obligation.due_date.isoformat()},
    )
    return pause


def _refuse_second(submission: Submission) -> None:
    if submission.extended:
        raise DomainError(ALREADY_EXTENDED, code="already_extended", field="reason")


@transaction.atomic
def extension_request(*, submission: Submission, actor: User, reason: str) -> ExtensionRequest:
    """R-1.4-14: the reviewer asks for 10 more working days (a complex case), with reasons."""
    submission = submission_lock(submission)
    require_review_body(actor, submission)
    require_status(submission, S.UNDER_REVIEW, S.PAUSED, doing="申请延长审核期限")
    _refuse_second(submission)
    if ExtensionRequest.objects.filter(
        submission=submission, status=ExtensionStatus.REQUESTED
    ).exists():
        raise DomainError(
            "已申请延长审核期限，正在等待负责人批准。", code="extension_pending", field="reason"
        )
    reason = _require_text(reason, field="reason", what="延长理由（案件复杂的具体情况）")
    request = ExtensionRequest.objects.create(
        submission=submission, reason=reason, requested_by=actor, requested_at=clock.now()
    )
    event(
        submission,
        actor,
        "review_extension_request",
        f"申请延长法制审核期限10个工作日：{reason}（R-1.4-14）",
        {"extension_request_id": request.pk},
    )
    inbox_send_to_role(
        organisation=submission.case.organisation,
        role=Role.UNIT_HEAD,
        exclude=[actor],
        title=f"待审批：{submission.case.display_number} 延长法制审核期限（R-1.4-14）",
        body=reason,
        url=submission_url(submission),
    )
    return request


@transaction.atomic
def extension_decide(
    *, submission: Submission, actor: User, approve: bool, note: str = ""
) -> ExtensionRequest:
    """A unit head of the organ (not a handler of the case, not the requester) approves or
    refuses; approval extends the R-1.4-13 obligation by 10 working days, once (R-1.4-14)."""
    submission = submission_lock(submission)
    request = (
        ExtensionRequest.objects.select_for_update()
        .filter(submission=submission, status=ExtensionStatus.REQUESTED)
        .first()
    )
    if request is None:
        _refuse_second(submission)
        raise DomainError("没有待批准的延长申请。", code="no_extension_request")
    require_head(submission.case, actor, requested_by=request.requested_by)
    note = (note or "").strip()
    now = clock.now()
    if approve:
        _refuse_second(submission)
        assert submission.obligation is not None  # noqa: S101
        extension = obligation_extend(
            obligation=submission.obligation,
            actor=actor,
            reason=request.reason,
            amount=EXTENSION_WORKDAYS,
        )
        request.status = ExtensionStatus.APPROVED
        request.obligation_extension = extension
        submission.extended = True
        submission.save(update_fields=["extended", "updated_at"])
        submission.obligation.refresh_from_db()
        summary = (
            f"{name(actor)} 批准延长法制审核期限10个工作日，"
            f"期限至{submission.obligation.due_date:%Y年%m月%d日}（{EXTENSION_RULE}）"
        )
    else:
        if not note:
            raise DomainError("不批准的，请写明理由。", code="required", field="note")
        request.status = ExtensionStatus.REFUSED
        summary = f"{name(actor)} 不批准延长法制审核期限：{note}"
    request.decided_by = actor
    request.decided_at = now
    request.decision_note = note
    request.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "obligation_extension",
        ]
    )
    event(
        submission,
        actor,
        "review_extension_decide",
        summary,
        {"extension_request_id": request.pk, "approved": approve},
    )
    return request
