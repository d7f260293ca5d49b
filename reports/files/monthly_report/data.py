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
from organizations.models import Employer, Level, Union
from reports.files.counties import Counties, counties_at
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
    county: str = ""  # the county column of the list sheets
    new_members: int = 0  # members new in a longer period (a quarter, a reporting year)


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
    counties: Counties = field(default_factory=lambda: Counties({}))
    generated_at: datetime.datetime = field(default_factory=timezone.localtime)


def month_tree(node: Union, month: datetime.date) -> tuple[dict[str, NodeInfo], dict[int, Figures], int]:
    """The node's subtree as it stood in the month's snapshot (a union that moved since is still
    where it was then), each node's figures, and the node's depth then.

    Rows written before the snapshots kept their path fall back to the present tree.
    """
    then = MonthlySnapshot.objects.filter(node=node, month=month).values_list("path", flat=True).first()
    if then is None:
        raise SnapshotMissing(f"no snapshot of node {node.pk} for {month:%Y-%m}")
    rows = MonthlySnapshot.objects.filter(month=month)
    rows = rows.filter(path__startswith=then) if then else rows.filter(node__path__startswith=node.path)
    # Figures' fields are declared in FIGURE_FIELDS order, so a row maps positionally.
    snaps = {pk: (path, Figures(*values))
             for pk, path, *values in rows.values_list("node_id", "path", *FIGURE_FIELDS)}
    fields = [f.name for f in dataclasses.fields(NodeInfo)]
    tree = {}
    for values in Union.objects.filter(pk__in=snaps).order_by().values_list(*fields):
        info = NodeInfo(*values)
        path = snaps[info.pk][0] or info.path
        tree[path] = dataclasses.replace(info, path=path, depth=len(path) // Union.steplen)
    depth = len(then) // Union.steplen if then else node.depth
    return tree, {pk: figures for pk, (_path, figures) in snaps.items()}, depth


def summary_rows(node: Union, tree: dict[str, NodeInfo], figures: dict[int, Figures],
             depth: int) -> list[NodeRow]:
    """Children in tree order, and the node's own facts when it has any (employers located at
    the federation itself), so that the rows add up to the totals row."""
    kids = [n for n in tree.values() if n.depth == depth + 1]
    kids.sort(key=lambda n: (n.level == Level.GRASSROOTS, n.path))
    rows = [NodeRow(kid, figures.get(kid.pk, Figures())) for kid in kids]
    own = figures[node.pk]
    for row in rows:
        own = own + Figures.of({k: -v for k, v in row.figures.as_dict().items()})
    if any(own.as_dict().values()) or not rows:
        rows.append(NodeRow(node, own, is_own=True))
    return rows


def grassroots_rows(tree: dict[str, NodeInfo], figures: dict[int, Figures]) -> list[NodeRow]:
    """The grassroots unions of the month: built at its end (founded by then, not dissolved by
    then, as the snapshot counted them), and any other that held members then (a preparation),
    so that the detail adds up to the totals' members."""
    step = Union.steplen
    rows = []
    for path, union in sorted(tree.items()):
        counted = figures.get(union.pk, Figures())
        if union.level != Level.GRASSROOTS or not (counted.unions or counted.members):
            continue
        parent = tree.get(path[:-step])
        rows.append(NodeRow(union, counted, parent.name if parent else ""))
    return rows


def _founded_in(rows: list[NodeRow]) -> list[NodeRow]:
    """The unions the snapshot counts as new in the month (built and founded in it)."""
    return [row for row in rows if row.figures.unions_new]


def generated_by_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def report_data(*, node: Union, month: datetime.date, by: str = "") -> ReportData:
    """Everything the workbook shows for `node` and `month`; `by` names the author ("" for a
    scheduled build). The caller has checked that whoever asked may see `node`."""
    month = month_start(month)
    tree, figures, depth = month_tree(node, month)
    counties = counties_at(month)
    unions = with_counties(grassroots_rows(tree, figures), counties)
    uncovered = list(worklist_of(node))
    for employer in uncovered:
        employer.county = counties.of(employer.node.path)
    return ReportData(
        node=node,
        month=month,
        totals=figures[node.pk],
        children=with_counties(summary_rows(node, tree, figures, depth), counties),
        unions=unions,
        founded=_founded_in(unions),
        uncovered=uncovered,
        trend=trend_of(node, today=next_month(month)),
        generated_by=by,
        counties=counties,
    )


def with_counties(rows: list[NodeRow], counties: Counties) -> list[NodeRow]:
    for row in rows:
        row.county = counties.of(row.node.path)
    return rows
