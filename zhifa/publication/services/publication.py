"""Publishing a decision: drafted → legal_checked → head_approved (= published), or withheld.

R-1.2-05 / R-1.12-05: nothing is published that the unit's legal reviewer has not checked and
its head has not approved. R-1.2-13: what is published is the full decision document or a
summary of subject, target, category, conclusion and decision date. R-1.2-15: personal data is
masked automatically and the reviewer confirms the masking; a final guard refuses any full ID or
mobile number. R-1.2-14 / R-1.2-15 / R-1.12-02: information that must not be published is
withheld with its reasons, reviewed and approved the same way (the legal check is the filing
with the legal review body that R-1.12-02 (4) asks for). Publishing fulfils the publication
limit the decision opened (R-1.2-12 / R-1.12-04: 7 working days for permits and penalties;
R-1.2-11: 20 working days for the others); a withholding closes it with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse

from zhifa.cases.constants import DecisionOutcome
from zhifa.cases.models import Case
from zhifa.catalog.constants import ItemType
from zhifa.core import clock
from zhifa.core.errors import DomainError, TransitionNotAllowed
from zhifa.deadlines.constants import OPEN_STATES
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.services import obligation_cancel, obligation_fulfil
from zhifa.inbox.services import inbox_send
from zhifa.ledger.services import ledger_append
from zhifa.publication.constants import (
    NEVER_PUBLISH,
    THIRD_PARTY,
    Channel,
    DecisionCategory,
    PublicationForm,
    PublicationStatus,
    Restriction,
    ThirdPartyGround,
)
from zhifa.publication.models import Publication
from zhifa.publication.search import search_document
from zhifa.publication.services.common import (
    clean_terms,
    masked,
    name,
    require_approver,
    require_drafter,
    require_legal_checker,
    require_nothing_unmasked,
    require_text,
)
from zhifa.subjects.constants import EntityCategory

if TYPE_CHECKING:
    from zhifa.accounts.models import User

PUBLICATION_RULES = ("R-1.2-12", "R-1.2-11")  # the limits decision_approve opens on the case

_CATEGORY_FOR_KIND: dict[str, str] = {
    ItemType.PENALTY: DecisionCategory.PENALTY,
    ItemType.PERMIT: DecisionCategory.PERMIT,
    ItemType.COERCION: DecisionCategory.COERCION,
}


def _lock(publication: Publication) -> Publication:
    return (
        Publication.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=publication.pk)
    )


def _require_status(publication: Publication, *allowed: str, doing: str) -> None:
    if publication.status not in allowed:
        raise TransitionNotAllowed(
            f"该公示信息当前状态为“{publication.get_status_display()}”，不能{doing}。"
        )


def publication_obligation(publication: Publication) -> Obligation | None:
    """The open (or last) publication limit of the publication's case."""
    if publication.case_id is None:
        return None
    return (
        Obligation.objects.filter(
            subject_type="cases.case",
            subject_id=str(publication.case_id),
            rule_id__in=PUBLICATION_RULES,
        )
        .order_by("-id")
        .first()
    )


def _document_text(case: Case) -> str:
    """The decision document's text, paragraph by paragraph (for the full-text form)."""
    document = getattr(case.decision, "document", None)
    if document is None or not document.docx:
        return ""
    from zhifa.documents.docx_model import Paragraph, Table, Text, read_docx

    with document.docx.open("rb") as fh:
        model = read_docx(fh.read())
    lines: list[str] = []

    def walk(blocks: list) -> None:  # type: ignore[type-arg]
        for block in blocks:
            if isinstance(block, Paragraph):
                line = "".join(i.text for i in block.items if isinstance(i, Text)).strip()
                if line:
                    lines.append(line)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell.blocks)

    for section in model.sections:
        walk(section.blocks)
    return "\n".join(lines)


def _conclusion(case: Case) -> str:
    decision = case.decision
    text = f"{decision.get_outcome_display()}。{decision.content.strip()}"
    return text


