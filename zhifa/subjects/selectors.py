"""Scoped reads of the market-entity directory and of import runs.

The directory is the county's shared inspection-target pool: every user who may read it
(:func:`zhifa.subjects.permissions.can_read_directory`) reads all of it; others read nothing.
Import runs are scoped by the importing unit (``organisation_scope_q``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.subjects.codes import normalise_code
from zhifa.subjects.constants import EntityStatus, complaints_threshold
from zhifa.subjects.models import ImportRun, MarketEntity, intensity_q
from zhifa.subjects.permissions import can_read_directory

FLAG_FILTERS = {
    "intensity": "需加大抽查力度",
    "abnormal": "列入经营异常名录",
    "serious": "有严重违法违规记录",
    "complaints": "投诉举报多",
    "higher": "上级文件要求",
}


@dataclass(frozen=True)
class EntityFilters:
    q: str = ""
    township_id: int | None = None
    category: str = ""
    status: str = ""
    flag: str = ""


def _flag_q(flag: str) -> Q:
    if flag == "intensity":
        return intensity_q()
    if flag == "abnormal":
        return Q(abnormal_listed=True)
    if flag == "serious":
        return Q(serious_violation=True)
    if flag == "complaints":
        return Q(complaint_count__gte=complaints_threshold())
    if flag == "higher":
        return Q(higher_level_required=True)
    return Q()


def entity_list_for_user(
    *, user: User, filters: EntityFilters | None = None
) -> QuerySet[MarketEntity]:
    """Entities the user may read, filtered, by name (township joined: no N+1)."""
    if not can_read_directory(user):
        return MarketEntity.objects.none()
    f = filters or EntityFilters()
    qs = MarketEntity.objects.select_related("township")
    text = f.q.strip()
    if text:
        code = normalise_code(text)
        match = Q(name__icontains=text)
        if len(code) >= 4:
            match |= Q(uscc__startswith=code)
        if len(code) == 18:
            match |= Q(id_number=code)
        qs = qs.filter(match)
    if f.township_id:
        qs = qs.filter(township_id=f.township_id)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.flag:
        qs = qs.filter(_flag_q(f.flag))
    return qs.order_by("name", "id")


def entity_get_for_user(*, user: User, entity_id: int) -> MarketEntity | None:
    if not can_read_directory(user):
        return None
    return MarketEntity.objects.select_related("township").filter(pk=entity_id).first()


def entity_get_by_code(*, user: User, code: str) -> MarketEntity | None:
    """By 统一社会信用代码 or ID number (other modules: the case's party, the complaint's target)."""
    if not can_read_directory(user):
        return None
    code = normalise_code(code)
    if not code:
        return None
    return (
        MarketEntity.objects.select_related("township")
        .filter(Q(uscc=code) | Q(id_number=code))
        .first()
    )


def entity_count_for_draw(*, township_id: int | None = None) -> int:
    """How many entities the directory holds (the base of R-1.1-08's 10 % sample, AMB-1.1-c).

    Not scoped by user: the draw module asks about the directory as a whole (or one township).
    """
    qs = MarketEntity.objects.filter(status=EntityStatus.ACTIVE)
    if township_id:
        qs = qs.filter(township_id=township_id)
    return qs.count()


def townships() -> QuerySet[Organisation]:
    """The township governments (the values of the ``township`` field)."""
    return Organisation.objects.filter(
        kind=OrganisationKind.TOWNSHIP_GOVERNMENT, is_active=True
    ).order_by("sort_order", "id")


def import_run_list_for_user(*, user: User) -> QuerySet[ImportRun]:
    if not can_read_directory(user):
        return ImportRun.objects.none()
    qs = ImportRun.objects.all()
    if not user.is_county_wide:  # (an empty Q() would swallow the OR below)
        qs = qs.filter(organisation_scope_q(user) | Q(created_by_id=user.pk))
    return qs.select_related("organisation", "created_by").order_by("-created_at", "-id")


def import_run_get_for_user(*, user: User, run_id: int) -> ImportRun | None:
    return import_run_list_for_user(user=user).filter(pk=run_id).first()
