"""Member figures of the per-node counters, and the recount that rebuilds all counters.

Services call, in the same transaction as the change:

* ``counts_member_saving(member)`` — just before ``member.save()`` (create, update, leave, both
  halves of a transfer): moves the difference between the stored row and the one being saved.
* ``counts_members_added(members)`` — after a bulk insert of new memberships (roster import):
  one counter UPDATE per union, however many rows. ``counts_members_removed(members)`` is the
  mirror image for bulk removals. Both take Member instances or dicts of MEMBER_COLUMNS.

``counts_rebuild(repair=...)`` recomputes every counter from the raw tables and reports (and
optionally repairs) the differences; the recount task and the seeding use it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from members.identity import gender_of, normalize_resident_id
from members.models import Member, MemberStatus
from organizations.counts import (
    Delta,
    counts_apply_many,
    employer_counts_fresh,
    month_start,
    union_facts_fresh,
)
from organizations.models_counts import COUNT_FIELDS, UNION_FIELDS, NodeCounts

MEMBER_COLUMNS = (
    "union_id", "status", "gender", "is_migrant", "new_form_category", "eight_group", "joined_on",
)
FIGURES = COUNT_FIELDS + ("members_new",)
CHECKED = FIGURES + UNION_FIELDS
_EMPTY = {**dict.fromkeys(FIGURES, 0), "path": None, "built": None, "unions_independent": None,
          "unions_joint": None, "founded_on": None}


def member_facts(row: Mapping, *, month: datetime.date) -> tuple[int, Delta] | None:
    """Where a membership (a dict of MEMBER_COLUMNS) counts and what it adds; None if ended."""
    if row["status"] != MemberStatus.ACTIVE:
        return None
    return row["union_id"], {
        "members": 1,
        "members_female": int(row["gender"] == "F"),
        "members_migrant": int(bool(row["is_migrant"])),
        "members_new_form": int(bool(row["new_form_category"])),
        "members_eight_group": int(bool(row["eight_group"])),
        "members_new": int(row["joined_on"] is not None and month_start(row["joined_on"]) == month),
    }


def _columns_of(member: Member) -> dict:
    # Gender is a fact of the ID; Member.save() derives it, so derive it here too.
    resident_id = normalize_resident_id(member.resident_id)
    gender = gender_of(resident_id) if len(resident_id) == 18 else member.gender
    row = {c: getattr(member, c) for c in MEMBER_COLUMNS}
    row["gender"] = gender
    return row


def _accumulate(into: dict[int, Delta], rows: Iterable[Mapping], sign: int, month: datetime.date) -> None:
    for row in rows:
        facts = member_facts(row, month=month)
        if facts is None:
            continue
        key, delta = facts
        bucket = into.setdefault(key, defaultdict(int))
        for name, value in delta.items():
            bucket[name] += sign * value


def counts_member_saving(member: Member) -> None:
    """Call just before saving a membership, new or changed."""
    month = month_start(timezone.localdate())
    deltas: dict[int, Delta] = {}
    if member.pk:
        stored = Member.objects.filter(pk=member.pk).values(*MEMBER_COLUMNS)
        _accumulate(deltas, stored, -1, month)
    _accumulate(deltas, [_columns_of(member)], +1, month)
    counts_apply_many(deltas, month=month)


def _rows(members: Iterable[Member | Mapping]) -> Iterable[Mapping]:
    for m in members:
        yield m if isinstance(m, Mapping) else _columns_of(m)


def counts_members_added(members: Iterable[Member | Mapping]) -> None:
    """Bulk: count memberships that were inserted without going through member_create."""
    month = month_start(timezone.localdate())
    deltas: dict[int, Delta] = {}
    _accumulate(deltas, _rows(members), +1, month)
    counts_apply_many(deltas, month=month)


def counts_members_removed(members: Iterable[Member | Mapping]) -> None:
    """Bulk: uncount active memberships that are about to be deleted or ended in bulk."""
    month = month_start(timezone.localdate())
    deltas: dict[int, Delta] = {}
    _accumulate(deltas, _rows(members), -1, month)
    counts_apply_many(deltas, month=month)


def member_counts_fresh(*, month: datetime.date) -> dict[int, Delta]:
    """The member figures of every grassroots union, recomputed from the member table."""
    nxt = (month + datetime.timedelta(days=32)).replace(day=1)
    rows = (
        Member.objects.filter(status=MemberStatus.ACTIVE)
        .values("union_id")
        .annotate(
            members=Count("id"),
            members_female=Count("id", filter=Q(gender="F")),
            members_migrant=Count("id", filter=Q(is_migrant=True)),
            members_new_form=Count("id", filter=~Q(new_form_category="")),
            members_eight_group=Count("id", filter=~Q(eight_group="")),
            members_new=Count("id", filter=Q(joined_on__gte=month, joined_on__lt=nxt)),
        )
        .order_by()
    )
    return {r.pop("union_id"): r for r in rows}


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
    unions = union_facts_fresh()
    fresh: dict[int, dict] = {}
    for source in (employer_counts_fresh(), member_counts_fresh(month=month)):
        for node_id, figures in source.items():
            row = fresh.setdefault(node_id, dict.fromkeys(FIGURES, 0))
            row.update({k: int(v or 0) for k, v in figures.items()})
    for node_id, (grassroots, facts) in unions.items():
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
        # Writers update the counters before they commit; holding this lock means every change
        # is either fully in what we read or waits until we are done.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {NodeCounts._meta.db_table} IN EXCLUSIVE MODE")
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
    return result

