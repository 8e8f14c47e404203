from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES
from zhifa.catalog.models import EnforcementType


def test_standard_enforcement_types_are_seeded(db):
    """A fresh install has the standard types, in their order (the migration's copy is in sync)."""
    assert list(EnforcementType.objects.values_list("code", "name")) == list(
        STANDARD_ENFORCEMENT_TYPES
    )


def test_admin_deactivates_types_never_deletes(client, people):
    """The JB's admin: deactivate through the action (ledgered), no delete; catalogue read-only."""
    from zhifa.accounts.models import User
    from zhifa.ledger.models import LedgerEntry

    User.objects.filter(pk=people.supervisor.pk).update(is_staff=True, is_superuser=True)
    client.force_login(people.supervisor)
    market = EnforcementType.objects.get(code="market")
    r = client.post(
        "/admin/catalog/enforcementtype/",
        {"action": "deactivate", "_selected_action": [market.pk]},
    )
    assert r.status_code == 302
    market.refresh_from_db()
    assert not market.is_active
    assert LedgerEntry.objects.filter(action="catalog.type.deactivated").exists()
    assert client.post(f"/admin/catalog/enforcementtype/{market.pk}/delete/").status_code == 403
    assert client.get("/admin/catalog/itemversion/").status_code == 200
    assert client.get("/admin/catalog/itemversion/add/").status_code == 403
    assert client.get("/admin/catalog/enforcementsubject/").status_code == 200
    assert client.get("/admin/catalog/unitlistfiling/").status_code == 200
