"""The portal's home page (no login): what is public and why, the decision search, the
certificate check, the latest decisions and the way to every directory page and request form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from zhifa.publication.selectors import DecisionFilters, portal_decision_page
from zhifa.web.public import portal_sections

LATEST_DECISIONS = 5


def _url_or_empty(name: str) -> str:
    """The request forms live in another part of the portal; a missing route hides the link."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """R-1.2-06 / R-1.2-07 / R-1.2-08: the portal's index, each section naming its rule."""
    page = portal_decision_page(DecisionFilters(), limit=LATEST_DECISIONS)
    return render(
        request,
        "publication/portal/home.html",
        {
            "sections": portal_sections(),
            "latest": page.rows,
            "correction_url": _url_or_empty("portal:correction_new"),
            "disclosure_url": _url_or_empty("portal:disclosure_new"),
            "track_url": _url_or_empty("portal:track"),
        },
    )
