"""Demo data of the officers area: an officer record and a valid certificate for every demo
user that has a certificate number, plus a few interesting cases.

Everything goes through the services (so it is ledgered like real data), acting as the demo
Justice Bureau supervisor. The facts the certificate needs (induction passed, the public and
professional law exams) are recorded here directly, so this does not depend on the training
demo (which runs after it).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import faker

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.identifiers import make_id_number
from zhifa.deadlines.services import obligation_open
from zhifa.personnel.constants import ExamSubject, Gender, StaffingType
from zhifa.personnel.models import AnnualReview, Certificate, ExamResult, Officer
from zhifa.personnel.services import certificates as svc
from zhifa.personnel.services.officers import officer_create


def _type_for(unit: Organisation) -> str:
    from zhifa.demo.data import DEPARTMENT_ENFORCEMENT_TYPES

    if unit.kind == OrganisationKind.TOWNSHIP_TEAM:
        return "township"
    return DEPARTMENT_ENFORCEMENT_TYPES.get(unit.code, "market")


def _plus_years(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _birth(rng: random.Random) -> dt.date:
    return dt.date(rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28))


def _record(
    *,
    rng: random.Random,
    fake: faker.Faker,
    actor: User,
    unit: Organisation,
    full_name: str,
    post: str,
    user: User | None,
    staffing_type: str,
    induction: dt.date | None,
    phone: str = "",
) -> Officer:
    female = rng.random() < 0.3
    id_number = make_id_number(rng, birth=_birth(rng), female=female)
    while Officer.objects.filter(id_number=id_number).exists():
        id_number = make_id_number(rng, birth=_birth(rng), female=female)
    return officer_create(
        actor=actor,
        full_name=full_name,
        gender=Gender.FEMALE if female else Gender.MALE,
        id_number=id_number,
        organisation=unit,
        post=post or "执法人员",
        staffing_type=staffing_type,
        induction_passed_on=induction,
        phone=(phone or fake.phone_number())[:20],
        user=user,
    )


def _exams(officer: Officer, actor: User, rng: random.Random, taken_on: dt.date) -> None:
    for subject in (ExamSubject.PUBLIC_LAW, ExamSubject.PROFESSIONAL_LAW):
        ExamResult.objects.create(
            officer=officer,
            subject=subject,
            score=Decimal(rng.randint(66, 97)),
            passed=True,
            taken_on=taken_on,
            recorded_by=actor,
            recorded_at=clock.now(),
            source="演示数据：资格培训考试",
        )


def _certify(
    officer: Officer, actor: User, *, number: str, types: list[str], issued_on: dt.date
) -> Certificate:
    cert = svc.certificate_apply(
        officer=officer,
        actor=actor,
        enforcement_types=types,
        enforcement_area="临猗县行政区域"
        if "township" not in types
        else officer.organisation.name.replace("综合行政执法队", "行政区域"),
    )
    cert = svc.certificate_issue(
        certificate=cert,
        actor=actor,
        number=number,
        issued_on=issued_on,
        expires_on=_plus_years(issued_on, 5),
    )
    return svc.certificate_activate(certificate=cert, actor=actor)


def demo_seed(*, rng: random.Random, fake: faker.Faker, by_code: dict[str, Organisation]) -> None:
    """Officer records and certificates of the demo county (see the module docstring)."""
    actor = User.objects.filter(roles__role=Role.SUPERVISOR, is_active=True).order_by("id").first()
    if actor is None:
        return
    today = clock.today()
    holders = list(
        User.objects.exclude(certificate_number="")
        .filter(organisation__isnull=False)
        .select_related("organisation")
        .order_by("id")
    )
    certificates: list[Certificate] = []
    for user in holders:
        unit = user.organisation
        assert unit is not None  # noqa: S101 - filtered above
        staffing = StaffingType.CIVIL_SERVANT
        if unit.kind == OrganisationKind.TOWNSHIP_TEAM and rng.random() < 0.4:
            staffing = StaffingType.PUBLIC_INSTITUTION
        elif rng.random() < 0.15:
            staffing = StaffingType.MANAGED_AS_CIVIL_SERVANT
        issued_on = today - dt.timedelta(days=rng.randint(60, 4 * 365))
        induction = issued_on - dt.timedelta(days=rng.randint(30, 120))
        number = user.certificate_number
        officer = _record(
            rng=rng,
            fake=fake,
            actor=actor,
            unit=unit,
            full_name=user.full_name,
            post=user.post,
            user=user,
            staffing_type=staffing,
            induction=induction,
            phone=user.phone,
        )
        _exams(officer, actor, rng, induction + dt.timedelta(days=10))
        # officer_create synced the user's number to "" (no valid certificate yet); the
        # certificate below carries the demo number and syncs it back.
        certificates.append(
            _certify(officer, actor, number=number, types=[_type_for(unit)], issued_on=issued_on)
        )
    if not certificates:
        return

    # Interesting cases among the synthetic officers (not the demo logins).
    logins = {"officer", "town_officer", "head"}
    synthetic = [
        c for c in certificates if c.officer.user and c.officer.user.username not in logins
    ]
    overdue = synthetic[0] if synthetic else None
    if overdue is not None:
        # An annual review whose due date passed without a review: invalid from the day after.
        due = today - dt.timedelta(days=3)
        review = AnnualReview.objects.create(certificate=overdue, year=today.year, due_on=due)
        obligation_open(
            rule_id="R-1.7-07",
            subject=review,
            organisation=overdue.officer.organisation,
            start_at=due - dt.timedelta(days=60),
            due_at=due,
            responsible=overdue.officer.user,
            label=f"{overdue.officer.full_name} 行政执法证 {overdue.number} {today.year}年度年审",
            actor=actor,
        )
    # This year's round: every other valid certificate passed.
    due_on = max(today, dt.date(today.year, 12, 31))
    for review in svc.annual_review_open(actor=actor, year=today.year, due_on=due_on):
        svc.annual_review_pass(review=review, actor=actor, opinion="年审合格")

    # A withheld certificate (R-1.7-10). The holder has no login, so every demo login with the
    # OFFICER role keeps a valid certificate number.
    dept = next(
        (u for u in by_code.values() if u.kind == OrganisationKind.COUNTY_ENFORCEMENT_DEPT), None
    )
    if dept is not None:
        induction = today - dt.timedelta(days=400)
        withheld = _record(
            rng=rng,
            fake=fake,
            actor=actor,
            unit=dept,
            full_name=fake.name(),
            post="执法人员",
            user=None,
            staffing_type=StaffingType.CIVIL_SERVANT,
            induction=induction,
        )
        _exams(withheld, actor, rng, induction + dt.timedelta(days=10))
        cert = _certify(
            withheld,
            actor,
            number="14082190001",
            types=[_type_for(dept)],
            issued_on=induction + dt.timedelta(days=60),
        )
        svc.certificate_withhold(
            certificate=cert,
            actor=actor,
            reason="执法过程中未按规定出示证件，经查属实，暂扣证件并责令整改",
            reference=f"临司执监〔{today.year}〕5号",
        )
    if len(synthetic) > 2:
        lost = svc.certificate_report_lost(
            certificate=synthetic[1], actor=actor, reason="外出执法途中遗失"
        )
        lost = svc.certificate_declare_void(certificate=lost, actor=actor)
        new = svc.certificate_reissue(certificate=lost, actor=actor)
        new = svc.certificate_issue(
            certificate=new,
            actor=actor,
            number=f"{lost.number}B",
            issued_on=today - dt.timedelta(days=7),
            expires_on=_plus_years(today, 5),
        )
        svc.certificate_activate(certificate=new, actor=actor, reason="补办证件已发放")
    if len(synthetic) > 2:
        svc.equivalent_submit(
            actor=actor,
            officer=synthetic[2].officer,
            name="中华人民共和国海事行政执法证",
            number=f"HS{today.year}{rng.randint(1000, 9999)}",
            issuer="中华人民共和国海事局",
            designation_basis="国务院有关部门统一制发、省人民政府规定具有同等效力的执法证件",
            enforcement_types=["transport"],
            valid_from=today - dt.timedelta(days=200),
            valid_to=_plus_years(today, 3),
        )
    # An auxiliary staff member is on the register but may never hold a certificate.
    team = next((u for c, u in by_code.items() if c.endswith("-team")), None)
    if team is not None:
        _record(
            rng=rng,
            fake=fake,
            actor=actor,
            unit=team,
            full_name=fake.name(),
            post="协管员",
            user=None,
            staffing_type=StaffingType.AUXILIARY,
            induction=None,
        )
