"""The Justice Bureau's legal-review figures: per organ, opinions by kind, working days taken on
the calendar (R-1.4-13) less pauses (R-1.4-15), overdue, extensions (R-1.4-14), the reviewer
ratio against the 5 % line (R-1.4-04), scope (R-1.4-03) and a constant number of queries.

Submissions are built directly with the deadline engine's services (not the workflow), so
these tests check the figures alone."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import User, UserRole
from zhifa.accounts.tests.factories import OrganisationFactory, make_user
from zhifa.cases.constants import CaseStatus, ReviewOpinion
from zhifa.cases.models import Case, LegalReview
from zhifa.catalog.constants import ItemType
from zhifa.core.errors import PermissionDenied
from zhifa.deadlines.services import (
    obligation_extend,
    obligation_fulfil,
    obligation_open,
    obligation_pause,
    obligation_resume,
)
from zhifa.legal_review.constants import ExtensionStatus, PauseKind, SubmissionStatus
from zhifa.legal_review.models import ExtensionRequest, Pause, Submission
from zhifa.legal_review.stats import review_stats
from zhifa.legal_review.views_stats import review_stats as review_stats_view
from zhifa.workdays.calendar import workdays_between

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2025, 11, 3, 10, 0, tzinfo=TZ)


def at(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, h, 0, tzinfo=TZ)


def travel(when: dt.datetime) -> time_machine.travel:
    return time_machine.travel(when, tick=False)


def submission(w, org, *, complete: dt.datetime | None, submitted: dt.datetime | None = None):  # type: ignore[no-untyped-def]
    """A submission of a major case of ``org``; the R-1.4-13 clock opened when complete."""
    submitted = submitted or (complete - dt.timedelta(days=1) if complete else NOW)
    with travel(submitted):
        case = Case.objects.create(
            organisation=org,
            kind=ItemType.PENALTY,
            status=CaseStatus.UNDER_REVIEW,
            item_version=w.item,
            party=w.party,
            cause="销售超过保质期食品",
            created_by=w.o1,
            is_major=True,
        )
        review = LegalReview.objects.create(case=case, submitted_by=w.o1, submitted_at=submitted)
        sub = Submission.objects.create(
            review=review, case=case, organisation=org, submitted_by=w.o1, submitted_at=submitted
        )
    if complete is not None:
        with travel(complete):
            sub.obligation = obligation_open(
                rule_id="R-1.4-13", subject=sub, organisation=org, start_at=complete
            )
            sub.complete_at = complete
            sub.status = SubmissionStatus.UNDER_REVIEW
            sub.save()
    return sub


def opinion(w, sub, kind: str, when: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    with travel(when):
        LegalReview.objects.filter(pk=sub.review_id).update(
            opinion=kind, opinion_text="审核意见。", reviewer=w.reviewer, decided_at=when
        )
        sub.obligation = obligation_fulfil(obligation=sub.obligation, actor=None, at=when)
        Submission.objects.filter(pk=sub.pk).update(status=SubmissionStatus.OPINION_ISSUED)


def pause(w, sub, start: dt.datetime, end: dt.datetime, head=None) -> None:  # type: ignore[no-untyped-def]
    head = head or w.head
    with travel(start):
        op = obligation_pause(
            obligation=sub.obligation, actor=head, reason=PauseKind.EXPERT_ARGUMENTATION
        )
        p = Pause.objects.create(
            submission=sub,
            kind=PauseKind.EXPERT_ARGUMENTATION,
            reason="组织专家论证。",
            started_at=start,
            started_by=w.reviewer,
            obligation_pause=op,
        )
    with travel(end):
        sub.obligation = obligation_resume(obligation=sub.obligation, actor=head)
        Pause.objects.filter(pk=p.pk).update(ended_at=end, ended_by=w.reviewer)


def extend(w, sub, when: dt.datetime, head=None) -> None:  # type: ignore[no-untyped-def]
    head = head or w.head
    with travel(when):
        ext = obligation_extend(
            obligation=sub.obligation, actor=head, reason="案情复杂。", amount=10
        )
        ExtensionRequest.objects.create(
            submission=sub,
            reason="案情复杂。",
            requested_by=w.reviewer,
            requested_at=when,
            status=ExtensionStatus.APPROVED,
            decided_by=head,
            decided_at=when,
            obligation_extension=ext,
        )


def row(stats, org):  # type: ignore[no-untyped-def]
    return next(f for f in stats.rows if f.organisation == org)


@pytest.fixture
def reviews(world):  # type: ignore[no-untyped-def]
    """The department's reviews of 2025 (and one of 2024), and one of a township's team."""
    w, county = world, world.county
    a = submission(w, w.dept, complete=at(2025, 9, 26))  # over National Day 2025
    extend(w, a, at(2025, 10, 9))
    opinion(w, a, ReviewOpinion.APPROVE, at(2025, 10, 13))
    b = submission(w, w.dept, complete=at(2025, 9, 26))
    pause(w, b, at(2025, 9, 29), at(2025, 10, 10))
    opinion(w, b, ReviewOpinion.CORRECT, at(2025, 10, 20))
    late = submission(w, w.dept, complete=at(2025, 7, 1))
    opinion(w, late, ReviewOpinion.DO_NOT_DECIDE, at(2025, 7, 31))
    overdue = submission(w, w.dept, complete=at(2025, 6, 2))  # never answered
    waiting = submission(w, w.dept, complete=None, submitted=at(2025, 10, 30))  # materials
    old = submission(w, w.dept, complete=at(2024, 12, 23))
    opinion(w, old, ReviewOpinion.APPROVE, at(2024, 12, 30))
    team = submission(w, county.team_a, complete=at(2025, 10, 9))
    opinion(w, team, ReviewOpinion.TRANSFER, at(2025, 10, 10))
    return {
        "a": a,
        "b": b,
        "late": late,
        "overdue": overdue,
        "waiting": waiting,
        "old": old,
        "team": team,
    }


@pytest.mark.django_db
def test_r_1_4_13_figures_per_unit_with_working_days_across_national_day(world, reviews):
    """R-1.4-13 (working days on the calendar), R-1.4-15 (pauses left out), R-1.4-14, R-1.4-11."""
    county = world.county
    with travel(NOW):
        stats = review_stats(user=world.supervisor)
    assert (stats.start, stats.end) == (dt.date(2025, 1, 1), dt.date(2025, 11, 3))
    dept = row(stats, world.dept)
    assert dept.submissions == 5  # 2024's is outside the range
    assert dept.opinions == {"approve": 1, "correct": 1, "do_not_decide": 1, "transfer": 0}
    assert dept.opinions_total == 3
    # 2025-09-26 → 10-13: 28 Sep (make-up), 29, 30 Sep, 9, 10, 11 (make-up) and 13 Oct
    assert workdays_between(dt.date(2025, 9, 26), dt.date(2025, 10, 13)) == 7
    b = reviews["b"]
    b.obligation.refresh_from_db()
    assert b.obligation.paused_total > 0
    b_days = workdays_between(dt.date(2025, 9, 26), dt.date(2025, 10, 20)) - (
        b.obligation.paused_total
    )
    late_days = workdays_between(dt.date(2025, 7, 1), dt.date(2025, 7, 31))
    assert late_days > 10
    assert sorted(dept.days) == sorted([7, b_days, late_days])
    assert dept.max_days == late_days
    assert dept.median_days == sorted([7, b_days, late_days])[1]
    assert dept.fulfilled_late == 1
    assert dept.overdue_now == 1  # the June one, even before the scan marks it
    assert dept.pauses == 1 and dept.extensions == 1
    # the township team's review is counted with its township
    town = row(stats, county.town_a)
    assert town.submissions == 1 and town.opinions["transfer"] == 1 and town.days == [1]
    assert county.team_a not in [f.organisation for f in stats.rows]
    assert stats.total.submissions == 6 and stats.total.opinions_total == 4

    with travel(NOW):
        last_year = review_stats(
            user=world.supervisor, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
        )
    dept_2024 = row(last_year, world.dept)
    assert dept_2024.submissions == 1 and dept_2024.opinions["approve"] == 1
    assert dept_2024.days == [workdays_between(dt.date(2024, 12, 23), dt.date(2024, 12, 30))]
    assert dept_2024.overdue_now == 1  # "now" does not depend on the range


def _staff(org, prefix: str, n: int, role: str, *, active: bool = True) -> None:
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i}", full_name=f"{prefix}{i}", organisation=org, is_active=active)
        for i in range(n)
    )
    UserRole.objects.bulk_create(UserRole(user=u, role=role) for u in users)


@pytest.mark.django_db
def test_r_1_4_04_reviewer_ratio_against_the_5_percent_line(world):
    county = world.county
    town_c = OrganisationFactory(
        name="北辛乡人民政府",
        code="beixin",
        kind=OrganisationKind.TOWNSHIP_GOVERNMENT,
        parent=county.gov,
    )
    team_c = OrganisationFactory(
        name="北辛乡综合行政执法队",
        code="beixin-team",
        kind=OrganisationKind.TOWNSHIP_TEAM,
        parent=town_c,
    )
    _staff(team_c, "bx-officer", 21, Role.OFFICER)
    _staff(team_c, "bx-gone", 3, Role.OFFICER, active=False)  # left: not counted
    _staff(town_c, "bx-reviewer", 1, Role.LEGAL_REVIEWER)
    with travel(NOW):
        stats = review_stats(user=world.supervisor)
    dept = row(stats, world.dept)
    # officers: o1, o2, o3, the uncertified officer and the department officer; legal
    # reviewers: reviewer, reviewer2 and the three who proposed the catalogue items
    assert (dept.reviewers, dept.officers) == (5, 5)
    assert str(dept.ratio) == "100.0" and not dept.below_line
    town_a = row(stats, county.town_a)  # one officer in its team, no reviewer
    assert (town_a.reviewers, town_a.officers) == (0, 1)
    assert town_a.ratio == 0 and town_a.below_line
    c = row(stats, town_c)
    assert (c.reviewers, c.officers) == (1, 21)
    assert str(c.ratio) == "4.8" and c.below_line  # 1/21 is below 5 %
    User.objects.filter(username="bx-officer0").update(is_active=False)
    with travel(NOW):
        c = row(review_stats(user=world.supervisor), town_c)
    assert (c.reviewers, c.officers) == (1, 20)
    assert str(c.ratio) == "5.0" and not c.below_line  # exactly 5 % meets the line
    # an organ without officers has no ratio and no flag
    empty = OrganisationFactory(
        name="临猗县文化和旅游局",
        code="wlj",
        kind=OrganisationKind.COUNTY_ENFORCEMENT_DEPT,
        parent=county.gov,
    )
    with travel(NOW):
        e = row(review_stats(user=world.supervisor), empty)
    assert e.officers == 0 and e.ratio is None and not e.below_line


@pytest.mark.django_db
def test_r_1_4_03_supervisors_see_every_organ_heads_their_unit_others_nothing(world, reviews):
    county = world.county
    with travel(NOW):
        everyone = review_stats(user=world.supervisor)
        dept_only = review_stats(user=world.head)
        town_only = review_stats(user=world.people.town_head)
    organs = [f.organisation for f in everyone.rows]
    assert world.dept in organs and county.town_a in organs and county.town_b in organs
    assert county.jb not in organs and county.gov not in organs  # not enforcement organs
    assert [f.organisation for f in dept_only.rows] == [world.dept]
    assert [f.organisation for f in town_only.rows] == [county.town_a]
    assert town_only.rows[0].submissions == 1
    for user in (world.o1, world.reviewer, world.archivist, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            review_stats(user=user)


def _count_queries(user) -> int:  # type: ignore[no-untyped-def]
    with travel(NOW), CaptureQueriesContext(connection) as ctx:
        review_stats(user=user)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_figures_take_a_constant_number_of_queries(world):
    county = world.county
    sub = submission(world, world.dept, complete=at(2025, 10, 9))
    opinion(world, sub, ReviewOpinion.APPROVE, at(2025, 10, 10))
    _count_queries(world.supervisor)  # warm the calendar and the user's roles
    few = _count_queries(world.supervisor)
    for org in (county.team_a, county.team_b, county.town_a, world.dept):
        head = make_user(org, Role.UNIT_HEAD)
        s = submission(world, org, complete=at(2025, 9, 26))
        pause(world, s, at(2025, 9, 29), at(2025, 10, 10), head=head)
        extend(world, s, at(2025, 10, 13), head=head)
        opinion(world, s, ReviewOpinion.CORRECT, at(2025, 10, 20))
        submission(world, org, complete=at(2025, 6, 2))
    for i in range(5):
        OrganisationFactory(
            name=f"测试执法局{i}",
            code=f"test{i}",
            kind=OrganisationKind.COUNTY_ENFORCEMENT_DEPT,
            parent=county.gov,
        )
    _staff(county.team_b, "more", 10, Role.OFFICER)
    assert _count_queries(world.supervisor) == few
    assert few <= 10


@pytest.mark.django_db
def test_the_stats_page_is_a_phone_friendly_table_for_supervisors_and_heads(world, reviews):
    factory = RequestFactory()

    def get(user, **params):  # type: ignore[no-untyped-def]
        request = factory.get("/legal-review/stats/", params)
        request.user = user
        with travel(NOW):
            return review_stats_view(request)

    response = get(world.supervisor)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="table responsive stats-table"' in html
    assert 'data-label="单位"' in html and 'data-label="比例"' in html
    assert 'data-label="同意"' in html and 'data-label="移送"' in html
    assert world.dept.name in html and world.county.town_a.name in html
    assert 'data-testid="below-line"' in html and "（无法制审核人员）" in html
    assert "2025年1月1日至2025年11月3日" in html
    assert 'data-testid="stats-total"' in html

    html = get(world.head, start="2024-01-01", end="2024-12-31").content.decode()
    assert "2024年1月1日至2024年12月31日" in html
    assert world.county.town_a.name not in html

    html = get(world.supervisor, start="2025-12-31", end="2025-01-01").content.decode()
    assert "结束日期不能早于开始日期" in html  # the bad range is said, the default shown
    assert "2025年1月1日至2025年11月3日" in html
    assert 'value="2025-12-31"' in html  # the form keeps what was typed

    for user in (world.o1, world.reviewer):
        with pytest.raises(DjangoPermissionDenied):
            get(user)
