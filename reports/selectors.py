"""Reads for the dashboard and the work-list; every one starts from what the user may see.

The dashboard never scans the member table: it sums the per-node counters (NodeCounts) of the
subtree, grouped by child, in one query over the union tree (about 15,000 rows for a city).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from counting.figures import Figures
from counting.models import NodeCounts
from counting.months import month_start, next_month
from counting.rules import LARGE_EMPLOYER, counted_employer_q
from organizations.models import Employer, Union, UnionStatus
from organizations.scope import require_within, scope_of
from organizations.selectors import employer_list, union_ancestors
from reports.models import MonthlySnapshot

CHILD_SORTS = (
    "name", "unions", "employers_covered", "employees", "members", "members_migrant",
    "members_female", "unionization_rate", "membership_rate", "unionization_rate_100",
)


def _rollup_aggregates(month: datetime.date) -> dict:
    """SQL aggregates over counters rows: the live figures of a group of them."""
    built = Q(built=True)
    return {
        "unions_independent": Sum("unions_independent"),
        "unions_joint": Sum("unions_joint"),
        "unions_new": Count("pk", filter=built & Q(founded_on__gte=month, founded_on__lt=next_month(month))),
        "employers": Sum("employers"),
        "employers_covered": Sum("employers", filter=built),
        "employers_100": Sum("employers_100"),
        "employers_100_covered": Sum("employers_100", filter=built),
        "employees": Sum("employees"),
        "migrant_employees": Sum("migrant_employees"),
        "members": Sum("members"),
        "members_female": Sum("members_female"),
        "members_migrant": Sum("members_migrant"),
        "members_new_form": Sum("members_new_form"),
        "members_eight_group": Sum("members_eight_group"),
        "members_new": Sum("members_new", filter=Q(new_month=month)),
        "members_kept": Sum("members_kept"),
    }


def rollup_by_child(node: Union, *, today: datetime.date | None = None) -> dict[str, Figures]:
    """Figures of the subtree of `node`, keyed by child path (node.path: the node's own facts).

    One query over the counters rows of the subtree (about 15,000 for a whole city).
    """
    month = month_start(today or timezone.localdate())
    width = (node.depth + 1) * Union.steplen
    rows = (
        NodeCounts.objects.filter(path__startswith=node.path)
        .annotate(key=Substr("path", 1, width))
        .values("key")
        # Aliases must differ from the column names they sum.
        .annotate(**{f"total_{k}": v for k, v in _rollup_aggregates(month).items()})
        .order_by()
    )
    return {
        row.pop("key"): Figures.of({k.removeprefix("total_"): v for k, v in row.items()})
        for row in rows
    }


@dataclass
class ChildRow:
    node: Union
    figures: Figures


@dataclass
class Dashboard:
    node: Union
    totals: Figures
    children: list[ChildRow]
    breadcrumb: list[Union]
    trend: list[tuple[datetime.date, Figures]] = field(default_factory=list)


def dashboard_node(*, user: AbstractBaseUser, pk: int | None) -> Union:
    """The node to show: the user's own by default; 404 outside the user's subtree."""
    scope = scope_of(user)
    node = scope if pk is None else Union.objects.filter(pk=pk).first()
    if node is None:
        raise Http404
    require_within(user, node)
    return node


def _sort_key(sort: str):
    name = sort.lstrip("-")
    if name == "name":
        return lambda row: row.node.name
    # Rates may be None (nothing to divide by): those sort below every real figure.
    return lambda row: (getattr(row.figures, name) is not None, getattr(row.figures, name) or 0)


def dashboard_get(
    *, user: AbstractBaseUser, node: Union, sort: str = "", today: datetime.date | None = None
) -> Dashboard:
    require_within(user, node)
    groups = rollup_by_child(node, today=today)
    totals = sum(groups.values(), Figures())
    children = []
    if not node.is_grassroots:
        kids = Union.objects.filter(path__startswith=node.path, depth=node.depth + 1)
        children = [ChildRow(kid, groups.get(kid.path, Figures())) for kid in kids]
    if sort.lstrip("-") in CHILD_SORTS:
        children.sort(key=_sort_key(sort), reverse=sort.startswith("-"))
    else:
        # Federations first, then the unions with most members.
        children.sort(key=lambda r: (r.node.is_grassroots, -r.figures.members, r.node.path))
    return Dashboard(
        node=node, totals=totals, children=children,
        breadcrumb=union_ancestors(user=user, node=node),
        trend=trend_of(node, today=today),
    )


TREE_LEVEL_LIMIT = 200


@dataclass
class TreeLevel:
    """One level of the 组织树: the children of a node with their figures, and how many more
    there are than the page lists (a township may hold hundreds of unions)."""

    node: Union
    rows: list[ChildRow]
    more: int = 0


def tree_children(
    *, user: AbstractBaseUser, node: Union, today: datetime.date | None = None
) -> TreeLevel:
    """The children of `node` for the tree page, federations first, then unions by name; each
    with its unions, members and coverage from the counters (one grouped query, as the
    dashboard). Outside the user's subtree: 404."""
    require_within(user, node)
    if node.is_grassroots:
        return TreeLevel(node, [])
    groups = rollup_by_child(node, today=today)
    kids = Union.objects.filter(path__startswith=node.path, depth=node.depth + 1)
    rows = sorted(
        (ChildRow(kid, groups.get(kid.path, Figures())) for kid in kids),
        key=lambda row: (row.node.is_grassroots, row.node.name, row.node.pk),
    )
    return TreeLevel(node, rows[:TREE_LEVEL_LIMIT], max(0, len(rows) - TREE_LEVEL_LIMIT))


def trend_of(node: Union, *, months: int = 12, today: datetime.date | None = None) -> list[tuple[datetime.date, Figures]]:
    """The last `months` month-end snapshots of the node, oldest first."""
    current = month_start(today or timezone.localdate())
    rows = MonthlySnapshot.objects.filter(node=node, month__lt=current).order_by("-month")[:months]
    return [(row.month, row.figures) for row in reversed(rows)]


WORKLIST_SORTS = {"employees": "employees", "-employees": "-employees", "name": "name",
                  "-name": "-name", "reason": "no_union_reason", "-reason": "-no_union_reason"}


def _uncovered(qs: QuerySet[Employer], sort: str) -> QuerySet[Employer]:
    no_union = Q(union__isnull=True) | ~Q(union__status=UnionStatus.ACTIVE)
    # A closed or moved-away employer is no one's work any more (counting.rules).
    qs = qs.filter(counted_employer_q(), no_union, employees__gte=LARGE_EMPLOYER)
    return qs.order_by(WORKLIST_SORTS.get(sort, "-employees"), "pk")


def worklist(
    *, user: AbstractBaseUser, node: Union | None = None, sort: str = "-employees"
) -> QuerySet[Employer]:
    """四清: employers with 100+ staff and no (active) union, in the user's scope."""
    return _uncovered(employer_list(user=user, node=node), sort)


def worklist_of(node: Union, *, sort: str = "-employees") -> QuerySet[Employer]:
    """The 四清 list under `node`, for a report being built: like `trend_of`, it takes a node
    whose scope was checked when the report was requested, and a scheduled report has no user."""
    return _uncovered(Employer.objects.within(node).select_related("node", "union"), sort)
