"""Factories for organisations and users. Organisations get their materialised path."""

from __future__ import annotations

import factory

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import Organisation, User, UserRole


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试单位{n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.COUNTY_ENFORCEMENT_DEPT
    parent = None

    @factory.post_generation
    def set_path(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        if create:
            obj.save(update_fields=["path"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("correct-horse-battery-staple")

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        for role in extracted or ():
            UserRole.objects.create(user=obj, role=role)
        obj.__dict__.pop("_role_cache", None)


def make_user(org: Organisation, *roles: Role | str, **kwargs) -> User:  # type: ignore[no-untyped-def]
    return UserFactory(organisation=org, roles=list(roles), **kwargs)
