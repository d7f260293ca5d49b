"""The statistics pages: the federations' rates of a node, and its breakdowns. Thin: parse,
call a selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from organizations.selectors import union_ancestors
from reports.selectors import dashboard_node
from reports.statistics import breakdowns, selectors
from reports.statistics.charts import chart_payload, ranked_rates, top_n
from reports.templatetags.report_format import column_style


def _common(request: HttpRequest, node, active: str) -> dict:
    return {
        "node": node,
        "active": active,
        "dimensions": breakdowns.DIMENSIONS.values(),
        "report_breadcrumb": union_ancestors(user=request.user, node=node),
    }


@login_required
def rates(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    node = dashboard_node(user=request.user, pk=pk)
    data = selectors.rates_get(user=request.user, node=node)
    rows = [data.totals] + [row.coverage for row in data.children]
    styles = {
        f: column_style(getattr(c, f) for c in rows)
        for f in (
            "employees",
            "employees_covered",
            "members",
            "members_migrant",
            "migrant_employees_covered",
        )
    }
    chart = chart_payload(
        ranked_rates(
            [
                (
                    row.node.name,
                    row.coverage.membership_rate,
                    reverse("statistics_node", args=[row.node.pk]),
                )
                for row in data.children
            ]
        ),
        label=str(data.definitions[2].label),
        unit="percent",
    )
    return render(
        request,
        "reports/statistics/rates.html",
        {
            **_common(request, node, "rates"),
            "data": data,
            "styles": styles,
            "chart": chart,
        },
    )


@login_required
def breakdown(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    node = dashboard_node(user=request.user, pk=pk)
    data = breakdowns.breakdown_get(user=request.user, node=node, key=key)
    styles = {
        name: column_style([c.figures[name] for c in data.categories] + [data.total.figures[name]])
        for name, _label in data.columns
    }
    child_style = column_style(
        [row.total for row in data.children] + [data.total.figures[data.columns[0][0]]]
    )
    chart = chart_payload(
        top_n([(c.label, c.figures[data.columns[0][0]], "") for c in data.categories]),
        label=str(data.columns[0][1]),
        unit="count",
    )
    return render(
        request,
        "reports/statistics/breakdown.html",
        {
            **_common(request, node, key),
            "data": data,
            "styles": styles,
            "child_style": child_style,
            "chart": chart,
        },
    )
