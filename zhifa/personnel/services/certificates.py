"""Writes of the certificate register (system 1.7): one service per transition.

Every transition checks who may do it and from which status, records a :class:`CertificateEvent`
with its reason and a ledger entry in the same transaction, and keeps the holder's
``User.certificate_number`` in step with the valid certificate.

Who may do what (R-1.7-02, R-1.7-09, R-1.7-10):

- the Justice Bureau (its supervisors) applies to the province on behalf of the unit,
  records the issue, hands the certificate over (activates), refuses, restores, revokes, cancels,
  records a surrender, declares a lost certificate void and runs the annual review;
- the officer's own department (a unit head of the officer's unit or a unit above it) may
  temporarily withhold (暂扣) the certificate and restore it: R-1.7-10 says "the department may
  temporarily withhold"; revocation (吊销) is "by procedure" and stays with the Justice Bureau;
- the department (unit head) or the holder reports a loss, and the holder's organ (unit head)
  applies for the replacement (R-1.7-09);
- ``actor=None`` is the system (e.g. the annual-review job, a training decision of R-1.11-05).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.permissions import is_supervisor
from zhifa.catalog.models import EnforcementType
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.services import obligation_fulfil_for, obligation_open
from zhifa.ledger.services import ledger_append
from zhifa.personnel.constants import CertificateStatus, ExamSubject, FilingStatus
from zhifa.personnel.models import (
    AnnualReview,
    Certificate,
    CertificateEvent,
    CertificateFileFiling,
    EquivalentCertificate,
    ExamResult,
    Officer,
)
from zhifa.personnel.selectors.officers import LIVE_STATUSES, officer_eligibility

S = CertificateStatus
DEFAULT_ISSUER = "山西省人民政府"
_NUMBER_RE = re.compile(r"^[0-9A-Za-z-]{6,30}$")

# action -> (statuses it may start from, status it leads to, Chinese name of the action)
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "issue": (frozenset({S.APPLIED}), S.ISSUED, "制发"),
    "refuse": (frozenset({S.APPLIED}), S.REFUSED, "不予批准申领"),
    "activate": (frozenset({S.ISSUED}), S.VALID, "发放启用"),
    "withhold": (frozenset({S.VALID}), S.WITHHELD, "暂扣"),
    "restore": (frozenset({S.WITHHELD}), S.VALID, "发还（恢复有效）"),
    "revoke": (frozenset({S.VALID, S.WITHHELD}), S.REVOKED, "吊销"),
    "cancel": (frozenset({S.ISSUED, S.VALID, S.WITHHELD, S.INVALID}), S.CANCELLED, "注销"),
    "surrender": (
        frozenset({S.VALID, S.WITHHELD, S.INVALID}),
        S.SURRENDERED_CANCELLED,
        "缴销",
    ),
    "report_lost": (frozenset({S.VALID}), S.REPORTED_LOST, "报失"),
    "declare_void": (frozenset({S.REPORTED_LOST}), S.VOID, "声明作废"),
    "review_fail": (frozenset({S.VALID, S.WITHHELD}), S.INVALID, "年审未通过"),
    "review_missed": (frozenset({S.VALID, S.WITHHELD}), S.INVALID, "逾期未年审"),
}
# Which actions the unit (a unit head of the officer's unit or above) may take besides the JB.
UNIT_ACTIONS = frozenset({"withhold", "restore", "report_lost"})


# --- who may ------------------------------------------------------------------------------------


def is_justice_bureau(user: User | None) -> bool:
    """A Justice Bureau supervisor (the shared ``zhifa.accounts.permissions.is_supervisor``),
    signed in and active. System administrators run the software, not the certificates."""
    return user is not None and user.is_authenticated and user.is_active and is_supervisor(user)


def is_unit_head_over(user: User | None, organisation: Organisation) -> bool:
    """A unit head of ``organisation`` or of a unit above it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    own = user.organisation
    return (
        user.has_role(Role.UNIT_HEAD) and own is not None and organisation.path.startswith(own.path)
    )


def can_act(user: User | None, action: str, certificate: Certificate) -> bool:
    """Whether ``user`` may take ``action`` on ``certificate`` (whatever its status)."""
    if is_justice_bureau(user):
        return True
    if action in UNIT_ACTIONS or action == "reissue":
        return is_unit_head_over(user, certificate.officer.organisation)
    return False


