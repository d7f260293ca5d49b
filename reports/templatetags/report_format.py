"""Numbers the Chinese way: 266.7万 on the page, the exact 2,667,000 on hover."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

WAN = 10_000
YI = 100_000_000


def _trim(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def wan_text(value: int | None) -> str:
    """266.7万 for 2,667,000; numbers below 10,000 are written out in full."""
    if value is None:
        return "—"
    if abs(value) >= YI:
        return _("%(number)s亿") % {"number": _trim(value / YI)}
    if abs(value) >= WAN:
        return _("%(number)s万") % {"number": _trim(value / WAN)}
    return f"{value:,}"


@register.simple_tag
def wan(value: int | None) -> str:
    """<span title="exact">short</span>: readable at a glance, exact on hover."""
    if value is None:
        return "—"
    if abs(value) < WAN:
        return f"{value:,}"  # already exact: nothing to hover for
    return format_html('<span class="wan" title="{}">{}</span>', f"{value:,}", wan_text(value))


@register.filter
def pct(value: float | None) -> str:
    """A rate in percent with one decimal; a dash when there was nothing to divide by."""
    if value is None:
        return "—"
    return f"{value:.1f}%"


@register.filter
def exact(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"
