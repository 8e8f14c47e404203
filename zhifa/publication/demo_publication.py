"""Demo: one decision drafted, checked by the legal reviewer, approved by the head and on the
portal — through the same services as the pages (R-1.12-05)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zhifa.accounts.models import User
from zhifa.core import clock
from zhifa.publication.services.publication import (
    publication_approve,
    publication_draft_from_case,
    publication_legal_check,
)

if TYPE_CHECKING:
    from zhifa.cases.models import Case


def demo_publish(*, case: Case, drafter: User, head: User, at: dt.datetime) -> None:
    reviewer = User.objects.filter(username="reviewer").first()
    if reviewer is None:
        return
    with clock.as_of(at):
        p = publication_draft_from_case(case=case, actor=drafter)
        publication_legal_check(
            publication=p,
            actor=reviewer,
            approve=True,
            note="决定信息合法、适当，个人信息已按规定处理，同意公开。",
            masking_confirmed=True,
        )
        publication_approve(publication=p, actor=head, approve=True)
