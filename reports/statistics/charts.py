"""What the statistics charts draw: sorted bars, the smallest folded into "others" so a long
list (20 industry sections, 200 unions) stays readable. Names travel as JSON (json_script) and
the chart script writes them as text, never as HTML."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.templatetags.report_format import chinese

TOP_N = 10


def top_n(items: list[tuple[str, float, str]], n: int = TOP_N) -> list[dict]:
    """The n largest (name, value, url) bars, largest first, and the rest summed as "Others"."""
    ranked = sorted(items, key=lambda item: -(item[1] or 0))
    bars = [{"name": name, "value": value, "url": url} for name, value, url in ranked[:n]]
    rest = ranked[n:]
    if rest:
        bars.append(
            {
                "name": _("Others (%(count)d)") % {"count": len(rest)},
                "value": sum(value or 0 for _name, value, _url in rest),
                "url": "",
            }
        )
    return bars


def ranked_rates(items: list[tuple[str, float | None, str]], n: int = 20) -> list[dict]:
    """Rates cannot be summed into "others": the n highest, highest first (no rate: left out)."""
    ranked = sorted((i for i in items if i[1] is not None), key=lambda item: -item[1])
    return [{"name": name, "value": round(value, 1), "url": url} for name, value, url in ranked[:n]]


def chart_payload(bars: list[dict], *, label: str, unit: str) -> dict:
    """`unit`: "count" or "percent". The 万 template only in Chinese (English: exact figures)."""
    return {
        "bars": bars,
        "label": label,
        "unit": unit,
        "wan": _("%(number)s万") if chinese() else "",
    }
