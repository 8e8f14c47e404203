"""The staff shell: workbench, health check and the friendly error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache

from zhifa.core import clock
from zhifa.inbox.selectors import message_list_for_user, unread_count
from zhifa.web.workbench import workbench_panels

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = clock.today()
    context = {
        "today": today,
        "weekday": WEEKDAYS_ZH[today.weekday()],
        "unread": unread_count(user=user),
        "recent_messages": list(message_list_for_user(user=user)[:5]),
        "panels": workbench_panels(user),
    }
    return render(request, "web/workbench.html", context)


def public_home(request: HttpRequest) -> HttpResponse:
    """The old address of the public portal's index: a permanent redirect to /portal/."""
    return redirect("portal:home", permanent=True)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For monitoring: 200 with {"status": "ok"} when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse(
            {"status": "error", "database": str(exc.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "time": clock.now().isoformat()})


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    # Rendered without the request context: an error page must not depend on what failed
    # (navigation, the inbox count, the database).
    html = loader.get_template("web/error.html").render(
        {"status": status, "title": title, "message": message}
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "请求有误", "提交的内容无法处理，请返回上一页检查后重试。")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "没有权限",
        "您没有查看此页面的权限。如有需要，请联系本单位负责人或系统管理员。",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 404, "页面不存在", "您要找的页面不存在，或者您无权查看。请检查地址或从导航进入。"
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the failure may be in the context itself.
    return _error(
        request,
        500,
        "系统出错了",
        "系统处理时出现错误，已记录。请稍后重试；如果反复出现，请联系系统管理员。",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "页面已过期",
        "页面停留时间过长或登录已失效，请刷新页面后重新提交。您填写的内容请先复制保存。",
    )


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Unknown API paths answer in the API's structured error format, not an HTML page."""
    return JsonResponse(
        {"code": "not_found", "message": "接口不存在，请查看 /api/v1/docs。", "field": None},
        status=404,
    )
