"""The recount: every counter recomputed from the raw tables, compared, and (if asked) repaired.

The recount task, `manage.py recount` and the seeding use it; tests compare the live counters
with it after every kind of change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from counting import rollup
from counting.figures import FIGURE_FIELDS
from counting.live import UNION_COLUMNS, Delta, union_facts
from counting.models import COUNT_FIELDS, UNION_FIELDS, NodeCounts, SubtreeDelta, SubtreeTotals
from counting.months import month_start, next_month
from counting.rules import (
    KEPT_FIGURE,
    counted_employer_q,
    large_employer_q,
    member_figures_q,
    member_kept_q,
)
from members.models import Member, MemberStatus
from organizations.models import Employer, Level, Union

FIGURES = COUNT_FIELDS + ("members_new",)
CHECKED = FIGURES + UNION_FIELDS
_EMPTY = {**dict.fromkeys(FIGURES, 0), "path": None, "built": None, "unions_independent": None,
          "unions_joint": None, "founded_on": None}


def member_counts_fresh(*, month: datetime.date) -> dict[int, Delta]:
    """The member figures of every grassroots union, recomputed from the member table."""
    active = Q(status=MemberStatus.ACTIVE)
    joined = {"joined_on__gte": month, "joined_on__lt": next_month(month)}
    rows = (
        Member.objects.filter(active | member_kept_q())
        .values("union_id")
        .annotate(
            **{figure: Count("id", filter=active & q if q is not None else active)
               for figure, q in member_figures_q().items()},
            members_new=Count("id", filter=active & Q(**joined)),
            **{KEPT_FIGURE: Count("id", filter=member_kept_q())},
        )
        .order_by()
    )
    return {r.pop("union_id"): r for r in rows}


def employer_counts_fresh() -> dict[int, Delta]:
    """The employer figures of every node, recomputed from the employer table."""
    rows = (
        Employer.objects.filter(counted_employer_q()).annotate(key=Coalesce("union_id", "node_id"))
        .values("key")
        .annotate(
            employers=Count("id"),
            employers_100=Count("id", filter=large_employer_q()),
            employees=Sum("employees"),
            migrant_employees=Sum("migrant_employees"),
        )
        .order_by()
    )
    return {r.pop("key"): {k: int(v or 0) for k, v in r.items()} for r in rows}


def union_facts_fresh() -> dict[int, tuple[bool, dict]]:
    """Per node: is it a grassroots union, and the union facts its row repeats."""
    return {
        row["id"]: (row["level"] == Level.GRASSROOTS, union_facts(row))
        for row in Union.objects.values("id", *UNION_COLUMNS).order_by()
    }


@dataclass
class RecountResult:
    nodes_checked: int = 0
    differences: list[tuple[int, str, int, int]] = field(default_factory=list)  # node, figure, stored, fresh
    repaired: bool = False

    @property
    def clean(self) -> bool:
        return not self.differences


def counts_fresh(*, month: datetime.date, keep: Iterable[int] = ()) -> dict[int, dict]:
    """What every counters row should hold: figures from the raw tables plus the union facts.

    Every grassroots union has a row; a federation only if some employer counts there, or it
    has a row already (`keep`: its figures may have dropped to zero).
    """
    keep = set(keep)
    fresh: dict[int, dict] = {}
    for source in (employer_counts_fresh(), member_counts_fresh(month=month)):
        for node_id, figures in source.items():
            row = fresh.setdefault(node_id, dict.fromkeys(FIGURES, 0))
            row.update({k: int(v or 0) for k, v in figures.items()})
    for node_id, (grassroots, facts) in union_facts_fresh().items():
        if grassroots or node_id in fresh or node_id in keep:
            fresh.setdefault(node_id, dict.fromkeys(FIGURES, 0)).update(facts)
    return fresh


def _stored_figures(row: NodeCounts, month: datetime.date) -> dict:
    figures = {f: getattr(row, f) for f in COUNT_FIELDS + UNION_FIELDS}
    figures["members_new"] = row.members_new if row.new_month == month else 0
    return figures


@transaction.atomic
def counts_rebuild(*, repair: bool = True) -> RecountResult:
    """Recompute every counter from the raw tables; report and (if asked) repair differences."""
    if connection.vendor == "postgresql":
        # Writers update the counters before they commit (and write the roll-ups' deltas after
        # that, in the same transaction); holding these locks means every change is either
        # fully in what we read or waits until we are done, and no fold runs meanwhile.
        tables = ", ".join(m._meta.db_table for m in (NodeCounts, SubtreeTotals, SubtreeDelta))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
    month = month_start(timezone.localdate())
    stored = {row.node_id: row for row in NodeCounts.objects.all()}
    fresh = counts_fresh(month=month, keep=stored)
    result = RecountResult(nodes_checked=len(set(fresh) | set(stored)))
    to_create, to_update = [], []
    for node_id in sorted(set(fresh) | set(stored)):
        row = stored.get(node_id)
        want = fresh[node_id]
        have = _stored_figures(row, month) if row else _EMPTY
        diff = [(node_id, f, have[f], want[f]) for f in CHECKED if have[f] != want[f]]
        result.differences.extend(diff)
        if row is None:
            to_create.append(NodeCounts(node_id=node_id, new_month=month, **want))
        elif diff or row.new_month != month:
            for f, v in want.items():
                setattr(row, f, v)
            row.new_month = month
            to_update.append(row)
    if repair:
        NodeCounts.objects.bulk_create(to_create, batch_size=2000)
        NodeCounts.objects.bulk_update(to_update, [*CHECKED, "new_month"], batch_size=2000)
        result.repaired = bool(to_create or to_update)
    _rollups_rebuild(fresh, month, result, repair=repair)
    return result


def rollups_fresh(fresh: dict[int, dict], *, month: datetime.date) -> dict[int, list[int]]:
    """Every node's subtree figures (FIGURE_FIELDS order) from fresh counters rows."""
    id_of = dict(Union.objects.values_list("path", "pk").order_by())
    totals: dict[int, list[int]] = {}
    for row in fresh.values():
        figures = rollup.contribution({"new_month": month, **row}, month)
        values = [figures[f] for f in FIGURE_FIELDS]
        if not any(values):
            continue
        for path in rollup.ancestors(row["path"]):
            into = totals.setdefault(id_of[path], [0] * len(FIGURE_FIELDS))
            for i, value in enumerate(values):
                into[i] += value
    return totals


