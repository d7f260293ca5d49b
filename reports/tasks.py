"""Thin Celery tasks: JSON arguments in, one service call."""

from __future__ import annotations

import datetime

from celery import shared_task

from reports import services


@shared_task(acks_late=True)
def recount() -> dict:
    """Rebuild the counters; the result says how many figures had to be repaired."""
    result = services.recount(repair=True)
    return {"nodes_checked": result.nodes_checked, "differences": len(result.differences)}


@shared_task(acks_late=True)
def snapshot_month(month: str | None = None) -> int:
    """Write the month's snapshot (ISO date of any day in it); default: the month just ended."""
    day = datetime.date.fromisoformat(month) if month else None
    return services.snapshot_month(month=day)
