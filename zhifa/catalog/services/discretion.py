"""Writes of discretion benchmarks (system 1.5): drafts, publication, repeal, revisions.

Who may do what (checked in every service):

- draft (create, edit a draft, start a revision): legal reviewers and unit heads of the
  benchmark's unit or a unit above it, and the Justice Bureau's supervisors;
- publish and repeal: the head of the benchmark's unit or of a unit above it (e.g. the township
  head for the township team), or a Justice Bureau supervisor.

A published benchmark is never edited and nothing is deleted: a change is a revision — a new
draft version of the same code that ``supersedes`` the published one; publishing it repeals the
old version in the same transaction. Every transition appends to the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max

from zhifa.accounts.constants import ENFORCING_KINDS, Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.permissions import is_supervisor
from zhifa.accounts.selectors import can_see_organisation
from zhifa.catalog.constants import BenchmarkStatus, Tier
from zhifa.catalog.discretion_logic import (
    BenchmarkInvalid,
    BenchmarkSpec,
    CircumstanceSpec,
    Problem,
    TierSpec,
    benchmark_problems,
    spec_from_benchmark,
)
from zhifa.catalog.models import Benchmark, BenchmarkCircumstance, BenchmarkTier, EnforcementItem
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.services import ledger_append

__all__ = [
    "BenchmarkInput",
    "CircumstanceInput",
    "TierInput",
    "benchmark_check",
    "benchmark_create",
    "benchmark_publish",
    "benchmark_repeal",
    "benchmark_revise",
    "benchmark_update",
    "can_draft_benchmarks",
    "can_publish_benchmarks",
]


# --- permissions --------------------------------------------------------------------------------


def can_draft_benchmarks(user: User, organisation: Organisation | None = None) -> bool:
    """Legal reviewers and unit heads in scope, Justice Bureau supervisors."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_supervisor(user):
        return True
    if not user.has_role(Role.LEGAL_REVIEWER, Role.UNIT_HEAD):
        return False
    return organisation is None or can_see_organisation(user=user, organisation=organisation)


def can_publish_benchmarks(user: User, organisation: Organisation | None = None) -> bool:
    """The unit's head (or the head of a unit above it) or a Justice Bureau supervisor."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_supervisor(user):
        return True
    if not user.has_role(Role.UNIT_HEAD):
        return False
    return organisation is None or can_see_organisation(user=user, organisation=organisation)


# --- input --------------------------------------------------------------------------------------


@dataclass
class TierInput:
    tier: str
    conditions: str
    penalty_types: list[str] = field(default_factory=list)
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    multiple_min: Decimal | None = None
    multiple_max: Decimal | None = None
    other_measures: str = ""


@dataclass
class CircumstanceInput:
    code: str
    text: str
    effect: str


@dataclass
class BenchmarkInput:
    """What a draft says. Tiers and circumstances replace the draft's ones wholesale."""

    organisation: Organisation
    code: str
    violation: str
    violated_provision: str
    penalty_provision: str
    penalty_types: list[str] = field(default_factory=list)
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    multiple_basis: str = ""
    multiple_min: Decimal | None = None
    multiple_max: Decimal | None = None
    multiple_threshold: Decimal | None = None
    type_choice_rules: str = ""
    suspension_situations: str = ""
    time_limit: str = ""
    document_number: str = ""
    effective_from: date | None = None
    item: EnforcementItem | None = None
    tiers: list[TierInput] = field(default_factory=list)
    circumstances: list[CircumstanceInput] = field(default_factory=list)


def _spec_of(data: BenchmarkInput) -> BenchmarkSpec:
    return BenchmarkSpec(
        penalty_types=tuple(data.penalty_types),
        fine_min=data.fine_min,
        fine_max=data.fine_max,
        multiple_min=data.multiple_min,
        multiple_max=data.multiple_max,
        multiple_basis=data.multiple_basis,
        multiple_threshold=data.multiple_threshold,
        tiers={
            t.tier: TierSpec(
                tier=t.tier,
                penalty_types=tuple(t.penalty_types),
                fine_min=t.fine_min,
                fine_max=t.fine_max,
                multiple_min=t.multiple_min,
                multiple_max=t.multiple_max,
                conditions=t.conditions,
            )
            for t in data.tiers
        },
        # Keyed by position so duplicates reach the validator.
        circumstances={
            str(i): CircumstanceSpec(code=c.code.strip(), text=c.text, effect=c.effect)
            for i, c in enumerate(data.circumstances)
        },
        status=BenchmarkStatus.DRAFT,
    )


