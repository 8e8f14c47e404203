"""Abuse control of the portal's forms: rate limits, the honeypot and the form-issued token.

- The client's address is never stored: :func:`client_hash` is an HMAC-SHA256 of ``REMOTE_ADDR``
  keyed with ``settings.SECRET_KEY`` (kept in ``PublicRequest.client_hash``).
- Submissions: at most :data:`SUBMISSIONS_PER_HOUR` per address in the last hour, counted from
  the database (so the limit holds across processes and restarts).
- Tracking look-ups: at most :data:`LOOKUPS_PER_MINUTE` per address and minute, counted in the
  cache (a guessing brake; the codes are unguessable anyway).
- Every form carries a signed token with the instant it was issued (:func:`form_token_issue`);
  a submission faster than :data:`MIN_FILL_SECONDS` is a robot, one older than
  :data:`MAX_FORM_AGE` must be submitted again (the page keeps what was typed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from zhifa.core import clock

SUBMISSIONS_PER_HOUR = 5
LOOKUPS_PER_MINUTE = 30
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = dt.timedelta(hours=4)
HONEYPOT_FIELD = "homepage"  # a field no person sees; robots fill it
TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret
_TOKEN_SALT = "zhifa.publication.portal-form"  # noqa: S105 - a namespace, not a secret


def client_hash(request: HttpRequest) -> str:
    """A keyed hash of the client's address: comparable, never reversible to the address."""
    addr = str(request.META.get("REMOTE_ADDR") or "")
    return hmac.new(
        settings.SECRET_KEY.encode(), f"portal-client:{addr}".encode(), hashlib.sha256
    ).hexdigest()


def submissions_exceeded(hashed: str) -> bool:
    """Whether this address already filed :data:`SUBMISSIONS_PER_HOUR` requests in the last hour."""
    from zhifa.publication.models import PublicRequest

    since = clock.now() - dt.timedelta(hours=1)  # a plain hour, not a legal time limit
    count = PublicRequest.objects.filter(client_hash=hashed, received_at__gte=since).count()
    return count >= SUBMISSIONS_PER_HOUR


def lookup_allowed(hashed: str) -> bool:
    """Count one tracking look-up; False once the address made :data:`LOOKUPS_PER_MINUTE` of
    them in the current minute."""
    minute = int(clock.now().timestamp() // 60)
    key = f"zhifa:portal-track:{hashed}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        used = 1
    return used <= LOOKUPS_PER_MINUTE


def form_token_issue() -> str:
    """A signed token holding the instant the form was handed out."""
    return signing.dumps({"t": clock.now().timestamp()}, salt=_TOKEN_SALT)


class TokenVerdict:
    OK = "ok"
    TOO_FAST = "too_fast"  # filled in faster than a person can: a robot
    STALE = "stale"  # handed out more than MAX_FORM_AGE ago: ask to submit again
    INVALID = "invalid"  # missing or forged


def form_token_check(token: str | None) -> str:
    """:class:`TokenVerdict` of a submitted token."""
    if not token or len(token) > 200:
        return TokenVerdict.INVALID
    try:
        data = signing.loads(token, salt=_TOKEN_SALT)
        issued = float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenVerdict.INVALID
    age = clock.now().timestamp() - issued
    if age < MIN_FILL_SECONDS:
        return TokenVerdict.TOO_FAST
    if age > MAX_FORM_AGE.total_seconds():
        return TokenVerdict.STALE
    return TokenVerdict.OK


TOKEN_MESSAGES = {
    TokenVerdict.TOO_FAST: "提交过快，请确认填写的内容后再次提交。",
    TokenVerdict.STALE: "页面打开时间过长（超过4小时），为安全起见请核对内容后再次提交；"
    "已填写的内容已保留。",
    TokenVerdict.INVALID: "页面已失效，请核对内容后再次提交；已填写的内容已保留。",
}
HONEYPOT_MESSAGE = "提交未通过校验，请刷新页面后重新填写。"
