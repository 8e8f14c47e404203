"""Requests that wait for a head reach the unit's heads' inbox (not the one who asked): a written
explanation in place of AV (R-1.3-07), a release of records (R-1.3-16) and an extension of the
legal review period (R-1.4-14)."""

from __future__ import annotations

import pytest

from zhifa.inbox.models import Message, MessageCategory
from zhifa.records.services.records import av_explanation_submit
from zhifa.records.services.releases import release_request
from zhifa.records.tests.test_access import stored_record

pytestmark = pytest.mark.django_db


def _inbox(user):  # type: ignore[no-untyped-def]
    return list(Message.objects.filter(recipient=user).values_list("title", "url", "category"))


def test_r_1_3_07_an_explanation_reaches_the_heads(world, case) -> None:  # type: ignore[no-untyped-def]
    av_explanation_submit(case=case, actor=world.o1, reason="执法记录仪突发故障，无法继续录像。")
    for head in (world.head, world.head2):
        (title, url, category), *_ = _inbox(head)
        assert "未音像记录的书面说明" in title and case.display_number in title
        assert url == "/records/explanations/" and category == MessageCategory.APPROVAL
    assert _inbox(world.o1) == [] and _inbox(world.o2) == []


def test_r_1_3_16_a_release_request_reaches_the_heads_but_not_the_requester(world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    release = release_request(
        actor=world.head,
        kind="external",
        recipient="临猗县人民法院",
        purpose="诉讼证据调取",
        records=[rf.record],
    )
    assert _inbox(world.head) == []  # the requester
    (title, url, _), *_ = _inbox(world.head2)
    assert "临猗县人民法院" in title and url == f"/records/releases/{release.pk}/"


def test_r_1_4_14_an_extension_request_reaches_the_heads(world) -> None:  # type: ignore[no-untyped-def]
    from zhifa.legal_review.services.clock import extension_request
    from zhifa.legal_review.tests.helpers import major_case, submit_complete

    case = major_case(world)
    submission = submit_complete(world, case)
    extension_request(submission=submission, actor=world.reviewer, reason="案情复杂。")
    (title, url, _), *_ = _inbox(world.head)
    assert "延长法制审核期限" in title and url == f"/legal-review/{submission.pk}/"
    assert _inbox(world.reviewer) == []
