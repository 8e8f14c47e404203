"""Prior notice (事先告知), the party's statements and defence (陈述申辩) and the hearing (听证).

``notice_serve`` tells the party in writing the facts, reasons, basis and proposed penalty and
their rights (R-1.5-17, R-1.14-08) — for a major case only after the legal review passed
(R-1.4-02) — and opens the party's window (R-1.14-08, the deadline engine). Every statement is
recorded and answered in writing; a waiver closes the window. A hearing is held when the notice
gave the right and the party asked in time, by a host who did not investigate the case
(R-1.5-18) and declared no conflict (R-1.5-03).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.cases.constants import Capacity, CaseStatus, Proposal, ServiceMethod, StatementMode
from zhifa.cases.models import Case, Hearing, PriorNotice, Statement
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_set_status,
    has_declared,
    is_handler,
    require_handler,
    require_no_conflict,
    require_no_crime_pending,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh, time_zh
from zhifa.cases.services.report import penalty_lines, require_latest_report
from zhifa.cases.services.review import require_review_passed
from zhifa.cases.workflow import require_transition
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.subjects import subject_key
from zhifa.deadlines.constants import OPEN_STATES, ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.services import obligation_fulfil_for, obligation_open, spec_for

if TYPE_CHECKING:
    from zhifa.accounts.models import User

PARTY_WINDOW_RULE = "R-1.14-08"
_ZH_DIGITS = "零一二三四五六七八九十"


def _name(user: User) -> str:
    return user.full_name or user.username


def _zh_small(n: int) -> str:
    return _ZH_DIGITS[n] if 0 <= n <= 10 else str(n)


def _not_future(value: dt.datetime, *, field: str, what: str) -> dt.datetime:
    if value > clock.now():
        raise DomainError(f"{what}不能晚于现在。", field=field)
    return value


def _minute(value: dt.datetime) -> dt.datetime:
    """Forms take times to the minute: an instant in the same minute counts as not earlier."""
    return value.replace(second=0, microsecond=0)


def latest_notice(case: Case) -> PriorNotice | None:
    return PriorNotice.objects.filter(case=case).order_by("-served_at", "-id").first()


def window_obligation(case: Case) -> Obligation | None:
    """The party's window (R-1.14-08) opened by the latest notice."""
    subject_type, subject_id = subject_key(case)
    return (
        Obligation.objects.filter(
            subject_type=subject_type, subject_id=subject_id, rule_id=PARTY_WINDOW_RULE
        )
        .order_by("-start_at", "-id")
        .first()
    )


def window_open(case: Case, *, at: dt.datetime | None = None) -> bool:
    """Is the party's window to state, defend and ask a hearing still open at ``at``?"""
    ob = window_obligation(case)
    if ob is None:
        return False
    at = at or clock.now()
    return ob.state in OPEN_STATES and at <= ob.due_at


def _close_window(case: Case, actor: User, at: dt.datetime) -> None:
    ob = window_obligation(case)
    if ob is not None and ob.state in OPEN_STATES:
        at = max(at, ob.start_at)  # a time typed to the minute of the service itself
        obligation_fulfil_for(subject=case, rule_id=PARTY_WINDOW_RULE, actor=actor, at=at)


