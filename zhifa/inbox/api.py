from datetime import datetime

from ninja import Router, Schema

from zhifa.inbox.selectors import message_list_for_user

router = Router()


class MessageOut(Schema):
    id: int
    category: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


@router.get("/messages", response=list[MessageOut], summary="My inbox (newest first, 100 max)")
def messages(request, unread: bool = False):  # type: ignore[no-untyped-def]
    return list(message_list_for_user(user=request.auth, unread_only=unread)[:100])