def _title(category: str, target: str, cause: str) -> str:
    label = DecisionCategory(category).label
    return f"{target}{cause}{label}决定信息"[:200]


def _apply_content(publication: Publication, source: dict, extra_terms: list[str]) -> None:
    public, masks = masked(source, extra_terms)
    publication.source = source
    publication.extra_mask_terms = extra_terms
    publication.masks = [
        m for m in masks if m["field"] != "full_text" or publication.form == PublicationForm.FULL
    ]
    publication.target_name = public["target_name"][:200]
    publication.conclusion = public["conclusion"]
    publication.full_text = public["full_text"] if publication.form == PublicationForm.FULL else ""
    publication.title = _title(publication.category, publication.target_name, publication.cause)
    # Any edit voids the reviewer's confirmation of the masking.
    publication.masking_confirmed_by = None
    publication.masking_confirmed_at = None


@transaction.atomic
def publication_draft_from_case(
    *, case: Case, actor: User, form: str = PublicationForm.SUMMARY
) -> Publication:
    """Draft the decision information of a decided case (R-1.2-13), masked (R-1.2-15)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("organisation", "party", "item_version__enforcement_type")
        .get(pk=case.pk)
    )
    require_drafter(actor, case.organisation)
    decision = getattr(case, "decision", None)
    if decision is None or decision.decided_at is None:
        raise DomainError("本案尚未作出执法决定，不能起草决定信息公示。", code="not_decided")
    if Publication.objects.filter(case=case).exists():
        raise DomainError("本案的决定信息公示已经起草。", code="already_drafted")
    if form not in PublicationForm.values:
        raise DomainError("请选择公开形式。", code="invalid", field="form")
    party = case.party
    is_person = party is not None and party.category == EntityCategory.NATURAL_PERSON
    target = party.name if party is not None else ""
    category = _CATEGORY_FOR_KIND.get(case.kind, DecisionCategory.OTHER)
    if decision.outcome in (DecisionOutcome.PERMIT_GRANT, DecisionOutcome.PERMIT_REFUSE):
        category = DecisionCategory.PERMIT
    source = {
        "target_name": target,
        "conclusion": _conclusion(case),
        "full_text": _document_text(case),
        "person_names": [target] if is_person and target else [],
        "addresses": [party.address] if is_person and party.address else [],
    }
    etype = case.item_version.enforcement_type if case.item_version_id else None
    now = clock.now()
    publication = Publication(
        organisation=case.organisation,
        case=case,
        status=PublicationStatus.DRAFTED,
        category=category,
        form=form,
        channels=[Channel.PORTAL.value],
        document_number=(decision.document.number if decision.document else "")[:100],
        subject_name=case.organisation.name,
        target_is_person=is_person,
        target_code="" if is_person or party is None else (party.uscc or ""),
        enforcement_type=(etype.name if etype is not None else "")[:60],
        cause=case.cause[:200],
        decision_date=clock.local(decision.decided_at).date(),
        drafted_by=actor,
        drafted_at=now,
    )
    _apply_content(publication, source, [])
    publication.save()
    ledger_append(
        actor=actor,
        action="publication.drafted",
        subject=publication,
        payload={
            "case": case.pk,
            "category": category,
            "form": form,
            "masks": len(publication.masks),
        },
    )
    return publication


@transaction.atomic
def publication_edit(
    *,
    publication: Publication,
    actor: User,
    form: str,
    channels: list[str],
    conclusion: str,
    full_text: str = "",
    extra_mask_terms: object = (),
    restriction: str = Restriction.NONE,
    restriction_reason: str = "",
    third_party_ground: str = "",
    third_party_record: str = "",
) -> Publication:
    """Edit a draft: the (unmasked) text, form, channels (R-1.12-03), the reviewer's extra words
    to mask, and any restriction with its reasons (R-1.2-14, R-1.2-15, R-1.12-02)."""
    publication = _lock(publication)
    require_drafter(actor, publication.organisation)
    _require_status(publication, PublicationStatus.DRAFTED, doing="修改")
    if form not in PublicationForm.values:
        raise DomainError("请选择公开形式。", code="invalid", field="form")
    channels = [c for c in dict.fromkeys(channels) if c]
    if not channels or any(c not in Channel.values for c in channels):
        raise DomainError("请至少选择一个公开渠道。", code="invalid", field="channels")
    if restriction not in Restriction.values:
        raise DomainError("请选择公开限制情形。", code="invalid", field="restriction")
    if third_party_ground not in ThirdPartyGround.values:
        raise DomainError(
            "请选择第三方信息的公开依据。", code="invalid", field="third_party_ground"
        )
    conclusion = require_text(conclusion, field="conclusion", what="执法结论")
    if form == PublicationForm.FULL:
        full_text = require_text(full_text, field="full_text", what="决定书全文", limit=50_000)
    restriction_reason = (restriction_reason or "").strip()[:5000]
    third_party_record = (third_party_record or "").strip()[:5000]
    if restriction != Restriction.NONE and not restriction_reason:
        raise DomainError(
            "选择公开限制情形的，须写明理由（其他不宜公开的，须写明审查评估意见，R-1.12-02）。",
            code="required",
            field="restriction_reason",
        )
    if restriction not in THIRD_PARTY:
        third_party_ground, third_party_record = ThirdPartyGround.NONE, ""
    elif third_party_ground and not third_party_record:
        raise DomainError(
            "以第三方同意或公共利益为由公开的，须记录第三方同意情况或公共利益理由（R-1.2-15）。",
            code="required",
            field="third_party_record",
        )
    publication.form = form
    publication.channels = channels
    publication.restriction = restriction
    publication.restriction_reason = restriction_reason
    publication.third_party_ground = third_party_ground
    publication.third_party_record = third_party_record
    source = {**publication.source, "conclusion": conclusion, "full_text": full_text or ""}
    _apply_content(publication, source, clean_terms(extra_mask_terms))
    publication.save()
    ledger_append(
        actor=actor,
        action="publication.edited",
        subject=publication,
        payload={"form": form, "restriction": restriction, "masks": len(publication.masks)},
    )
    return publication


def will_publish(publication: Publication) -> bool:
    """R-1.2-14: never; R-1.2-15: only with consent or the public interest recorded;
    R-1.12-02 (4): an unsuitable item is withheld with its assessment."""
    if (
        publication.restriction in NEVER_PUBLISH
        or publication.restriction == Restriction.UNSUITABLE
    ):
        return False
    if publication.restriction in THIRD_PARTY:
        return bool(publication.third_party_ground and publication.third_party_record)
    return True


def _public_texts(publication: Publication) -> tuple[str, ...]:
    return (
        publication.title,
        publication.target_name,
        publication.cause,
        publication.conclusion,
        publication.full_text,
        publication.document_number,
    )


@transaction.atomic
def publication_legal_check(
    *,
    publication: Publication,
    actor: User,
    approve: bool,
    note: str,
    masking_confirmed: bool = False,
) -> Publication:
    """The legal reviewer checks legality, appropriateness and the masking (R-1.12-05, R-1.2-15),
    or sends the draft back with reasons."""
    publication = _lock(publication)
    require_legal_checker(actor, publication.organisation, drafted_by_id=publication.drafted_by_id)
    _require_status(publication, PublicationStatus.DRAFTED, doing="审核")
    note = require_text(note, field="note", what="审核意见" if approve else "退回理由")
    now = clock.now()
    if not approve:
        publication.returned_reason = note
        publication.save(update_fields=["returned_reason", "updated_at"])
        inbox_send(
            recipients=[publication.drafted_by_id],
            title=f"公示信息被退回修改：{publication.title}",
            body=note,
            url=reverse("publication:detail", args=[publication.pk]),
        )
        ledger_append(
            actor=actor, action="publication.returned", subject=publication, payload={"by": "legal"}
        )
        return publication
    if will_publish(publication):
        if not masking_confirmed:
            raise DomainError(
                "请核对自动脱敏结果并勾选“已核对脱敏”（R-1.2-15）。",
                code="masking_not_confirmed",
                field="masking_confirmed",
            )
        require_nothing_unmasked(*_public_texts(publication))
        publication.masking_confirmed_by = actor
        publication.masking_confirmed_at = now
    publication.status = PublicationStatus.LEGAL_CHECKED
    publication.checked_by = actor
    publication.checked_at = now
    publication.check_note = note
    publication.returned_reason = ""
    publication.save()
    ledger_append(
        actor=actor,
        action="publication.legal_checked",
        subject=publication,
        payload={"publish": will_publish(publication), "restriction": publication.restriction},
    )
    return publication


def _close_obligation(publication: Publication, actor: User, *, published: bool) -> None:
    obligation = publication_obligation(publication)
    if obligation is None or obligation.state not in OPEN_STATES:
        return
    if published:
        obligation_fulfil(obligation=obligation, actor=actor)
    else:
        obligation_cancel(
            obligation=obligation,
            actor=actor,
            reason=f"依法不予公开（{publication.get_restriction_display()}）：{publication.restriction_reason}"[
                :500
            ],
        )


@transaction.atomic
def publication_approve(
    *, publication: Publication, actor: User, approve: bool, note: str = ""
) -> Publication:
    """The head approves: the information goes online at once (fulfilling R-1.2-12 / R-1.2-11),
    or, for a restricted item, the withholding is recorded (R-1.2-14, R-1.2-15, R-1.12-02).
    Refused: back to the drafter, to pass the legal check again."""
    publication = _lock(publication)
    require_approver(actor, publication.organisation, drafted_by_id=publication.drafted_by_id)
    _require_status(publication, PublicationStatus.LEGAL_CHECKED, doing="审批")
    now = clock.now()
    if not approve:
        note = require_text(note, field="note", what="退回理由")
        publication.status = PublicationStatus.DRAFTED
        publication.returned_reason = note
        publication.checked_by = None
        publication.checked_at = None
        publication.masking_confirmed_by = None
        publication.masking_confirmed_at = None
        publication.save()
        inbox_send(
            recipients=[publication.drafted_by_id],
            title=f"公示信息未获审批，请修改：{publication.title}",
            body=note,
            url=reverse("publication:detail", args=[publication.pk]),
        )
        ledger_append(
            actor=actor, action="publication.returned", subject=publication, payload={"by": "head"}
        )
        return publication
    publication.approved_by = actor
    publication.approved_at = now
    if will_publish(publication):
        require_nothing_unmasked(*_public_texts(publication))
        publication.status = PublicationStatus.PUBLISHED
        publication.published_at = now
        publication.search_text = search_document(*_public_texts(publication))
        action = "publication.published"
    else:
        publication.status = PublicationStatus.WITHHELD
        publication.withheld_at = now
        action = "publication.withheld"
    publication.save()
    # The ledger entry carries the hash of what went public, so the daily root covers it.
    ledger_append(
        actor=actor,
        action=action,
        subject=publication,
        payload={
            "version": publication.version,
            "content_sha256": content_hash(publication),
            "restriction": publication.restriction,
        },
    )
    _close_obligation(
        publication, actor, published=publication.status == PublicationStatus.PUBLISHED
    )
    return publication


def content_hash(publication: Publication) -> str:
    """SHA-256 of the public content (the columns the portal shows), for the ledger."""
    import hashlib
    import json

    data = {
        "title": publication.title,
        "document_number": publication.document_number,
        "subject": publication.subject_name,
        "target": publication.target_name,
        "code": publication.target_code,
        "category": publication.category,
        "type": publication.enforcement_type,
        "cause": publication.cause,
        "conclusion": publication.conclusion,
        "full_text": publication.full_text,
        "decision_date": publication.decision_date.isoformat(),
        "version": publication.version,
    }
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


__all__ = [
    "content_hash",
    "name",
    "publication_approve",
    "publication_draft_from_case",
    "publication_edit",
    "publication_legal_check",
    "publication_obligation",
    "will_publish",
]
