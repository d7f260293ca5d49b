"""Keeping the per-node counters current, in the writer's own transaction.

The writers (the services of `organizations` and `members`, the roster import) announce each
change by a signal of their app's `signals` module; the receivers here, connected in
`CountingConfig.ready()`, turn it into counter deltas:

* a membership about to be saved (`member_saving`): the stored row is counted out, the new one in;
* memberships added or removed in bulk (`members_added` / `members_removed`): one UPDATE per union;
* an employer about to be saved (`employer_saving`), or the employers a union covers about to
  change (`cover_changing`): an operating employer counts at its covering union, or, while no
  union covers it, at the node where it is located; a closed one counts nowhere;
* a union saved (`union_saved`): the facts its row repeats (path, built, formation, founding);
* a subtree moved (treebeard's `path_updated`): the rows take their unions' new paths.

Nothing else writes the counters except the recount (`counting.recount`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from counting import rollup
from counting.models import COUNT_FIELDS, UNION_FIELDS, NodeCounts
from counting.months import month_start
from counting.rules import (
    KEPT_FIGURE,
    MEMBER_COLUMNS,
    employer_figures,
    is_built,
    is_counted_employer,
    is_counted_member,
    is_kept_member,
    member_figures,
)
from members.models import Member
from organizations.models import Employer, Formation, Union

Delta = dict[str, int]
Deltas = dict[int, Delta]
EMPLOYER_COLUMNS = ("pk", "union_id", "node_id", "employees", "migrant_employees", "status")
UNION_COLUMNS = ("path", "level", "status", "formation", "founded_on")


Row = dict
Change = tuple[Row | None, Row | None]  # a counters row before and after (None: no row)
ROW_FIELDS = UNION_FIELDS + COUNT_FIELDS + ("new_month", "members_new")
_BLANK_ROW: Row = {**dict.fromkeys(COUNT_FIELDS, 0), "new_month": None, "members_new": 0}


def _locked_row(node_id: int) -> Row | None:
    return NodeCounts.objects.select_for_update().filter(pk=node_id).values(*ROW_FIELDS).first()


def _row_write(node_id: int, change: Callable[[Row], Row], *,
               create: Callable[[], Mapping] | None) -> Change:
    """Change a node's counters row under its row lock (the UPDATE would take it anyway) and
    return it before and after, for the roll-ups (counting.rollup). A missing row is made from
    `create()` (a concurrent writer may win: then we change theirs); with no `create`, it stays
    missing."""
    before = _locked_row(node_id)
    if before is None:
        if create is None:
            return None, None
        after = change({**_BLANK_ROW, **create()})
        try:
            with transaction.atomic():  # a savepoint, so the losing INSERT spoils nothing else
                NodeCounts.objects.create(node_id=node_id, **after)
            return None, after
        except IntegrityError:
            before = _locked_row(node_id)
    after = change(dict(before))
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        NodeCounts.objects.filter(pk=node_id).update(**changed)
    return before, after


def _plus(delta: Mapping[str, int], month: datetime.date | None) -> Callable[[Row], Row]:
    """Add `delta` to a row; `members_new` in it belongs to `month` (the current month): a row
    still holding an earlier month's figure starts again from zero."""
    def change(row: Row) -> Row:
        for name, value in delta.items():
            if name in COUNT_FIELDS:
                row[name] += value
        new = delta.get("members_new", 0)
        if new:
            row["members_new"] = (row["members_new"] if row["new_month"] == month else 0) + new
            row["new_month"] = month
        return row
    return change


def counts_apply(node_id: int, delta: Mapping[str, int], *, month: datetime.date | None = None) -> Change:
    """Add `delta` to a node's counters, creating the row if needed."""
    delta = {k: v for k, v in delta.items() if v}
    if not delta:
        return None, None
    return _row_write(node_id, _plus(delta, month), create=lambda: union_facts(
        Union.objects.values(*UNION_COLUMNS).get(pk=node_id)))


def counts_apply_many(deltas: Mapping[int, Mapping[str, int]], *, month: datetime.date | None = None) -> None:
    # Sorted: two writers touching the same rows lock them in the same order (no deadlock).
    changes = [counts_apply(node_id, deltas[node_id], month=month) for node_id in sorted(deltas)]
    rollup.rows_changed(changes, month=month_start(timezone.localdate()))


def _add(into: Deltas, key: int, figures: Mapping[str, int], sign: int) -> None:
    bucket = into.setdefault(key, defaultdict(int))
    for name, value in figures.items():
        bucket[name] += sign * value


# --- unions -------------------------------------------------------------------------------

