"""Services of correction requests (R-1.2-18, R-1.12-07) and disclosure applications (R-1.2-16):
submission and routing, every transition, forbidden transitions, permissions per role."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.inbox.models import Message
from zhifa.ledger.models import LedgerEntry
from zhifa.publication import selectors_requests as sel
from zhifa.publication.constants import (
    ChangeKind,
    ChangeStatus,
    DisclosureAnswer,
    RequestKind,
    RequestStatus,
)
from zhifa.publication.models import PublicRequest
from zhifa.publication.services import requests as svc
from zhifa.publication.services.changes import change_approve, change_legal_check
from zhifa.publication.tests.helpers import published

S = RequestStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def evidence(tmp_path: Path) -> svc.Evidence:
    path = tmp_path / "e.pdf"
    path.write_bytes(PDF)
    return svc.Evidence(
        path=path,
        original_name="证据.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )


@pytest.fixture
def pub(world, media):  # type: ignore[no-untyped-def]
    return published(world)


def _correction(pub, evidence, **over):  # type: ignore[no-untyped-def]
    args = {
        "kind": RequestKind.CORRECTION,
        "actor": AnonymousUser(),
        "requester_name": "张三",
        "requester_phone": "13912345678",
        "requester_email": "zs@example.com",
        "subject": pub.title,
        "content": "罚款金额写错了",
        "publication": pub,
        "files": [evidence],
        "client_hash": "h" * 64,
    }
    args.update(over)
    return svc.request_submit(**args)


def _disclosure(world, **over):  # type: ignore[no-untyped-def]
    args = {
        "kind": RequestKind.DISCLOSURE,
        "actor": AnonymousUser(),
        "requester_name": "李四",
        "requester_phone": "0359-4021234",
        "requester_address": "临猗县东街1号",
        "subject": "2026年食品抽检计划",
        "content": "请公开2026年食品抽检计划",
        "organisation": world.dept,
    }
    args.update(over)
    return svc.request_submit(**args)


# --- submission ---------------------------------------------------------------------------------


def test_r_1_2_18_correction_goes_to_the_publication_unit_with_evidence(world, pub, evidence):
    """R-1.2-18 / R-1.12-07: a correction about a published decision is received by the
    publication's unit, with its evidence stored by hash; the heads are told; the ledger entry
    names the public and holds no personal data."""
    req = _correction(pub, evidence, organisation=world.county.team_b)  # routing ignores the pick
    assert req.status == S.RECEIVED
    assert req.organisation == pub.organisation == world.dept
    assert re.fullmatch(r"GZ-[A-HJKMNP-Z2-9]{12}", req.tracking_code)
    f = req.files.get()
    assert f.blob.sha256 == hashlib.sha256(PDF).hexdigest()
    assert f.content_type == "application/pdf"
    assert Message.objects.filter(recipient=world.head, url__contains=str(req.pk)).exists()
    entry = LedgerEntry.objects.get(action="publication.request.submitted")
    assert entry.actor_label == "public"
    assert "张三" not in entry.payload and "13912345678" not in entry.payload
    assert req.tracking_code in entry.payload and f.blob.sha256 in entry.payload


def test_r_1_2_18_correction_without_evidence_refused(world, pub):
    """R-1.2-18: "有证据证明" — no file, no correction request."""
    with pytest.raises(DomainError) as exc:
        _correction(pub, None, files=[])
    assert exc.value.field == "evidence"
    assert not PublicRequest.objects.exists()


def test_r_1_2_18_correction_without_publication_goes_to_chosen_unit(world, evidence):
    req = svc.request_submit(
        kind=RequestKind.CORRECTION,
        actor=AnonymousUser(),
        requester_name="张三",
        requester_phone="13912345678",
        subject="猗氏镇政府网站2026年10月公示",
        content="姓名写错",
        organisation=world.county.team_a,
        files=[evidence],
    )
    assert req.organisation == world.county.team_a and req.publication is None


def test_r_1_2_16_disclosure_goes_to_chosen_unit_and_needs_a_reply_address(world):
    """R-1.2-16: a disclosure application is routed to the unit chosen; the reply needs an
    address or e-mail; a unit that is not an enforcement subject cannot be chosen."""
    req = _disclosure(world)
    assert req.organisation == world.dept and req.tracking_code.startswith("GK-")
    with pytest.raises(DomainError):
        _disclosure(world, requester_address="", requester_email="")
    with pytest.raises(DomainError) as exc:
        _disclosure(world, organisation=world.county.police)
    assert exc.value.field == "organisation"


def test_tracking_codes_are_unguessable_and_normalised():
    codes = {svc.new_tracking_code(RequestKind.CORRECTION) for _ in range(200)}
    assert len(codes) == 200
    code = next(iter(codes))
    assert svc.normalise_tracking_code(" " + code.lower().replace("-", "") + " ") == code


# --- transitions --------------------------------------------------------------------------------


def test_r_1_2_18_start_verifying_records_handler(world, pub, evidence):
    req = _correction(pub, evidence)
    req = svc.request_start_verifying(request=req, actor=world.o1)
    assert req.status == S.VERIFYING and req.handler == world.o1 and req.verifying_at
    with pytest.raises(TransitionNotAllowed):
        svc.request_start_verifying(request=req, actor=world.o1)


def test_r_1_2_18_outcomes_need_verifying_first(world, pub, evidence):
    """R-1.2-18 states: received → verifying → outcome; no outcome straight from received."""
    req = _correction(pub, evidence)
    with pytest.raises(TransitionNotAllowed):
        svc.request_reject(request=req, actor=world.o1, reasons="证据不足")
    with pytest.raises(TransitionNotAllowed):
        svc.request_refer(request=req, actor=world.o1, competent_body="县税务局")
    with pytest.raises(TransitionNotAllowed):
        svc.request_forward(request=req, actor=world.o1, to=world.county.team_a, reply="")


def test_r_1_2_18_forward_informs_and_receiving_unit_sees_it(
    world, pub, evidence, django_capture_on_commit_callbacks
):
    """R-1.2-18: outside the unit's functions → forwarded to the competent unit, applicant told
    (e-mail after commit; tracking always); the receiving unit sees it in its list."""
    req = _correction(pub, evidence)
    svc.request_start_verifying(request=req, actor=world.o1)
    with django_capture_on_commit_callbacks(execute=True):
        req = svc.request_forward(request=req, actor=world.o1, to=world.county.team_a, reply="")
    assert req.status == S.FORWARDED and req.forwarded_to == world.county.team_a
    assert "猗氏镇综合行政执法队" in req.reply
    assert len(mail.outbox) == 1 and req.tracking_code in mail.outbox[0].body
    assert mail.outbox[0].to == ["zs@example.com"]
    officer_a = world.people.officer_a
    assert sel.request_list_for_user(user=officer_a).filter(pk=req.pk).exists()
    assert not svc.can_handle(officer_a, req)  # it reads, the original unit decided
    with pytest.raises(TransitionNotAllowed):
        svc.request_reject(request=req, actor=world.o1, reasons="x")


def test_r_1_2_18_forward_to_own_unit_refused(world, pub, evidence):
    req = _correction(pub, evidence)
    svc.request_start_verifying(request=req, actor=world.o1)
    with pytest.raises(DomainError) as exc:
        svc.request_forward(request=req, actor=world.o1, to=world.dept, reply="")
    assert exc.value.field == "forwarded_to"


def test_r_1_2_18_refer_and_reject_need_text(world, pub, evidence):
    req = _correction(pub, evidence)
    svc.request_start_verifying(request=req, actor=world.o1)
    with pytest.raises(DomainError):
        svc.request_refer(request=req, actor=world.o1, competent_body=" ")
    with pytest.raises(DomainError):
        svc.request_reject(request=req, actor=world.o1, reasons="")
    req = svc.request_refer(request=req, actor=world.o1, competent_body="临猗县税务局")
    assert req.status == S.REFERRED and "临猗县税务局" in req.reply
    assert req.decided_by == world.o1


def test_r_1_2_18_reject_with_reasons(world, pub, evidence):
    req = _correction(pub, evidence)
    svc.request_start_verifying(request=req, actor=world.reviewer)
    req = svc.request_reject(request=req, actor=world.reviewer, reasons="经核实，公示信息准确。")
    assert req.status == S.REJECTED and req.reply == "经核实，公示信息准确。"
    assert LedgerEntry.objects.filter(action="publication.request.rejected").count() == 1


def test_r_1_2_16_answer_disclosure(world):
    """R-1.2-16: answered with a 《政府信息公开条例》 answer type and the reply."""
    req = _disclosure(world)
    svc.request_start_verifying(request=req, actor=world.o1)
    with pytest.raises(DomainError):
        svc.request_answer(request=req, actor=world.o1, answer="", reply="见附件")
    req = svc.request_answer(
        request=req, actor=world.o1, answer=DisclosureAnswer.DISCLOSED, reply="已通过邮寄提供。"
    )
    assert req.status == S.ANSWERED and req.disclosure_answer == DisclosureAnswer.DISCLOSED


def test_r_1_2_16_answer_is_for_disclosure_only(world, pub, evidence):
    req = _correction(pub, evidence)
    svc.request_start_verifying(request=req, actor=world.o1)
    with pytest.raises(DomainError):
        svc.request_answer(
            request=req, actor=world.o1, answer=DisclosureAnswer.DISCLOSED, reply="x"
        )


def test_r_1_2_18_r_1_12_07_corrected_only_through_applied_update(
    world, pub, evidence, django_capture_on_commit_callbacks
):
    """R-1.2-18 / R-1.12-07: verified true → the publication is updated through the review
    (R-1.12-06) and the head's approval ends the request corrected and informs the applicant;
    while the update is under review no other outcome is possible."""
    req = _correction(pub, evidence)
    svc.request_start_verifying(request=req, actor=world.o1)
    change = svc.request_propose_correction(
        request=req,
        actor=world.o1,
        reason="当事人名称有误，已更正。",
        target_name="临猗县示例食品超市（更正）",
    )
    assert change.request == req and change.kind == ChangeKind.UPDATE
    with pytest.raises(TransitionNotAllowed):
        svc.request_reject(request=req, actor=world.o1, reasons="x")
    req.refresh_from_db()
    assert req.status == S.VERIFYING
    change_legal_check(
        change=change, actor=world.reviewer, approve=True, note="属实", masking_confirmed=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        change_approve(change=change, actor=world.head, approve=True)
    req.refresh_from_db()
    assert req.status == S.CORRECTED and req.decided_by == world.head
    assert "更正" in req.reply
    assert len(mail.outbox) == 1 and "已更正" in mail.outbox[0].body


def test_r_1_2_18_corrected_refuses_a_foreign_change(world, pub, evidence):
    req = _correction(pub, evidence)
    svc.request_start_verifying(request=req, actor=world.o1)
    from zhifa.core import clock
    from zhifa.publication.models import PublicationChange

    other = PublicationChange.objects.create(
        publication=pub,
        kind=ChangeKind.UPDATE,
        status=ChangeStatus.APPLIED,
        trigger="other",
        reason="无关",
        drafted_by=world.o1,
        drafted_at=clock.now(),
    )
    with pytest.raises(DomainError):
        svc.request_corrected_by_change(request=req, change=other, actor=world.head)


# --- permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["o1", "reviewer", "head"])
def test_r_1_2_18_unit_staff_may_handle(world, pub, evidence, who):
    req = _correction(pub, evidence)
    assert svc.can_handle(getattr(world, who), req)
    svc.request_start_verifying(request=req, actor=getattr(world, who))


@pytest.mark.parametrize("who", ["supervisor", "archivist", "other_unit", "leader"])
def test_r_1_2_18_others_may_not_handle(world, pub, evidence, who):
    """Supervisors read but do not handle; archivists and other units neither."""
    people = world.people
    user = {
        "supervisor": world.supervisor,
        "archivist": world.archivist,
        "other_unit": people.officer_b,
        "leader": people.leader,
    }[who]
    req = _correction(pub, evidence)
    with pytest.raises(PermissionDenied):
        svc.request_start_verifying(request=req, actor=user)
    visible = sel.request_list_for_user(user=user).filter(pk=req.pk).exists()
    assert visible is (who in ("supervisor", "leader"))


def test_r_1_2_18_another_unit_head_cannot_decide(world, pub, evidence):
    req = _correction(pub, evidence)
    svc.request_start_verifying(request=req, actor=world.o1)
    head_b = make_user(world.county.town_b, Role.UNIT_HEAD, username="head_b")
    with pytest.raises(PermissionDenied):
        svc.request_reject(request=req, actor=head_b, reasons="x")
    assert sel.request_get_for_user(user=head_b, request_id=req.pk) is None


def test_evidence_sniffing_by_bytes():
    assert svc.sniff_evidence_type(PDF) == "application/pdf"
    assert svc.sniff_evidence_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert svc.sniff_evidence_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert svc.sniff_evidence_type(b"MZ\x90\x00") is None  # a Windows executable
    assert svc.sniff_evidence_type(b"<svg xmlns=") is None
    assert svc.sniff_evidence_type(b"<html><script>") is None


def test_stored_evidence_keeps_the_temporary_source(world, pub):
    """The view's temporary file stays with its owner (the view removes it)."""
    with tempfile.NamedTemporaryFile(suffix=".part") as tmp:
        tmp.write(PDF + b"x")
        tmp.flush()
        ev = svc.Evidence(
            path=Path(tmp.name),
            original_name="a.pdf",
            content_type="application/pdf",
            size=len(PDF) + 1,
            sha256=hashlib.sha256(PDF + b"x").hexdigest(),
        )
        _correction(pub, ev, files=[ev])
        assert Path(tmp.name).exists()