def allowed_actions(user: User | None, certificate: Certificate) -> list[str]:
    """The transitions ``user`` may take on ``certificate`` in its present status."""
    found = [
        action
        for action, (sources, _to, _label) in TRANSITIONS.items()
        if certificate.status in sources
        and action not in ("review_fail", "review_missed")
        and can_act(user, action, certificate)
    ]
    if (
        certificate.status == S.VOID
        and not Certificate.objects.filter(replaces=certificate).exists()
        and can_act(user, "reissue", certificate)
    ):
        found.append("reissue")
    return found


def _require_jb(actor: User | None, what: str) -> None:
    if actor is not None and not is_justice_bureau(actor):
        raise PermissionDenied(f"只有县司法局可以{what}行政执法证件。")


# --- helpers ------------------------------------------------------------------------------------


def _text(value: str, *, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"请填写{what}。", code="required", field=field)
    return value


def sync_user_certificate_number(officer: Officer) -> None:
    """``User.certificate_number`` = the number of the officer's valid certificate, or blank."""
    if officer.user_id is None:
        return
    number = (
        Certificate.objects.filter(officer=officer, status=S.VALID)
        .values_list("number", flat=True)
        .first()
    ) or ""
    User.objects.filter(pk=officer.user_id).exclude(certificate_number=number).update(
        certificate_number=number
    )


def _record(
    certificate: Certificate,
    *,
    action: str,
    from_status: str,
    reason: str,
    reference: str,
    actor: User | None,
    payload: dict[str, object] | None = None,
) -> None:
    now = clock.now()
    CertificateEvent.objects.create(
        certificate=certificate,
        action=action,
        from_status=from_status,
        to_status=certificate.status,
        reason=reason,
        reference=reference,
        actor=actor,
        at=now,
    )
    ledger_append(
        actor=actor,
        action=f"personnel.certificate.{action}",
        subject=certificate,
        payload={
            "officer_id": certificate.officer_id,
            "number": certificate.number,
            "from": from_status,
            "to": certificate.status,
            "reason": reason,
            "reference": reference,
            **(payload or {}),
        },
    )


def _lock(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update()
        .select_related("officer__organisation")
        .get(pk=certificate.pk)
    )


def _transition(
    certificate: Certificate,
    action: str,
    *,
    actor: User | None,
    reason: str,
    reference: str = "",
    reason_required: bool = True,
    payload: dict[str, object] | None = None,
    changes: dict[str, object] | None = None,
) -> Certificate:
    """Guard, change the status (and ``changes``), record the event and the ledger entry (the
    caller is atomic)."""
    sources, target, label = TRANSITIONS[action]
    certificate = _lock(certificate)
    if actor is not None and not can_act(actor, action, certificate):
        who = "县司法局或证件持有人所在单位负责人" if action in UNIT_ACTIONS else "县司法局"
        raise PermissionDenied(f"只有{who}可以对行政执法证件办理“{label}”。")
    if certificate.status not in sources:
        allowed = "、".join(S(s).label for s in sorted(sources))
        raise TransitionNotAllowed(
            f"证件当前状态为“{certificate.get_status_display()}”，不能办理“{label}”"
            f"（只有“{allowed}”状态的证件可以办理）。"
        )
    reason = (
        _text(reason, field="reason", what=f"{label}的原因")
        if reason_required
        else (reason or "").strip() or label
    )
    before = certificate.status
    certificate.status = target
    certificate.status_reason = reason
    certificate.status_changed_at = clock.now()
    for name, value in (changes or {}).items():
        setattr(certificate, name, value)
    certificate.save(
        update_fields=["status", "status_reason", "status_changed_at", *(changes or {})]
    )
    _record(
        certificate,
        action=action,
        from_status=before,
        reason=reason,
        reference=(reference or "").strip()[:120],
        actor=actor,
        payload=payload,
    )
    sync_user_certificate_number(certificate.officer)
    return certificate


# --- apply / issue / activate / refuse ----------------------------------------------------------