@transaction.atomic
def notice_serve(
    *,
    case: Case,
    actor: User,
    served_at: dt.datetime,
    service_method: str,
    facts: str,
    reasons: str,
    basis: str,
    proposed_penalty: str,
) -> PriorNotice:
    """A handler serves the written prior notice (R-1.5-17, R-1.14-08). REPORTED → NOTIFYING.

    The latest report proposes a penalty; a major case only after the review passed (R-1.4-02);
    not while a crime is suspected (R-2.2-10). Renders 行政处罚事先告知书 (with the hearing right
    when the report says so) and opens the party's window R-1.14-08 from ``served_at``."""
    case = case_lock(case)
    require_transition(case, "notice_serve")
    require_handler(case, actor)
    require_no_crime_pending(case)
    report = require_latest_report(case)
    if report.proposal != Proposal.PENALTY:
        raise DomainError(
            f"调查终结报告的处理意见为“{report.get_proposal_display()}”，不需要事先告知行政处罚。",
            code="not_penalty",
        )
    if report.is_major:
        require_review_passed(case)
    if service_method not in ServiceMethod.values:
        raise DomainError("请选择送达方式。", field="service_method")
    _not_future(served_at, field="served_at", what="送达时间")
    if case.filed_at and served_at < _minute(case.filed_at):
        raise DomainError("送达时间不能早于立案时间。", field="served_at")
    facts = require_text(facts, field="facts", what="拟认定的事实")
    reasons = require_text(reasons, field="reasons", what="理由")
    basis = require_text(basis, field="basis", what="依据")
    proposed_penalty = require_text(proposed_penalty, field="proposed_penalty", what="拟作出的处罚")
    spec = spec_for(PARTY_WINDOW_RULE)
    ob = obligation_open(
        rule_id=PARTY_WINDOW_RULE,
        subject=case,
        organisation=case.organisation,
        start_at=served_at,
        label=f"当事人陈述申辩{'、要求听证' if report.hearing_right else ''}期限：{case.display_number}",
        actor=None,
    )
    lines = [line.strip() for line in proposed_penalty.splitlines() if line.strip()]
    document = case_document_render(
        case=case,
        actor=actor,
        template_code="prior_notice",
        title="行政处罚事先告知书",
        context={
            "facts": facts,
            "evidence": report.evidence_summary,
            "legal_basis": report.legal_basis,
            "reasoning": reasons,
            "penalty_basis": basis,
            "proposed_penalties": lines
            or penalty_lines(report.penalty_types, report.fine, report.confiscation),
            "statement_days": _zh_small(int(spec.duration or 5)),
            "hearing_right": report.hearing_right,
            "unit_address": case.organisation.address,
            "contact": _name(actor),
            "contact_phone": case.organisation.phone or actor.phone,
            "date": date_zh(served_at),
        },
    )
    notice = PriorNotice.objects.create(
        case=case,
        report=report,
        facts=facts,
        reasons=reasons,
        basis=basis,
        proposed_penalty=proposed_penalty,
        hearing_right=report.hearing_right,
        served_at=served_at,
        service_method=service_method,
        window_until=ob.due_at,
        served_by=actor,
        document=document,
    )
    case_set_status(case, CaseStatus.NOTIFYING)
    case_event_add(
        case=case,
        actor=actor,
        action="notice_serve",
        summary=f"{ServiceMethod(service_method).label}行政处罚事先告知书；"
        f"陈述申辩{'、要求听证' if report.hearing_right else ''}期限至{time_zh(ob.due_at)}",
        payload={
            "notice_id": notice.pk,
            "served_at": served_at.isoformat(),
            "hearing_right": report.hearing_right,
            "window_until": ob.due_at.isoformat(),
        },
        document=document,
    )
    return notice


def _require_notice(case: Case) -> PriorNotice:
    notice = latest_notice(case)
    if notice is None:
        raise DomainError("尚未送达事先告知书。", code="no_notice")
    return notice


@transaction.atomic
def statement_record(
    *, case: Case, actor: User, mode: str, received_at: dt.datetime, content: str
) -> Statement:
    """A handler records the party's statement and defence, or their express waiver
    (R-1.14-08). A waiver closes the window (fulfils R-1.14-08); so does a statement when the
    notice gave no hearing right (with a hearing right the party may still ask for one)."""
    case = case_lock(case)
    require_transition(case, "statement_record")
    require_handler(case, actor)
    notice = _require_notice(case)
    if mode not in StatementMode.values:
        raise DomainError("请选择陈述申辩的方式。", field="mode")
    _not_future(received_at, field="received_at", what="收到时间")
    if received_at < _minute(notice.served_at):
        raise DomainError("收到时间不能早于事先告知书的送达时间。", field="received_at")
    content = (content or "").strip()
    if mode != StatementMode.WAIVED and not content:
        raise DomainError("请记录当事人陈述申辩的内容。", code="required", field="content")
    statement = Statement.objects.create(
        case=case, mode=mode, received_at=received_at, content=content, recorded_by=actor
    )
    summary = f"记录陈述申辩（{StatementMode(mode).label}）"
    if mode == StatementMode.WAIVED or not notice.hearing_right:
        _close_window(case, actor, received_at)
    case_event_add(
        case=case,
        actor=actor,
        action="statement_record",
        summary=summary + (f"：{content}" if content else ""),
        payload={"statement_id": statement.pk, "mode": mode},
    )
    return statement


