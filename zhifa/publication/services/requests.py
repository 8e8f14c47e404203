"""Correction requests (R-1.2-18, R-1.12-07) and disclosure applications (R-1.2-16).

A member of the public files a request on the portal (:func:`request_submit`) and gets a tracking
code; the request goes to one unit — the publication's for a correction about a published
decision, otherwise the unit chosen. The unit's staff handle it:

``received → verifying → corrected | answered | forwarded | referred | rejected``

- correction (R-1.2-18): **corrected** only through an applied update of the publication
  (:func:`request_corrected_by_change`, called by the change service when the head approves a
  ``PublicationChange`` made for this request); **forwarded** to the competent organisation;
  **referred** (the applicant is told the competent body); **rejected** with reasons;
- disclosure (R-1.2-16, 《政府信息公开条例》): **answered** with a :class:`DisclosureAnswer`
  and the reply; forwarded; referred; rejected with reasons.

Each outcome is visible by tracking code on the portal and, when the requester gave an e-mail
address, mailed after the commit. The ledger never holds the requester's personal data.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from zhifa.accounts.constants import ENFORCING_KINDS, OrganisationKind, Role
from zhifa.accounts.models import Organisation
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.inbox.services import inbox_send_to_role
from zhifa.ledger.services import ledger_append
from zhifa.publication.constants import (
    DisclosureAnswer,
    PublicationStatus,
    RequestKind,
    RequestStatus,
)
from zhifa.publication.models import Publication, PublicRequest, PublicRequestFile

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zhifa.accounts.models import User
    from zhifa.publication.models import PublicationChange

S = RequestStatus
K = RequestKind

# 12 characters from an alphabet without look-alikes (0/O, 1/I/L): 31**12 ≈ 7.9e17 codes.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 12
TRACKING_PREFIX = {K.CORRECTION: "GZ", K.DISCLOSURE: "GK"}

MAX_FILES = 5
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# The roles that handle a unit's requests (supervisors and leaders only read them).
HANDLER_ROLES = (Role.OFFICER, Role.LEGAL_REVIEWER, Role.UNIT_HEAD)

# Units a request may be addressed to: the enforcement subjects (departments, townships and
# their teams), as on the portal's directory of subjects.
ADDRESSABLE_KINDS = frozenset(ENFORCING_KINDS - {OrganisationKind.ENFORCEMENT_UNIT})

# Magic numbers of the evidence types accepted (sniffed from the bytes, R-1.2-18 evidence).
_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EVIDENCE_TYPES_TEXT = "PDF、JPG、PNG"


def max_upload_bytes() -> int:
    return int(getattr(settings, "ZHIFA_PORTAL_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff_evidence_type(head: bytes) -> str | None:
    """The content type the first bytes announce, if it is one accepted (PDF, JPEG, PNG);
    None for anything else — whatever the file is called or the browser said."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


@dataclass(frozen=True)
class Evidence:
    """One uploaded file, already on disk (same file system as the storage), checked."""

    path: Path
    original_name: str
    content_type: str
    size: int
    sha256: str


def addressable_organisations() -> QuerySet[Organisation]:
    """The units a visitor may address a request to."""
    return Organisation.objects.filter(kind__in=ADDRESSABLE_KINDS, is_active=True).order_by(
        "kind", "sort_order", "id"
    )


def new_tracking_code(kind: str) -> str:
    """``GZ-`` (correction) or ``GK-`` (disclosure) + 12 random characters (``secrets``)."""
    body = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
    return f"{TRACKING_PREFIX[K(kind)]}-{body}"


def normalise_tracking_code(raw: str) -> str:
    """What a person typed, made comparable: upper case, no spaces, a missing dash restored."""
    code = "".join(str(raw or "").split()).upper().replace("—", "-").replace("－", "-")
    if len(code) == 2 + TRACKING_LENGTH and code[:2] in TRACKING_PREFIX.values():
        code = f"{code[:2]}-{code[2:]}"
    return code[:20]