def _validate(data: BenchmarkInput, *, actor: User) -> None:
    problems: list[Problem] = []
    for name, label in (
        ("code", "编号"),
        ("violation", "违法行为"),
        ("violated_provision", "违法依据"),
        ("penalty_provision", "处罚依据"),
    ):
        if not str(getattr(data, name) or "").strip():
            problems.append(Problem(name, f"请填写{label}"))
    if data.organisation.kind not in ENFORCING_KINDS:
        problems.append(
            Problem("organisation", "只有行政执法部门、乡镇和乡镇执法队可以制定裁量基准")
        )
    seen_tiers: set[str] = set()
    for t in data.tiers:
        if t.tier in seen_tiers:
            problems.append(Problem(f"tier:{t.tier}:tier", "同一裁量阶次只能设置一次"))
        seen_tiers.add(t.tier)
        if t.tier in Tier.values and not t.conditions.strip():
            problems.append(
                Problem(f"tier:{t.tier}:conditions", f"请填写“{Tier(t.tier).label}”的适用情形")
            )
    if data.item is not None:
        item_org = data.item.organisation
        related = data.organisation.path.startswith(item_org.path) or item_org.path.startswith(
            data.organisation.path
        )
        if not related or not can_see_organisation(user=actor, organisation=item_org):
            problems.append(Problem("item", "所选执法事项不属于本单位，请选择本单位清单中的事项"))
    problems += benchmark_problems(_spec_of(data))
    if problems:
        raise BenchmarkInvalid(problems)


def _write_children(benchmark: Benchmark, data: BenchmarkInput) -> None:
    benchmark.tiers.all().delete()
    benchmark.circumstances.all().delete()
    order = {t: i for i, t in enumerate(Tier.values)}
    BenchmarkTier.objects.bulk_create(
        [
            BenchmarkTier(
                benchmark=benchmark,
                tier=t.tier,
                conditions=t.conditions.strip(),
                penalty_types=list(t.penalty_types),
                fine_min=t.fine_min,
                fine_max=t.fine_max,
                multiple_min=t.multiple_min,
                multiple_max=t.multiple_max,
                other_measures=t.other_measures.strip(),
            )
            for t in sorted(data.tiers, key=lambda t: order.get(t.tier, 99))
        ]
    )
    BenchmarkCircumstance.objects.bulk_create(
        [
            BenchmarkCircumstance(
                benchmark=benchmark, code=c.code.strip(), text=c.text.strip(), effect=c.effect
            )
            for c in data.circumstances
        ]
    )


_SCALARS = (
    "code",
    "violation",
    "violated_provision",
    "penalty_provision",
    "penalty_types",
    "fine_min",
    "fine_max",
    "multiple_basis",
    "multiple_min",
    "multiple_max",
    "multiple_threshold",
    "type_choice_rules",
    "suspension_situations",
    "time_limit",
    "document_number",
    "effective_from",
)


def _apply(benchmark: Benchmark, data: BenchmarkInput) -> None:
    for name in _SCALARS:
        value = getattr(data, name)
        setattr(benchmark, name, value.strip() if isinstance(value, str) else value)
    benchmark.penalty_types = list(data.penalty_types)
    benchmark.item = data.item


def _payload(benchmark: Benchmark) -> dict[str, object]:
    return {
        "organisation": benchmark.organisation_id,
        "code": benchmark.code,
        "version": benchmark.version,
        "violation": benchmark.violation,
        "status": benchmark.status,
    }


def _code_taken(organisation: Organisation, code: str, *, exclude: int | None = None) -> bool:
    qs = Benchmark.objects.filter(organisation=organisation, code=code.strip())
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


# --- services -----------------------------------------------------------------------------------


def benchmark_check(*, actor: User, data: BenchmarkInput) -> None:
    """Validate a draft without saving it (the editor uses it to show every problem at once);
    raises :class:`BenchmarkInvalid` (R-1.5-02)."""
    _validate(data, actor=actor)


