"""API authentication: the browser's session (with CSRF) or a bearer token for machines."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from zhifa.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(token_hash=ApiToken.hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


class BrowserSessionAuth(SessionAuth):
    """The browser's session, with Django's CSRF check — only when there is a signed-in session.

    ninja's ``SessionAuth`` runs the CSRF check before it looks at the session, so a machine
    client with a bearer token and no session (a body-camera dock uploading files) was refused
    with "CSRF check Failed" before the token was tried. Without a session user there is nothing
    for a forged request to ride on, so the check is skipped and the token decides.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


api_auth = [BrowserSessionAuth(), TokenAuth()]