@transaction.atomic
def statement_answer(
    *, case: Case, actor: User, statement: Statement, adopted: bool, response: str
) -> Statement:
    """A handler answers a statement in writing (复核意见): adopted or not, and why (R-1.14-08:
    the party's statements are heard and answered)."""
    case = case_lock(case)
    require_transition(case, "statement_answer")
    require_handler(case, actor)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.case_id != case.pk:
        raise DomainError("该陈述申辩不属于本案。", field="statement")
    if statement.mode == StatementMode.WAIVED:
        raise DomainError("当事人已放弃陈述申辩，无需复核。", field="statement")
    if statement.answered_at is not None:
        raise DomainError("该陈述申辩已经复核。", code="already_answered", field="statement")
    response = require_text(response, field="response", what="复核意见")
    statement.adopted = bool(adopted)
    statement.response = response
    statement.answered_by = actor
    statement.answered_at = clock.now()
    statement.save(update_fields=["adopted", "response", "answered_by", "answered_at"])
    case_event_add(
        case=case,
        actor=actor,
        action="statement_answer",
        summary=f"复核陈述申辩：{'采纳' if adopted else '不予采纳'}。{response}",
        payload={"statement_id": statement.pk, "adopted": bool(adopted)},
    )
    return statement


def _require_host(case: Case, host: User, *, field: str = "host") -> None:
    """R-1.5-18: the hearing is held by someone who did not investigate the case; R-1.5-03: a
    host who declared a conflict may not host."""
    own = host.organisation
    if not host.is_active or own is None or not case.organisation.path.startswith(own.path):
        raise DomainError(f"{_name(host)} 不是本单位（或上级单位）的工作人员。", field=field)
    if is_handler(case, host) or case.officers.filter(user=host).exists():
        raise DomainError(
            f"{_name(host)} 是本案的调查人员，不能主持听证：调查与听证应当由不同人员承担（R-1.5-18）。",
            code="host_investigated",
            field=field,
        )
    try:
        require_no_conflict(case, host, Capacity.HEARING_HOST)
    except PermissionDenied as exc:
        raise DomainError(exc.message, code="recused", field=field) from None