def _rollups_rebuild(fresh: dict[int, dict], month: datetime.date, result: RecountResult, *,
                     repair: bool) -> None:
    """Compare every node's roll-up (folded + pending deltas) with the fresh counters rows;
    repair a differing node by replacing its folded row and dropping its deltas."""
    want = rollups_fresh(fresh, month=month)
    have = {pk: [getattr(f, name) for name in FIGURE_FIELDS]
            for pk, f in rollup.subtree_figures(None, month=month).items()}
    zero = [0] * len(FIGURE_FIELDS)
    wrong = []
    for node_id in sorted(set(want) | set(have)):
        stored, right = have.get(node_id, zero), want.get(node_id, zero)
        diff = [(node_id, f"subtree.{name}", a, b)
                for name, a, b in zip(FIGURE_FIELDS, stored, right) if a != b]
        if diff:
            wrong.append(node_id)
            result.differences.extend(diff)
    if not (repair and wrong):
        return
    for start in range(0, len(wrong), 5000):
        chunk = wrong[start:start + 5000]
        SubtreeDelta.objects.filter(node_id__in=chunk).delete()
        SubtreeTotals.objects.filter(node_id__in=chunk).delete()
    SubtreeTotals.objects.bulk_create([
        SubtreeTotals(node_id=pk, month=month, **dict(zip(FIGURE_FIELDS, want[pk])))
        for pk in wrong if pk in want
    ], batch_size=2000)
    result.repaired = True