def _required(value: str | None, *, field: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", code="required", field=field)
    return text


# --- submission (the public) ------------------------------------------------------------------


@transaction.atomic
def request_submit(
    *,
    kind: str,
    actor: User | AnonymousUser,
    requester_name: str,
    requester_phone: str,
    subject: str,
    content: str,
    organisation: Organisation | None = None,
    publication: Publication | None = None,
    requester_is_organisation: bool = False,
    requester_id_number: str = "",
    requester_email: str = "",
    requester_address: str = "",
    files: list[Evidence] | tuple[Evidence, ...] = (),
    client_hash: str = "",
) -> PublicRequest:
    """File a correction request (R-1.2-18, R-1.12-07) or a disclosure application (R-1.2-16).

    Routing: a correction about a published decision goes to the publication's unit; otherwise
    (and for a disclosure application) to the unit chosen, which must be an enforcement subject.
    R-1.2-18 / R-1.12-07: a correction needs evidence ("有证据证明") — at least one file.
    The unit's heads get an inbox message; the ledger entry names the public as actor and holds
    no personal data (kind, tracking code, unit, file hashes).
    """
    if kind not in K.values:
        raise DomainError("申请类型无效。", code="invalid_kind")
    requester_name = _required(requester_name, field="requester_name", what="申请人姓名或名称")
    requester_phone = _required(requester_phone, field="requester_phone", what="联系电话")
    subject = _required(subject, field="subject", what="事项")
    content = _required(content, field="content", what="申请内容")
    if publication is not None and kind == K.CORRECTION:
        if publication.status != PublicationStatus.PUBLISHED:
            raise DomainError(
                "所选公示信息未处于公开状态，请在“公示位置”中说明信息发布的位置。",
                code="publication_not_public",
                field="publication",
            )
        organisation = publication.organisation
    elif kind == K.DISCLOSURE:
        publication = None
    if organisation is None:
        raise DomainError("请选择受理单位。", code="required", field="organisation")
    if not addressable_organisations().filter(pk=organisation.pk).exists():
        raise DomainError(
            "所选单位不受理此类申请，请从列表中选择行政执法单位。",
            code="invalid_organisation",
            field="organisation",
        )
    if kind == K.CORRECTION and not files:
        raise DomainError(
            "申请更正须提供证据材料（R-1.2-18：有证据证明公开的信息不准确），"
            f"请至少上传一个文件（{EVIDENCE_TYPES_TEXT}）。",
            code="evidence_required",
            field="evidence",
        )
    if kind == K.DISCLOSURE and not (requester_email.strip() or requester_address.strip()):
        raise DomainError(
            "请填写通信地址或电子邮箱，以便送达答复。", code="required", field="requester_address"
        )
    if len(files) > MAX_FILES:
        raise DomainError(f"最多上传 {MAX_FILES} 个文件。", code="too_many_files", field="evidence")
    limit = max_upload_bytes()
    for f in files:
        if f.size > limit or f.content_type not in {ct for _m, ct in _MAGIC}:
            raise DomainError(
                f"文件“{f.original_name}”不符合要求。", code="invalid_file", field="evidence"
            )

    now = clock.now()
    code = new_tracking_code(kind)
    while PublicRequest.objects.filter(tracking_code=code).exists():  # pragma: no cover
        code = new_tracking_code(kind)
    req = PublicRequest.objects.create(
        kind=kind,
        tracking_code=code,
        status=S.RECEIVED,
        organisation=organisation,
        publication=publication,
        requester_name=requester_name[:100],
        requester_is_organisation=requester_is_organisation,
        requester_id_number=requester_id_number.strip().upper()[:18],
        requester_phone=requester_phone.strip()[:20],
        requester_email=requester_email.strip()[:254],
        requester_address=requester_address.strip()[:200],
        subject=subject[:200],
        content=content,
        received_at=now,
        client_hash=client_hash[:64],
    )
    from zhifa.records import storage

    hashes = []
    for f in files:
        blob = storage.blob_store_path(
            f.path, content_type=f.content_type, sha256=f.sha256, keep_source=True
        )
        PublicRequestFile.objects.create(
            request=req,
            blob=blob,
            original_name=f.original_name[:200],
            content_type=f.content_type,
            size=f.size,
            uploaded_at=now,
        )
        hashes.append(blob.sha256)
    inbox_send_to_role(
        organisation=organisation,
        role=Role.UNIT_HEAD,
        title=f"收到{req.get_kind_display()}（{code}）",
        body=f"事项：{req.subject}。请安排核实办理。",
        url=request_url(req),
    )
    ledger_append(
        actor=actor,  # type: ignore[arg-type]  # an AnonymousUser is recorded as "public"
        action="publication.request.submitted",
        subject=req,
        payload={
            "kind": kind,
            "tracking_code": code,
            "organisation_id": organisation.pk,
            "publication_id": publication.pk if publication is not None else None,
            "files": hashes,
        },
    )
    return req


def request_url(req: PublicRequest) -> str:
    return reverse("publication:request_detail", args=[req.pk])


def tracking_url() -> str:
    base = str(getattr(settings, "ZHIFA_PORTAL_BASE_URL", "") or "").rstrip("/")
    return f"{base}{reverse('portal:track')}"


# --- permissions ------------------------------------------------------------------------------


def can_handle(user: User, req: PublicRequest) -> bool:
    """Staff of the request's unit (or of a unit above it): officers, legal reviewers, heads.
    Supervisors and county leaders read, they do not handle; other units neither."""
    own = getattr(user, "organisation", None)
    org = req.organisation
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and own is not None
        and org is not None
        and org.path.startswith(own.path)
        and user.has_role(*HANDLER_ROLES)
    )