def application_problems(officer: Officer) -> list[str]:
    """Why ``officer`` may not apply for a certificate now (empty: may apply).

    Guards: eligible (R-1.7-03, R-3.1-09, R-3.1-10), induction assessment passed (R-1.10-05,
    R-3.1-08), public and professional law exams passed (R-1.7-03 (c)), and no other
    certificate that is not final (R-1.7-04 one person, one certificate).
    """
    problems: list[str] = []
    eligibility = officer_eligibility(officer)
    if not eligibility:
        problems.append(eligibility.reason)
    if officer.induction_passed_on is None:
        problems.append("尚未通过入职培训考核，不能上岗执法，也不能申领证件（R-1.10-05）。")
    passed = set(
        ExamResult.objects.filter(
            officer=officer,
            passed=True,
            subject__in=(ExamSubject.PUBLIC_LAW, ExamSubject.PROFESSIONAL_LAW),
        ).values_list("subject", flat=True)
    )
    if ExamSubject.PUBLIC_LAW not in passed:
        problems.append("尚未通过公共法律知识培训考试（R-1.7-03）。")
    if ExamSubject.PROFESSIONAL_LAW not in passed:
        problems.append("尚未通过专业法律知识培训考试（R-1.7-03）。")
    live = Certificate.objects.filter(officer=officer, status__in=LIVE_STATUSES).first()
    if live is not None:
        problems.append(
            f"一人一证：该人员已有状态为“{live.get_status_display()}”的证件"
            f"{live.number or ''}，不能重复申领（R-1.7-04）。"
        )
    return problems


def _types(enforcement_types: Iterable[EnforcementType | str]) -> list[EnforcementType]:
    codes = [t.code if isinstance(t, EnforcementType) else str(t) for t in enforcement_types]
    found = list(EnforcementType.objects.filter(code__in=codes, is_active=True))
    missing = sorted(set(codes) - {t.code for t in found})
    if missing:
        raise DomainError(
            f"未知或已停用的执法类型：{'、'.join(missing)}。",
            code="unknown_type",
            field="enforcement_types",
        )
    if not found:
        raise DomainError(
            "请至少选择一个执法类型（R-1.7-02）。", code="required", field="enforcement_types"
        )
    return found


def _create_certificate(
    *,
    officer: Officer,
    actor: User,
    enforcement_types: Iterable[EnforcementType | str],
    enforcement_area: str,
    reason: str,
    action: str,
    replaces: Certificate | None = None,
) -> Certificate:
    types = _types(enforcement_types)
    area = _text(enforcement_area, field="enforcement_area", what="执法区域")
    now = clock.now()
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                officer=officer,
                enforcement_area=area[:200],
                status=S.APPLIED,
                status_reason=reason,
                status_changed_at=now,
                replaces=replaces,
                applied_by=actor,
                applied_at=now,
            )
    except IntegrityError:
        raise DomainError(
            "一人一证：该人员已有未终结的证件，不能重复申领（R-1.7-04）。",
            code="one_person_one_certificate",
        ) from None
    certificate.enforcement_types.set(types)
    _record(
        certificate,
        action=action,
        from_status="",
        reason=reason,
        reference="",
        actor=actor,
        payload={
            "enforcement_types": sorted(t.code for t in types),
            "enforcement_area": area,
            "replaces": replaces.pk if replaces else None,
        },
    )
    return certificate


@transaction.atomic
def certificate_apply(
    *,
    officer: Officer,
    actor: User,
    enforcement_types: Iterable[EnforcementType | str],
    enforcement_area: str,
    reason: str = "",
) -> Certificate:
    """The Justice Bureau applies to the province for a certificate on behalf of the unit
    (R-1.7-02). Refused unless the officer is eligible (R-1.7-03, R-3.1-09, R-3.1-10), passed
    the induction assessment (R-1.10-05) and both law exams, and holds no other live
    certificate (R-1.7-04)."""
    _require_jb(actor, "申领")
    officer = Officer.objects.select_for_update().select_related("organisation").get(pk=officer.pk)
    problems = application_problems(officer)
    if problems:
        raise DomainError(
            "不能申领行政执法证件：" + "；".join(p.rstrip("。") for p in problems) + "。",
            code="not_eligible",
        )
    return _create_certificate(
        officer=officer,
        actor=actor,
        enforcement_types=enforcement_types,
        enforcement_area=enforcement_area,
        reason=(reason or "").strip() or "县司法局代单位向省人民政府申领",
        action="apply",
    )


