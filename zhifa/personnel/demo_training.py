"""Demo data of the training area: rotation sessions of last year and this year with attendance
and exams, a failed-then-passed make-up, one failed make-up awaiting the Justice Bureau's
decision, an induction session for two new officers (one passed, one pending), a make-up
requirement and this year's rotation obligations.

Runs after the officers demo (certificate holders exist then); everything goes through the
services, so the data is ledgered like real data.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import faker

from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.identifiers import make_id_number
from zhifa.personnel.constants import (
    CertificateStatus,
    ExamAttempt,
    ExamSubject,
    Gender,
    StaffingType,
    TrainingFormat,
    TrainingKind,
)
from zhifa.personnel.constants_training import MakeupReason
from zhifa.personnel.models import Officer, TrainingSession
from zhifa.personnel.services import training as svc

CURRICULUM_INDUCTION = (
    "（一）业务知识：党的路线方针政策；中央领导关于法治建设的重要论述；行政处罚法、行政许可法、"
    "行政强制法、行政复议法、行政诉讼法、国家赔偿法、民法典有关行政规定；山西省行政执法条例；"
    "山西省行政执法文书格式范本（试行）；行政执法公示、全过程记录、重大执法决定法制审核制度。\n"
    "（二）实战训练：许可、处罚、强制程序；调查取证；现场处置；文书送达与制作；法律适用；"
    "裁量基准；案卷归档。"
)
CURRICULUM_ROTATION = (
    "（一）公共法律知识；（二）专门法律知识；（三）新颁布法律法规；（四）行政执法业务知识和技能。"
)


def _not_after(day: dt.date, today: dt.date) -> dt.date:
    return min(day, today)


def _session(
    *,
    actor: User,
    organiser: Organisation,
    kind: str,
    title: str,
    fmt: str,
    starts_on: dt.date,
    days: int,
    hours: str,
    content: str,
    location: str,
    today: dt.date,
) -> TrainingSession:
    ends_on = _not_after(starts_on + dt.timedelta(days=days - 1), today)
    return svc.training_session_create(
        actor=actor,
        kind=kind,
        title=title,
        organiser=organiser,
        format=fmt,
        starts_on=starts_on,
        ends_on=max(starts_on, ends_on),
        class_hours=hours,
        content=content,
        location=location,
    )


def _score(rng: random.Random, low: int = 62, high: int = 97) -> Decimal:
    return Decimal(rng.randint(low * 2, high * 2)) / 2


def demo_seed(*, rng: random.Random, fake: faker.Faker, by_code: dict[str, Organisation]) -> None:
    """Seed the training area of the demo county (see the module docstring)."""
    jb = by_code["sfj"]
    supervisor = User.objects.get(username="supervisor")
    today = clock.today()
    this_year, last_year = today.year, today.year - 1
    holders = list(
        Officer.objects.filter(is_active=True, certificates__status=CertificateStatus.VALID)
        .select_related("organisation")
        .distinct()
        .order_by("id")
    )
    rng.shuffle(holders)

    # --- last year: a county-wide rotation session, exams with one failed-then-passed make-up.
    last = _session(
        actor=supervisor,
        organiser=jb,
        kind=TrainingKind.ROTATION,
        title=f"{last_year}年度全县行政执法人员定期轮训（第一期）",
        fmt=TrainingFormat.CENTRALISED,
        starts_on=dt.date(last_year, 5, 20),
        days=2,
        hours="12",
        content=CURRICULUM_ROTATION,
        location="临猗县司法局三楼会议室",
        today=today,
    )
    cut = max(1, len(holders) * 85 // 100)
    attended_last, missed_last = holders[:cut], holders[cut:]
    if attended_last:
        svc.attendance_record_bulk(
            session=last, officers=attended_last[:-2] or attended_last, hours="12", actor=supervisor
        )
        for officer in attended_last[-2:]:  # left early: not enough hours to count (R-1.11-03)
            svc.attendance_record(session=last, officer=officer, hours="6", actor=supervisor)
    exam_day = last.ends_on
    for i, officer in enumerate(attended_last[:-2]):
        failed_then_passed = i == 0
        score = Decimal("52") if failed_then_passed else _score(rng)
        svc.exam_result_record(
            officer=officer,
            subject=ExamSubject.ROTATION,
            attempt=ExamAttempt.REGULAR,
            score=score,
            taken_on=exam_day,
            actor=supervisor,
            session=last,
        )
        if failed_then_passed:
            svc.exam_result_record(
                officer=officer,
                subject=ExamSubject.ROTATION,
                attempt=ExamAttempt.MAKEUP,
                score=Decimal("71"),
                taken_on=_not_after(exam_day + dt.timedelta(days=14), today),
                actor=supervisor,
                session=last,
            )
    # A department's own case-based session in the autumn.
    dept = by_code.get("scjg")
    if dept is not None:
        head = User.objects.filter(username="head").first() or supervisor
        autumn = _session(
            actor=head,
            organiser=dept,
            kind=TrainingKind.ROTATION,
            title=f"{last_year}年市场监管执法以案释法专题培训",
            fmt=TrainingFormat.CASE_BASED,
            starts_on=dt.date(last_year, 9, 16),
            days=1,
            hours="8",
            content="食品安全、价格监管典型案例评析；行政处罚裁量基准适用。",
            location="县市场监督管理局会议室",
            today=today,
        )
        own = [o for o in holders if o.organisation_id == dept.pk]
        if own:
            svc.attendance_record_bulk(session=autumn, officers=own, hours="8", actor=head)

    # --- this year: the county-wide rotation; one failed make-up awaits the JB's decision.
    this = _session(
        actor=supervisor,
        organiser=jb,
        kind=TrainingKind.ROTATION,
        title=f"{this_year}年度全县行政执法人员定期轮训（第一期）",
        fmt=TrainingFormat.LECTURE,
        starts_on=_not_after(dt.date(this_year, 4, 15), today),
        days=2,
        hours="10",
        content=CURRICULUM_ROTATION + "\n重点：新修订的行政复议法。",
        location="临猗县委党校报告厅",
        today=today,
    )
    attended_this = holders[: max(1, len(holders) * 70 // 100)] if holders else []
    if attended_this:
        svc.attendance_record_bulk(
            session=this, officers=attended_this, hours="10", actor=supervisor
        )
    for i, officer in enumerate(attended_this):
        awaiting_decision = i == len(attended_this) - 1 and len(attended_this) > 1
        regular = Decimal("48") if awaiting_decision else _score(rng, 60, 98)
        svc.exam_result_record(
            officer=officer,
            subject=ExamSubject.ROTATION,
            attempt=ExamAttempt.REGULAR,
            score=regular,
            taken_on=this.ends_on,
            actor=supervisor,
            session=this,
        )
        if awaiting_decision:
            svc.exam_result_record(
                officer=officer,
                subject=ExamSubject.ROTATION,
                attempt=ExamAttempt.MAKEUP,
                score=Decimal("53.5"),
                taken_on=_not_after(this.ends_on + dt.timedelta(days=10), today),
                actor=supervisor,
                session=this,
            )

    # --- induction: two new officers; one passed the JB's assessment, one is pending.
    unit = by_code.get("yishi-team") or jb
    new_officers = []
    for n in range(2):
        female = n == 1
        new_officers.append(
            Officer.objects.create(
                full_name=fake.name_female() if female else fake.name_male(),
                gender=Gender.FEMALE if female else Gender.MALE,
                id_number=_free_id_number(rng, female=female),
                organisation=unit,
                post="执法队员（新入职）",
                staffing_type=StaffingType.PUBLIC_INSTITUTION,
            )
        )
    induction = _session(
        actor=supervisor,
        organiser=jb,
        kind=TrainingKind.INDUCTION,
        title=f"{this_year}年新入职行政执法人员入职培训",
        fmt=TrainingFormat.CENTRALISED,
        starts_on=_not_after(dt.date(this_year, 3, 2), today),
        days=3,
        hours="24",
        content=CURRICULUM_INDUCTION,
        location="临猗县司法局培训室",
        today=today,
    )
    svc.attendance_record_bulk(
        session=induction, officers=new_officers[:1], hours="24", actor=supervisor
    )
    svc.exam_result_record(
        officer=new_officers[0],
        subject=ExamSubject.INDUCTION,
        attempt=ExamAttempt.REGULAR,
        score=Decimal("86"),
        taken_on=induction.ends_on,
        actor=supervisor,
        session=induction,
    )

    # --- make-up requirement (R-1.11-06) for one who missed last year's rotation.
    if missed_last:
        svc.makeup_requirement_create(
            officer=missed_last[0],
            reason=MakeupReason.MISSED,
            due_on=today + dt.timedelta(days=30),
            actor=supervisor,
            session=last,
            note=f"未参加{last_year}年度定期轮训，请参加下一期轮训或网络学习补课。",
        )

    # --- the yearly rotation duty in the deadline engine (R-1.11-03).
    svc.rotation_obligations_open(year=last_year, actor=None)
    svc.rotation_obligations_open(year=this_year, actor=None)


def _free_id_number(rng: random.Random, *, female: bool) -> str:
    while True:
        birth = dt.date(1996, 1, 1) + dt.timedelta(days=rng.randrange(0, 2500))
        number = make_id_number(rng, birth=birth, female=female)
        if not Officer.objects.filter(id_number=number).exists():
            return number
