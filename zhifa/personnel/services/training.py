"""Writes of the training area: sessions, attendance, exams, decisions, yearly rotation duty.

Systems 1.10 (入职培训) and 1.11 (定期轮训) of the Linyi rules, and R-1.7-03 (c). Every function
is keyword-only and atomic, checks who may do it, changes the rows and appends to the ledger in
the same transaction. Refusals are :class:`DomainError` with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from django.db import IntegrityError, transaction

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.permissions import is_supervisor
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.services import obligation_fulfil_for, obligation_open
from zhifa.ledger.services import ledger_append
from zhifa.personnel.constants import (
    EXAM_FULL_MARKS,
    EXAM_PASS_MARK,
    ROTATION_MIN_CLASS_HOURS,
    CertificateStatus,
    ExamAttempt,
    ExamSubject,
    TrainingFormat,
    TrainingKind,
)
from zhifa.personnel.constants_training import MakeupDecision, MakeupReason
from zhifa.personnel.models import (
    Attendance,
    Certificate,
    ExamResult,
    MakeupRequirement,
    Officer,
    RotationYear,
    TrainingSession,
)

ROTATION_RULE = "R-1.11-03"
# Certificate states whose holder is a trainee of the rotation training (R-1.11-01).
HOLDER_STATES = (CertificateStatus.VALID, CertificateStatus.WITHHELD)
MAX_CLASS_HOURS = Decimal("999.9")

__all__ = [
    "attendance_record",
    "attendance_record_bulk",
    "can_manage_exams",
    "can_manage_session",
    "can_organise_for",
    "exam_makeup_failure_decide",
    "exam_result_record",
    "makeup_requirement_complete",
    "makeup_requirement_create",
    "rotation_obligations_open",
    "training_session_create",
]


# --- permissions --------------------------------------------------------------------------------


def can_manage_exams(user: User) -> bool:
    """The Justice Bureau holds the exams and assessments (R-1.10-05, R-1.11-04): its
    supervisors record results, decide after a failed make-up and set make-up requirements."""
    return bool(user.is_authenticated and user.is_active and is_supervisor(user))


def can_organise_for(user: User, organisation: Organisation) -> bool:
    """The Justice Bureau organises for every unit; a unit head for their unit and below."""
    if can_manage_exams(user):
        return True
    own = user.organisation if user.is_authenticated else None
    return bool(
        own is not None
        and user.is_active
        and user.has_role(Role.UNIT_HEAD)
        and organisation.path.startswith(own.path)
    )


def can_manage_session(user: User, session: TrainingSession) -> bool:
    return can_organise_for(user, session.organiser)


def _officer_may_attend(session: TrainingSession, officer: Officer) -> bool:
    """A Justice Bureau session is open to every unit; a unit's own session to its officers."""
    organiser = session.organiser
    if organiser.kind == OrganisationKind.JUSTICE_BUREAU:
        return True
    return officer.organisation.path.startswith(organiser.path)


# --- helpers ------------------------------------------------------------------------------------


def _hours(value: object, *, field: str, what: str) -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(
            f"{what}必须是数字，例如 8 或 4.5。", code="invalid_hours", field=field
        ) from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_CLASS_HOURS:
        raise DomainError(f"{what}必须大于 0 且不超过 999.9。", code="invalid_hours", field=field)
    if hours != hours.quantize(Decimal("0.1")):
        raise DomainError(f"{what}最多保留一位小数。", code="invalid_hours", field=field)
    return hours


def parse_score(value: object) -> Decimal:
    """A score on the 100-point scale (R-1.11-04): 0 to 100, at most one decimal."""
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(
            "成绩必须是数字（百分制）。", code="invalid_score", field="score"
        ) from None
    if not score.is_finite() or score < 0 or score > EXAM_FULL_MARKS:
        raise DomainError(
            f"成绩必须在 0 到 {EXAM_FULL_MARKS} 分之间（百分制）。",
            code="score_out_of_range",
            field="score",
        )
    if score != score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP):
        raise DomainError("成绩最多保留一位小数。", code="invalid_score", field="score")
    return score


