"""Thin Celery tasks: JSON arguments in, one service call.

Their small results (counts) are kept a day for whoever runs them by hand; the job tasks of
the app's sub-features store none.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings

from counting import rollup
from reports import services

RECOUNT_SOFT, RECOUNT_HARD = settings.JOB_TIME_LIMITS["recount"]
SNAPSHOT_SOFT, SNAPSHOT_HARD = settings.JOB_TIME_LIMITS["snapshot"]
SWEEP_SOFT, SWEEP_HARD = settings.JOB_TIME_LIMITS["sweep"]


@shared_task(acks_late=True, soft_time_limit=RECOUNT_SOFT, time_limit=RECOUNT_HARD)
def recount() -> dict:
    """Rebuild the counters; the result says how many figures had to be repaired."""
    result = services.recount(repair=True)
    return {"nodes_checked": result.nodes_checked, "differences": len(result.differences)}


@shared_task(ignore_result=True, soft_time_limit=SWEEP_SOFT, time_limit=SWEEP_HARD)
def totals_fold() -> None:
    """Every few seconds: the roll-ups' deltas folded into the subtree totals (counting.rollup).
    The figures are exact without it; it keeps what a read adds up short."""
    rollup.totals_fold()


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=SNAPSHOT_SOFT,
             time_limit=SNAPSHOT_HARD)
def snapshot_month(month: str | None = None) -> int:
    """Write the month's snapshot (ISO date of any day in it); default: the month just ended."""
    day = datetime.date.fromisoformat(month) if month else None
    return services.snapshot_month(month=day)


@shared_task(ignore_result=True, soft_time_limit=SWEEP_SOFT, time_limit=SWEEP_HARD)
def snapshots_sweep() -> None:
    """Every minute: a snapshot run whose worker was lost is handed on or failed."""
    services.snapshots_sweep()