@transaction.atomic
def certificate_issue(
    *,
    certificate: Certificate,
    actor: User | None,
    number: str,
    issued_on: dt.date,
    expires_on: dt.date | None,
    enforcement_types: Iterable[EnforcementType | str] | None = None,
    enforcement_area: str = "",
    issuer: str = DEFAULT_ISSUER,
) -> Certificate:
    """Record the certificate issued by the province (R-1.7-02): number, dates, types, area and
    issuer (stored as data, AMB-1.7-a (i))."""
    number = _text(number, field="number", what="证件编号").upper()
    if not _NUMBER_RE.match(number):
        raise DomainError("证件编号应为6至30位数字或字母。", code="invalid_number", field="number")
    if expires_on is not None and expires_on <= issued_on:
        raise DomainError("有效期至应晚于发证日期。", code="invalid_dates", field="expires_on")
    if Certificate.objects.filter(number=number).exclude(pk=certificate.pk).exists():
        raise DomainError(f"证件编号 {number} 已被使用。", code="duplicate", field="number")
    types = _types(enforcement_types) if enforcement_types is not None else None
    changes: dict[str, object] = {
        "number": number,
        "issued_on": issued_on,
        "expires_on": expires_on,
        "issuer": (issuer or "").strip()[:60] or DEFAULT_ISSUER,
    }
    if enforcement_area.strip():
        changes["enforcement_area"] = enforcement_area.strip()[:200]
    certificate = _transition(
        certificate,
        "issue",
        actor=actor,
        reason=f"省人民政府制发，证件编号 {number}",
        reason_required=False,
        payload={"issued_on": issued_on, "expires_on": expires_on, "issuer": changes["issuer"]},
        changes=changes,
    )
    if types is not None:
        certificate.enforcement_types.set(types)
    return certificate


@transaction.atomic
def certificate_activate(
    *, certificate: Certificate, actor: User | None, reason: str = ""
) -> Certificate:
    """Hand the issued certificate to the holder: from now on it is valid (R-1.7-01)."""
    return _transition(
        certificate,
        "activate",
        actor=actor,
        reason=reason or "证件已发放至持证人，启用",
        reason_required=False,
    )


@transaction.atomic
def certificate_refuse(
    *, certificate: Certificate, actor: User | None, reason: str, reference: str = ""
) -> Certificate:
    """The application was not approved (with the reason)."""
    return _transition(certificate, "refuse", actor=actor, reason=reason, reference=reference)


# --- withhold / restore / revoke / cancel / surrender -------------------------------------------


@transaction.atomic
def certificate_withhold(
    *, certificate: Certificate, actor: User | None, reason: str, reference: str = ""
) -> Certificate:
    """Temporarily withhold (暂扣) a valid certificate (R-1.7-10; also the decision after a failed
    make-up exam, R-1.11-05). The department or the Justice Bureau decides; while withheld the
    holder may not act (R-1.7-01)."""
    return _transition(certificate, "withhold", actor=actor, reason=reason, reference=reference)


@transaction.atomic
def certificate_restore(
    *, certificate: Certificate, actor: User | None, reason: str, reference: str = ""
) -> Certificate:
    """Give a withheld certificate back: valid again (R-1.7-10)."""
    return _transition(certificate, "restore", actor=actor, reason=reason, reference=reference)


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, actor: User | None, reason: str, reference: str = ""
) -> Certificate:
    """Revoke (吊销) a certificate in a serious case, by procedure (R-1.7-10). Final."""
    return _transition(certificate, "revoke", actor=actor, reason=reason, reference=reference)


@transaction.atomic
def certificate_cancel(
    *, certificate: Certificate, actor: User | None, reason: str, reference: str = ""
) -> Certificate:
    """Cancel (注销) a certificate (R-1.7-10; R-1.11-05 after a failed make-up exam; leaving the
    enforcement post). Final."""
    return _transition(certificate, "cancel", actor=actor, reason=reason, reference=reference)