def _require_handler(user: User, req: PublicRequest) -> None:
    if not can_handle(user, req):
        raise PermissionDenied(
            "只有受理单位的执法人员、法制审核人员或负责人可以办理该申请。", code="not_handler"
        )


def _lock(req: PublicRequest) -> PublicRequest:
    return (
        PublicRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "publication")
        .get(pk=req.pk)
    )


def _require_status(req: PublicRequest, *allowed: str, doing: str) -> None:
    if req.status not in allowed:
        raise TransitionNotAllowed(
            f"该申请当前状态为“{req.get_status_display()}”，不能{doing}。"
            + ("请先点击“开始核实”。" if req.status == S.RECEIVED else "")
        )


def _require_kind(req: PublicRequest, kind: str, *, doing: str) -> None:
    if req.kind != kind:
        raise DomainError(
            f"{req.get_kind_display()}不能{doing}。", code="wrong_kind", field="outcome"
        )


def _require_no_open_change(req: PublicRequest) -> None:
    """While an update of the publication made for this correction is under review, the request
    can only end corrected (or the update is withdrawn first)."""
    from zhifa.publication.constants import ChangeStatus

    if req.changes.filter(status__in=(ChangeStatus.DRAFTED, ChangeStatus.LEGAL_CHECKED)).exists():
        raise TransitionNotAllowed(
            "已为本申请发起公示信息更新，正在审核：请待其批准生效（申请随之办结为已更正），"
            "或先撤回该更新，再作出其他办理结果。",
            code="change_open",
        )


def _notify_requester(req: PublicRequest) -> None:
    """After the commit: an e-mail with the outcome and the tracking link, if an address was
    given (the outcome is always visible by tracking code anyway)."""
    if not req.requester_email:
        return
    lines = [
        f"您于{clock.local(req.received_at):%Y年%m月%d日}提交的{req.get_kind_display()}"
        f"（查询码 {req.tracking_code}）办理结果：{req.get_status_display()}。",
    ]
    if req.disclosure_answer:
        lines.append(f"答复类型：{req.get_disclosure_answer_display()}。")
    if req.reply:
        lines.append(f"答复内容：{req.reply}")
    if req.competent_body:
        lines.append(f"主管部门：{req.competent_body}")
    lines.append(f"凭查询码可在此查看办理情况：{tracking_url()}")
    unit = req.organisation.name if req.organisation is not None else ""
    lines.append(unit)
    subject = f"{req.get_kind_display()}办理结果（{req.tracking_code}）"
    body = "\n".join(lines)
    recipient = req.requester_email
    transaction.on_commit(
        lambda: send_mail(
            subject,
            body,
            getattr(settings, "DEFAULT_FROM_EMAIL", None),
            [recipient],
            fail_silently=False,
        ),
        robust=True,  # a mail server failure is logged; the outcome stays (and is trackable)
    )


