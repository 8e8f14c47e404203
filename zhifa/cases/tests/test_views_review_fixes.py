"""What the case page and the workbench show beside the steps (found on review)."""

from __future__ import annotations

from django.urls import reverse

from zhifa.cases.tests.test_decision import decided_case


def test_r_1_5_04_the_case_page_shows_the_units_similar_decisions(client, world):  # type: ignore[no-untyped-def]
    first = decided_case(world)
    second = decided_case(world)
    client.force_login(world.o1)
    body = client.get(reverse("cases:detail", args=[second.pk])).content.decode()
    assert 'data-testid="similar-decisions"' in body
    assert first.number in body  # the earlier decision of the unit for the same item
    # an officer of another unit does not see the case at all
    client.force_login(world.people.officer_b)
    assert client.get(reverse("cases:detail", args=[second.pk])).status_code == 404


def test_workbench_case_rows_say_what_each_case_waits_for_and_the_day_in_chinese(client, world):  # type: ignore[no-untyped-def]
    from zhifa.cases.tests.conftest import filed_case
    from zhifa.core import clock
    from zhifa.web.views import WEEKDAYS_ZH

    case = filed_case(world)
    client.force_login(world.o1)
    body = client.get(reverse("web:workbench")).content.decode()
    assert case.number in body
    assert "等待承办人调查取证" in body
    assert WEEKDAYS_ZH[clock.today().weekday()] in body
    for english in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        assert english not in body
