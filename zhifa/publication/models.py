"""Publication of enforcement decisions (systems 1.2 and 1.12) and the portal's requests.

A :class:`Publication` is one decision's public information. It is drafted from the case,
checked by the unit's legal reviewer (legality, appropriateness, masking of personal data),
approved by the head and then shown on the portal (R-1.2-05, R-1.12-05). A published one is
changed only by a :class:`PublicationChange` that goes through the same review (R-1.12-06);
the portal shows each applied change with its date and reason. :class:`PublicRequest` is a
correction request (R-1.2-18) or a disclosure application (R-1.2-16) filed on the portal.

``source`` keeps the unmasked text the masks were computed from; it is staff-only and never
reaches a portal template, which reads only the masked columns.
"""

from __future__ import annotations

from django.db import models

from zhifa.core.fields import user_fk
from zhifa.publication.constants import (
    ChangeKind,
    ChangeStatus,
    DecisionCategory,
    DisclosureAnswer,
    PublicationForm,
    PublicationStatus,
    RequestKind,
    RequestStatus,
    Restriction,
    ThirdPartyGround,
    UpdateTrigger,
)


def _channels_default() -> list[str]:
    return ["portal"]


class Publication(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="公示单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publication",
    )
    status = models.CharField(
        "状态", max_length=16, choices=PublicationStatus.choices, default=PublicationStatus.DRAFTED
    )
    version = models.PositiveIntegerField("版本", default=1)
    # R-1.2-13: subject, target, category, conclusion, decision date (+ the document itself).
    category = models.CharField("执法类别", max_length=12, choices=DecisionCategory.choices)
    form = models.CharField(
        "公开形式", max_length=8, choices=PublicationForm.choices, default=PublicationForm.SUMMARY
    )
    channels = models.JSONField("公开渠道", default=_channels_default)  # R-1.12-03
    title = models.CharField("标题", max_length=200)
    document_number = models.CharField("决定书文号", max_length=100, blank=True)
    subject_name = models.CharField("执法主体", max_length=100)
    target_name = models.CharField("执法对象", max_length=200)  # masked if a natural person
    target_is_person = models.BooleanField("执法对象为自然人", default=False)
    target_code = models.CharField("统一社会信用代码", max_length=18, blank=True)  # enterprises
    enforcement_type = models.CharField("执法类型", max_length=60, blank=True)
    cause = models.CharField("案由", max_length=200, blank=True)
    conclusion = models.TextField("执法结论")  # masked
    full_text = models.TextField("决定书全文", blank=True)  # masked
    decision_date = models.DateField("决定日期")
    # Masking (R-1.2-15): the unmasked originals, what was replaced, the reviewer's confirmation.
    source = models.JSONField("脱敏前原文", default=dict, blank=True)
    masks = models.JSONField("脱敏记录", default=list, blank=True)
    extra_mask_terms = models.JSONField("补充脱敏词", default=list, blank=True)
    masking_confirmed_by = user_fk("脱敏核对人", null=True)
    masking_confirmed_at = models.DateTimeField("脱敏核对时间", null=True, blank=True)
    # Restrictions (R-1.2-14, R-1.2-15, R-1.12-02).
    restriction = models.CharField(
        "公开限制", max_length=16, choices=Restriction.choices, default=Restriction.NONE
    )
    restriction_reason = models.TextField("不公开理由或审查评估意见", blank=True)
    third_party_ground = models.CharField(
        "第三方信息公开依据",
        max_length=16,
        choices=ThirdPartyGround.choices,
        default=ThirdPartyGround.NONE,
        blank=True,
    )
    third_party_record = models.TextField("第三方同意或公共利益理由记录", blank=True)
    # The review (R-1.2-05, R-1.12-05).
    drafted_by = user_fk("拟稿人")
    drafted_at = models.DateTimeField("拟稿时间")
    checked_by = user_fk("法制审核人员", null=True)
    checked_at = models.DateTimeField("法制审核时间", null=True, blank=True)
    check_note = models.TextField("法制审核意见", blank=True)
    returned_reason = models.TextField("退回理由", blank=True)
    approved_by = user_fk("审批负责人", null=True)
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    corrected_at = models.DateTimeField("最近更新时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    withheld_at = models.DateTimeField("决定不予公开时间", null=True, blank=True)
    # Keyword search: the masked public text as overlapping character bigrams (search.py); a
    # GIN index on PostgreSQL (migration 0002), a LIKE scan on SQLite.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执法决定公示"
        verbose_name_plural = "执法决定公示"
        ordering = ("-decision_date", "-id")
        indexes = [
            models.Index(fields=("status", "-decision_date", "-id"), name="pub_status_date"),
            models.Index(
                fields=("organisation", "status", "-decision_date"), name="pub_org_status_date"
            ),
            models.Index(fields=("category", "status", "-decision_date"), name="pub_cat_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def channel_labels(self) -> list[str]:
        from zhifa.publication.constants import Channel

        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]

    @property
    def is_public(self) -> bool:
        """Shown on the portal: published, or withdrawn (shown as withdrawn, without content)."""
        return self.status in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN)


class PublicationChange(models.Model):
    """A withdrawal or an update of a published decision (R-1.12-06, R-1.2-17)."""

    publication = models.ForeignKey(
        Publication, verbose_name="公示信息", on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField("类型", max_length=10, choices=ChangeKind.choices)
    status = models.CharField(
        "状态", max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.DRAFTED
    )
    trigger = models.CharField("原因类型", max_length=20, choices=UpdateTrigger.choices)
    reason = models.TextField("公开说明")  # shown on the portal with the date
    request = models.ForeignKey(
        "publication.PublicRequest",
        verbose_name="更正申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    # For an update: the new content, masked, and its unmasked source and masks.
    target_name = models.CharField("执法对象", max_length=200, blank=True)
    conclusion = models.TextField("执法结论", blank=True)
    full_text = models.TextField("决定书全文", blank=True)
    decision_date = models.DateField("决定日期", null=True, blank=True)
    source = models.JSONField("脱敏前原文", default=dict, blank=True)
    masks = models.JSONField("脱敏记录", default=list, blank=True)
    extra_mask_terms = models.JSONField("补充脱敏词", default=list, blank=True)
    masking_confirmed_by = user_fk("脱敏核对人", null=True)
    drafted_by = user_fk("拟稿人")
    drafted_at = models.DateTimeField("拟稿时间")
    checked_by = user_fk("法制审核人员", null=True)
    checked_at = models.DateTimeField("法制审核时间", null=True, blank=True)
    check_note = models.TextField("法制审核意见", blank=True)
    returned_reason = models.TextField("退回理由", blank=True)
    approved_by = user_fk("审批负责人", null=True)
    applied_at = models.DateTimeField("生效时间", null=True, blank=True)
    version_before = models.PositiveIntegerField("变更前版本", default=1)

    class Meta:
        verbose_name = "公示信息撤下或更新"
        verbose_name_plural = "公示信息撤下或更新"
        ordering = ("publication_id", "drafted_at", "id")
        constraints = [
            # One change in progress per publication at a time.
            models.UniqueConstraint(
                fields=("publication",),
                condition=models.Q(status__in=("drafted", "legal_checked")),
                name="pub_change_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.publication_id}"


class PublicRequest(models.Model):
    """A correction request (R-1.2-18, R-1.12-07) or a disclosure application (R-1.2-16)."""

    kind = models.CharField("类型", max_length=12, choices=RequestKind.choices)
    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    status = models.CharField(
        "状态", max_length=12, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="办理单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name="涉及的公示信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    # The requester (personal data: staff only, never on the portal).
    requester_name = models.CharField("申请人", max_length=100)
    requester_is_organisation = models.BooleanField("申请人为法人或其他组织", default=False)
    requester_id_number = models.CharField("证件号码", max_length=18, blank=True)
    requester_phone = models.CharField("联系电话", max_length=20)
    requester_email = models.EmailField("电子邮箱", blank=True)
    requester_address = models.CharField("通信地址", max_length=200, blank=True)
    subject = models.CharField("事项", max_length=200)
    content = models.TextField("内容")  # what is inaccurate and why / what information is sought
    # Handling.
    received_at = models.DateTimeField("收到时间")
    handler = user_fk("办理人", null=True)
    verifying_at = models.DateTimeField("开始核实时间", null=True, blank=True)
    forwarded_to = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="转送单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competent_body = models.CharField("主管部门（告知申请人）", max_length=200, blank=True)
    disclosure_answer = models.CharField(
        "答复类型", max_length=16, choices=DisclosureAnswer.choices, default="", blank=True
    )
    reply = models.TextField("答复（申请人凭查询码可见）", blank=True)
    decided_by = user_fk("答复人", null=True)
    decided_at = models.DateTimeField("答复时间", null=True, blank=True)
    # Abuse control: a keyed hash of the address, never the address itself.
    client_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = "更正及公开申请"
        verbose_name_plural = "更正及公开申请"
        ordering = ("-received_at", "-id")
        indexes = [
            models.Index(fields=("organisation", "status", "-received_at"), name="pub_req_org"),
            models.Index(fields=("kind", "status"), name="pub_req_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.tracking_code}"


class PublicRequestFile(models.Model):
    """Evidence attached to a request: stored once under its SHA-256 (records.StoredFile)."""

    request = models.ForeignKey(
        PublicRequest, verbose_name="申请", on_delete=models.PROTECT, related_name="files"
    )
    blob = models.ForeignKey(
        "records.StoredFile", verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "申请证据材料"
        verbose_name_plural = "申请证据材料"
        ordering = ("request_id", "id")

    def __str__(self) -> str:
        return self.original_name
