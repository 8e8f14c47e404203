"""Organisations (the county's tree of units), users and their roles, API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from zhifa.accounts.constants import COUNTY_WIDE_ROLES, OrganisationKind, Role


class Organisation(models.Model):
    """A unit of the county: government, Justice Bureau, department, township, team, outside body.

    ``path`` is a materialised path of ids (``/1/4/17/``) so "this unit and the units below it"
    is one indexed prefix query. It is maintained by ``organisation_create`` and
    ``organisation_move`` in services; never write it by hand.
    """

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.SlugField("代码", max_length=40, unique=True)
    kind = models.CharField("类型", max_length=32, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    region_code = models.CharField("行政区划代码", max_length=12, default="140821")
    # Prefix of the unit's document and case numbers, e.g. 临猗市监罚 (used by later modules).
    document_prefix = models.CharField("文号前缀", max_length=20, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ("sort_order", "id")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_outside_body(self) -> bool:
        from zhifa.accounts.constants import OUTSIDE_KINDS

        return self.kind in OUTSIDE_KINDS


class User(AbstractUser):
    """A person who signs in. ``full_name`` is the Chinese name; ``username`` the login."""

    full_name = models.CharField("姓名", max_length=50)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    post = models.CharField("职务", max_length=50, blank=True)
    # 行政执法证号 of an enforcement officer; the certificate register (personnel) extends this.
    certificate_number = models.CharField("执法证号", max_length=30, blank=True)

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_set(self) -> frozenset[str]:
        """The user's roles, loaded once per request/object."""
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_county_wide(self) -> bool:
        """Justice Bureau supervisors, county leaders and administrators see every unit."""
        return self.is_superuser or bool(self.role_set & COUNTY_WIDE_ROLES)


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [
            models.UniqueConstraint(fields=("user", "role"), name="accounts_userrole_unique")
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class ApiToken(models.Model):
    """A token for machine access to /api/v1/. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
