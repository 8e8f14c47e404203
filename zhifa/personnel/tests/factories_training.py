"""Test helpers of the training area: officers and certificates without helper A's services."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.identifiers import make_id_number
from zhifa.personnel.constants import (
    CertificateStatus,
    Gender,
    StaffingType,
    TrainingFormat,
    TrainingKind,
)
from zhifa.personnel.models import Certificate, Officer, TrainingSession

_counter = itertools.count(1)


def make_officer(
    organisation: Organisation,
    *,
    full_name: str | None = None,
    user: User | None = None,
    induction_passed_on: dt.date | None = dt.date(2020, 1, 1),
    id_number: str | None = None,
) -> Officer:
    n = next(_counter)
    rng = random.Random(n)
    return Officer.objects.create(
        user=user,
        full_name=full_name or f"测试人员{n}",
        gender=Gender.MALE,
        id_number=id_number
        or make_id_number(rng, birth=dt.date(1970, 1, 1) + dt.timedelta(days=n), female=False),
        organisation=organisation,
        post="执法队员",
        staffing_type=StaffingType.CIVIL_SERVANT,
        induction_passed_on=induction_passed_on,
    )


def make_certificate(
    officer: Officer, *, applied_by: User, status: str = CertificateStatus.VALID
) -> Certificate:
    n = next(_counter)
    now = clock.now()
    return Certificate.objects.create(
        officer=officer,
        number=f"14082100{n:06d}",
        enforcement_area="临猗县",
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2030, 1, 1),
        status=status,
        status_changed_at=now,
        applied_by=applied_by,
        applied_at=now,
    )


def make_session(
    organiser: Organisation,
    *,
    created_by: User,
    kind: str = TrainingKind.ROTATION,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    class_hours: str = "8",
    title: str = "",
) -> TrainingSession:
    start = starts_on or clock.today()
    return TrainingSession.objects.create(
        kind=kind,
        title=title or f"培训{next(_counter)}",
        organiser=organiser,
        format=TrainingFormat.CENTRALISED,
        starts_on=start,
        ends_on=ends_on or start,
        class_hours=Decimal(class_hours),
        created_by=created_by,
    )
