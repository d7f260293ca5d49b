"""Reads for the dashboard and the work-list; every one starts from what the user may see.

The dashboard never scans the member table, nor the counters of every union below: it reads
the subtree roll-ups (counting.rollup) of the node and of each direct child.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from counting import rollup
from counting.figures import Figures
from counting.months import month_start
from counting.rules import LARGE_EMPLOYER, counted_employer_q
from organizations.models import Employer, Union, UnionStatus
from organizations.scope import require_within, scope_of
from organizations.selectors import employer_list, union_ancestors
from reports.models import MonthlySnapshot

CHILD_SORTS = (
    "name", "unions", "employers_covered", "employees", "members", "members_migrant",
    "members_female", "unionization_rate", "membership_rate", "unionization_rate_100",
)


def children_of(node: Union) -> QuerySet[Union]:
    return Union.objects.filter(path__startswith=node.path, depth=node.depth + 1)


def _subtrees(node: Union, kids: list[Union], today: datetime.date | None) -> tuple[Figures, dict[int, Figures]]:
    """The node's subtree figures and each child's, from the roll-ups (counting.rollup): one
    row for the node and one per child however many unions lie below; exact."""
    month = month_start(today or timezone.localdate())
    figures = rollup.subtree_figures([node.pk, *(kid.pk for kid in kids)], month=month)
    return figures.get(node.pk, Figures()), figures


def rollup_by_child(node: Union, *, today: datetime.date | None = None) -> dict[str, Figures]:
    """Figures of the subtree of `node`, keyed by child path; under node.path what is the
    node's own (its subtree less its children's: employers located there that no union covers)."""
    kids = list(children_of(node))
    total, figures = _subtrees(node, kids, today)
    groups = {kid.path: figures[kid.pk] for kid in kids if kid.pk in figures}
    groups[node.path] = total - sum(groups.values(), Figures())
    return groups


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
    kids = [] if node.is_grassroots else list(children_of(node))
    totals, figures = _subtrees(node, kids, today)
    children = [ChildRow(kid, figures.get(kid.pk, Figures())) for kid in kids]
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
    with its unions, members and coverage from the roll-ups (as the dashboard). Outside the user's subtree: 404."""
    require_within(user, node)
    if node.is_grassroots:
        return TreeLevel(node, [])
    kids = list(children_of(node))
    _total, figures = _subtrees(node, kids, today)
    rows = sorted(
        (ChildRow(kid, figures.get(kid.pk, Figures())) for kid in kids),
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
