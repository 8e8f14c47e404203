"""The admin shows obligations read-only; writes go through the services."""

from __future__ import annotations

from zhifa.deadlines.tests.conftest import open_obligation


def test_admin_lists_and_shows_read_only(admin_client, county) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept)
    response = admin_client.get("/admin/deadlines/obligation/")
    assert response.status_code == 200
    assert "R-1.2-12" in response.content.decode()
    response = admin_client.get(f"/admin/deadlines/obligation/{ob.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert admin_client.get("/admin/deadlines/obligation/add/").status_code == 403
    assert admin_client.post(f"/admin/deadlines/obligation/{ob.pk}/delete/").status_code == 403
