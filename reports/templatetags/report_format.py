"""Numbers the Chinese way: 266.7万 on the page, the exact 2,667,000 on hover."""

from __future__ import annotations

from django import template
from django.utils import translation
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
    if not chinese():
        return f"{value:,}"  # 万 and 亿 mean nothing to an English reader
    if abs(value) >= YI:
        return _("%(number)s亿") % {"number": _trim(value / YI)}
    if abs(value) >= WAN:
        return _("%(number)s万") % {"number": _trim(value / WAN)}
    return f"{value:,}"


def chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")


@register.simple_tag
def wan(value: int | None) -> str:
    """<span title="exact">short</span>: readable at a glance, exact on hover."""
    if value is None:
        return "—"
    if abs(value) < WAN or not chinese():
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


# One format per table column: a column whose largest figure reaches this is written in 万 with
# one decimal throughout, any other exactly; in English always exactly.
WAN_COLUMN_FROM = 100_000


def column_style(values) -> str:
    """"wan" or "exact" for a column holding `values`."""
    largest = max((abs(v) for v in values if v is not None), default=0)
    return "wan" if chinese() and largest >= WAN_COLUMN_FROM else "exact"


@register.filter
def num(value: int | None, style: str = "exact") -> str:
    """A figure in its column's style (see column_style)."""
    if value is None:
        return "—"
    if style == "wan":
        return _("%(number)s万") % {"number": f"{value / WAN:.1f}"}
    return f"{value:,}"


@register.simple_tag
def figure_of(source, name):
    """source[name] of a dict, or the attribute `name` (templates cannot look up by a variable)."""
    if isinstance(source, dict):
        return source.get(name)
    return getattr(source, name, None)
