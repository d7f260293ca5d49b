"""What a monthly report shows, gathered from the monthly snapshots.

Every figure comes from the same places the dashboard reads: `MonthlySnapshot` rows for the
month (the dashboard's trend line), `reports.selectors.trend_of` for the 12 months and
`reports.selectors.worklist_of` for the 四清 list. Nothing is recounted here, so the report and
the dashboard cannot disagree. Nothing here checks scope either: the report is of the node it is
given, which its requester was allowed to see (or, scheduled, a federation built for its seniors).
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from counting.figures import FIGURE_FIELDS, Figures
from counting.months import month_start, next_month
from organizations.models import Employer, Level, Union, UnionStatus
from reports.models import MonthlySnapshot
from reports.selectors import trend_of, worklist_of


class SnapshotMissing(LookupError):
    """The month has no snapshot for the node yet (write it first)."""


@dataclass(frozen=True)
class NodeInfo:
    """The facts of a tree node the report prints: a plain record, since building 15,000
    model instances for a city costs more than the rest of the data put together."""

    pk: int
    path: str
    depth: int
    name: str
    level: str
    formation: str
    founded_on: datetime.date | None
    status: str

    @property
    def is_grassroots(self) -> bool:
        return self.level == Level.GRASSROOTS


@dataclass
class NodeRow:
    """One row of the summary (a child node) or of the detail (a grassroots union)."""

    node: Union | NodeInfo
    figures: Figures
    parent_name: str = ""
    is_own: bool = False  # the node's own facts, beside its children's
    label: str = ""  # shown instead of the node's name (the totals row)
    index: int = 0  # the No. column of the detail sheets


@dataclass
class ReportData:
    node: Union
    month: datetime.date
    totals: Figures
    children: list[NodeRow]
    unions: list[NodeRow]
    founded: list[NodeRow]
    uncovered: list[Employer]
    trend: list[tuple[datetime.date, Figures]]
    generated_by: str
    generated_at: datetime.datetime = field(default_factory=timezone.localtime)


def _subtree(node: Union) -> dict[str, NodeInfo]:
    """The node and its subtree, by path."""
    fields = [f.name for f in dataclasses.fields(NodeInfo)]
    nodes = Union.objects.filter(path__startswith=node.path).order_by().values_list(*fields)
    return {values[1]: NodeInfo(*values) for values in nodes}


def _snapshots(node: Union, month: datetime.date) -> dict[int, Figures]:
    """The month's snapshot rows of the subtree: the figures every sheet prints."""
    rows = MonthlySnapshot.objects.filter(month=month, node__path__startswith=node.path)
    # Figures' fields are declared in FIGURE_FIELDS order, so a row maps positionally.
    return {pk: Figures(*values) for pk, *values in rows.values_list("node_id", *FIGURE_FIELDS)}


def _summary(node: Union, tree: dict[str, NodeInfo], figures: dict[int, Figures]) -> list[NodeRow]:
    """Children in tree order, and the node's own facts when it has any (employers located at
    the federation itself), so that the rows add up to the totals row."""
    kids = [n for n in tree.values() if n.depth == node.depth + 1]
    kids.sort(key=lambda n: (n.level == Level.GRASSROOTS, n.path))
    rows = [NodeRow(kid, figures.get(kid.pk, Figures())) for kid in kids]
    own = figures[node.pk]
    for row in rows:
        own = own + Figures.of({k: -v for k, v in row.figures.as_dict().items()})
    if any(own.as_dict().values()) or not rows:
        rows.append(NodeRow(node, own, is_own=True))
    return rows


def _grassroots(tree: dict[str, NodeInfo], figures: dict[int, Figures]) -> list[NodeRow]:
    step = Union.steplen
    rows = []
    for path, union in sorted(tree.items()):
        if union.level != Level.GRASSROOTS or union.status == UnionStatus.DISSOLVED:
            continue
        parent = tree.get(path[:-step])
        rows.append(NodeRow(union, figures.get(union.pk, Figures()), parent.name if parent else ""))
    return rows


def _founded_in(rows: list[NodeRow], month: datetime.date) -> list[NodeRow]:
    """The unions the dashboard counts as new in the month (built and founded in it)."""
    end = next_month(month)
    return [
        row
        for row in rows
        if row.node.status == UnionStatus.ACTIVE
        and row.node.founded_on is not None
        and month <= row.node.founded_on < end
    ]


def generated_by_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def report_data(*, node: Union, month: datetime.date, by: str = "") -> ReportData:
    """Everything the workbook shows for `node` and `month`; `by` names the author ("" for a
    scheduled build). The caller has checked that whoever asked may see `node`."""
    month = month_start(month)
    figures = _snapshots(node, month)
    if node.pk not in figures:
        raise SnapshotMissing(f"no snapshot of node {node.pk} for {month:%Y-%m}")
    tree = _subtree(node)
    unions = _grassroots(tree, figures)
    return ReportData(
        node=node,
        month=month,
        totals=figures[node.pk],
        children=_summary(node, tree, figures),
        unions=unions,
        founded=_founded_in(unions, month),
        uncovered=list(worklist_of(node)),
        trend=trend_of(node, today=next_month(month)),
        generated_by=by,
    )
