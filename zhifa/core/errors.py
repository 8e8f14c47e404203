"""Domain errors raised by services; views and the API turn them into clear answers.

A domain error carries a message in Chinese for the user (what is wrong and what to do), a stable
machine code for the API, and optionally the field it concerns.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule or guard refused the request. HTTP 400/409 in the API; a form error in the UI."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class PermissionDenied(DomainError):
    """The user's role or scope does not allow the action."""

    status_code = 403

    def __init__(self, message: str = "您没有权限执行此操作。", *, code: str = "forbidden") -> None:
        super().__init__(message, code=code)


class TransitionNotAllowed(DomainError):
    """A state machine refused a transition from the current status."""

    status_code = 409

    def __init__(self, message: str, *, code: str = "transition_not_allowed") -> None:
        super().__init__(message, code=code)
