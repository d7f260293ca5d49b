"""Subtree figures that cost the same to read at every level of the tree (DESIGN.md §4).

A node's figures are those of every counters row (NodeCounts) in its subtree. Summing those
rows on each read costs one row per grassroots union below: 15,000 for a city, 150,000 for a
province. Instead each node keeps its subtree's figures, so a dashboard reads one row for the
node and one per direct child, whatever lies below.

Why a ledger and not a running total per node: a running total would be one hot row per city
and province that every member insert of the city must lock and update, one writer at a time.
Here a change INSERTs one `SubtreeDelta` row per ancestor of the changed counters row (itself
included), in the writer's transaction: inserts lock nothing another writer waits for. A fold
job (`totals_fold`, every 10 s by Celery beat: reports-totals-fold) adds the committed deltas into
`SubtreeTotals` (one row per node) and deletes them, in one transaction.

How fresh: exact. A read sums the node's folded row and its deltas not folded yet, in one SQL
statement (one snapshot, so a fold committing meanwhile is seen entirely or not at all); the
fold only keeps that second part short. Month ends stay exact: the snapshots are computed from
the raw tables (counting.month_end), not from here.

`contribution` is the one definition of what a counters row adds to the figures above it; the
recount (counting.recount) rebuilds these rows from a fresh count with it and compares.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Q, QuerySet

from counting.figures import FIGURE_FIELDS, Figures
from counting.models import SubtreeDelta, SubtreeTotals
from counting.months import month_start
from counting.rules import EMPLOYER_FIGURES, KEPT_FIGURE, MEMBER_FIGURES
from organizations.models import Union

# Figures of one month: a row (folded or not) of an earlier month reads as zero for these.
MONTHLY = ("unions_new", "members_new")
_MONTHLY_AT = {FIGURE_FIELDS.index(f) for f in MONTHLY}
_PLAIN_COPIED = (
    "unions_independent",
    "unions_joint",
    *EMPLOYER_FIGURES,
    *MEMBER_FIGURES,
    KEPT_FIGURE,
)
FOLD_BATCH = 10_000

Rollup = dict[str, int]


def contribution(row: Mapping | None, month: datetime.date) -> Rollup:
    """What one counters row (a dict of NodeCounts fields) adds to every node above it in `month`."""
    if row is None:
        return {}
    built = bool(row["built"])
    founded = row["founded_on"]
    figures = {f: row[f] for f in _PLAIN_COPIED}
    figures["employers_covered"] = row["employers"] if built else 0
    figures["employers_100_covered"] = row["employers_100"] if built else 0
    figures["unions_new"] = int(built and founded is not None and month_start(founded) == month)
    figures["members_new"] = row["members_new"] if row["new_month"] == month else 0
    return figures


def ancestors(path: str) -> list[str]:
    """The paths of a node's ancestors, top down, and its own last."""
    step = Union.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _add(into: dict[str, Rollup], path: str, figures: Mapping[str, int], sign: int) -> None:
    bucket = into.setdefault(path, defaultdict(int))
    for name, value in figures.items():
        bucket[name] += sign * value


def deltas_record(by_path: Mapping[str, Mapping[str, int]], *, month: datetime.date) -> None:
    """Ledger rows: `by_path[p]` adds to the subtree figures of the node at path p."""
    wanted = {p: d for p, d in by_path.items() if any(d.values())}
    if not wanted:
        return
    ids = dict(Union.objects.filter(path__in=list(wanted)).values_list("path", "pk"))
    SubtreeDelta.objects.bulk_create(
        [
            SubtreeDelta(node_id=ids[path], month=month, **figures)
            for path, figures in sorted(wanted.items())
            if path in ids  # a drifted path has no node
        ]
    )


def rows_changed(
    changes: Iterable[tuple[Mapping | None, Mapping | None]], *, month: datetime.date
) -> None:
    """Counters rows changed from `before` to `after` (None: no row): the roll-ups follow."""
    by_path: dict[str, Rollup] = {}
    for before, after in changes:
        for row, sign in ((before, -1), (after, +1)):
            if row is not None:
                figures = contribution(row, month)
                for path in ancestors(row["path"]):
                    _add(by_path, path, figures, sign)
    deltas_record(by_path, month=month)


