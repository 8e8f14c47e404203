from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES
from zhifa.catalog.models import EnforcementType


def test_standard_enforcement_types_are_seeded(db):
    """A fresh install has the standard types, in their order (the migration's copy is in sync)."""
    assert list(EnforcementType.objects.values_list("code", "name")) == list(
        STANDARD_ENFORCEMENT_TYPES
    )