@transaction.atomic
def certificate_surrender(
    *, certificate: Certificate, actor: User | None, reason: str, reference: str = ""
) -> Certificate:
    """Record a certificate surrendered and cancelled (缴销, R-1.7-10). Final."""
    return _transition(certificate, "surrender", actor=actor, reason=reason, reference=reference)


# --- loss: report, declare void, reissue (R-1.7-09) ---------------------------------------------


@transaction.atomic
def certificate_report_lost(
    *, certificate: Certificate, actor: User | None, reason: str, reference: str = ""
) -> Certificate:
    """Report a lost or damaged certificate to the issuing authority (R-1.7-09)."""
    return _transition(certificate, "report_lost", actor=actor, reason=reason, reference=reference)


@transaction.atomic
def certificate_declare_void(
    *, certificate: Certificate, actor: User | None, reason: str = "", reference: str = ""
) -> Certificate:
    """Declare a reported-lost certificate void (R-1.7-09); a replacement may then be applied
    for."""
    return _transition(
        certificate,
        "declare_void",
        actor=actor,
        reason=reason or "证件遗失（损毁），声明作废",
        reference=reference,
        reason_required=False,
    )


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, actor: User, reason: str = "") -> Certificate:
    """The holder's organ applies for a replacement of a void certificate (R-1.7-09): a new
    application that ``replaces`` the void one, with the same types and area; it is then issued
    and activated like any other (R-1.7-04: it is the person's one certificate)."""
    old = _lock(certificate)
    if not can_act(actor, "reissue", old):
        raise PermissionDenied("只有持证人所在单位负责人或县司法局可以申请补办证件。")
    if old.status != S.VOID:
        raise TransitionNotAllowed(
            f"证件当前状态为“{old.get_status_display()}”，只有已声明作废的证件才能申请补办"
            "（R-1.7-09：先报失、声明作废，再补办）。"
        )
    if Certificate.objects.filter(replaces=old).exists():
        raise TransitionNotAllowed("该证件已申请过补办，不能重复申请。")
    officer = (
        Officer.objects.select_for_update().select_related("organisation").get(pk=old.officer_id)
    )
    eligibility = officer_eligibility(officer)
    if not eligibility:
        raise DomainError(f"不能补办证件：{eligibility.reason}", code="not_eligible")
    return _create_certificate(
        officer=officer,
        actor=actor,
        enforcement_types=list(old.enforcement_types.all()),
        enforcement_area=old.enforcement_area,
        reason=(reason or "").strip() or f"补办已声明作废的证件 {old.number or ''}".strip(),
        action="reissue",
        replaces=old,
    )


# --- annual review (R-1.7-07) -------------------------------------------------------------------


@transaction.atomic
def annual_review_open(*, actor: User, year: int, due_on: dt.date) -> list[AnnualReview]:
    """Open the annual review round of ``year`` (R-1.7-07): an :class:`AnnualReview` and an
    obligation of R-1.7-07 due on ``due_on`` for every valid or withheld certificate that has
    none for that year. The period is not in the rules: the Justice Bureau sets it (AMB-1.7-a)."""
    _require_jb(actor, "组织年审")
    today = clock.today()
    if not 2000 <= year <= today.year + 1:
        raise DomainError("年审年度不正确。", code="invalid_year", field="year")
    if due_on < today:
        raise DomainError("年审截止日期不能早于今天。", code="due_in_past", field="due_on")
    certificates = (
        Certificate.objects.filter(status__in=(S.VALID, S.WITHHELD))
        .exclude(annual_reviews__year=year)
        .select_related("officer__organisation", "officer__user")
        .order_by("id")
    )
    opened: list[AnnualReview] = []
    for certificate in certificates:
        review = AnnualReview.objects.create(certificate=certificate, year=year, due_on=due_on)
        officer = certificate.officer
        obligation_open(
            rule_id="R-1.7-07",
            subject=review,
            organisation=officer.organisation,
            start_at=today,
            due_at=due_on,
            responsible=officer.user if officer.user and officer.user.is_active else None,
            label=f"{officer.full_name} 行政执法证 {certificate.number} {year}年度年审",
            actor=actor,
        )
        opened.append(review)
    ledger_append(
        actor=actor,
        action="personnel.annual_review.open",
        subject=None,
        payload={
            "year": year,
            "due_on": due_on,
            "certificates": [r.certificate_id for r in opened],
        },
    )
    return opened


