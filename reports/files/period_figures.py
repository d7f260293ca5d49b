"""Figures of a period longer than a month (a quarter, a reporting year), from the snapshots.

Stocks (unions, members…) are those of a month end; flows (new unions, new members) are the
sum of the period's months, each month counting what it counted: a union founded and built at
its month's end, a member who joined in a month and was still a member at its end.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Sum

from counting.figures import FIGURE_FIELDS, Figures
from organizations.models import Level, Union
from reports.files.counties import Counties
from reports.files.monthly_report.data import NodeInfo, NodeRow, with_counties
from reports.models import MonthlySnapshot


def figures_at(month: datetime.date, ids: Iterable[int]) -> dict[int, Figures]:
    """The month-end figures of the nodes `ids` (a few dozen: a node and its children)."""
    rows = MonthlySnapshot.objects.filter(month=month, node_id__in=list(ids))
    return {pk: Figures(*values) for pk, *values in rows.values_list("node_id", *FIGURE_FIELDS)}


def flows_over(months: list[datetime.date], ids: Iterable[int]) -> dict[int, Figures]:
    """New unions and new members of the nodes `ids` summed over `months` (other figures 0)."""
    rows = (
        MonthlySnapshot.objects.filter(month__in=months, node_id__in=list(ids))
        .values("node_id")
        .annotate(u=Sum("unions_new"), m=Sum("members_new"))
        .order_by()
    )
    return {
        row["node_id"]: Figures(unions_new=row["u"] or 0, members_new=row["m"] or 0) for row in rows
    }


def minus(total: Figures, parts: Iterable[Figures]) -> Figures:
    """What is left of `total` once `parts` are taken out: a node's own level."""
    left = total.as_dict()
    for part in parts:
        for name, value in part.as_dict().items():
            left[name] -= value
    return Figures.of(left)


def founded_rows(
    node: Union,
    tree: dict[str, NodeInfo],
    figures: dict[int, Figures],
    months: list[datetime.date],
    counties: Counties,
) -> list[NodeRow]:
    """The grassroots unions founded in the period (as the snapshots of its months counted
    them), in tree order, with their figures at the period's end and their new members."""
    new = (
        MonthlySnapshot.objects.filter(
            month__in=months,
            unions_new__gt=0,
            node__level=Level.GRASSROOTS,
            node__path__startswith=node.path,
        )
        .values_list("node_id", flat=True)
        .distinct()
    )
    flows = flows_over(months, new)
    step = Union.steplen
    rows = []
    for path, union in sorted(tree.items()):
        if union.pk not in flows:
            continue
        parent = tree.get(path[:-step])
        rows.append(
            NodeRow(
                union,
                figures.get(union.pk, Figures()),
                parent.name if parent else "",
                new_members=flows[union.pk].members_new,
            )
        )
    return with_counties(rows, counties)
