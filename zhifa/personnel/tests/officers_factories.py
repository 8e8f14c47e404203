"""Helpers of the officers-area tests: officer records and certificates in a given status."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.identifiers import make_id_number
from zhifa.personnel.constants import ExamSubject, Gender, StaffingType
from zhifa.personnel.models import Certificate, ExamResult, Officer

_rng = random.Random(11643)
_seq = iter(range(10_000, 99_999))


def new_id_number() -> str:
    while True:
        number = make_id_number(_rng, birth=dt.date(1985, 5, 17), female=False)
        if not Officer.objects.filter(id_number=number).exists():
            return number


def make_officer(
    organisation: Organisation,
    *,
    user: User | None = None,
    staffing_type: str = StaffingType.CIVIL_SERVANT,
    induction: bool = True,
    exams: bool = True,
    recorder: User | None = None,
    **kwargs,  # type: ignore[no-untyped-def]
) -> Officer:
    officer = Officer.objects.create(
        full_name=kwargs.pop("full_name", user.full_name if user else "测试人员"),
        gender=kwargs.pop("gender", Gender.MALE),
        id_number=kwargs.pop("id_number", None) or new_id_number(),
        organisation=organisation,
        post=kwargs.pop("post", "执法人员"),
        staffing_type=staffing_type,
        induction_passed_on=dt.date(2025, 3, 1) if induction else None,
        user=user,
        **kwargs,
    )
    if exams:
        by = recorder or user or User.objects.filter(is_active=True).first()
        for subject in (ExamSubject.PUBLIC_LAW, ExamSubject.PROFESSIONAL_LAW):
            ExamResult.objects.create(
                officer=officer,
                subject=subject,
                score=Decimal("80"),
                passed=True,
                taken_on=dt.date(2025, 4, 1),
                recorded_by=by,
                recorded_at=clock.now(),
            )
    return officer


def next_number() -> str:
    return f"1408210{next(_seq)}"


def valid_certificate(
    officer: Officer, supervisor: User, *, types: tuple[str, ...] = ("market",)
) -> Certificate:
    """Apply, issue and activate through the services: a VALID certificate."""
    from zhifa.personnel.services.certificates import (
        certificate_activate,
        certificate_apply,
        certificate_issue,
    )

    cert = certificate_apply(
        officer=officer, actor=supervisor, enforcement_types=types, enforcement_area="临猗县"
    )
    today = clock.today()
    cert = certificate_issue(
        certificate=cert,
        actor=supervisor,
        number=next_number(),
        issued_on=today - dt.timedelta(days=30),
        expires_on=today.replace(year=today.year + 5),
    )
    return certificate_activate(certificate=cert, actor=supervisor)
