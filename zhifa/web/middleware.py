"""Security headers Django does not set by itself (CSP, Permissions-Policy)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# Every asset is vendored and served from our own origin; no inline scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
PERMISSIONS_POLICY = "camera=(self), microphone=(self), geolocation=(self), payment=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class BadInputMiddleware:
    """A last line against input no form caught: a number too large for a database integer
    (``OverflowError`` on SQLite, ``DataError`` "out of range" on PostgreSQL) is the client's
    mistake, so it gets the 400 page, never a 500. Views should still validate ids with
    ``zhifa.core.params.int_param``; this only keeps a missed spot from becoming a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import DataError

        if isinstance(exception, OverflowError | DataError):
            logger.warning("bad input on %s: %r", request.path, exception)
            from zhifa.web.views import bad_request

            return bad_request(request, exception)
        return None