def _review_guard(review: AnnualReview) -> AnnualReview:
    review = (
        AnnualReview.objects.select_for_update().select_related("certificate").get(pk=review.pk)
    )
    if review.passed is not None:
        raise TransitionNotAllowed(
            f"该证件 {review.year} 年度年审已有结论（{'通过' if review.passed else '未通过'}），"
            "不能重复办理。"
        )
    if review.certificate.status not in (S.VALID, S.WITHHELD):
        raise TransitionNotAllowed(
            f"证件当前状态为“{review.certificate.get_status_display()}”，不能办理年审。"
        )
    return review


@transaction.atomic
def annual_review_pass(*, review: AnnualReview, actor: User, opinion: str = "") -> AnnualReview:
    """The certificate passed the annual review of its year (R-1.7-07): ``reviewed_until`` moves
    to the end of that year and the obligation is fulfilled. A review is passed by its due date;
    after it the certificate is invalid (see :func:`annual_review_mark_missed`)."""
    _require_jb(actor, "办理年审")
    review = _review_guard(review)
    today = clock.today()
    if today > review.due_on:
        raise TransitionNotAllowed(
            f"年审截止日期（{review.due_on:%Y年%m月%d日}）已过，未按期年审的证件无效（R-1.7-07）。"
        )
    review.passed = True
    review.opinion = (opinion or "").strip() or "年审合格"
    review.reviewed_by = actor
    review.reviewed_at = clock.now()
    review.save(update_fields=["passed", "opinion", "reviewed_by", "reviewed_at"])
    certificate = review.certificate
    until = dt.date(review.year, 12, 31)
    if certificate.reviewed_until is None or certificate.reviewed_until < until:
        certificate.reviewed_until = until
        certificate.save(update_fields=["reviewed_until"])
    CertificateEvent.objects.create(
        certificate=certificate,
        action="review_pass",
        from_status=certificate.status,
        to_status=certificate.status,
        reason=f"{review.year}年度年审通过：{review.opinion}",
        actor=actor,
        at=review.reviewed_at,
    )
    ledger_append(
        actor=actor,
        action="personnel.certificate.review_pass",
        subject=certificate,
        payload={"year": review.year, "opinion": review.opinion, "reviewed_until": until},
    )
    obligation_fulfil_for(subject=review, rule_id="R-1.7-07", actor=None)
    return review


@transaction.atomic
def annual_review_fail(*, review: AnnualReview, actor: User, opinion: str) -> AnnualReview:
    """The certificate failed the annual review: it is invalid (R-1.7-07)."""
    _require_jb(actor, "办理年审")
    opinion = _text(opinion, field="opinion", what="年审未通过的意见")
    review = _review_guard(review)
    review.passed = False
    review.opinion = opinion
    review.reviewed_by = actor
    review.reviewed_at = clock.now()
    review.save(update_fields=["passed", "opinion", "reviewed_by", "reviewed_at"])
    _transition(
        review.certificate,
        "review_fail",
        actor=actor,
        reason=f"{review.year}年度年审未通过：{opinion}",
    )
    obligation_fulfil_for(subject=review, rule_id="R-1.7-07", actor=None)
    return review


@transaction.atomic
def annual_review_mark_missed(*, today: dt.date | None = None) -> int:
    """Certificates whose annual review was not passed by its due date become invalid
    (R-1.7-07). Run by the periodic job; ``certificate_valid_for`` already treats them as invalid
    on dates after the due date. Returns how many were marked."""
    today = today or clock.today()
    reviews = (
        AnnualReview.objects.select_for_update()
        .filter(passed__isnull=True, due_on__lt=today)
        .select_related("certificate")
        .order_by("id")
    )
    marked = 0
    for review in reviews:
        review.passed = False
        review.opinion = f"未在年审截止日期（{review.due_on:%Y年%m月%d日}）前通过年审"
        review.reviewed_at = clock.now()
        review.save(update_fields=["passed", "opinion", "reviewed_at"])
        if review.certificate.status in (S.VALID, S.WITHHELD):
            _transition(
                review.certificate,
                "review_missed",
                actor=None,
                reason=f"{review.year}年度{review.opinion}，证件无效",
            )
            marked += 1
    return marked


