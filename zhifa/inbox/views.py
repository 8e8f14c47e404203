from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhifa.inbox.selectors import message_get_for_user, message_list_for_user
from zhifa.inbox.services import message_mark_all_read, message_mark_read


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(
        message_list_for_user(user=request.user, unread_only=unread_only), 30
    ).get_page(request.GET.get("page"))
    return render(request, "inbox/list.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def message_open(request: HttpRequest, message_id: int) -> HttpResponse:
    message = message_get_for_user(user=request.user, message_id=message_id)
    if message is None:
        raise Http404
    message_mark_read(user=request.user, message=message)
    if message.url and url_has_allowed_host_and_scheme(message.url, allowed_hosts=None):
        return redirect(message.url)
    return redirect("inbox:list")


@login_required
@require_POST
def message_read_all(request: HttpRequest) -> HttpResponse:
    message_mark_all_read(user=request.user)
    return redirect("inbox:list")
