"""Yearly targets against what was achieved, for the federations below a node.

What counts as achieved (the same definitions as the monthly figures, counting/month_end.py):

* new unions: grassroots unions founded (成立) in the year, each counted in the month it was
  founded if it was still a founded union at that month's end;
* new members: memberships that began (joined_on) in the year, each counted in the month it
  began if it was still an active membership at that month's end.

The months of the year that have ended are read from the month-end snapshots (one row per node
and month); the current month from the live counters, as the dashboard shows it. Neither
scans the member table. A month with no snapshot (beat not yet run) counts nothing and is
reported as missing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Sum
from django.utils import timezone

from counting.months import month_range, month_start, previous_month
from organizations.models import Union
from organizations.scope import require_within
from reports.models import MonthlySnapshot
from reports.selectors import rollup_by_child
from reports.worklist.models import Target


@dataclass
class TargetRow:
    node: Union
    target: Target | None
    unions_done: int = 0
    members_done: int = 0

    @property
    def unions_percent(self) -> int | None:
        return _percent(self.unions_done, self.target.new_unions if self.target else 0)

    @property
    def members_percent(self) -> int | None:
        return _percent(self.members_done, self.target.new_members if self.target else 0)


def _percent(done: int, target: int) -> int | None:
    return round(100 * done / target) if target else None


@dataclass
class Progress:
    node: Union
    year: int
    rows: list[TargetRow]
    months_missing: list[datetime.date]


def federation_children(node: Union) -> list[Union]:
    return list(Union.objects.filter(
        path__startswith=node.path, depth=node.depth + 1).exclude(level="grassroots")
        .order_by("path"))


def _ended_months(year: int, today: datetime.date) -> list[datetime.date]:
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 1), previous_month(today))
    return month_range(first, last) if last >= first else []


def target_progress(
    *, user: AbstractBaseUser, node: Union, year: int, today: datetime.date | None = None,
) -> Progress:
    require_within(user, node)
    today = today or timezone.localdate()
    kids = federation_children(node)
    targets = {t.node_id: t for t in Target.objects.filter(node__in=kids, year=year)}
    rows = {kid.pk: TargetRow(kid, targets.get(kid.pk)) for kid in kids}
    months = _ended_months(year, today)
    sums = (MonthlySnapshot.objects.filter(node__in=kids, month__in=months)
            .values("node_id").annotate(u=Sum("unions_new"), m=Sum("members_new")).order_by())
    for row in sums:
        rows[row["node_id"]].unions_done += row["u"] or 0
        rows[row["node_id"]].members_done += row["m"] or 0
    if year == today.year:
        live = rollup_by_child(node, today=today)
        for row in rows.values():
            figures = live.get(row.node.path)
            if figures is not None:
                row.unions_done += figures.unions_new
                row.members_done += figures.members_new
    written = set(MonthlySnapshot.objects.filter(node=node, month__in=months)
                  .values_list("month", flat=True))
    missing = [m for m in months if m not in written]
    return Progress(node, year, list(rows.values()), missing)


def this_year() -> int:
    return month_start(timezone.localdate()).year
