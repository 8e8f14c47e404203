"""Who may do what in publication, and the shared steps of the review (R-1.2-04, R-1.2-05)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhifa.accounts.constants import Role
from zhifa.cases.services.common import holds_role_over
from zhifa.core.errors import DomainError, PermissionDenied

if TYPE_CHECKING:
    from zhifa.accounts.models import Organisation, User


def name(user: User | None) -> str:
    return (user.full_name or user.username) if user is not None else ""


def is_drafter(user: User, organisation: Organisation) -> bool:
    """R-1.2-04 谁执法、谁公示: the unit's officers collect and draft its publicity."""
    return holds_role_over(user, organisation, Role.OFFICER) or holds_role_over(
        user, organisation, Role.UNIT_HEAD
    )


def is_legal_checker(user: User, organisation: Organisation) -> bool:
    """R-1.12-05: the unit's legal reviewers check legality and appropriateness."""
    return holds_role_over(user, organisation, Role.LEGAL_REVIEWER)


def is_approver(user: User, organisation: Organisation) -> bool:
    """R-1.12-05: the unit's head approves before anything goes online."""
    return holds_role_over(user, organisation, Role.UNIT_HEAD)


def require_drafter(user: User, organisation: Organisation) -> None:
    if not is_drafter(user, organisation):
        raise PermissionDenied("只有本单位执法人员可以起草公示信息（谁执法、谁公示）。")


def require_legal_checker(user: User, organisation: Organisation, *, drafted_by_id: int) -> None:
    if not is_legal_checker(user, organisation):
        raise PermissionDenied("只有本单位法制审核人员可以审核公示信息（R-1.12-05）。")
    if user.pk == drafted_by_id:
        raise PermissionDenied("拟稿人不能审核自己起草的公示信息，请由其他法制审核人员审核。")


def require_approver(user: User, organisation: Organisation, *, drafted_by_id: int) -> None:
    if not is_approver(user, organisation):
        raise PermissionDenied("只有本单位负责人可以审批公示信息（R-1.12-05）。")
    if user.pk == drafted_by_id:
        raise PermissionDenied("负责人不能审批自己起草的公示信息，请由其他负责人审批。")


def require_text(value: str | None, *, field: str, what: str, limit: int = 5000) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", code="required", field=field)
    if len(text) > limit:
        raise DomainError(f"{what}不能超过{limit}字。", code="too_long", field=field)
    return text


def clean_terms(terms: object) -> list[str]:
    """The reviewer's extra words to mask: one per line, trimmed, unique, at most 50."""
    if isinstance(terms, str):
        terms = terms.splitlines()
    out: list[str] = []
    for term in terms or ():  # type: ignore[attr-defined]
        t = str(term).strip()
        if not t:
            continue
        if len(t) > 100:
            raise DomainError(
                "每个补充脱敏词不能超过100字。", code="too_long", field="extra_mask_terms"
            )
        if t not in out:
            out.append(t)
    if len(out) > 50:
        raise DomainError("补充脱敏词最多50个。", code="too_many", field="extra_mask_terms")
    return out


def masked(source: dict, extra_terms: list[str]) -> tuple[dict[str, str], list[dict]]:
    """Mask the public text fields of ``source`` (R-1.2-15): the natural persons' names and
    addresses the case knows, every ID/phone/bank number, and the reviewer's extra terms."""
    from zhifa.publication import masking

    names = source.get("person_names", [])
    addresses = source.get("addresses", [])
    out: dict[str, str] = {}
    masks: list[dict] = []
    for field in ("target_name", "conclusion", "full_text"):
        result = masking.mask_text(
            source.get(field, ""), person_names=names, addresses=addresses, extra_terms=extra_terms
        )
        out[field] = result.text
        masks.extend({**m, "field": field} for m in result.as_json())
    return out, masks


def require_nothing_unmasked(*texts: str) -> None:
    """The last guard before publication: no full ID number or mobile number (R-1.2-15)."""
    from zhifa.publication import masking

    found: list[str] = []
    for text in texts:
        found.extend(masking.find_unmasked(text))
    if found:
        shown = "、".join(sorted(set(found))[:5])
        raise DomainError(
            f"公开内容中仍有未脱敏的身份证号码或手机号码（{shown}），请在“补充脱敏词”中加入后重新审核。",
            code="unmasked_personal_data",
        )