# --- equivalent certificates (R-1.7-06) ---------------------------------------------------------


@transaction.atomic
def equivalent_submit(
    *,
    actor: User,
    officer: Officer,
    name: str,
    number: str,
    issuer: str,
    designation_basis: str,
    enforcement_types: Iterable[EnforcementType | str],
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> EquivalentCertificate:
    """The unit files a certificate of equal effect designated by the State Council or the
    province with the Justice Bureau (R-1.7-06). A filing the Justice Bureau returned may be
    submitted again with the same issuer and number."""
    if not (is_justice_bureau(actor) or is_unit_head_over(actor, officer.organisation)):
        raise PermissionDenied("只有持证人所在单位负责人或县司法局可以报备同等效力证件。")
    name = _text(name, field="name", what="证件名称")
    number = _text(number, field="number", what="证件编号")
    issuer = _text(issuer, field="issuer", what="发证机关")
    basis = _text(designation_basis, field="designation_basis", what="国务院或省政府的规定依据")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError("有效期至不能早于有效期起。", code="invalid_dates", field="valid_to")
    types = _types(enforcement_types)
    now = clock.now()
    filing = (
        EquivalentCertificate.objects.select_for_update()
        .filter(issuer=issuer, number=number)
        .first()
    )
    if filing is not None and filing.status != FilingStatus.RETURNED:
        raise DomainError(
            f"{issuer} 发的证件 {number} 已报备（{filing.get_status_display()}），不能重复报备。",
            code="duplicate",
            field="number",
        )
    if filing is None:
        filing = EquivalentCertificate(issuer=issuer, number=number)
    filing.officer = officer
    filing.name = name[:100]
    filing.designation_basis = basis
    filing.valid_from = valid_from
    filing.valid_to = valid_to
    filing.status = FilingStatus.SUBMITTED
    filing.submitted_by = actor
    filing.submitted_at = now
    filing.handled_by = None
    filing.handled_at = None
    filing.opinion = ""
    filing.save()
    filing.enforcement_types.set(types)
    ledger_append(
        actor=actor,
        action="personnel.equivalent.submit",
        subject=filing,
        payload={
            "officer_id": officer.pk,
            "name": filing.name,
            "number": number,
            "issuer": issuer,
            "enforcement_types": sorted(t.code for t in types),
            "valid_from": valid_from,
            "valid_to": valid_to,
        },
    )
    return filing


def _equivalent_handle(
    *, actor: User, filing: EquivalentCertificate, status: str, opinion: str, verb: str
) -> EquivalentCertificate:
    _require_jb(actor, "办理备案")
    filing = EquivalentCertificate.objects.select_for_update().get(pk=filing.pk)
    if filing.status != FilingStatus.SUBMITTED:
        raise TransitionNotAllowed(
            f"该备案当前状态为“{filing.get_status_display()}”，只有“已报备”的可以{verb}。"
        )
    filing.status = status
    filing.opinion = opinion
    filing.handled_by = actor
    filing.handled_at = clock.now()
    filing.save(update_fields=["status", "opinion", "handled_by", "handled_at"])
    ledger_append(
        actor=actor,
        action=f"personnel.equivalent.{status}",
        subject=filing,
        payload={"opinion": opinion},
    )
    return filing


@transaction.atomic
def equivalent_accept(
    *, actor: User, filing: EquivalentCertificate, opinion: str = ""
) -> EquivalentCertificate:
    """The Justice Bureau accepts the filing: the certificate counts for its types while valid
    (R-1.7-06)."""
    return _equivalent_handle(
        actor=actor,
        filing=filing,
        status=FilingStatus.ACCEPTED,
        opinion=(opinion or "").strip() or "予以备案",
        verb="备案",
    )


@transaction.atomic
def equivalent_return(
    *, actor: User, filing: EquivalentCertificate, opinion: str
) -> EquivalentCertificate:
    """The Justice Bureau returns the filing with its opinion (R-1.7-06)."""
    return _equivalent_handle(
        actor=actor,
        filing=filing,
        status=FilingStatus.RETURNED,
        opinion=_text(opinion, field="opinion", what="退回意见"),
        verb="退回",
    )


# --- the certificate management file (R-1.7-08) --------------------------------------------------


def management_file_snapshot(organisation: Organisation) -> dict[str, object]:
    """The unit's certificate management file as data (officers, certificates, history)."""
    from zhifa.personnel.selectors.certificates import management_file

    officers = management_file(organisation=organisation)
    return {
        "organisation": {"id": organisation.pk, "name": organisation.name},
        "generated_at": clock.now().isoformat(),
        "officers": [
            {
                "id": o.pk,
                "full_name": o.full_name,
                "post": o.post,
                "staffing_type": o.get_staffing_type_display(),
                "is_active": o.is_active,
                "induction_passed_on": o.induction_passed_on.isoformat()
                if o.induction_passed_on
                else None,
                "certificates": [
                    {
                        "id": c.pk,
                        "number": c.number,
                        "status": c.status,
                        "status_label": c.get_status_display(),
                        "types": [t.name for t in c.enforcement_types.all()],
                        "area": c.enforcement_area,
                        "issued_on": c.issued_on.isoformat() if c.issued_on else None,
                        "expires_on": c.expires_on.isoformat() if c.expires_on else None,
                        "reviewed_until": c.reviewed_until.isoformat()
                        if c.reviewed_until
                        else None,
                        "events": [
                            {
                                "action": e.action,
                                "from": e.from_status,
                                "to": e.to_status,
                                "reason": e.reason,
                                "reference": e.reference,
                                "at": e.at.isoformat(),
                                "actor": str(e.actor) if e.actor else "系统",
                            }
                            for e in c.event_list  # type: ignore[attr-defined]
                        ],
                    }
                    for c in o.certificate_list  # type: ignore[attr-defined]
                ],
            }
            for o in officers
        ],
    }


@transaction.atomic
def management_file_submit(*, actor: User, organisation: Organisation) -> CertificateFileFiling:
    """File the unit's certificate management file with the Justice Bureau (R-1.7-08): a
    snapshot of its officers, certificates and their history as of now."""
    if not (is_justice_bureau(actor) or is_unit_head_over(actor, organisation)):
        raise PermissionDenied("只有本单位负责人可以报备证件管理档案。")
    snapshot = management_file_snapshot(organisation)
    officers = snapshot["officers"]
    assert isinstance(officers, list)  # noqa: S101 - built above
    if not officers:
        raise DomainError(
            "本单位还没有登记执法人员，证件管理档案为空，不能报备。", code="empty_file"
        )
    filing = CertificateFileFiling.objects.create(
        organisation=organisation,
        snapshot=snapshot,
        officer_count=len(officers),
        certificate_count=sum(len(o["certificates"]) for o in officers),
        submitted_by=actor,
        submitted_at=clock.now(),
    )
    ledger_append(
        actor=actor,
        action="personnel.certificate_file.submit",
        subject=filing,
        payload={
            "organisation_id": organisation.pk,
            "officers": filing.officer_count,
            "certificates": filing.certificate_count,
        },
    )
    return filing


@transaction.atomic
def management_file_handle(
    *, actor: User, filing: CertificateFileFiling, accept: bool, opinion: str = ""
) -> CertificateFileFiling:
    """The Justice Bureau accepts (备案) or returns a filed certificate management file."""
    _require_jb(actor, "办理证件管理档案备案")
    filing = CertificateFileFiling.objects.select_for_update().get(pk=filing.pk)
    if filing.status != FilingStatus.SUBMITTED:
        raise TransitionNotAllowed(
            f"该档案备案当前状态为“{filing.get_status_display()}”，不能重复办理。"
        )
    opinion = (opinion or "").strip()
    if not accept and not opinion:
        raise DomainError("退回须写明意见。", code="required", field="opinion")
    filing.status = FilingStatus.ACCEPTED if accept else FilingStatus.RETURNED
    filing.opinion = opinion or "予以备案"
    filing.handled_by = actor
    filing.handled_at = clock.now()
    filing.save(update_fields=["status", "opinion", "handled_by", "handled_at"])
    ledger_append(
        actor=actor,
        action=f"personnel.certificate_file.{filing.status}",
        subject=filing,
        payload={"opinion": filing.opinion},
    )
    return filing
