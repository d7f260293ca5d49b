"""Reads of the statistics pages (issue 14): the federations' rates of a node and its children,
and new unions and members in the month, quarter and year. Each starts from the user's scope.

The rates come from the per-union counters (`counting.models.NodeCounts`), never from the
member table: one GROUP BY over the subtree's rows, like the dashboard's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from counting.figures import Coverage, PeriodNew, rate_definitions
from counting.models import NodeCounts
from counting.months import month_start
from counting.rules import COVERED_FIGURES
from organizations.models import Union
from organizations.scope import require_within
from reports.models import MonthlySnapshot
from reports.selectors import rollup_by_child


def _coverage_aggregates() -> dict:
    built = Q(built=True)
    plain = {
        f: Sum(f)
        for f in (
            "employers",
            "employers_100",
            "employees",
            "migrant_employees",
            "members",
            "members_migrant",
        )
    }
    covered = {twin: Sum(figure, filter=built) for twin, figure in COVERED_FIGURES.items()}
    # Aliases must differ from the column names they sum.
    return {f"total_{k}": v for k, v in {**plain, **covered}.items()}


def coverage_by_child(node: Union) -> dict[str, Coverage]:
    """The rates' figures of the subtree of `node`, keyed by child path (node.path: its own)."""
    width = (node.depth + 1) * Union.steplen
    rows = (
        NodeCounts.objects.filter(path__startswith=node.path)
        .annotate(key=Substr("path", 1, width))
        .values("key")
        .annotate(**_coverage_aggregates())
        .order_by()
    )
    return {
        row.pop("key"): Coverage.of({k.removeprefix("total_"): v for k, v in row.items()})
        for row in rows
    }


@dataclass
class RateRow:
    node: Union
    coverage: Coverage


@dataclass
class Rates:
    node: Union
    totals: Coverage
    children: list[RateRow]
    definitions: tuple
    new: PeriodNew


def rates_get(*, user: AbstractBaseUser, node: Union, today: datetime.date | None = None) -> Rates:
    """The federations' rates of `node` and of each child (404 outside the user's subtree)."""
    require_within(user, node)
    groups = coverage_by_child(node)
    children = []
    if not node.is_grassroots:
        kids = Union.objects.filter(path__startswith=node.path, depth=node.depth + 1)
        children = [RateRow(kid, groups.get(kid.path, Coverage())) for kid in kids]
        children.sort(key=lambda r: (r.node.is_grassroots, -r.coverage.members, r.node.path))
    return Rates(
        node=node,
        totals=sum(groups.values(), Coverage()),
        children=children,
        definitions=rate_definitions(),
        new=period_new(node, today=today),
    )


def _quarter_start(month: datetime.date) -> datetime.date:
    return month.replace(month=(month.month - 1) // 3 * 3 + 1)


def period_new(node: Union, *, today: datetime.date | None = None) -> PeriodNew:
    """New unions and members of the month, the quarter and the year so far: the months that
    ended from their snapshots (each month's own new unions and members, as at its end), the
    running month from the counters."""
    month = month_start(today or timezone.localdate())
    figures = list(rollup_by_child(node, today=today).values())
    current = (sum(f.unions_new for f in figures), sum(f.members_new for f in figures))
    past = MonthlySnapshot.objects.filter(
        node=node,
        month__gte=month.replace(month=1),
        month__lt=month,
    ).values_list("month", "unions_new", "members_new")
    quarter, year = list(current), list(current)
    for when, unions, members in past:
        year[0] += unions
        year[1] += members
        if when >= _quarter_start(month):
            quarter[0] += unions
            quarter[1] += members
    return PeriodNew(month=current, quarter=tuple(quarter), year=tuple(year))
