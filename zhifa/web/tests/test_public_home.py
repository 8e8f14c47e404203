"""The public portal's index lists the registries the rules make public, without a login."""

import pytest
from django.urls import reverse

from zhifa.web.public import PUBLIC_LINKS

pytestmark = pytest.mark.django_db


def test_public_home_links_every_public_registry_and_each_link_answers(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    body = response.content.decode()
    for link in PUBLIC_LINKS:
        url = reverse(link.url_name)
        assert url in body
        assert link.title in body
        # Every linked page is public: no login needed, no error.
        assert client.get(url).status_code == 200, url


def test_public_home_is_the_public_layout_even_for_a_signed_in_officer(client, county, people):
    """The portal shows the public frame, never the staff navigation or the user's session."""
    anonymous = client.get(reverse("portal:home"))
    assert anonymous.status_code == 200
    client.force_login(people.officer_a)
    body = client.get(reverse("portal:home")).content.decode()
    assert 'class="public"' in body
    assert "退出" not in body
    assert reverse("deadlines:board") not in body


def test_a_number_too_large_for_the_database_is_a_400_not_a_500(client, county, people, rf):
    """Input no view caught (an id beyond a 64-bit integer) gets the 400 page."""
    from django.contrib.auth.models import AnonymousUser

    from zhifa.web.middleware import BadInputMiddleware

    middleware = BadInputMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = rf.get("/anything/?id=99999999999999999999")
    request.user = AnonymousUser()
    response = middleware.process_exception(request, OverflowError("int too large"))
    assert response is not None and response.status_code == 400
    assert middleware.process_exception(request, ValueError("other")) is None
