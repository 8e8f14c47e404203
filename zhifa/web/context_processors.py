"""Template context for the staff shell: navigation by role and the unread inbox count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from zhifa.inbox.selectors import unread_count
    from zhifa.web.navigation import navigation_for

    return {
        "nav_items": navigation_for(user, request.path),
        "inbox_unread": unread_count(user=user),
    }
