"""The case (案件) and what hangs on every case: clue, officers, recusals, approvals, timeline.

Written only by the services in zhifa/cases/services/; read through zhifa/cases/selectors/.
The statuses and the actions that move a case between them: zhifa/cases/workflow.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.cases.constants import (
    ApprovalKind,
    ApprovalStatus,
    Capacity,
    CaseStatus,
    ClueSource,
    ClueStatus,
    OfficerCapacity,
    Procedure,
    RecusalGround,
)
from zhifa.catalog.constants import ItemType


class Clue(models.Model):
    """A clue (案件线索): recorded from its source, verified, then filed, refused or transferred."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("线索来源", max_length=20, choices=ClueSource.choices)
    source_reference = models.CharField("来源编号或说明", max_length=200, blank=True)
    received_at = models.DateTimeField("收到时间")
    party = models.ForeignKey(
        "subjects.MarketEntity",
        verbose_name="涉及当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_name = models.CharField("当事人名称（名录外）", max_length=200, blank=True)
    summary = models.TextField("线索内容")
    location = models.CharField("地点", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ClueStatus.choices, default=ClueStatus.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField("核查时间", null=True, blank=True)
    verification_note = models.TextField("核查情况", blank=True)
    closed_reason = models.TextField("不予立案或移送理由", blank=True)
    transferred_to = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="移送单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_at = models.DateTimeField("移送时间", null=True, blank=True)
    urgent = models.BooleanField("情况紧急", default=False)  # R-2.2-03
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "案件线索"
        verbose_name_plural = "案件线索"
        ordering = ("-received_at", "-id")
        indexes = [models.Index(fields=("organisation", "status"), name="cases_clue_org_status")]

    def __str__(self) -> str:
        return f"线索 {self.pk}：{self.party_label}"

    @property
    def party_label(self) -> str:
        return self.party.name if self.party_id and self.party else self.party_name


class Case(models.Model):
    """One enforcement case of any of the ten kinds of act; one number (R-1.9-04).

    Made in the name of ``organisation`` (the department, R-1.14-05). ``item_version`` is the
    catalogue entry as it stood at filing. ``number`` is allocated when the case is filed (for a
    permit: when the application is accepted; for a simplified penalty and the other acts: when
    the decision is made), so a refused filing consumes no number.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="承办单位",
        on_delete=models.PROTECT,
        related_name="cases",
    )
    kind = models.CharField("执法行为类型", max_length=20, choices=ItemType.choices)
    procedure = models.CharField(
        "程序", max_length=12, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices)
    number = models.CharField("案件编号", max_length=60, null=True, blank=True, unique=True)
    number_year = models.PositiveSmallIntegerField("编号年度", null=True, blank=True)
    number_serial = models.PositiveIntegerField("编号序号", null=True, blank=True)
    clue = models.OneToOneField(
        Clue,
        verbose_name="案件线索",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name="执法事项",
        on_delete=models.PROTECT,
        related_name="+",
    )
    party = models.ForeignKey(
        "subjects.MarketEntity",
        verbose_name="当事人",
        on_delete=models.PROTECT,
        related_name="cases",
    )
    cause = models.CharField("案由（事项名称）", max_length=200)
    facts = models.TextField("案情摘要", blank=True)
    is_major = models.BooleanField("重大执法决定", default=False)  # R-1.4-07, R-1.14-06
    major_grounds = models.JSONField("重大情形", default=list, blank=True)
    crime_suspected = models.BooleanField("涉嫌犯罪", default=False)  # R-2.2-10
    hearing_right = models.BooleanField("当事人有权要求听证", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    filed_at = models.DateTimeField("立案（受理）时间", null=True, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("organisation", "status"), name="cases_case_org_status"),
            models.Index(fields=("organisation", "-created_at"), name="cases_case_org_created"),
            models.Index(fields=("status", "-created_at"), name="cases_case_status_created"),
            # similar past decisions of the unit for the item (R-1.5-04), newest first
            models.Index(
                fields=("organisation", "item_version", "-decided_at"),
                name="cases_case_similar",
            ),
            # The county-wide list (Justice Bureau, leaders): newest first over every unit, a
            # keyset page at a time; without it every page sorts the whole table (bench/README).
            models.Index(fields=("-created_at", "-id"), name="cases_case_created"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '（未编号）'} {self.cause}"

    @property
    def display_number(self) -> str:
        return self.number or f"（未编号·{self.get_status_display()}）"


class CaseOfficer(models.Model):
    """An officer handling the case (承办人). Removed on recusal, with who replaced them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="执法人员",
        on_delete=models.PROTECT,
        related_name="case_assignments",
    )
    capacity = models.CharField("分工", max_length=12, choices=OfficerCapacity.choices)
    assigned_at = models.DateTimeField("指派时间")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="指派人", on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField("撤出时间", null=True, blank=True)
    removed_reason = models.CharField("撤出原因", max_length=200, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="由谁替换",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "承办人员"
        verbose_name_plural = "承办人员"
        ordering = ("case_id", "removed_at", "capacity", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("case", "user"),
                condition=Q(removed_at__isnull=True),
                name="cases_officer_active_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.user} {self.get_capacity_display()}"


class RecusalDeclaration(models.Model):
    """A person's declaration of relations with the parties before acting (R-1.5-03).

    ``has_conflict`` with a ground removes them from acting in that capacity on the case.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="声明人", on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.CharField("身份", max_length=16, choices=Capacity.choices)
    has_conflict = models.BooleanField("存在回避情形")
    ground = models.CharField("回避事由", max_length=20, choices=RecusalGround.choices, blank=True)
    note = models.TextField("说明", blank=True)
    declared_at = models.DateTimeField("声明时间")

    class Meta:
        verbose_name = "回避声明"
        verbose_name_plural = "回避声明"
        ordering = ("case_id", "declared_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(has_conflict=False, ground="") | Q(has_conflict=True) & ~Q(ground=""),
                name="cases_recusal_ground_iff_conflict",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.person} {self.get_capacity_display()} {'回避' if self.has_conflict else '无'}"
        )


class Approval(models.Model):
    """A request to the unit head (立案/决定/结案/移送审批) — the head's approval queue."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("审批事项", max_length=12, choices=ApprovalKind.choices)
    status = models.CharField(
        "状态", max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("提请时间")
    request_note = models.TextField("承办意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    opinion = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "审批"
        verbose_name_plural = "审批"
        ordering = ("-requested_at", "-id")
        indexes = [
            models.Index(fields=("organisation", "status"), name="cases_approval_org_status")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=("case", "kind"),
                condition=Q(status="pending"),
                name="cases_approval_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id} {self.get_status_display()}"


class CaseEvent(models.Model):
    """One line of the case timeline: every step, record and document, in order.

    Written by :func:`zhifa.cases.services.common.case_event_add` together with the ledger entry.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=60)
    summary = models.CharField("摘要", max_length=300)
    status_after = models.CharField("操作后状态", max_length=20, choices=CaseStatus.choices)
    document = models.ForeignKey(
        "documents.GeneratedDocument",
        verbose_name="文书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "案件过程"
        verbose_name_plural = "案件过程"
        ordering = ("case_id", "at", "id")
        indexes = [models.Index(fields=("case", "at"), name="cases_event_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M} {self.summary}"
