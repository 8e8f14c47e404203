"""Withdrawing or updating a published decision (R-1.12-06, R-1.2-17, R-1.12-07).

When a published decision is revoked, confirmed illegal or remade, or published information is
found inaccurate, the unit proposes a change; it goes through the same review as publication
(the legal reviewer, then the head), and only the head's approval applies it. The portal then
shows that the decision was withdrawn or updated, when and why — never a silent change. A change
made on a correction request (R-1.2-18) tells the request it was corrected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse

from zhifa.core import clock
from zhifa.core.errors import DomainError, TransitionNotAllowed
from zhifa.inbox.services import inbox_send
from zhifa.ledger.services import ledger_append
from zhifa.publication.constants import (
    ChangeKind,
    ChangeStatus,
    PublicationForm,
    PublicationStatus,
    UpdateTrigger,
)
from zhifa.publication.models import Publication, PublicationChange, PublicRequest
from zhifa.publication.search import search_document
from zhifa.publication.services.common import (
    clean_terms,
    masked,
    require_approver,
    require_drafter,
    require_legal_checker,
    require_nothing_unmasked,
    require_text,
)
from zhifa.publication.services.publication import _public_texts, _title, content_hash

if TYPE_CHECKING:
    from zhifa.accounts.models import User


def _lock(change: PublicationChange) -> PublicationChange:
    return (
        PublicationChange.objects.select_for_update(of=("self",))
        .select_related("publication__organisation")
        .get(pk=change.pk)
    )


def _require_status(change: PublicationChange, *allowed: str, doing: str) -> None:
    if change.status not in allowed:
        raise TransitionNotAllowed(
            f"该{change.get_kind_display()}申请当前状态为“{change.get_status_display()}”，不能{doing}。"
        )


def _content(change: PublicationChange, publication: Publication) -> None:
    source = {
        **publication.source,
        "target_name": change.source.get("target_name", publication.source.get("target_name", "")),
        "conclusion": change.source.get("conclusion", ""),
        "full_text": change.source.get("full_text", ""),
    }
    public, masks = masked(source, change.extra_mask_terms)
    change.source = source
    change.masks = masks
    change.target_name = public["target_name"][:200]
    change.conclusion = public["conclusion"]
    change.full_text = public["full_text"] if publication.form == PublicationForm.FULL else ""
    change.masking_confirmed_by = None


@transaction.atomic
def change_propose(
    *,
    publication: Publication,
    actor: User,
    kind: str,
    trigger: str,
    reason: str,
    request: PublicRequest | None = None,
    conclusion: str | None = None,
    full_text: str | None = None,
    target_name: str | None = None,
    decision_date=None,  # type: ignore[no-untyped-def]
    extra_mask_terms: object = (),
) -> PublicationChange:
    """Propose taking down or updating a published decision (R-1.12-06). ``reason`` is shown
    on the portal with the date. An update carries the new (unmasked) text, masked here."""
    publication = (
        Publication.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=publication.pk)
    )
    require_drafter(actor, publication.organisation)
    if publication.status != PublicationStatus.PUBLISHED:
        raise TransitionNotAllowed("只有已公开的信息可以撤下或更新。")
    if kind not in ChangeKind.values:
        raise DomainError("请选择撤下或更新。", code="invalid", field="kind")
    if trigger not in UpdateTrigger.values:
        raise DomainError("请选择原因（R-1.2-17）。", code="invalid", field="trigger")
    reason = require_text(reason, field="reason", what="公开说明（撤下或更新的原因）", limit=1000)
    if request is not None and request.publication_id not in (None, publication.pk):
        raise DomainError("该更正申请涉及的是另一条公示信息。", code="invalid", field="request")
    change = PublicationChange(
        publication=publication,
        kind=kind,
        trigger=trigger,
        reason=reason,
        request=request,
        drafted_by=actor,
        drafted_at=clock.now(),
        version_before=publication.version,
        decision_date=decision_date,
    )
    if kind == ChangeKind.UPDATE:
        new_conclusion = (
            publication.source.get("conclusion", "") if conclusion is None else conclusion
        )
        require_text(new_conclusion, field="conclusion", what="更新后的执法结论")
        change.source = {
            "target_name": publication.source.get("target_name", "")
            if target_name is None
            else target_name.strip()[:200],
            "conclusion": new_conclusion.strip(),
            "full_text": (
                publication.source.get("full_text", "") if full_text is None else full_text
            ).strip()[:50_000],
        }
        change.extra_mask_terms = clean_terms(extra_mask_terms) or list(
            publication.extra_mask_terms
        )
        _content(change, publication)
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:
        raise DomainError(
            "该公示信息已有一项撤下或更新正在审核，请先办结或撤回。", code="change_open"
        ) from None
    ledger_append(
        actor=actor,
        action="publication.change_proposed",
        subject=publication,
        payload={"change": change.pk, "kind": kind, "trigger": trigger},
    )
    return change


@transaction.atomic
def change_legal_check(
    *,
    change: PublicationChange,
    actor: User,
    approve: bool,
    note: str,
    masking_confirmed: bool = False,
) -> PublicationChange:
    """The legal reviewer checks the change (R-1.12-06) and, for an update, its masking."""
    change = _lock(change)
    publication = change.publication
    require_legal_checker(actor, publication.organisation, drafted_by_id=change.drafted_by_id)
    _require_status(change, ChangeStatus.DRAFTED, doing="审核")
    note = require_text(note, field="note", what="审核意见" if approve else "退回理由")
    if not approve:
        change.returned_reason = note
        change.save(update_fields=["returned_reason"])
        inbox_send(
            recipients=[change.drafted_by_id],
            title=f"公示信息{change.get_kind_display()}被退回：{publication.title}",
            body=note,
            url=reverse("publication:detail", args=[publication.pk]),
        )
        return change
    if change.kind == ChangeKind.UPDATE:
        if not masking_confirmed:
            raise DomainError(
                "请核对自动脱敏结果并勾选“已核对脱敏”（R-1.2-15）。",
                code="masking_not_confirmed",
                field="masking_confirmed",
            )
        require_nothing_unmasked(change.target_name, change.conclusion, change.full_text)
        change.masking_confirmed_by = actor
    change.status = ChangeStatus.LEGAL_CHECKED
    change.checked_by = actor
    change.checked_at = clock.now()
    change.check_note = note
    change.returned_reason = ""
    change.save()
    ledger_append(
        actor=actor,
        action="publication.change_checked",
        subject=publication,
        payload={"change": change.pk, "kind": change.kind},
    )
    return change


@transaction.atomic
def change_approve(
    *, change: PublicationChange, actor: User, approve: bool, note: str = ""
) -> PublicationChange:
    """The head approves and the change takes effect at once: the decision is taken down (its
    page says so, with the date and reason) or its content replaced (version + 1, the page shows
    the update). Refused: back to drafted, to be checked again."""
    change = _lock(change)
    publication = Publication.objects.select_for_update(of=("self",)).get(pk=change.publication_id)
    require_approver(actor, change.publication.organisation, drafted_by_id=change.drafted_by_id)
    _require_status(change, ChangeStatus.LEGAL_CHECKED, doing="审批")
    now = clock.now()
    if not approve:
        change.status = ChangeStatus.DRAFTED
        change.returned_reason = require_text(note, field="note", what="退回理由")
        change.checked_by = None
        change.checked_at = None
        change.masking_confirmed_by = None
        change.save()
        inbox_send(
            recipients=[change.drafted_by_id],
            title=f"公示信息{change.get_kind_display()}未获审批：{publication.title}",
            body=change.returned_reason,
            url=reverse("publication:detail", args=[publication.pk]),
        )
        return change
    if publication.status != PublicationStatus.PUBLISHED:
        raise TransitionNotAllowed("该信息已不在公开状态，不能再撤下或更新。")
    if change.kind == ChangeKind.WITHDRAW:
        publication.status = PublicationStatus.WITHDRAWN
        publication.withdrawn_at = now
        publication.search_text = ""
        action = "publication.withdrawn"
    else:
        require_nothing_unmasked(change.target_name, change.conclusion, change.full_text)
        publication.source = change.source
        publication.masks = change.masks
        publication.extra_mask_terms = change.extra_mask_terms
        publication.target_name = change.target_name
        publication.conclusion = change.conclusion
        publication.full_text = change.full_text
        if change.decision_date is not None:
            publication.decision_date = change.decision_date
        publication.version += 1
        publication.corrected_at = now
        publication.masking_confirmed_by = change.masking_confirmed_by
        publication.masking_confirmed_at = change.checked_at

        publication.title = _title(publication.category, publication.target_name, publication.cause)
        publication.search_text = search_document(*_public_texts(publication))
        action = "publication.updated"
    publication.save()
    change.status = ChangeStatus.APPLIED
    change.approved_by = actor
    change.applied_at = now
    change.save()
    ledger_append(
        actor=actor,
        action=action,
        subject=publication,
        payload={
            "change": change.pk,
            "trigger": change.trigger,
            "version": publication.version,
            "content_sha256": content_hash(publication),
        },
    )
    if change.request is not None:
        from zhifa.publication.services.requests import request_corrected_by_change

        request_corrected_by_change(request=change.request, change=change, actor=actor)
    return change


@transaction.atomic
def change_cancel(*, change: PublicationChange, actor: User, reason: str) -> PublicationChange:
    """The drafting unit withdraws a change that has not been applied."""
    change = _lock(change)
    require_drafter(actor, change.publication.organisation)
    _require_status(change, ChangeStatus.DRAFTED, ChangeStatus.LEGAL_CHECKED, doing="撤回")
    change.status = ChangeStatus.CANCELLED
    change.returned_reason = require_text(reason, field="reason", what="撤回理由")
    change.save(update_fields=["status", "returned_reason"])
    ledger_append(
        actor=actor,
        action="publication.change_cancelled",
        subject=change.publication,
        payload={"change": change.pk},
    )
    return change
