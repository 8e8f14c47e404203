"""The annual enforcement statistics report (R-1.2-08 (2)): computed from the data, constant
queries, a page for a year without data, CSV with a BOM."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhifa.cases.models import Case, CrimeTransfer, Hearing, LegalReview
from zhifa.core import clock
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.services import obligation_fulfil_for
from zhifa.publication.annual import annual_report, annual_report_csv, report_years
from zhifa.publication.constants import RequestKind, RequestStatus
from zhifa.publication.models import PublicRequest
from zhifa.publication.tests.helpers import decided

pytestmark = pytest.mark.django_db


def _request(w, kind, status, code):  # type: ignore[no-untyped-def]
    return PublicRequest.objects.create(
        kind=kind,
        status=status,
        tracking_code=code,
        organisation=w.dept,
        requester_name="张三",
        requester_phone="13800000000",
        subject="公示信息有误",
        content="决定日期写错了。",
        received_at=clock.now(),
    )


def test_r_1_2_08_report_of_two_simplified_penalties_one_published_on_time(world):
    year = clock.today().year
    first = decided(world)  # a 1,000 yuan fine
    second = decided(world, fine=Decimal("500.50"))
    obligation_fulfil_for(subject=first, rule_id="R-1.2-12", actor=None)

    report = annual_report(world.dept, year)

    assert report.cases_by_kind == {"penalty": 2}
    assert report.cases_by_procedure == {"simplified": 2}
    assert report.decisions_by_outcome == {"penalty": 2}
    assert report.fines == Decimal("1500.50")
    assert report.confiscations == Decimal("0")
    assert report.published_on_time == 1 and report.published_late == 0
    assert report.publication_pending == 1 and report.publication_overdue == 0
    assert report.major_decisions == 0 and report.hearings_held == 0
    assert report.certified_officers == 3  # o1, o2, o3 of the department
    assert report.has_data
    # another unit has none of it
    other = annual_report(world.county.town_a, year)
    assert other.cases_total == 0 and not other.has_data
    assert second.pk


def test_r_1_2_08_late_publication_hearings_reviews_transfers_and_requests(world):
    year = clock.today().year
    now = clock.now()
    late, overdue, reviewed = decided(world), decided(world), decided(world)
    ob = Obligation.objects.get(rule_id="R-1.2-12", subject_id=str(late.pk))
    Obligation.objects.filter(pk=ob.pk).update(due_at=now - dt.timedelta(hours=1))
    obligation_fulfil_for(subject=late, rule_id="R-1.2-12", actor=None)  # after its due time
    Obligation.objects.filter(rule_id="R-1.2-12", subject_id=str(overdue.pk)).update(
        due_at=now - dt.timedelta(hours=1)
    )
    Case.objects.filter(pk=reviewed.pk).update(is_major=True)
    Hearing.objects.create(case=reviewed, requested_at=now, held_at=now)
    Hearing.objects.create(case=reviewed, requested_at=now)  # not held
    LegalReview.objects.create(
        case=reviewed, submitted_by=world.o1, submitted_at=now, opinion="approve", decided_at=now
    )
    LegalReview.objects.create(
        case=reviewed, submitted_by=world.o1, submitted_at=now, opinion="correct", decided_at=now
    )
    CrimeTransfer.objects.create(
        case=reviewed,
        police=world.county.police,
        suspected_offence="生产、销售不符合安全标准的食品罪",
        reasons="涉嫌犯罪",
        requested_by=world.o1,
        requested_at=now,
        transferred_at=now,
    )
    _request(world, RequestKind.CORRECTION, RequestStatus.CORRECTED, "C1")
    _request(world, RequestKind.CORRECTION, RequestStatus.RECEIVED, "C2")
    _request(world, RequestKind.DISCLOSURE, RequestStatus.ANSWERED, "D1")

    report = annual_report(world.dept, year)

    assert report.published_late == 1 and report.publication_overdue == 1
    assert report.publication_pending == 1 and report.published_on_time == 0
    assert report.major_decisions == 1 and report.hearings_held == 1
    assert report.reviews_by_opinion == {"approve": 1, "correct": 1}
    assert report.crime_transfers == 1
    assert (report.corrections_received, report.corrections_corrected) == (2, 1)
    assert (report.disclosures_received, report.disclosures_answered) == (1, 1)


def test_r_1_2_08_report_takes_a_constant_number_of_aggregate_queries(world):
    year = clock.today().year
    decided(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            annual_report(world.dept, year)
        return len(ctx.captured_queries)

    few = queries()
    for fine in ("100", "200", "300"):
        decided(world, fine=Decimal(fine))
    assert queries() == few <= 10


def test_r_1_2_08_report_page_and_csv_for_the_public(client, world):
    year = clock.today().year
    decided(world)
    url = reverse("portal:report", args=[world.dept.pk, year])
    body = client.get(url).content.decode()
    assert f"{world.dept.name}{year}年度行政执法数据统计报告" in body
    assert "罚款金额（元）" in body and "1000.00" in body
    assert 'data-testid="csv-link"' in body
    response = client.get(url + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "单位,年度,类别,指标,数值"
    assert f"{world.dept.name},{year},执法决定,罚款金额（元）,1000.00" in text
    assert raw == annual_report_csv(annual_report(world.dept, year))
    index = client.get(reverse("portal:reports")).content.decode()
    assert url in index


def test_a_valid_unit_and_year_without_data_says_so(client, world):
    response = client.get(reverse("portal:report", args=[world.dept.pk, 2010]))
    assert response.status_code == 200
    assert 'data-testid="no-data"' in response.content.decode()
    assert report_years()[world.dept.pk] == []
    csv = client.get(reverse("portal:report", args=[world.dept.pk, 2010]) + "?format=csv")
    assert csv.status_code == 200