@transaction.atomic
def benchmark_create(*, actor: User, data: BenchmarkInput) -> Benchmark:
    """Create a draft benchmark for ``data.organisation`` (R-1.5-07, R-1.5-09, R-1.5-02)."""
    if not can_draft_benchmarks(actor, data.organisation):
        raise PermissionDenied(
            "只有本单位或上级单位的法制审核人员、负责人或司法局可以起草裁量基准。"
        )
    _validate(data, actor=actor)
    if _code_taken(data.organisation, data.code):
        raise BenchmarkInvalid(
            [Problem("code", f"本单位已有编号为“{data.code.strip()}”的裁量基准；修订请使用“修订”")]
        )
    benchmark = Benchmark(organisation=data.organisation, updated_by=actor)
    _apply(benchmark, data)
    try:
        with transaction.atomic():
            benchmark.save()
    except IntegrityError as exc:  # a concurrent create with the same code
        raise BenchmarkInvalid([Problem("code", "编号已被使用，请换一个编号")]) from exc
    _write_children(benchmark, data)
    ledger_append(
        actor=actor,
        action="catalog.benchmark.create",
        subject=benchmark,
        payload=_payload(benchmark),
    )
    return benchmark


@transaction.atomic
def benchmark_update(*, actor: User, benchmark: Benchmark, data: BenchmarkInput) -> Benchmark:
    """Change a draft. Published and repealed benchmarks are never edited (revise instead)."""
    locked = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    if locked.status != BenchmarkStatus.DRAFT:
        raise TransitionNotAllowed(
            "已公布或已废止的裁量基准不能修改；如需调整，请“修订”生成新版本草稿。"
        )
    if not can_draft_benchmarks(actor, locked.organisation):
        raise PermissionDenied(
            "只有本单位或上级单位的法制审核人员、负责人或司法局可以修改裁量基准。"
        )
    if data.organisation.pk != locked.organisation_id:
        raise DomainError(
            "裁量基准的制定单位不能更改。", code="organisation_fixed", field="organisation"
        )
    if locked.supersedes_id is not None and data.code.strip() != locked.code:
        raise BenchmarkInvalid([Problem("code", "修订版本的编号须与原版本一致")])
    _validate(data, actor=actor)
    if data.code.strip() != locked.code and _code_taken(locked.organisation, data.code):
        raise BenchmarkInvalid(
            [Problem("code", f"本单位已有编号为“{data.code.strip()}”的裁量基准")]
        )
    _apply(locked, data)
    locked.updated_by = actor
    locked.save()
    _write_children(locked, data)
    ledger_append(
        actor=actor, action="catalog.benchmark.update", subject=locked, payload=_payload(locked)
    )
    return locked


@transaction.atomic
def benchmark_publish(*, actor: User, benchmark: Benchmark) -> Benchmark:
    """Publish a draft (R-1.5-06: the standards are public from now; R-1.5-07).

    The full validation runs again with the publication checks (an ordinary tier, a tier for
    every kind of circumstance listed). If the draft revises a published version, that version
    is repealed in the same transaction.
    """
    locked = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    if not can_publish_benchmarks(actor, locked.organisation):
        raise PermissionDenied("只有本单位（或上级单位）负责人或司法局可以公布裁量基准。")
    if locked.status != BenchmarkStatus.DRAFT:
        raise TransitionNotAllowed(
            f"裁量基准当前为“{locked.get_status_display()}”，只有草稿可以公布。"
        )
    problems = benchmark_problems(spec_from_benchmark(locked), for_publication=True)
    if not locked.time_limit.strip():
        problems.append(Problem("time_limit", "公布前请填写裁量时限（R-1.5-07）"))
    if problems:
        raise BenchmarkInvalid(problems)
    now = clock.now()
    old = None
    if locked.supersedes_id is not None:
        old = Benchmark.objects.select_for_update().get(pk=locked.supersedes_id)
        if old.status == BenchmarkStatus.PUBLISHED:
            old.status = BenchmarkStatus.REPEALED
            old.repealed_at = now
            old.repeal_reason = f"被第{locked.version}版取代"
            old.updated_by = actor
            old.save()
            ledger_append(
                actor=actor,
                action="catalog.benchmark.repeal",
                subject=old,
                payload={**_payload(old), "reason": old.repeal_reason, "superseded_by": locked.pk},
            )
    if Benchmark.objects.filter(
        organisation=locked.organisation, code=locked.code, status=BenchmarkStatus.PUBLISHED
    ).exists():
        raise TransitionNotAllowed(
            f"编号“{locked.code}”已有公布的版本；请先废止它，或通过“修订”发布新版本。"
        )
    locked.status = BenchmarkStatus.PUBLISHED
    locked.published_at = now
    if locked.effective_from is None:
        locked.effective_from = clock.today()
    locked.updated_by = actor
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:  # another version of the code was published meanwhile
        raise TransitionNotAllowed(
            f"编号“{locked.code}”已有公布的版本；请先废止它，或通过“修订”发布新版本。"
        ) from exc
    ledger_append(
        actor=actor,
        action="catalog.benchmark.publish",
        subject=locked,
        payload={**_payload(locked), "supersedes": old.pk if old else None},
    )
    return locked


