"""Scoped reads of the training area (systems 1.10 and 1.11).

Every read takes the user and limits rows with :func:`organisation_scope_q`: a unit sees its own
officers (and units below); Justice Bureau supervisors, county leaders and administrators see
all. Sessions organised by the Justice Bureau are open to every unit, so every staff user sees
them, but only the attendance and results of officers in their own scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.core import clock
from zhifa.personnel.constants import (
    ROTATION_MIN_CLASS_HOURS,
    ExamAttempt,
    ExamSubject,
    TrainingKind,
)
from zhifa.personnel.models import (
    Attendance,
    ExamResult,
    MakeupRequirement,
    Officer,
    TrainingSession,
)

__all__ = [
    "attendances_for_session",
    "decision_worklist",
    "exam_results_for_session",
    "exam_results_visible",
    "induction_pending",
    "makeup_requirements_open",
    "officer_get_for_user",
    "officer_training_record",
    "officers_visible",
    "qualification_exams_passed",
    "session_get_for_user",
    "session_list_for_user",
    "worklist_counts",
    "yearly_summary",
]


def officers_visible(*, user: User) -> QuerySet[Officer]:
    return Officer.objects.filter(organisation_scope_q(user)).select_related("organisation")


def officer_get_for_user(*, user: User, pk: int) -> Officer | None:
    return officers_visible(user=user).filter(pk=pk).first()


def _session_scope(user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_county_wide:  # an empty Q would vanish from an OR
        return Q()
    return organisation_scope_q(user, field="organiser") | Q(
        organiser__kind=OrganisationKind.JUSTICE_BUREAU
    )


def session_list_for_user(
    *, user: User, kind: str | None = None, year: int | None = None, q: str = ""
) -> QuerySet[TrainingSession]:
    qs = TrainingSession.objects.filter(_session_scope(user))
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_on__year=year)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(content__icontains=q))
    return (
        qs.select_related("organiser")
        .annotate(
            attendee_count=Count(
                "attendances",
                filter=Q(organisation_scope_q(user, field="attendances__officer__organisation")),
                distinct=True,
            )
        )
        .order_by("-starts_on", "-id")
    )


def session_get_for_user(*, user: User, pk: int) -> TrainingSession | None:
    return (
        TrainingSession.objects.filter(_session_scope(user))
        .select_related("organiser", "created_by")
        .filter(pk=pk)
        .first()
    )


def attendances_for_session(*, user: User, session: TrainingSession) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(session=session)
        .filter(organisation_scope_q(user, field="officer__organisation"))
        .select_related("officer__organisation", "recorded_by")
        .order_by("officer__organisation__path", "officer__full_name")
    )


def exam_results_visible(*, user: User) -> QuerySet[ExamResult]:
    return ExamResult.objects.filter(
        organisation_scope_q(user, field="officer__organisation")
    ).select_related("officer__organisation", "session", "decided_by")


def exam_results_for_session(*, user: User, session: TrainingSession) -> QuerySet[ExamResult]:
    return (
        exam_results_visible(user=user)
        .filter(session=session)
        .order_by("officer__full_name", "subject", "attempt")
    )


def decision_worklist(*, user: User) -> QuerySet[ExamResult]:
    """R-1.11-05: failed make-ups of the rotation exam awaiting the Justice Bureau's decision."""
    return (
        exam_results_visible(user=user)
        .filter(
            attempt=ExamAttempt.MAKEUP,
            passed=False,
            subject=ExamSubject.ROTATION,
            decision="",
        )
        .order_by("taken_on", "id")
    )


def induction_pending(*, user: User) -> QuerySet[Officer]:
    """R-1.10-02 / R-1.10-05: active officers without a passed induction assessment (待入职培训).

    R-1.10-01: every officer record joining an enforcement unit is in scope of induction."""
    return (
        officers_visible(user=user)
        .filter(is_active=True, induction_passed_on__isnull=True)
        .order_by("organisation__path", "full_name")
    )