def union_facts(union: Mapping) -> dict:
    """The facts of a union (a dict of UNION_COLUMNS) that its counters row repeats."""
    built = is_built(level=union["level"], status=union["status"], founded_on=union["founded_on"],
                     on=timezone.localdate())
    return {
        "path": union["path"],
        "built": built,
        "unions_independent": int(built and union["formation"] == Formation.INDEPENDENT),
        "unions_joint": int(built and union["formation"] == Formation.JOINT),
        "founded_on": union["founded_on"],
    }


def on_union_saved(sender, union: Union, **kwargs) -> None:
    facts = union_facts({c: getattr(union, c) for c in UNION_COLUMNS})
    # A federation gets a row only once an employer counts there.
    change = _row_write(union.pk, lambda row: {**row, **facts},
                        create=(lambda: facts) if union.is_grassroots else None)
    rollup.rows_changed([change], month=month_start(timezone.localdate()))


def on_paths_rewritten(sender, old_path: str, new_path: str, using: str, **kwargs) -> None:
    """A subtree moved: its rows take their unions' new paths, and its figures leave the old
    ancestors' roll-ups for the new ones' (same transaction as the move)."""
    current = Union.objects.filter(pk=OuterRef("pk")).values("path")[:1]
    NodeCounts.objects.using(using).filter(node__path__startswith=new_path).update(
        path=Subquery(current)
    )
    rollup.subtree_moved(old_path=old_path, new_path=new_path, month=month_start(timezone.localdate()))


# --- employers ----------------------------------------------------------------------------

def _employer_deltas(into: Deltas, rows: Iterable[Mapping], sign: int) -> None:
    for row in rows:
        if is_counted_employer(row):  # closed or moved out: counts nowhere
            _add(into, row["union_id"] or row["node_id"], employer_figures(row), sign)


def _stored_employers(pks: list[int]) -> list[dict]:
    return list(Employer.objects.filter(pk__in=pks).values(*EMPLOYER_COLUMNS))


def on_employer_saving(sender, employer: Employer, **kwargs) -> None:
    deltas: Deltas = {}
    if employer.pk:
        _employer_deltas(deltas, _stored_employers([employer.pk]), -1)
    _employer_deltas(deltas, [{c: getattr(employer, c) for c in EMPLOYER_COLUMNS}], +1)
    counts_apply_many(deltas)


def on_cover_changing(sender, union: Union, employer_ids: Iterable[int], **kwargs) -> None:
    """The employers of `union` become exactly `employer_ids`: count each where it will be."""
    ids = set(employer_ids)
    before = list(
        Employer.objects.filter(Q(union=union) | Q(pk__in=ids)).values(*EMPLOYER_COLUMNS)
    )
    after = [{**row, "union_id": union.pk if row["pk"] in ids else None} for row in before]
    deltas: Deltas = {}
    _employer_deltas(deltas, before, -1)
    _employer_deltas(deltas, after, +1)
    counts_apply_many(deltas)


# --- members ------------------------------------------------------------------------------

def member_delta(row: Mapping, *, month: datetime.date) -> tuple[int, Delta] | None:
    """Where a membership (a dict of MEMBER_COLUMNS) counts and what it adds; None if ended.

    A kept membership (保留会籍) adds to its own figure only.
    """
    if is_kept_member(row["status"]):
        return row["union_id"], {KEPT_FIGURE: 1}
    if not is_counted_member(row["status"]):
        return None
    joined = row["joined_on"]
    return row["union_id"], {
        **member_figures(row),
        "members_new": int(joined is not None and month_start(joined) == month),
    }


def _member_row(member: Member | Mapping) -> Mapping:
    if isinstance(member, Mapping):
        return member
    # Gender is a fact of the ID, derived when the ID is assigned (Member.resident_id_assigned).
    return {c: getattr(member, c) for c in MEMBER_COLUMNS}


def _apply_members(signed_rows: Iterable[tuple[Member | Mapping, int]]) -> None:
    month = month_start(timezone.localdate())
    deltas: Deltas = {}
    for row, sign in signed_rows:
        counted = member_delta(_member_row(row), month=month)
        if counted is not None:
            _add(deltas, counted[0], counted[1], sign)
    counts_apply_many(deltas, month=month)


def on_member_saving(sender, member: Member, **kwargs) -> None:
    stored = Member.objects.filter(pk=member.pk).values(*MEMBER_COLUMNS) if member.pk else []
    _apply_members([*((row, -1) for row in stored), (member, +1)])


def on_members_added(sender, rows: Iterable[Member | Mapping], **kwargs) -> None:
    _apply_members((row, +1) for row in rows)


def on_members_removed(sender, rows: Iterable[Member | Mapping], **kwargs) -> None:
    _apply_members((row, -1) for row in rows)