def _decide(req: PublicRequest, actor: User, status: str, *fields: str) -> None:
    req.status = status
    req.decided_by = actor
    req.decided_at = clock.now()
    if req.handler_id is None:
        req.handler = actor
    req.save(update_fields=["status", "decided_by", "decided_at", "handler", *fields])


def _ledger(req: PublicRequest, actor: User, action: str, **extra: object) -> None:
    ledger_append(
        actor=actor,
        action=f"publication.request.{action}",
        subject=req,
        payload={
            "kind": req.kind,
            "tracking_code": req.tracking_code,
            "organisation_id": req.organisation_id,
            "status": req.status,
            **extra,
        },
    )


# --- handling (staff) -------------------------------------------------------------------------


@transaction.atomic
def request_start_verifying(*, request: PublicRequest, actor: User) -> PublicRequest:
    """received → verifying (R-1.2-18 审核; R-1.2-16 办理); records who handles it."""
    req = _lock(request)
    _require_handler(actor, req)
    _require_status(req, S.RECEIVED, doing="开始核实")
    req.status = S.VERIFYING
    req.handler = actor
    req.verifying_at = clock.now()
    req.save(update_fields=["status", "handler", "verifying_at"])
    _ledger(req, actor, "verifying")
    return req


@transaction.atomic
def request_forward(
    *, request: PublicRequest, actor: User, to: Organisation, reply: str
) -> PublicRequest:
    """verifying → forwarded: the matter is outside the unit's functions, so it is forwarded to
    the competent organisation and the applicant is told where (R-1.2-18). The receiving unit
    sees the request in its list too."""
    req = _lock(request)
    _require_handler(actor, req)
    _require_status(req, S.VERIFYING, doing="转送")
    _require_no_open_change(req)
    if to is None or not to.is_active:
        raise DomainError("请选择转送单位。", code="required", field="forwarded_to")
    if to.pk == req.organisation_id:
        raise DomainError(
            "不能转送给本单位，请选择主管部门。", code="same_unit", field="forwarded_to"
        )
    reply = (reply or "").strip() or f"本申请事项不属于本机关职责范围，已转送{to.name}办理。"
    req.forwarded_to = to
    req.reply = reply
    _decide(req, actor, S.FORWARDED, "forwarded_to", "reply")
    _ledger(req, actor, "forwarded", forwarded_to_id=to.pk)
    inbox_send_to_role(
        organisation=to,
        role=Role.UNIT_HEAD,
        title=f"{req.organisation.name if req.organisation else ''}转来{req.get_kind_display()}"
        f"（{req.tracking_code}）",
        body=f"事项：{req.subject}",
        url=request_url(req),
    )
    _notify_requester(req)
    return req


@transaction.atomic
def request_refer(
    *, request: PublicRequest, actor: User, competent_body: str, reply: str = ""
) -> PublicRequest:
    """verifying → referred: the applicant is told to apply to the competent body (R-1.2-18)."""
    req = _lock(request)
    _require_handler(actor, req)
    _require_status(req, S.VERIFYING, doing="告知向主管部门申请")
    _require_no_open_change(req)
    body = _required(competent_body, field="competent_body", what="主管部门名称")
    req.competent_body = body[:200]
    req.reply = (reply or "").strip() or f"本申请事项不属于本机关职责范围，请向{body}提出。"
    _decide(req, actor, S.REFERRED, "competent_body", "reply")
    _ledger(req, actor, "referred")
    _notify_requester(req)
    return req


@transaction.atomic
def request_reject(*, request: PublicRequest, actor: User, reasons: str) -> PublicRequest:
    """verifying → rejected, with the reasons told to the applicant (R-1.2-18: not verified as
    inaccurate; R-1.2-16: the application cannot be accepted)."""
    req = _lock(request)
    _require_handler(actor, req)
    _require_status(req, S.VERIFYING, doing="作出不予更正或不予受理的答复")
    _require_no_open_change(req)
    req.reply = _required(reasons, field="reply", what="理由")
    _decide(req, actor, S.REJECTED, "reply")
    _ledger(req, actor, "rejected")
    _notify_requester(req)
    return req


