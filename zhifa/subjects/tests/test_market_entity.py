from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zhifa.subjects.models import MarketEntity

pytestmark = pytest.mark.django_db


def test_r_1_1_02_directory_records_the_listed_fields():
    """R-1.1-02: name, legal representative, person in charge, category, address, qualification."""
    fields = {f.name for f in MarketEntity._meta.get_fields()}
    assert {
        "name",
        "legal_representative",
        "person_in_charge",
        "category",
        "address",
        "qualification",
    } <= fields


def test_an_invalid_credit_code_is_refused_with_the_reason():
    entity = MarketEntity(name="临猗县测试有限公司", uscc="91350100M000100Y44")
    with pytest.raises(ValidationError) as excinfo:
        entity.full_clean()
    assert "校验位" in str(excinfo.value)


def test_a_valid_credit_code_is_accepted():
    entity = MarketEntity(name="临猗县测试有限公司", uscc="91350100M000100Y43")
    entity.full_clean()
    entity.save()
    assert MarketEntity.objects.get().uscc == "91350100M000100Y43"
