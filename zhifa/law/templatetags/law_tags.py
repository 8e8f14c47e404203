"""Template helpers of the law pages: status badges, type labels, time limits in Chinese, and
the light Markdown of rules.md (**bold**, `code`, rule ids linked to their pages)."""

from __future__ import annotations

import re

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhifa.accounts.constants import Role
from zhifa.law.catalogue import RULE_TYPE_LABELS
from zhifa.law.constants import STATUS_BADGE, RuleStatus
from zhifa.law.registry import is_registered
from zhifa.law.time_limits import (
    RESPONSIBLE_LABELS,
    TimeLimitSpec,
    describe_zh,
    period_zh,
)

register = template.Library()

_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
_CODE_RE = re.compile(r"`([^`]+)`")
_RULE_RE = re.compile(r"R-\d+\.\d+-\d+")


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGE.get(str(status), "badge-muted")


@register.filter
def status_label(status: str) -> str:
    try:
        return str(RuleStatus(status).label)
    except ValueError:
        return str(status)


@register.filter
def type_label(rule_type: str) -> str:
    return RULE_TYPE_LABELS.get(rule_type, rule_type)


@register.filter
def responsible_label(identifier: str) -> str:
    return RESPONSIBLE_LABELS.get(identifier, identifier)


@register.filter
def role_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(Role(value).label)
    except ValueError:
        return value


@register.filter
def time_limit_zh(spec: TimeLimitSpec | None) -> str:
    """The whole spec in Chinese words."""
    return describe_zh(spec) if spec is not None else ""


@register.filter
def time_limit_short(spec: TimeLimitSpec | None) -> str:
    """Period and start only, e.g. "7 个工作日，自执法决定作出之日起"."""
    if spec is None:
        return ""
    if spec.is_user_set:
        head = "无法定期限"
    else:
        head = period_zh(spec.duration, spec.unit)
        if spec.timing == "after":
            head = f"满 {head}后"
    if spec.recurring:
        head = f"{'每年' if spec.recurring == 'yearly' else '每季度'} · {head}"
    return f"{head}，{spec.start_text}"


@register.filter
def period(duration: int | None, unit: str) -> str:
    return period_zh(duration, unit)


@register.filter
def rule_markup(text: str) -> SafeString:
    """Escape, then render **bold** and `code`, and link registered rule ids."""
    html = escape(text)
    html = _BOLD_RE.sub(r"<strong>\1</strong>", html)
    html = _CODE_RE.sub(r"<code>\1</code>", html)

    def link(match: re.Match[str]) -> str:
        rule_id = match.group(0)
        if not is_registered(rule_id):
            return rule_id
        return f'<a href="{reverse("law:rule_detail", args=[rule_id])}">{rule_id}</a>'

    html = _RULE_RE.sub(link, html)
    return mark_safe(html)  # noqa: S308  (input escaped above; only our own tags added)
