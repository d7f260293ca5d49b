"""Thin Celery tasks for generated files: ids in, one service call.

The tasks keep the names they had when they lived in reports/file_tasks.py: a task is found by
its name, and that name is written into queued messages and the beat schedule. Attempts are
counted on the row (common/jobs.py), not by Celery: a redelivery after a lost worker counts too.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings

from reports.files import services

FILE_SOFT, FILE_HARD = settings.JOB_TIME_LIMITS["file"]
SWEEP_SOFT, SWEEP_HARD = settings.JOB_TIME_LIMITS["sweep"]


@shared_task(
    name=services.FILE_BUILD_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,  # the row is the result
    soft_time_limit=FILE_SOFT,
    time_limit=FILE_HARD,
)
def file_build(file_id: int) -> str:
    """Build one requested file; redelivered after a worker is lost, and safe to run again."""
    record = services.file_build(file_id=file_id)
    return record.status if record else "skipped"


@shared_task(name="reports.file_tasks.monthly_reports", acks_late=True)
def monthly_reports(month: str | None = None) -> list[int]:
    """The 1st of each month: last month's report for the city and every county."""
    day = datetime.date.fromisoformat(month) if month else None
    return services.monthly_reports_request(month=day)


@shared_task(name="reports.file_tasks.files_purge", ignore_result=True)
def files_purge() -> int:
    """Daily: roster exports past ROSTER_RETENTION_DAYS are deleted."""
    return services.files_purge()


@shared_task(name="reports.file_tasks.files_sweep", ignore_result=True,
             soft_time_limit=SWEEP_SOFT, time_limit=SWEEP_HARD)
def files_sweep() -> None:
    """Every minute: lost builds handed on or failed, unsent ones sent, orphan files deleted."""
    services.files_sweep()