def subtree_moved(*, old_path: str, new_path: str, month: datetime.date) -> None:
    """A subtree moved from under `old_path`'s ancestors to `new_path`'s: its figures go along.

    The moved node's own roll-up (and those below it) are unchanged."""
    root = Union.objects.filter(path=new_path).values_list("pk", flat=True).first()
    figures = subtree_figures([root], month=month).get(root) if root else None
    if figures is None:
        return
    before, after = ancestors(old_path)[:-1], ancestors(new_path)[:-1]
    common = set(before) & set(after)
    by_path: dict[str, Rollup] = {}
    for paths, sign in ((before, -1), (after, +1)):
        for path in paths:
            if path not in common:
                _add(by_path, path, figures.as_dict(), sign)
    deltas_record(by_path, month=month)


def _summed(rows: Iterable[tuple], month: datetime.date) -> dict[int, Figures]:
    totals: dict[int, list[int]] = {}
    for node_id, row_month, *values in rows:
        into = totals.setdefault(node_id, [0] * len(FIGURE_FIELDS))
        for i, value in enumerate(values):
            if i not in _MONTHLY_AT or row_month == month:
                into[i] += value
    return {pk: Figures(**dict(zip(FIGURE_FIELDS, values))) for pk, values in totals.items()}


def subtree_figures(
    nodes: Iterable[int] | QuerySet | None, *, month: datetime.date
) -> dict[int, Figures]:
    """The exact subtree figures of `nodes` (ids or a queryset of ids; None: every node):
    folded rows plus deltas not folded yet, in one statement. A node with nothing is absent."""
    columns = ("node_id", "month", *FIGURE_FIELDS)
    where = Q() if nodes is None else Q(node_id__in=nodes)
    folded = SubtreeTotals.objects.filter(where).values_list(*columns).order_by()
    pending = SubtreeDelta.objects.filter(where).values_list(*columns).order_by()
    return _summed(folded.union(pending, all=True), month)


def _fold_into(total: SubtreeTotals, delta: Mapping) -> None:
    for name in FIGURE_FIELDS:
        if name not in MONTHLY:
            setattr(total, name, getattr(total, name) + delta[name])
    if delta["month"] == total.month:
        for name in MONTHLY:
            setattr(total, name, getattr(total, name) + delta[name])
    elif total.month is None or (delta["month"] and delta["month"] > total.month):
        total.month = delta["month"]  # a new month: last month's new unions/members read as 0
        for name in MONTHLY:
            setattr(total, name, delta[name])


@transaction.atomic
def _fold_batch() -> int:
    # SKIP LOCKED: two folds at once take different rows; inserts not committed are unseen.
    pending = list(
        SubtreeDelta.objects.select_for_update(skip_locked=True)
        .order_by("pk")
        .values("pk", "node_id", "month", *FIGURE_FIELDS)[:FOLD_BATCH]
    )
    if not pending:
        return 0
    by_node: dict[int, list[dict]] = defaultdict(list)
    for delta in pending:
        by_node[delta["node_id"]].append(delta)
    totals = {
        t.node_id: t
        for t in SubtreeTotals.objects.select_for_update()
        .filter(node_id__in=list(by_node))
        .order_by("node_id")
    }
    fresh = []
    for node_id, deltas in by_node.items():
        total = totals.get(node_id)
        if total is None:
            total = SubtreeTotals(node_id=node_id)
            fresh.append(total)
        for delta in sorted(deltas, key=lambda d: (d["month"] or datetime.date.min, d["pk"])):
            _fold_into(total, delta)
    SubtreeTotals.objects.bulk_create(fresh, batch_size=2000)
    SubtreeTotals.objects.bulk_update(
        [t for t in totals.values()], [*FIGURE_FIELDS, "month"], batch_size=2000
    )
    SubtreeDelta.objects.filter(pk__in=[d["pk"] for d in pending]).delete()
    return len(pending)


def totals_fold(*, batches: int = 20) -> int:
    """Fold the committed deltas into the totals (the beat's job); returns how many."""
    folded = 0
    for _ in range(batches):
        done = _fold_batch()
        folded += done
        if done < FOLD_BATCH:
            break
    return folded
