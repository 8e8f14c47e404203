"""The written opinion 《重大行政执法决定法制审核意见书》: two copies (R-1.4-12), one attached to
the case file and one kept by the review body, with the R-1.4-10 checklist and the R-1.4-11
opinion. The submission is built directly (not through the workflow services) so these tests
check the document alone."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.tests.factories import OrganisationFactory
from zhifa.cases.constants import MajorGround, ReviewOpinion
from zhifa.cases.models import LegalReview
from zhifa.cases.tests.test_report import reported_case
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.documents.models import GeneratedDocument
from zhifa.documents.storage import blob_get
from zhifa.documents.tests.helpers import pdf_compact
from zhifa.ledger.models import LedgerEntry
from zhifa.legal_review.constants import (
    ChecklistPoint,
    Finding,
    ParticipantRole,
    SubmissionStatus,
)
from zhifa.legal_review.documents import (
    BODY_COPY,
    CASE_COPY,
    opinion_context,
    opinion_document_render,
)
from zhifa.legal_review.models import ChecklistItem, Participant, Submission

TEXT = "主体合法，事实清楚，证据确凿，适用依据正确，裁量适当，程序合法，文书规范。"


def issued(w, opinion=ReviewOpinion.APPROVE, text=TEXT):  # type: ignore[no-untyped-def]
    """A major case whose submission was found complete and whose opinion has been issued."""
    case = reported_case(w, major_grounds=[MajorGround.COMPLEX, MajorGround.HEARING])
    now = clock.now()
    review = LegalReview.objects.create(
        case=case,
        report=case.reports.order_by("-revision").first(),
        submitted_by=w.o1,
        submitted_at=now - dt.timedelta(days=3),
        reviewer=w.reviewer,
        opinion=opinion,
        opinion_text=text,
        decided_at=now,
    )
    submission = Submission.objects.create(
        review=review,
        case=case,
        organisation=case.organisation,
        status=SubmissionStatus.OPINION_ISSUED,
        submitted_by=w.o1,
        submitted_at=review.submitted_at,
        complete_at=now - dt.timedelta(days=2),
        completed_by=w.reviewer2,
        reviewer=w.reviewer,
    )
    # saved out of order: the document lists them in the order of R-1.4-10
    for point in reversed([p for p in ChecklistPoint if p != ChecklistPoint.OTHER]):
        problem = point == ChecklistPoint.CRIME and opinion == ReviewOpinion.TRANSFER
        ChecklistItem.objects.create(
            submission=submission,
            point=point,
            finding=Finding.PROBLEM if problem else Finding.OK,
            reason=f"{point.label}：{'涉嫌犯罪' if problem else '经审查符合规定'}。",
        )
    return submission


@pytest.mark.django_db
def test_r_1_4_12_the_opinion_is_made_in_two_copies_for_the_case_file_and_the_review_body(world):
    submission = issued(world)
    case = submission.case
    case_copy, body_copy = opinion_document_render(submission, world.reviewer)

    assert case_copy.subject_type == "cases.case" and case_copy.subject_id == str(case.pk)
    assert case_copy.organisation == case.organisation
    assert body_copy.subject_type == "legal_review.submission"
    assert body_copy.subject_id == str(submission.pk)
    assert body_copy.organisation == submission.organisation
    assert case_copy.template_version.template.code == "legal_review_opinion"
    assert case_copy.title == f"重大行政执法决定法制审核意见书（{CASE_COPY}）"
    assert body_copy.title == f"重大行政执法决定法制审核意见书（{BODY_COPY}）"
    assert case_copy.number == body_copy.number == case.number
    assert case_copy.context["copy_label"] == CASE_COPY
    assert body_copy.context["copy_label"] == BODY_COPY
    assert case_copy.docx_sha256 != body_copy.docx_sha256  # each copy says where it goes
    assert GeneratedDocument.objects.count() >= 2
    assert (
        LedgerEntry.objects.filter(
            action="documents.document.render",
            subject_id__in=[str(case_copy.pk), str(body_copy.pk)],
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_r_1_4_10_r_1_4_11_the_context_lists_the_checklist_and_ticks_the_opinion(world):
    submission = issued(world)
    data = opinion_context(submission)
    case = submission.case
    assert data["unit_name"] == case.organisation.name
    assert data["case_number"] == case.number
    assert data["case_cause"] == "销售超过保质期食品"
    assert data["party_name"] == "临猗县示例食品超市"
    assert data["submitted_by"] == world.o1.full_name
    assert data["complete_at"] and data["submitted_at"]
    assert data["major_grounds"] == "案件疑难复杂、涉及多个法律关系、需经过听证程序"
    assert data["proposed_decision"] == "给予行政处罚：罚款人民币12,000元。"
    points = [row["point"] for row in data["checklist"]]
    assert points == [p.label for p in ChecklistPoint if p != ChecklistPoint.OTHER]
    assert {row["finding"] for row in data["checklist"]} == {"符合"}
    assert [o["label"] for o in data["opinions"]] == ["同意", "纠正", "不予作出", "移送"]
    assert [o["selected"] for o in data["opinions"]] == [True, False, False, False]
    assert data["opinion_label"] == "同意" and data["opinion_text"] == TEXT
    assert data["legal_basis"].endswith("第十一条、第十二条第一项")
    assert data["reviewers"] == world.reviewer.full_name
    assert data["joint_units"] == ""


@pytest.mark.django_db
def test_r_1_4_05_r_1_4_11_a_transfer_opinion_of_a_joint_review_names_the_units(world):
    submission = issued(world, ReviewOpinion.TRANSFER, "当事人的行为涉嫌犯罪，建议移送公安机关。")
    other = OrganisationFactory(
        name="临猗县农业农村局", code="nyj", kind=OrganisationKind.COUNTY_ENFORCEMENT_DEPT
    )
    for org, role in (
        (submission.organisation, ParticipantRole.LEAD),
        (other, ParticipantRole.PARTICIPANT),
    ):
        Participant.objects.create(
            submission=submission,
            organisation=org,
            role=role,
            added_by=world.reviewer,
            added_at=clock.now(),
        )
    data = opinion_context(submission)
    assert (
        data["joint_units"] == "临猗县农业农村局"
    )  # the lead unit issues it; the others are named
    assert [o["selected"] for o in data["opinions"]] == [False, False, False, True]
    assert data["legal_basis"].endswith("第十二条第四项")
    crime = data["checklist"][-1]
    assert crime["finding"] == "存在问题" and "涉嫌犯罪" in crime["reason"]


@pytest.mark.django_db
def test_no_opinion_document_before_the_opinion_is_issued(world):
    submission = issued(world)
    LegalReview.objects.filter(pk=submission.review_id).update(opinion="", decided_at=None)
    submission.review.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        opinion_document_render(submission, world.reviewer)
    assert exc.value.code == "no_opinion"


@pytest.mark.django_db
@pytest.mark.real_pdf
def test_r_1_4_12_the_case_file_copy_lays_out_with_its_key_text(world):
    submission = issued(world)
    case_copy, _ = opinion_document_render(submission, world.reviewer)
    pdf = blob_get(str(case_copy.pdf.name), sha256=case_copy.pdf_sha256)
    compact = pdf_compact(pdf)
    for needle in (
        "重大行政执法决定法制审核意见书",
        submission.case.number,
        "销售超过保质期食品",
        "执法人员是否具备执法资格",
        "■同意□纠正□不予作出□移送",
        "审核意见为：同意。主体合法",
        f"审核人员：{world.reviewer.full_name}",
        "一式两份：一份送执法承办机构存入执法案卷，一份由法制审核机构留存",
        "（本份：存入执法案卷）",
    ):
        assert needle in compact, needle
