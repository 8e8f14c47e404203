from __future__ import annotations

import pytest
from django.urls import reverse

from zhifa.core.errors import PermissionDenied
from zhifa.inbox.models import Message
from zhifa.inbox.services import inbox_send, message_mark_read

pytestmark = pytest.mark.django_db


def test_send_dedupes_by_key(people):
    assert inbox_send(recipients=[people.officer_a], title="期限即将届满", dedupe_key="k1") == 1
    assert (
        inbox_send(
            recipients=[people.officer_a, people.head], title="期限即将届满", dedupe_key="k1"
        )
        == 1
    )
    assert Message.objects.filter(dedupe_key="k1").count() == 2


def test_only_the_recipient_reads_a_message(people):
    inbox_send(recipients=[people.officer_a], title="通知")
    message = Message.objects.get()
    with pytest.raises(PermissionDenied):
        message_mark_read(user=people.officer_b, message=message)
    message_mark_read(user=people.officer_a, message=message)
    message.refresh_from_db()
    assert message.read_at is not None


def test_inbox_page_shows_own_messages_only(client, people):
    inbox_send(recipients=[people.officer_a], title="给甲的通知")
    inbox_send(recipients=[people.officer_b], title="给乙的通知")
    client.force_login(people.officer_a)
    body = client.get(reverse("inbox:list")).content.decode()
    assert "给甲的通知" in body and "给乙的通知" not in body


def test_opening_another_persons_message_is_404(client, people):
    inbox_send(recipients=[people.officer_b], title="给乙的通知", url="/deadlines/")
    message = Message.objects.get()
    client.force_login(people.officer_a)
    assert client.post(reverse("inbox:open", args=[message.pk])).status_code == 404
    client.force_login(people.officer_b)
    response = client.post(reverse("inbox:open", args=[message.pk]))
    assert response.status_code == 302 and response["Location"] == "/deadlines/"


def test_external_links_are_not_followed(client, people):
    inbox_send(recipients=[people.officer_a], title="x", url="https://evil.example.com/")
    client.force_login(people.officer_a)
    response = client.post(reverse("inbox:open", args=[Message.objects.get().pk]))
    assert response["Location"] == reverse("inbox:list")


def test_unread_count_in_api(client, people):
    inbox_send(recipients=[people.officer_a], title="一")
    client.force_login(people.officer_a)
    data = client.get("/api/v1/inbox/messages?unread=true").json()
    assert [m["title"] for m in data] == ["一"]