@transaction.atomic
def hearing_request(
    *,
    case: Case,
    actor: User,
    requested_at: dt.datetime,
    scheduled_at: dt.datetime,
    place: str,
    host: User,
) -> Hearing:
    """A handler registers the party's request for a hearing: only when the notice gave the
    right and within the window (the R-1.14-08 obligation not lapsed); the host did not
    investigate the case (R-1.5-18). Renders 行政处罚听证通知书; the request closes the window."""
    case = case_lock(case)
    require_transition(case, "hearing_request")
    require_handler(case, actor)
    notice = _require_notice(case)
    if not notice.hearing_right:
        raise DomainError(
            "事先告知书未告知听证权利（拟作出的处罚不属于应当听证的情形），不能登记听证申请。",
            code="no_hearing_right",
        )
    _not_future(requested_at, field="requested_at", what="申请时间")
    if requested_at < _minute(notice.served_at):
        raise DomainError("申请时间不能早于事先告知书的送达时间。", field="requested_at")
    ob = window_obligation(case)
    if (
        ob is None
        or ob.state == ObligationState.LAPSED
        or requested_at > notice.window_until
        or (ob.state not in OPEN_STATES and ob.fulfilled_at and requested_at > ob.fulfilled_at)
    ):
        raise DomainError(
            f"当事人要求听证的期限已于{time_zh(notice.window_until)}届满（或已放弃），"
            "逾期提出的视为放弃听证权利（R-1.14-08）。",
            code="window_closed",
            field="requested_at",
        )
    if Hearing.objects.filter(case=case, withdrawn=False, held_at__isnull=True).exists():
        raise DomainError("本案已有待举行的听证。", code="hearing_pending")
    if scheduled_at <= requested_at:
        raise DomainError("听证举行时间应当晚于申请时间。", field="scheduled_at")
    place = require_text(place, field="place", what="听证地点")
    _require_host(case, host)
    investigators = "、".join(_name(o.user) for o in case.officers.filter(removed_at__isnull=True))
    hearing = Hearing.objects.create(
        case=case, requested_at=requested_at, scheduled_at=scheduled_at, place=place, host=host
    )
    document = case_document_render(
        case=case,
        actor=actor,
        template_code="hearing_notice",
        title="行政处罚听证通知书",
        context={
            "requested_on": date_zh(requested_at),
            "hearing_time": time_zh(scheduled_at),
            "hearing_place": place,
            "hearing_form": "公开",
            "hearing_officer": _name(host),
            "hearing_members": "——",
            "hearing_clerk": "——",
            "investigators": investigators,
            "unit_address": case.organisation.address,
            "contact": _name(actor),
            "contact_phone": case.organisation.phone or actor.phone,
        },
    )
    hearing.notice_document = document
    hearing.save(update_fields=["notice_document"])
    _close_window(case, actor, requested_at)
    case_event_add(
        case=case,
        actor=actor,
        action="hearing_request",
        summary=f"当事人要求听证；定于{time_zh(scheduled_at)}在{place}举行，主持人 {_name(host)}",
        payload={"hearing_id": hearing.pk, "host_id": host.pk},
        document=document,
    )
    return hearing


@transaction.atomic
def hearing_hold(
    *,
    case: Case,
    actor: User,
    hearing: Hearing,
    held_at: dt.datetime | None,
    record: str,
    report: str,
    withdrawn: bool = False,
) -> Hearing:
    """Record the hearing held (record and report), or the party's withdrawal. Recorded by the
    host or a handler. The host did not investigate the case (R-1.5-18) and declared no
    conflict as hearing host (R-1.5-03)."""
    case = case_lock(case)
    require_transition(case, "hearing_hold")
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.case_id != case.pk:
        raise DomainError("该听证不属于本案。", field="hearing")
    if hearing.held_at is not None or hearing.withdrawn:
        raise DomainError("该听证已经办结。", code="hearing_done", field="hearing")
    if hearing.host_id != actor.pk:
        require_handler(case, actor)
    if withdrawn:
        hearing.withdrawn = True
        hearing.record = (record or "").strip()
        hearing.save(update_fields=["withdrawn", "record"])
        case_event_add(
            case=case,
            actor=actor,
            action="hearing_hold",
            summary="当事人撤回听证申请",
            payload={"hearing_id": hearing.pk, "withdrawn": True},
        )
        return hearing
    if held_at is None:
        raise DomainError("请填写听证举行时间。", field="held_at")
    _not_future(held_at, field="held_at", what="听证举行时间")
    if held_at < _minute(hearing.requested_at):
        raise DomainError("听证举行时间不能早于申请时间。", field="held_at")
    host = hearing.host
    if host is None:
        raise DomainError("该听证没有指定主持人。", field="hearing")
    _require_host(case, host, field="hearing")
    if not has_declared(case, host, Capacity.HEARING_HOST):
        raise DomainError(
            f"听证主持人 {_name(host)} 尚未就本案作出回避声明（听证主持人），请先声明（R-1.5-03）。",
            code="recusal_not_declared",
            field="hearing",
        )
    hearing.held_at = held_at
    hearing.record = require_text(record, field="record", what="听证笔录")
    hearing.report = require_text(report, field="report", what="听证报告")
    hearing.save(update_fields=["held_at", "record", "report"])
    case_event_add(
        case=case,
        actor=actor,
        action="hearing_hold",
        summary=f"举行听证（主持人 {_name(host)}）：{hearing.report}",
        payload={"hearing_id": hearing.pk, "held_at": held_at.isoformat(), "host_id": host.pk},
    )
    return hearing