def makeup_requirements_open(*, user: User) -> QuerySet[MakeupRequirement]:
    """R-1.11-06: open 限期补课 requirements, earliest due first."""
    return (
        MakeupRequirement.objects.filter(
            organisation_scope_q(user, field="officer__organisation"), completed_at__isnull=True
        )
        .select_related("officer__organisation", "session")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class WorklistCounts:
    decisions: int  # failed make-ups awaiting the Justice Bureau's decision (R-1.11-05)
    makeups: int  # open 限期补课 (R-1.11-06)
    makeups_overdue: int  # of which past the date the Justice Bureau set
    induction: int  # officers without a passed induction assessment (R-1.10-02)


def worklist_counts(*, user: User) -> WorklistCounts:
    """The numbers of the training worklist, for a workbench panel (four queries)."""
    makeups = makeup_requirements_open(user=user)
    return WorklistCounts(
        decisions=decision_worklist(user=user).count(),
        makeups=makeups.count(),
        makeups_overdue=makeups.filter(due_on__lt=clock.today()).count(),
        induction=induction_pending(user=user).count(),
    )


def qualification_exams_passed(*, officer: Officer) -> dict[str, ExamResult | None]:
    """R-1.7-03 (c): the latest passed public-law and professional-law exam of the officer
    (None where not passed). Helper A's certificate application asks this."""
    out: dict[str, ExamResult | None] = {}
    for subject in (ExamSubject.PUBLIC_LAW, ExamSubject.PROFESSIONAL_LAW):
        out[subject] = (
            ExamResult.objects.filter(officer=officer, subject=subject, passed=True)
            .order_by("-taken_on", "-id")
            .first()
        )
    return out


# --- an officer's record, year by year ----------------------------------------------------------


@dataclass
class TrainingYearRecord:
    year: int
    attendances: list[Attendance] = field(default_factory=list)
    exams: list[ExamResult] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((a.hours for a in self.attendances), Decimal(0))

    @property
    def qualifying_rotations(self) -> int:
        return sum(
            1
            for a in self.attendances
            if a.session.kind == TrainingKind.ROTATION and a.hours >= ROTATION_MIN_CLASS_HOURS
        )


def officer_training_record(*, officer: Officer) -> list[TrainingYearRecord]:
    """Sessions, hours and exams of one officer grouped by year, latest first (the caller has
    checked the officer is in the user's scope)."""
    years: dict[int, TrainingYearRecord] = {}
    for a in (
        Attendance.objects.filter(officer=officer)
        .select_related("session__organiser")
        .order_by("-session__starts_on")
    ):
        y = a.session.ends_on.year
        years.setdefault(y, TrainingYearRecord(year=y)).attendances.append(a)
    for e in (
        ExamResult.objects.filter(officer=officer)
        .select_related("session")
        .order_by("-taken_on", "-attempt")
    ):
        years.setdefault(e.taken_on.year, TrainingYearRecord(year=e.taken_on.year)).exams.append(e)
    return [years[y] for y in sorted(years, reverse=True)]


# --- the yearly summary (year-end assessment input, R-1.11-06) ----------------------------------


@dataclass(frozen=True)
class SummaryRow:
    officer_id: int
    full_name: str
    organisation: str
    sessions: int
    hours: Decimal
    qualifying_rotations: int
    exams_passed: int
    exams_failed: int
    makeups_open: int

    @property
    def rotation_met(self) -> bool:
        return self.qualifying_rotations >= 1


def yearly_summary(
    *, user: User, year: int, organisation_id: int | None = None
) -> QuerySet[Officer]:
    """Per-officer training summary of ``year``: one query, annotated (R-1.11-06 year-end
    assessment input). Rows are officers in the user's scope, active or with training that year.
    """
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=7, decimal_places=1))
    qs = officers_visible(user=user)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)

    def _count_att(extra: Q) -> Subquery:
        return Subquery(
            Attendance.objects.filter(officer=OuterRef("pk"), session__ends_on__year=year)
            .filter(extra)
            .order_by()
            .values("officer")
            .annotate(c=Count("id"))
            .values("c")[:1]
        )

    def _count_exam(passed: bool) -> Subquery:
        return Subquery(
            ExamResult.objects.filter(officer=OuterRef("pk"), taken_on__year=year, passed=passed)
            .order_by()
            .values("officer")
            .annotate(c=Count("id"))
            .values("c")[:1]
        )

    hours = Subquery(
        Attendance.objects.filter(officer=OuterRef("pk"), session__ends_on__year=year)
        .order_by()
        .values("officer")
        .annotate(s=Sum("hours"))
        .values("s")[:1]
    )
    makeups = Subquery(
        MakeupRequirement.objects.filter(officer=OuterRef("pk"), completed_at__isnull=True)
        .order_by()
        .values("officer")
        .annotate(c=Count("id"))
        .values("c")[:1]
    )
    return (
        qs.annotate(
            y_sessions=Coalesce(_count_att(Q()), 0),
            y_hours=Coalesce(hours, zero),
            y_rotations=Coalesce(
                _count_att(
                    Q(session__kind=TrainingKind.ROTATION, hours__gte=ROTATION_MIN_CLASS_HOURS)
                ),
                0,
            ),
            y_passed=Coalesce(_count_exam(True), 0),
            y_failed=Coalesce(_count_exam(False), 0),
            y_makeups=Coalesce(makeups, 0),
        )
        .filter(Q(is_active=True) | Q(y_sessions__gt=0) | Q(y_passed__gt=0) | Q(y_failed__gt=0))
        .order_by("organisation__path", "full_name", "id")
    )


def summary_rows(officers: QuerySet[Officer]) -> list[SummaryRow]:
    rows = []
    for o in officers:
        a = vars(o)  # the annotations of yearly_summary
        rows.append(
            SummaryRow(
                officer_id=o.pk,
                full_name=o.full_name,
                organisation=o.organisation.name,
                sessions=a["y_sessions"],
                hours=Decimal(a["y_hours"]),
                qualifying_rotations=a["y_rotations"],
                exams_passed=a["y_passed"],
                exams_failed=a["y_failed"],
                makeups_open=a["y_makeups"],
            )
        )
    return rows


def default_year() -> int:
    return clock.today().year


def year_choices() -> list[int]:
    this = default_year()
    return list(range(this, this - 6, -1))