def _text(value: str, *, field: str, what: str, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", code="required", field=field)
    if max_length is not None and len(text) > max_length:
        raise DomainError(f"{what}不能超过 {max_length} 个字。", code="too_long", field=field)
    return text


def _session_end(session: TrainingSession) -> dt.datetime:
    return min(clock.end_of_day(session.ends_on), clock.now())


def qualifies_for_rotation(session: TrainingSession, hours: Decimal) -> bool:
    """R-1.11-03: a rotation session counts only with at least 8 class hours attended."""
    return session.kind == TrainingKind.ROTATION and hours >= ROTATION_MIN_CLASS_HOURS


def _makeup_requirements_complete_for(
    officer: Officer, *, at: dt.datetime, note: str, actor: User | None
) -> int:
    """R-1.11-06 "直至考核合格为止": a pass or a qualifying attendance after the requirement was
    set completes every open make-up requirement of the officer."""
    open_reqs = list(
        MakeupRequirement.objects.select_for_update()
        .filter(officer=officer, completed_at__isnull=True, created_at__lte=at)
        .order_by("id")
    )
    for req in open_reqs:
        req.completed_at = at
        req.completed_note = note[:200]
        req.save(update_fields=["completed_at", "completed_note"])
        ledger_append(
            actor=actor,
            action="personnel.makeup_requirement.complete",
            subject=req,
            payload={"officer_id": officer.pk, "note": req.completed_note, "automatic": True},
        )
    return len(open_reqs)


# --- sessions -----------------------------------------------------------------------------------


@transaction.atomic
def training_session_create(
    *,
    actor: User,
    kind: str,
    title: str,
    organiser: Organisation,
    format: str,
    starts_on: dt.date,
    ends_on: dt.date,
    class_hours: Decimal | int | str,
    content: str = "",
    location: str = "",
) -> TrainingSession:
    """Create a training session (formats of R-1.10-04 / R-1.11-02; curriculum of R-1.10-03 /
    R-1.11-02 as content). R-3.1-02: training of officers is planned and recorded here.

    Induction assessments and qualification exams are held by the Justice Bureau (R-1.10-05,
    R-1.7-03 (c)), so only it may organise those kinds; a unit head may organise rotation
    training for their unit.
    """
    if kind not in TrainingKind.values:
        raise DomainError("请选择培训类别。", code="invalid_kind", field="kind")
    if format not in TrainingFormat.values:
        raise DomainError("请选择培训形式。", code="invalid_format", field="format")
    if not can_organise_for(actor, organiser):
        raise PermissionDenied("只有县司法局或本单位负责人可以为该单位组织培训。")
    if kind != TrainingKind.ROTATION and not can_manage_exams(actor):
        raise PermissionDenied("入职培训和资格培训考试由县司法局统一组织。")
    title = _text(title, field="title", what="培训名称", max_length=200)
    if not isinstance(starts_on, dt.date) or not isinstance(ends_on, dt.date):
        raise DomainError("请填写开始和结束日期。", code="required", field="starts_on")
    if ends_on < starts_on:
        raise DomainError("结束日期不能早于开始日期。", code="dates_reversed", field="ends_on")
    hours = _hours(class_hours, field="class_hours", what="课时")
    session = TrainingSession.objects.create(
        kind=kind,
        title=title,
        organiser=organiser,
        format=format,
        content=(content or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        class_hours=hours,
        location=(location or "").strip()[:200],
        created_by=actor,
    )
    ledger_append(
        actor=actor,
        action="personnel.training_session.create",
        subject=session,
        payload={
            "kind": kind,
            "title": title,
            "organiser_id": organiser.pk,
            "format": format,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "class_hours": str(hours),
        },
    )
    return session


# --- attendance ---------------------------------------------------------------------------------


def _record_one(
    *, session: TrainingSession, officer: Officer, hours: Decimal, actor: User
) -> Attendance:
    if not _officer_may_attend(session, officer):
        raise DomainError(
            f"{officer.full_name}（{officer.organisation}）不属于组织单位 {session.organiser}，"
            "不能登记为本单位培训的参训人员。",
            code="officer_outside_organiser",
            field="officer",
        )
    if hours > session.class_hours:
        raise DomainError(
            f"参训课时不能超过本次培训的课时（{session.class_hours}）。",
            code="hours_exceed_session",
            field="hours",
        )
    now = clock.now()
    attendance = (
        Attendance.objects.select_for_update().filter(session=session, officer=officer).first()
    )
    before = None
    if attendance is None:
        attendance = Attendance.objects.create(
            session=session, officer=officer, hours=hours, recorded_by=actor, recorded_at=now
        )
    else:
        before = str(attendance.hours)
        attendance.hours = hours
        attendance.recorded_by = actor
        attendance.recorded_at = now
        attendance.save(update_fields=["hours", "recorded_by", "recorded_at"])
    ledger_append(
        actor=actor,
        action="personnel.attendance.record",
        subject=attendance,
        payload={
            "session_id": session.pk,
            "officer_id": officer.pk,
            "hours": str(hours),
            "hours_before": before,
        },
    )
    if qualifies_for_rotation(session, hours):
        _rotation_fulfil(officer=officer, session=session, actor=actor)
    if session.kind == TrainingKind.ROTATION and hours >= ROTATION_MIN_CLASS_HOURS:
        _makeup_requirements_complete_for(
            officer,
            at=now,
            note=f"参加轮训“{session.title}”{hours} 课时",
            actor=actor,
        )
    return attendance


def _rotation_fulfil(*, officer: Officer, session: TrainingSession, actor: User | None) -> None:
    """R-1.11-03: a qualifying rotation attendance fulfils the officer's duty for that year."""
    year = session.ends_on.year
    duty = RotationYear.objects.filter(officer=officer, year=year).first()
    if duty is None:
        return
    obligation_fulfil_for(subject=duty, rule_id=ROTATION_RULE, actor=None, at=_session_end(session))


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, officer: Officer, hours: Decimal | int | str, actor: User
) -> Attendance:
    """Record (or correct) an officer's attended class hours at a session.

    A rotation attendance of at least 8 hours (R-1.11-03) fulfils the officer's yearly rotation
    obligation in the deadline engine and completes open make-up requirements (R-1.11-06).
    """
    if not can_manage_session(actor, session):
        raise PermissionDenied("只有组织单位的负责人或县司法局可以登记参训情况。")
    if session.starts_on > clock.today():
        raise DomainError("培训尚未开始，不能登记参训情况。", code="session_not_started")
    hours_value = _hours(hours, field="hours", what="参训课时")
    return _record_one(session=session, officer=officer, hours=hours_value, actor=actor)


@transaction.atomic
def attendance_record_bulk(
    *,
    session: TrainingSession,
    officers: Iterable[Officer],
    hours: Decimal | int | str,
    actor: User,
) -> list[Attendance]:
    """Record the same class hours for several officers (e.g. every officer of a unit); all or
    nothing: one refused officer refuses the whole batch with the officer's name."""
    if not can_manage_session(actor, session):
        raise PermissionDenied("只有组织单位的负责人或县司法局可以登记参训情况。")
    if session.starts_on > clock.today():
        raise DomainError("培训尚未开始，不能登记参训情况。", code="session_not_started")
    hours_value = _hours(hours, field="hours", what="参训课时")
    chosen = list(officers)
    if not chosen:
        raise DomainError("请至少选择一名参训人员。", code="required", field="officers")
    return [_record_one(session=session, officer=o, hours=hours_value, actor=actor) for o in chosen]


# --- exams --------------------------------------------------------------------------------------


def _existing_attempts(officer: Officer, subject: str, cycle: str) -> dict[int, ExamResult]:
    return {
        r.attempt: r
        for r in ExamResult.objects.filter(officer=officer, subject=subject, cycle=cycle)
    }


def exam_attempt_check(
    *,
    officer: Officer,
    subject: str,
    attempt: int,
    cycle: str,
    existing: dict[int, ExamResult] | None = None,
) -> None:
    """R-1.11-05: one regular exam and one make-up per exam round; a make-up only after a
    failed regular exam; a third attempt is refused."""
    have = existing if existing is not None else _existing_attempts(officer, subject, cycle)
    if attempt not in ExamAttempt.values:
        raise DomainError("考试次别只能是“正考”或“补考”。", code="invalid_attempt", field="attempt")
    if attempt in have:
        label = ExamAttempt(attempt).label
        raise DomainError(
            f"{officer.full_name} 本批次的{label}成绩已登记（{have[attempt].score} 分），"
            "不能重复登记；每批次只有一次正考和一次补考。",
            code="third_attempt" if ExamAttempt.MAKEUP in have else "attempt_exists",
            field="attempt",
        )
    if attempt == ExamAttempt.MAKEUP:
        regular = have.get(ExamAttempt.REGULAR)
        if regular is None:
            raise DomainError(
                f"{officer.full_name} 没有本批次的正考成绩，不能登记补考。",
                code="makeup_without_regular",
                field="attempt",
            )
        if regular.passed:
            raise DomainError(
                f"{officer.full_name} 正考已合格（{regular.score} 分），不需要补考。",
                code="makeup_after_pass",
                field="attempt",
            )


@transaction.atomic
def exam_result_record(
    *,
    officer: Officer,
    subject: str,
    attempt: int,
    score: Decimal | int | str,
    taken_on: dt.date,
    actor: User,
    session: TrainingSession | None = None,
    source: str = "",
) -> ExamResult:
    """Record one exam attempt (R-1.11-04: 100 points, 60 passes; R-1.11-05: one make-up).

    A passed induction assessment sets ``Officer.induction_passed_on`` (R-1.10-05: only then may
    the officer take up the post). A pass completes open make-up requirements (R-1.11-06).
    PUBLIC_LAW and PROFESSIONAL_LAW results are the qualification exams of R-1.7-03 (c).
    """
    if not can_manage_exams(actor):
        raise PermissionDenied("考试和考核由县司法局统一组织，只有司法局执法监督人员可以登记成绩。")
    if subject not in ExamSubject.values:
        raise DomainError("请选择考试科目。", code="invalid_subject", field="subject")
    value = parse_score(score)
    if not isinstance(taken_on, dt.date):
        raise DomainError("请填写考试日期。", code="required", field="taken_on")
    if taken_on > clock.today():
        raise DomainError("考试日期不能晚于今天。", code="date_in_future", field="taken_on")
    if session is not None and taken_on < session.starts_on:
        raise DomainError(
            f"考试日期不能早于培训开始日期（{session.starts_on}）。",
            code="date_before_session",
            field="taken_on",
        )
    # Serialise attempts of one officer (PostgreSQL row lock; SQLite writers are serialised).
    Officer.objects.select_for_update().filter(pk=officer.pk).first()
    cycle = ExamResult.cycle_for(session_id=session.pk if session else None, taken_on=taken_on)
    try:
        attempt_value = int(attempt)
    except (TypeError, ValueError):
        raise DomainError(
            "考试次别只能是“正考”或“补考”。", code="invalid_attempt", field="attempt"
        ) from None
    exam_attempt_check(officer=officer, subject=subject, attempt=attempt_value, cycle=cycle)
    passed = value >= EXAM_PASS_MARK
    now = clock.now()
    try:
        with transaction.atomic():
            result = ExamResult.objects.create(
                session=session,
                officer=officer,
                subject=subject,
                attempt=attempt_value,
                score=value,
                passed=passed,
                taken_on=taken_on,
                recorded_by=actor,
                recorded_at=now,
                source=(source or "")[:200],
            )
    except IntegrityError:
        raise DomainError(
            f"{officer.full_name} 本批次的该次考试成绩已登记，不能重复登记。",
            code="attempt_exists",
            field="attempt",
        ) from None
    ledger_append(
        actor=actor,
        action="personnel.exam_result.record",
        subject=result,
        payload={
            "officer_id": officer.pk,
            "subject": subject,
            "attempt": attempt_value,
            "score": str(value),
            "passed": passed,
            "taken_on": taken_on,
            "session_id": session.pk if session else None,
            "source": result.source,
        },
    )
    if passed and subject == ExamSubject.INDUCTION and officer.induction_passed_on is None:
        _induction_passed_set(officer=officer, on=taken_on, actor=actor, result=result)
    if passed:
        _makeup_requirements_complete_for(
            officer,
            at=now,
            note=f"{result.get_subject_display()}{result.get_attempt_display()}合格（{value} 分）",
            actor=actor,
        )
    return result


def _induction_passed_set(
    *, officer: Officer, on: dt.date, actor: User, result: ExamResult
) -> None:
    """R-1.10-05: the Justice Bureau's induction assessment passed; the officer may take up the
    post (helper code elsewhere gates certificates and roles on this date)."""
    Officer.objects.filter(pk=officer.pk).update(induction_passed_on=on)
    officer.induction_passed_on = on
    ledger_append(
        actor=actor,
        action="personnel.officer.induction_passed",
        subject=officer,
        payload={"induction_passed_on": on, "exam_result_id": result.pk},
    )


def decision_pending(result: ExamResult) -> bool:
    """A failed make-up of the rotation exam awaits the Justice Bureau's decision (R-1.11-05)."""
    return (
        result.attempt == ExamAttempt.MAKEUP
        and not result.passed
        and result.subject == ExamSubject.ROTATION
        and not result.decision
    )


@transaction.atomic
def exam_makeup_failure_decide(
    *,
    exam_result: ExamResult,
    actor: User,
    decision: Literal["withhold", "cancel"],
    reason: str,
) -> ExamResult:
    """R-1.11-05 / AMB-1.11-a: after a failed make-up the Justice Bureau chooses, case by case and
    with a written reason, to withhold (暂扣) or cancel (注销) the officer's certificate."""
    if not can_manage_exams(actor):
        raise PermissionDenied("补考不合格的处理由县司法局决定。")
    result = ExamResult.objects.select_for_update().select_related("officer").get(pk=exam_result.pk)
    if decision not in MakeupDecision.values:
        raise DomainError(
            "请选择“暂扣”或“注销”执法证件。", code="invalid_decision", field="decision"
        )
    text = _text(reason, field="reason", what="处理理由")
    if result.decision:
        raise TransitionNotAllowed(
            f"已作出处理决定（{result.get_decision_display()}），不能重复决定。",
            code="already_decided",
        )
    if not decision_pending(result):
        raise TransitionNotAllowed(
            "只有轮训考试补考不合格的成绩需要作出暂扣或注销的决定。", code="no_decision_needed"
        )
    certificate = (
        Certificate.objects.filter(officer=result.officer, status__in=HOLDER_STATES)
        .order_by("-applied_at")
        .first()
    )
    if certificate is None:
        raise DomainError(
            f"{result.officer.full_name} 没有有效或暂扣中的执法证件，无法暂扣或注销。",
            code="no_certificate",
            field="decision",
        )
    from zhifa.personnel.services import certificates as certificate_services

    reference = f"轮训考试补考不合格（{result.taken_on:%Y-%m-%d}，{result.score} 分）"
    if decision == MakeupDecision.WITHHOLD:
        if certificate.status == CertificateStatus.WITHHELD:
            raise DomainError("该证件已处于暂扣状态。", code="already_withheld", field="decision")
        certificate_services.certificate_withhold(
            certificate=certificate, actor=actor, reason=text, reference=reference
        )
    else:
        certificate_services.certificate_cancel(
            certificate=certificate, actor=actor, reason=text, reference=reference
        )
    result.decision = decision
    result.decision_reason = text
    result.decided_by = actor
    result.decided_at = clock.now()
    result.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    ledger_append(
        actor=actor,
        action="personnel.exam_result.decide",
        subject=result,
        payload={"decision": decision, "reason": text, "certificate_id": certificate.pk},
    )
    return result


# --- make-up requirements (R-1.11-06) -----------------------------------------------------------


@transaction.atomic
def makeup_requirement_create(
    *,
    officer: Officer,
    reason: str,
    due_on: dt.date,
    actor: User,
    session: TrainingSession | None = None,
    note: str = "",
) -> MakeupRequirement:
    """R-1.11-06: an officer who missed or failed training makes it up by ``due_on`` (限期补课);
    the rules give no period (AMB-G-d, AMB-1.11-a), so the Justice Bureau sets the date."""
    if not can_manage_exams(actor):
        raise PermissionDenied("限期补课由县司法局安排。")
    if reason not in MakeupReason.values:
        raise DomainError(
            "请选择补课原因（缺训或考试不合格）。", code="invalid_reason", field="reason"
        )
    if not isinstance(due_on, dt.date):
        raise DomainError(
            "请设定补课期限（规定没有法定期限，须由司法局设定）。", code="required", field="due_on"
        )
    if due_on < clock.today():
        raise DomainError("补课期限不能早于今天。", code="due_in_past", field="due_on")
    req = MakeupRequirement.objects.create(
        officer=officer,
        reason=reason,
        session=session,
        note=(note or "").strip(),
        due_on=due_on,
        created_by=actor,
        created_at=clock.now(),
    )
    ledger_append(
        actor=actor,
        action="personnel.makeup_requirement.create",
        subject=req,
        payload={
            "officer_id": officer.pk,
            "reason": reason,
            "due_on": due_on,
            "session_id": session.pk if session else None,
        },
    )
    return req


@transaction.atomic
def makeup_requirement_complete(
    *, requirement: MakeupRequirement, actor: User, note: str
) -> MakeupRequirement:
    """Mark a make-up requirement done by hand (e.g. made up outside Zhifa), with its basis."""
    if not can_manage_exams(actor):
        raise PermissionDenied("限期补课由县司法局确认完成。")
    req = MakeupRequirement.objects.select_for_update().get(pk=requirement.pk)
    if req.completed_at is not None:
        raise TransitionNotAllowed("该补课要求已完成。", code="already_completed")
    req.completed_note = _text(note, field="note", what="完成依据", max_length=200)
    req.completed_at = clock.now()
    req.save(update_fields=["completed_at", "completed_note"])
    ledger_append(
        actor=actor,
        action="personnel.makeup_requirement.complete",
        subject=req,
        payload={"officer_id": req.officer_id, "note": req.completed_note, "automatic": False},
    )
    return req


# --- yearly rotation duty (R-1.11-03) -----------------------------------------------------------


def _responsible(officer: Officer) -> User | None:
    user = officer.user
    if user is None or not user.is_active or user.organisation is None:
        return None
    own, org = user.organisation.path, officer.organisation.path
    return user if (own.startswith(org) or org.startswith(own)) else None


@transaction.atomic
def rotation_obligations_open(*, year: int, actor: User | None) -> int:
    """R-1.11-03 / R-1.11-01: open the yearly rotation-training obligation of every active
    certificate holder for ``year`` (idempotent; ``actor=None`` is the yearly job).

    The obligation runs for the calendar year; an officer who already attended a qualifying
    session that year has it fulfilled at once. Returns how many were opened.
    """
    if actor is not None and not can_manage_exams(actor):
        raise PermissionDenied("年度轮训任务由县司法局统一建立。")
    if not isinstance(year, int) or year < 2000 or year > clock.today().year + 1:
        raise DomainError("年度不正确。", code="invalid_year", field="year")
    holders = (
        Officer.objects.filter(is_active=True, certificates__status__in=HOLDER_STATES)
        .exclude(rotation_years__year=year)
        .select_related("organisation", "user__organisation")
        .distinct()
        .order_by("id")
    )
    now = clock.now()
    start = dt.date(year - 1, 12, 31)  # ".begins" anchors on the day before the period
    opened = 0
    for officer in holders:
        duty, created = RotationYear.objects.get_or_create(
            officer=officer, year=year, defaults={"opened_at": now}
        )
        if not created:
            continue
        obligation_open(
            rule_id=ROTATION_RULE,
            subject=duty,
            organisation=officer.organisation,
            start_at=start,
            responsible=_responsible(officer),
            label=f"{officer.full_name} {year} 年度轮训（≥1 次、每次≥{ROTATION_MIN_CLASS_HOURS} 课时）",
            actor=actor,
        )
        opened += 1
        ledger_append(
            actor=actor,
            action="personnel.rotation_year.open",
            subject=duty,
            payload={"officer_id": officer.pk, "year": year},
        )
        qualifying = (
            Attendance.objects.filter(
                officer=officer,
                session__kind=TrainingKind.ROTATION,
                session__ends_on__year=year,
                hours__gte=ROTATION_MIN_CLASS_HOURS,
            )
            .select_related("session")
            .order_by("session__ends_on")
            .first()
        )
        if qualifying is not None and qualifying.session.ends_on <= clock.today():
            obligation_fulfil_for(
                subject=duty,
                rule_id=ROTATION_RULE,
                actor=None,
                at=max(_session_end(qualifying.session), clock.start_of_day(start)),
            )
    return opened
