"""Writes of the reports app: the recount of the counters and the monthly snapshots."""

from __future__ import annotations

import datetime
import logging

from django.db import connection, transaction
from django.utils import timezone

from common.pgcopy import copy_lines
from counting.figures import FIGURE_FIELDS
from counting.month_end import WIDTH, month_end_figures
from counting.months import month_range, month_start, previous_month
from counting.recount import RecountResult, counts_rebuild
from organizations.models import Union
from reports.models import MonthlySnapshot

logger = logging.getLogger(__name__)


def recount(*, repair: bool = True) -> RecountResult:
    """Rebuild every counter from the raw tables; log what had to be repaired."""
    result = counts_rebuild(repair=repair)
    for node_id, figure, stored, fresh in result.differences[:50]:
        logger.warning("recount: node %s %s was %s, is %s", node_id, figure, stored, fresh)
    return result


COLUMNS = ("node_id", "month", "path", *FIGURE_FIELDS)


def _write_copy(rows: list[tuple]) -> None:
    lines = ("\t".join(str(v) for v in row) + "\n" for row in rows)
    copy_lines(MonthlySnapshot._meta.db_table, COLUMNS, lines)


def _write(rows: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        _write_copy(rows)  # a city's year is ~190,000 rows: COPY takes a second, INSERT ten
        return
    MonthlySnapshot.objects.bulk_create(
        [MonthlySnapshot(**dict(zip(COLUMNS, r))) for r in rows], batch_size=1000,
    )


@transaction.atomic
def snapshots_write(*, first: datetime.date, last: datetime.date) -> int:
    """(Re)write the snapshots of every node for the months first..last; returns rows written.

    Idempotent: the months' rows are replaced by figures computed from the raw tables, so
    running a month again gives the same rows.
    """
    months = month_range(first, last)
    if not months:
        return 0
    totals = month_end_figures(months)
    paths = dict(Union.objects.values_list("pk", "path").order_by())
    MonthlySnapshot.objects.filter(month__in=months).delete()
    rows = [
        (node_id, month, paths[node_id], *flat[s * WIDTH:(s + 1) * WIDTH])
        for node_id, flat in totals.items()
        for s, month in enumerate(months)
    ]
    _write(rows)
    logger.info("wrote %d snapshot rows for %s..%s", len(rows), months[0], months[-1])
    return len(rows)


def snapshot_month(*, month: datetime.date | None = None) -> int:
    """The snapshot of one month; by default the month that has just ended."""
    month = month_start(month) if month else previous_month(timezone.localdate())
    return snapshots_write(first=month, last=month)


def snapshots_backfill(*, months: int = 12, until: datetime.date | None = None) -> int:
    """Snapshots of the `months` complete months up to `until` (default: last month)."""
    last = month_start(until) if until else previous_month(timezone.localdate())
    first = last
    for _ in range(months - 1):
        first = previous_month(first)
    return snapshots_write(first=first, last=last)
