"""Pages, API and admin of the ledger: the public sees roots and hashes only; staff see the
entries in their scope; the admin cannot change anything."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from zhifa.accounts.tests.factories import UserFactory
from zhifa.ledger.forms import LedgerFilterForm
from zhifa.ledger.models import LedgerEntry
from zhifa.ledger.selectors import LedgerFilters, entries_for_subject, entry_list_for_user
from zhifa.ledger.services import ledger_append, merkle_root_compute

pytestmark = pytest.mark.django_db

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
SECRET = "当事人身份证号-110101199003070000"


@pytest.fixture
def trail(people, county):  # type: ignore[no-untyped-def]
    """One entry per actor, on 2025-03-03, and the day sealed on 2025-03-04."""
    actors = {
        "officer_a": people.officer_a,  # team_a (under town_a)
        "officer_b": people.officer_b,  # team_b (under town_b)
        "dept_officer": people.dept_officer,  # dept
        "supervisor": people.supervisor,  # Justice Bureau
        "system": None,
    }
    entries = {}
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=SH), tick=False):
        for key, actor in actors.items():
            entries[key] = ledger_append(
                actor=actor,
                action=f"case.{key}.act",
                subject=county.dept,
                payload={"secret": SECRET, "who": key},
            )
    with time_machine.travel(dt.datetime(2025, 3, 4, 1, tzinfo=SH), tick=False):
        root = merkle_root_compute(day=dt.date(2025, 3, 3))
    return type("Trail", (), {"entries": entries, "root": root})


def _actions(user, **filters) -> set[str]:  # type: ignore[no-untyped-def]
    return {
        e.action
        for e in entry_list_for_user(user=user, filters=LedgerFilters(**filters))
        if e.action.startswith("case.")
    }


def test_entry_list_is_scoped_by_role(people, trail) -> None:  # type: ignore[no-untyped-def]
    everything = {f"case.{k}.act" for k in trail.entries}
    assert _actions(people.supervisor) == everything
    assert _actions(people.leader) == everything
    assert _actions(people.admin) == everything
    # a township head: their township and the team below it
    assert _actions(people.town_head) == {"case.officer_a.act"}
    # a department head: their department
    assert _actions(people.head) == {"case.dept_officer.act"}
    # officers, reviewers, archivists and outsiders see nothing in the ledger list
    for user in (people.officer_a, people.reviewer, people.archivist):
        assert _actions(user) == set()


def test_entry_list_filters(people, trail, county) -> None:  # type: ignore[no-untyped-def]
    sup = people.supervisor
    assert _actions(sup, action="case.officer") == {"case.officer_a.act", "case.officer_b.act"}
    assert _actions(sup, actor_id=people.officer_b.pk) == {"case.officer_b.act"}
    assert _actions(sup, actor=people.officer_b.full_name) == {"case.officer_b.act"}
    assert (
        len(_actions(sup, subject_type="accounts.organisation", subject_id=str(county.dept.pk)))
        == 5
    )
    assert _actions(sup, subject_id="999999") == set()
    assert len(_actions(sup, date_from=dt.date(2025, 3, 3), date_to=dt.date(2025, 3, 3))) == 5
    assert _actions(sup, date_from=dt.date(2025, 3, 4)) == set()
    assert _actions(sup, date_to=dt.date(2025, 3, 2)) == set()


def test_filter_form_reads_query_strings() -> None:
    form = LedgerFilterForm(
        {"action": " case. ", "subject_type": "Cases.Case", "date_from": "2025-03-03"}
    )
    assert form.filters() == LedgerFilters(
        action="case.", subject_type="cases.case", date_from=dt.date(2025, 3, 3)
    )
    bad = LedgerFilterForm({"date_from": "2025-03-05", "date_to": "2025-03-01", "actor_id": "x"})
    assert not bad.is_valid()
    assert bad.filters() == LedgerFilters(date_from=dt.date(2025, 3, 5))


def test_entry_list_is_one_query_whatever_the_page_size(  # type: ignore[no-untyped-def]
    people, trail, django_assert_num_queries
) -> None:
    head = people.town_head
    # warm the per-user caches (roles, organisation) that every request has loaded already
    assert head.is_county_wide is False and head.organisation is not None
    assert people.supervisor.is_county_wide
    for i in range(30):
        ledger_append(actor=people.officer_a, action="case.bulk", payload={"i": i})
    with django_assert_num_queries(1):
        rows = list(entry_list_for_user(user=head)[:50])
    assert len(rows) == 31
    with django_assert_num_queries(1):
        rows = list(
            entry_list_for_user(user=people.supervisor, filters=LedgerFilters(action="case."))[:50]
        )


def test_staff_page_renders_with_constant_queries(  # type: ignore[no-untyped-def]
    client, people, trail, django_assert_max_num_queries
) -> None:
    client.force_login(people.supervisor)
    url = reverse("ledger:entry_list")
    response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for i in range(60):
        ledger_append(actor=people.officer_a, action="case.more", payload={"i": i})
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    body = response.content.decode()
    assert "case.more" in body and "更早" in body  # 65 entries: a second page
    first_page = response.context["entries"]
    assert len(first_page) == 50
    older = client.get(url, {"before": first_page[-1].seq})
    assert len(older.context["entries"]) == 16 and older.context["next_before"] is None
    filtered = client.get(url, {"action": "case.officer_b", "before": "junk"})
    assert [e.action for e in filtered.context["entries"]] == ["case.officer_b.act"]


def test_staff_page_requires_login_and_a_ledger_role(client, people, trail) -> None:  # type: ignore[no-untyped-def]
    url = reverse("ledger:entry_list")
    assert client.get(url).status_code == 302
    client.force_login(people.officer_a)
    assert client.get(url).status_code == 403
    client.force_login(people.town_head)
    body = client.get(url).content.decode()
    assert "case.officer_a.act" in body and "case.officer_b.act" not in body


def test_public_roots_page_shows_roots_and_never_payloads(client, trail) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("ledger:roots"))
    assert response.status_code == 200
    body = response.content.decode()
    assert trail.root.root_hash in body and "2025-03-03" in body
    assert SECRET not in body and "secret" not in body
    for e in trail.entries.values():
        assert e.action not in body


def test_public_api_roots_and_proofs_carry_hashes_only(client, trail) -> None:  # type: ignore[no-untyped-def]
    roots = client.get("/api/v1/ledger/roots")
    assert roots.status_code == 200
    assert roots.json()[0] == {
        "day": "2025-03-03",
        "tree_size": 5,
        "first_seq": 1,
        "last_seq": 5,
        "root_hash": trail.root.root_hash,
    }
    one = client.get("/api/v1/ledger/roots/2025-03-03")
    assert one.status_code == 200 and one.json()["root_hash"] == trail.root.root_hash
    assert client.get("/api/v1/ledger/roots/2025-03-09").status_code == 404
    assert client.get("/api/v1/ledger/roots/garbage").status_code == 422
    e = trail.entries["dept_officer"]
    proof = client.get(f"/api/v1/ledger/proof/{e.seq}")
    assert proof.status_code == 200
    data = proof.json()
    assert data["entry_hash"] == e.entry_hash and data["root_hash"] == trail.root.root_hash
    assert SECRET not in proof.content.decode() and "payload" not in data
    from zhifa.ledger import merkle

    assert merkle.verify_inclusion(
        leaf_data=bytes.fromhex(data["entry_hash"]),
        leaf_index=data["leaf_index"],
        tree_size=data["tree_size"],
        path=[bytes.fromhex(p) for p in data["audit_path"]],
        root=bytes.fromhex(roots.json()[0]["root_hash"]),
    )
    assert client.get("/api/v1/ledger/proof/999").status_code == 404
    assert client.get("/api/v1/ledger/proof/0").status_code == 404
    last = LedgerEntry.objects.order_by("-seq").first()
    assert client.get(f"/api/v1/ledger/proof/{last.seq}").status_code == 404  # not sealed yet


def test_api_entries_are_scoped_and_refused_to_others(client, people, trail) -> None:  # type: ignore[no-untyped-def]
    url = "/api/v1/ledger/entries"
    assert client.get(url).status_code == 401
    client.force_login(people.officer_a)
    assert client.get(url).status_code == 403
    client.force_login(people.town_head)
    data = client.get(url).json()
    assert [e["action"] for e in data["entries"]] == ["case.officer_a.act"]
    client.force_login(people.supervisor)
    data = client.get(url, {"limit": 2}).json()
    assert len(data["entries"]) == 2 and data["next_before"] == data["entries"][-1]["seq"]
    rest = client.get(url, {"before": data["next_before"], "action": "case."}).json()
    assert all(e["seq"] < data["next_before"] for e in rest["entries"])
    assert client.get(url, {"date_from": "nope"}).status_code == 422


def test_entries_for_subject(people, trail, county) -> None:  # type: ignore[no-untyped-def]
    history = list(entries_for_subject(user=people.head, subject=county.dept))
    assert [e.seq for e in history] == sorted(e.seq for e in trail.entries.values())
    assert list(entries_for_subject(user=people.head, subject=county.team_b)) == []
    inactive = UserFactory(is_active=False)
    assert list(entries_for_subject(user=inactive, subject=county.dept)) == []


def test_admin_is_read_only(client, trail) -> None:  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    e = trail.entries["system"]
    assert client.get(reverse("admin:ledger_ledgerentry_changelist")).status_code == 200
    assert client.get(reverse("admin:ledger_merkleroot_changelist")).status_code == 200
    assert client.get(reverse("admin:ledger_ledgerentry_add")).status_code == 403
    change = client.get(reverse("admin:ledger_ledgerentry_change", args=[e.seq]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.post(reverse("admin:ledger_ledgerentry_delete", args=[e.seq])).status_code == 403
    assert (
        client.post(
            reverse("admin:ledger_ledgerentry_change", args=[e.seq]), {"action": "x"}
        ).status_code
        == 403
    )
    assert LedgerEntry.objects.get(seq=e.seq).action == e.action
