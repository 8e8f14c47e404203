"""Writes for organisations, users and API tokens. Each is atomic and leaves a ledger entry."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.accounts.models import ApiToken, Organisation, User, UserRole
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.ledger.services import ledger_append

# Role guards: other apps register a callable ``guard(user, added_roles)`` that raises
# ``DomainError`` when a role may not be granted to ``user`` (e.g. personnel: the OFFICER role
# needs an eligible officer record that passed induction, R-1.10-05 / R-3.1-10). Registered from
# the app's ``AppConfig.ready()`` so accounts never imports those apps.
RoleGuard = Callable[[User, frozenset[str]], None]
ROLE_GUARDS: list[RoleGuard] = []


def role_guard_register(guard: RoleGuard) -> RoleGuard:
    """Add ``guard`` to :data:`ROLE_GUARDS` once (idempotent, so ``ready()`` may run twice)."""
    if guard not in ROLE_GUARDS:
        ROLE_GUARDS.append(guard)
    return guard


def _require_admin(actor: User | None) -> None:
    if actor is not None and not (actor.is_superuser or actor.has_role(Role.SYSADMIN)):
        raise PermissionDenied("只有系统管理员可以维护单位和用户。")


@transaction.atomic
def organisation_create(
    *,
    actor: User | None,
    name: str,
    code: str,
    kind: str,
    parent: Organisation | None = None,
    short_name: str = "",
    document_prefix: str = "",
    sort_order: int = 0,
) -> Organisation:
    """Create a unit under ``parent`` and maintain its materialised path."""
    _require_admin(actor)
    if Organisation.objects.filter(name=name).exists():
        raise DomainError(f"单位“{name}”已存在。", code="duplicate", field="name")
    org = Organisation.objects.create(
        name=name,
        code=code,
        kind=kind,
        parent=parent,
        short_name=short_name,
        document_prefix=document_prefix,
        sort_order=sort_order,
    )
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    ledger_append(
        actor=actor,
        action="organisation.create",
        subject=org,
        payload={"name": name, "code": code, "kind": kind, "parent": parent.pk if parent else None},
    )
    return org


@transaction.atomic
def organisation_move(
    *, actor: User | None, organisation: Organisation, parent: Organisation | None
) -> Organisation:
    """Move a unit (and everything below it) under a new parent."""
    _require_admin(actor)
    if parent is not None and parent.path.startswith(organisation.path):
        raise DomainError("不能把单位移动到它自己的下级单位之下。", code="cycle", field="parent")
    old_path = organisation.path
    new_path = f"{parent.path if parent else '/'}{organisation.pk}/"
    for org in Organisation.objects.filter(path__startswith=old_path).select_for_update():
        org.path = new_path + org.path[len(old_path) :]
        if org.pk == organisation.pk:
            org.parent = parent
            org.save(update_fields=["path", "parent"])
        else:
            org.save(update_fields=["path"])
    organisation.refresh_from_db()
    ledger_append(
        actor=actor,
        action="organisation.move",
        subject=organisation,
        payload={"from": old_path, "to": new_path},
    )
    return organisation


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    organisation: Organisation,
    roles: Iterable[str],
    password: str | None = None,
    phone: str = "",
    post: str = "",
) -> User:
    """Create a login for a person of ``organisation`` with ``roles``.

    The role guards (:data:`ROLE_GUARDS`) are not applied here: a login is created before any
    record of another app can point at it (the personnel officer record links to an existing
    user), and the demo and test fixtures create officers this way. Granting a role to an
    existing user later goes through :func:`user_set_roles`, which applies them; whoever acts is
    still checked where it matters (``certificate_valid_for`` before any enforcement act).
    """
    _require_admin(actor)
    if User.objects.filter(username=username).exists():
        raise DomainError(f"登录名“{username}”已被使用。", code="duplicate", field="username")
    role_list = sorted(set(roles))
    unknown = [r for r in role_list if r not in Role.values]
    if unknown:
        raise DomainError(f"未知角色：{'、'.join(unknown)}。", code="unknown_role", field="roles")
    user = User(
        username=username,
        full_name=full_name,
        organisation=organisation,
        phone=phone,
        post=post,
        is_staff=Role.SYSADMIN in role_list,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in role_list])
    ledger_append(
        actor=actor,
        action="user.create",
        subject=user,
        payload={"username": username, "organisation": organisation.pk, "roles": role_list},
    )
    return user


@transaction.atomic
def user_set_roles(*, actor: User | None, user: User, roles: Iterable[str]) -> User:
    """Replace the user's roles. Roles the user did not have yet must pass every registered
    role guard (:data:`ROLE_GUARDS`); a refusal is a ``DomainError`` and nothing changes."""
    _require_admin(actor)
    role_list = sorted(set(roles))
    unknown = [r for r in role_list if r not in Role.values]
    if unknown:
        raise DomainError(f"未知角色：{'、'.join(unknown)}。", code="unknown_role", field="roles")
    current = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    added = frozenset(role_list) - current
    if added:
        for guard in ROLE_GUARDS:
            guard(user, added)
    UserRole.objects.filter(user=user).exclude(role__in=role_list).delete()
    existing = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    UserRole.objects.bulk_create(
        [UserRole(user=user, role=r) for r in role_list if r not in existing]
    )
    user.is_staff = Role.SYSADMIN in role_list
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_cache", None)
    ledger_append(actor=actor, action="user.set_roles", subject=user, payload={"roles": role_list})
    return user


@transaction.atomic
def api_token_create(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the raw token is returned once and never stored."""
    if actor.pk != user.pk:
        _require_admin(actor)
    raw = "zf_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[3:11], token_hash=ApiToken.hash_token(raw)
    )
    ledger_append(actor=actor, action="api_token.create", subject=token, payload={"name": name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if actor.pk != token.user_id:
        _require_admin(actor)
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    ledger_append(actor=actor, action="api_token.revoke", subject=token, payload={})
    return token