@transaction.atomic
def request_answer(
    *, request: PublicRequest, actor: User, answer: str, reply: str
) -> PublicRequest:
    """R-1.2-16: a disclosure application answered under 《政府信息公开条例》 (disclosed, partly,
    not disclosed, not held, already public) with the reply text. verifying → answered."""
    req = _lock(request)
    _require_handler(actor, req)
    _require_kind(req, K.DISCLOSURE, doing="按政府信息公开申请答复")
    _require_status(req, S.VERIFYING, doing="答复")
    if not answer or answer not in DisclosureAnswer.values:
        raise DomainError("请选择答复类型。", code="required", field="disclosure_answer")
    req.disclosure_answer = answer
    req.reply = _required(reply, field="reply", what="答复内容")
    _decide(req, actor, S.ANSWERED, "disclosure_answer", "reply")
    _ledger(req, actor, "answered", answer=answer)
    _notify_requester(req)
    return req


@transaction.atomic
def request_corrected_by_change(
    *, request: PublicRequest, change: PublicationChange, actor: User
) -> PublicRequest:
    """R-1.2-18 / R-1.12-07: verified true and corrected — only through an update of the
    publication made for this request. The change service calls this when the head approves
    the ``PublicationChange`` (status legal_checked → applied) in the same transaction.
    verifying → corrected; the applicant is informed."""
    from zhifa.publication.constants import ChangeKind, ChangeStatus

    req = _lock(request)
    _require_handler(actor, req)
    _require_kind(req, K.CORRECTION, doing="以更正结案")
    _require_status(req, S.VERIFYING, doing="以更正结案")
    if (
        change.request_id != req.pk
        or change.kind != ChangeKind.UPDATE
        or change.status not in (ChangeStatus.LEGAL_CHECKED, ChangeStatus.APPLIED)
    ):
        raise DomainError(
            "只有为本申请提出并经审核批准的公示信息更新，才能作为更正结果。",
            code="change_mismatch",
        )
    if not (req.reply or "").strip():
        req.reply = f"经核实，您反映的情况属实，已对公示信息予以更正。更正说明：{change.reason}"
    _decide(req, actor, S.CORRECTED, "reply")
    _ledger(req, actor, "corrected", change_id=change.pk, publication_id=change.publication_id)
    _notify_requester(req)
    return req


def request_propose_correction(
    *,
    request: PublicRequest,
    actor: User,
    reason: str,
    publication: Publication | None = None,
    conclusion: str | None = None,
    full_text: str | None = None,
    target_name: str | None = None,
) -> PublicationChange:
    """From a correction request being verified, start the update of the publication (the lead's
    ``change_propose``: the same review as publication, R-1.12-06). The request ends corrected
    when the head approves that change (:func:`request_corrected_by_change`)."""
    from zhifa.publication.constants import ChangeKind, UpdateTrigger

    try:
        from zhifa.publication.services.changes import change_propose
    except ImportError:  # pragma: no cover - the change service is the lead's, still to come
        raise DomainError(
            "公示信息更新功能尚未启用，请稍后再试。", code="changes_unavailable"
        ) from None

    with transaction.atomic():
        req = _lock(request)
        _require_handler(actor, req)
        _require_kind(req, K.CORRECTION, doing="发起更正")
        _require_status(req, S.VERIFYING, doing="发起更正")
        publication = req.publication or publication
        if publication is None:
            raise DomainError("请选择需要更正的公示信息。", code="required", field="publication")
        if publication.organisation_id != req.organisation_id:
            raise PermissionDenied("只能更正本单位公示的信息。", code="other_unit")
        return change_propose(
            publication=publication,
            actor=actor,
            kind=ChangeKind.UPDATE,
            trigger=UpdateTrigger.CORRECTION,
            reason=_required(reason, field="reason", what="更正说明"),
            request=req,
            conclusion=conclusion,
            full_text=full_text,
            target_name=target_name,
        )


@transaction.atomic
def request_file_accessed(*, file: PublicRequestFile, actor: User) -> None:
    """Opening a requester's evidence is logged (personal data)."""
    ledger_append(
        actor=actor,
        action="publication.request.file_viewed",
        subject=file.request,
        payload={"file_id": file.pk, "sha256": file.blob.sha256},
    )