@transaction.atomic
def benchmark_repeal(*, actor: User, benchmark: Benchmark, reason: str) -> Benchmark:
    """Repeal a published benchmark (kept for the cases decided under it; no longer suggested)."""
    locked = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    if not can_publish_benchmarks(actor, locked.organisation):
        raise PermissionDenied("只有本单位（或上级单位）负责人或司法局可以废止裁量基准。")
    if locked.status != BenchmarkStatus.PUBLISHED:
        raise TransitionNotAllowed(
            f"裁量基准当前为“{locked.get_status_display()}”，只有已公布的可以废止。"
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写废止理由。", code="reason_required", field="reason")
    locked.status = BenchmarkStatus.REPEALED
    locked.repealed_at = clock.now()
    locked.repeal_reason = reason
    locked.updated_by = actor
    locked.save()
    ledger_append(
        actor=actor,
        action="catalog.benchmark.repeal",
        subject=locked,
        payload={**_payload(locked), "reason": reason},
    )
    return locked


@transaction.atomic
def benchmark_revise(*, actor: User, benchmark: Benchmark) -> Benchmark:
    """Start a revision of a published benchmark: a draft copy, version + 1, that supersedes it."""
    locked = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    if not can_draft_benchmarks(actor, locked.organisation):
        raise PermissionDenied(
            "只有本单位或上级单位的法制审核人员、负责人或司法局可以修订裁量基准。"
        )
    if locked.status != BenchmarkStatus.PUBLISHED:
        raise TransitionNotAllowed("只有已公布的裁量基准可以修订；草稿请直接修改。")
    pending = Benchmark.objects.filter(supersedes=locked, status=BenchmarkStatus.DRAFT).first()
    if pending is not None:
        raise TransitionNotAllowed(f"该基准已有修订草稿（第{pending.version}版），请继续编辑它。")
    last = (
        Benchmark.objects.filter(organisation=locked.organisation, code=locked.code).aggregate(
            n=Max("version")
        )["n"]
        or locked.version
    )
    tiers: Sequence[BenchmarkTier] = list(locked.tiers.all())
    circumstances: Sequence[BenchmarkCircumstance] = list(locked.circumstances.all())
    draft = Benchmark.objects.get(pk=locked.pk)
    draft.pk = None
    draft.id = None
    draft._state.adding = True
    draft.version = last + 1
    draft.supersedes = locked
    draft.status = BenchmarkStatus.DRAFT
    draft.published_at = None
    draft.repealed_at = None
    draft.repeal_reason = ""
    draft.effective_from = None
    draft.updated_by = actor
    draft.save()
    for t in tiers:
        t.pk = None
        t.benchmark = draft
    BenchmarkTier.objects.bulk_create(tiers)
    for c in circumstances:
        c.pk = None
        c.benchmark = draft
    BenchmarkCircumstance.objects.bulk_create(circumstances)
    ledger_append(
        actor=actor,
        action="catalog.benchmark.revise",
        subject=draft,
        payload={**_payload(draft), "supersedes": locked.pk},
    )
    return draft
