"""Project-wide test fixtures: a small county tree and one user per role; no network."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import pytest

from zhifa.accounts.constants import OrganisationKind, Role


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """``@pytest.mark.only_on("postgresql")``: a test of one database's own feature (TRUNCATE,
    SQLite's query planner) is not collected on the other database: it does not apply there."""
    from django.db import connection

    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("only_on")
        (drop if marker and connection.vendor not in marker.args else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may talk to the local database and local servers only."""
    real_connect = socket.socket.connect

    def guarded(self, address):  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise RuntimeError(f"network access in tests is not allowed: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Argon2 is deliberately slow; tests that check hashing ask for it explicitly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(db):  # type: ignore[no-untyped-def]
    """A miniature county: government, Justice Bureau, one department, two townships with teams."""
    from zhifa.accounts.tests.factories import OrganisationFactory

    gov = OrganisationFactory(
        name="临猗县人民政府", code="gov", kind=OrganisationKind.COUNTY_GOVERNMENT
    )
    jb = OrganisationFactory(
        name="临猗县司法局", code="sfj", kind=OrganisationKind.JUSTICE_BUREAU, parent=gov
    )
    dept = OrganisationFactory(
        name="临猗县市场监督管理局",
        code="scjg",
        kind=OrganisationKind.COUNTY_ENFORCEMENT_DEPT,
        parent=gov,
    )
    town_a = OrganisationFactory(
        name="猗氏镇人民政府", code="yishi", kind=OrganisationKind.TOWNSHIP_GOVERNMENT, parent=gov
    )
    team_a = OrganisationFactory(
        name="猗氏镇综合行政执法队",
        code="yishi-team",
        kind=OrganisationKind.TOWNSHIP_TEAM,
        parent=town_a,
    )
    town_b = OrganisationFactory(
        name="嵋阳镇人民政府", code="meiyang", kind=OrganisationKind.TOWNSHIP_GOVERNMENT, parent=gov
    )
    team_b = OrganisationFactory(
        name="嵋阳镇综合行政执法队",
        code="meiyang-team",
        kind=OrganisationKind.TOWNSHIP_TEAM,
        parent=town_b,
    )
    police = OrganisationFactory(
        name="临猗县公安局", code="police", kind=OrganisationKind.PUBLIC_SECURITY
    )
    return SimpleNamespace(
        gov=gov,
        jb=jb,
        dept=dept,
        town_a=town_a,
        team_a=team_a,
        town_b=town_b,
        team_b=team_b,
        police=police,
    )


@pytest.fixture
def people(county):  # type: ignore[no-untyped-def]
    """One user per role, in the units where the role lives."""
    from zhifa.accounts.tests.factories import make_user

    return SimpleNamespace(
        officer_a=make_user(county.team_a, Role.OFFICER, username="officer_a"),
        officer_b=make_user(county.team_b, Role.OFFICER, username="officer_b"),
        dept_officer=make_user(county.dept, Role.OFFICER, username="dept_officer"),
        reviewer=make_user(county.dept, Role.LEGAL_REVIEWER, username="reviewer"),
        head=make_user(county.dept, Role.UNIT_HEAD, username="head"),
        town_head=make_user(county.town_a, Role.UNIT_HEAD, username="town_head"),
        archivist=make_user(county.dept, Role.ARCHIVIST, username="archivist"),
        supervisor=make_user(county.jb, Role.SUPERVISOR, username="supervisor"),
        leader=make_user(county.gov, Role.COUNTY_LEADER, username="leader"),
        admin=make_user(county.jb, Role.SYSADMIN, username="sysadmin"),
    )
