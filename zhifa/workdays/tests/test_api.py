"""/api/v1/workdays/: public, same answers as the CLI, 4xx (never 500) on bad input."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> Client:
    return Client()  # anonymous: the calendar is public information


def test_add(api: Client) -> None:
    response = api.get(
        "/api/v1/workdays/add", {"start": "2025-09-26", "days": "7", "unit": "workday"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "start": "2025-09-26",
        "days": 7,
        "unit": "workday",
        "due": "2025-10-13",
        "provisional": False,
    }


def test_add_defaults_to_working_days_and_flags_provisional(api: Client) -> None:
    body = api.get("/api/v1/workdays/add", {"start": "2026-12-31", "days": "1"}).json()
    assert body == {
        "start": "2026-12-31",
        "days": 1,
        "unit": "workday",
        "due": "2027-01-04",
        "provisional": True,
    }
    body = api.get(
        "/api/v1/workdays/add", {"start": "2025-09-26", "days": "7", "unit": "day"}
    ).json()
    assert body["due"] == "2025-10-09"


def test_is_workday(api: Client) -> None:
    body = api.get("/api/v1/workdays/is-workday", {"date": "2025-10-11"}).json()
    assert body == {
        "date": "2025-10-11",
        "workday": True,
        "kind": "makeup_workday",
        "name": "国庆节",
        "provisional": False,
    }


def test_between(api: Client) -> None:
    body = api.get("/api/v1/workdays/between", {"start": "2025-09-26", "end": "2025-10-13"}).json()
    assert body == {"start": "2025-09-26", "end": "2025-10-13", "workdays": 7, "provisional": False}


@pytest.mark.parametrize(
    ("path", "params", "field", "code"),
    [
        ("add", {"start": "2025-13-01", "days": "7"}, "start", "invalid_date"),
        ("add", {"start": "2025-09-26", "days": "abc"}, "days", "invalid_count"),
        ("add", {"start": "2025-09-26", "days": "-3"}, "days", "invalid_count"),
        ("add", {"start": "2025-09-26", "days": "1e9"}, "days", "invalid_count"),
        ("add", {"start": "2025-09-26", "days": "7", "unit": "month"}, "unit", "invalid_unit"),
        ("add", {"days": "7"}, "start", "required"),
        ("add", {"start": "2025-09-26"}, "days", "required"),
        ("add", {"start": "2099-01-01", "days": "7"}, None, "workdays_out_of_range"),
        ("is-workday", {"date": "yesterday"}, "date", "invalid_date"),
        ("is-workday", {}, "date", "required"),
        ("between", {"start": "2025-09-26", "end": "2025-9-1"}, "end", "invalid_date"),
        ("between", {"start": "0001-01-01", "end": "9999-12-31"}, None, "workdays_out_of_range"),
    ],
)
def test_bad_input_is_a_4xx_with_code_message_field(api: Client, path, params, field, code) -> None:  # type: ignore[no-untyped-def]
    response = api.get(f"/api/v1/workdays/{path}", params)
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert body["message"]


def test_openapi_lists_the_endpoints(api: Client) -> None:
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/workdays/add",
        "/api/v1/workdays/is-workday",
        "/api/v1/workdays/between",
    } <= set(paths)
