"""Keeping the per-node counters (NodeCounts) current, in the writer's own transaction.

Called by the services of this app and of `members`; nothing else writes the counters except
the recount (members.counts.counts_rebuild). Entry points:

* ``counts_apply(node_id, delta)`` — add a dict of figure deltas to one node's row; used by
  ``members.counts`` and by bulk writers (the roster import calls
  ``members.counts.counts_members_added(members)``, which groups per union and calls this).
* ``counts_employer_saving(employer)`` — call just before ``employer.save()``: compares the stored
  row with the one about to be saved and moves the difference.
* ``counts_tracking_cover(union=..., employer_ids=...)`` — a context manager around the bulk
  UPDATEs that change which employers a union covers.
* ``counts_union_saved(union)`` — call after a union is created or saved: refreshes the facts
  of the union that its row repeats (path, built, formation, founding date).
* ``employer_counts_fresh()`` / ``union_facts_fresh()`` — recomputed from the raw tables.

An employer counts at its covering union, or, while no union covers it, at the node where it
is located (see models_counts). When treebeard rewrites the paths of a subtree (a union moved
under another federation) the rows follow by the path_updated signal, in the same transaction.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from treebeard.mp_tree import path_updated

from organizations.models import Employer, Formation, Level, Union, UnionStatus
from organizations.models_counts import COUNT_FIELDS, LARGE_EMPLOYER, NodeCounts

Delta = dict[str, int]
EMPLOYER_COLUMNS = ("pk", "union_id", "node_id", "employees", "migrant_employees")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def counts_apply(node_id: int, delta: Mapping[str, int], *, month: datetime.date | None = None) -> None:
    """Add `delta` to a node's counters, creating the row if needed.

    `members_new` in the delta belongs to `month` (the current month): a row still holding an
    earlier month's figure starts again from zero.
    """
    delta = {k: v for k, v in delta.items() if v}
    if not delta:
        return
    updates = {f: F(f) + v for f, v in delta.items() if f in COUNT_FIELDS}
    new = delta.get("members_new", 0)
    if new:
        updates["members_new"] = Case(
            When(new_month=month, then=F("members_new") + new), default=Value(new)
        )
        updates["new_month"] = Value(month)
    if NodeCounts.objects.filter(pk=node_id).update(**updates):
        return
    initial = {f: v for f, v in delta.items() if f in COUNT_FIELDS}
    union = Union.objects.values(*UNION_COLUMNS).get(pk=node_id)
    try:
        # A savepoint: a concurrent writer may create the same row first.
        with transaction.atomic():
            NodeCounts.objects.create(
                node_id=node_id, new_month=month if new else None, members_new=new,
                **union_facts(union), **initial,
            )
    except IntegrityError:
        NodeCounts.objects.filter(pk=node_id).update(**updates)


UNION_COLUMNS = ("path", "level", "status", "formation", "founded_on")


def union_facts(union: Mapping) -> dict:
    """The facts of a union (a dict of UNION_COLUMNS) that its counters row repeats."""
    built = union["level"] == Level.GRASSROOTS and union["status"] == UnionStatus.ACTIVE
    return {
        "path": union["path"],
        "built": built,
        "unions_independent": int(built and union["formation"] == Formation.INDEPENDENT),
        "unions_joint": int(built and union["formation"] == Formation.JOINT),
        "founded_on": union["founded_on"],
    }


def counts_union_saved(union: Union) -> None:
    """Call after creating or saving a union (status, formation, founding date may have changed)."""
    facts = union_facts({c: getattr(union, c) for c in UNION_COLUMNS})
    if NodeCounts.objects.filter(pk=union.pk).update(**facts) or not union.is_grassroots:
        return  # a federation gets a row only once an employer counts there
    try:
        with transaction.atomic():
            NodeCounts.objects.create(node_id=union.pk, **facts)
    except IntegrityError:
        NodeCounts.objects.filter(pk=union.pk).update(**facts)


@receiver(path_updated, sender=Union, dispatch_uid="organizations.counts.paths")
def _paths_rewritten(sender, old_path: str, new_path: str, using: str, **kwargs) -> None:
    """A subtree moved: its rows take their unions' new paths (same transaction as the move)."""
    current = Union.objects.filter(pk=OuterRef("pk")).values("path")[:1]
    NodeCounts.objects.using(using).filter(node__path__startswith=new_path).update(
        path=Subquery(current)
    )


def union_facts_fresh() -> dict[int, tuple[bool, dict]]:
    """Per node: is it a grassroots union, and the union facts its row repeats."""
    return {
        row["id"]: (row["level"] == Level.GRASSROOTS, union_facts(row))
        for row in Union.objects.values("id", *UNION_COLUMNS).order_by()
    }


def counts_apply_many(deltas: Mapping[int, Mapping[str, int]], *, month: datetime.date | None = None) -> None:
    # Sorted: two writers touching the same rows lock them in the same order (no deadlock).
    for node_id in sorted(deltas):
        counts_apply(node_id, deltas[node_id], month=month)


def employer_facts(row: Mapping) -> tuple[int, Delta]:
    """Where an employer (a dict of EMPLOYER_COLUMNS) counts, and what it adds there."""
    employees = row["employees"] or 0
    return row["union_id"] or row["node_id"], {
        "employers": 1,
        "employers_100": int(employees >= LARGE_EMPLOYER),
        "employees": employees,
        "migrant_employees": row["migrant_employees"] or 0,
    }


def _accumulate(into: dict[int, Delta], rows: Iterable[Mapping], sign: int) -> None:
    for row in rows:
        key, facts = employer_facts(row)
        bucket = into.setdefault(key, defaultdict(int))
        for field, value in facts.items():
            bucket[field] += sign * value


def _stored(pks: list[int]) -> list[dict]:
    return list(Employer.objects.filter(pk__in=pks).values(*EMPLOYER_COLUMNS))


def counts_employer_saving(employer: Employer) -> None:
    """Call just before saving an employer (new or changed)."""
    deltas: dict[int, Delta] = {}
    if employer.pk:
        _accumulate(deltas, _stored([employer.pk]), -1)
    current = {c: getattr(employer, c) for c in EMPLOYER_COLUMNS}
    _accumulate(deltas, [current], +1)
    counts_apply_many(deltas)


@contextmanager
def counts_tracking_cover(*, union: Union, employer_ids: Iterable[int]) -> Iterator[None]:
    """Wrap the UPDATEs that change which employers `union` covers."""
    pks = list(
        Employer.objects.filter(Q(union=union) | Q(pk__in=list(employer_ids)))
        .values_list("pk", flat=True)
    )
    deltas: dict[int, Delta] = {}
    _accumulate(deltas, _stored(pks), -1)
    yield
    _accumulate(deltas, _stored(pks), +1)
    counts_apply_many(deltas)


def employer_counts_fresh() -> dict[int, Delta]:
    """The employer figures of every node, recomputed from the employer table."""
    rows = (
        Employer.objects.annotate(key=Coalesce("union_id", "node_id"))
        .values("key")
        .annotate(
            employers=Count("id"),
            employers_100=Count("id", filter=Q(employees__gte=LARGE_EMPLOYER)),
            employees=Sum("employees"),
            migrant_employees=Sum("migrant_employees"),
        )
        .order_by()
    )
    return {
        r.pop("key"): {k: int(v or 0) for k, v in r.items()} for r in rows
    }
