"""Thin Celery tasks for generated files: ids in, one service call.

The tasks keep the names they had when they lived in reports/file_tasks.py: a task is found by
its name, and that name is written into queued messages and the beat schedule.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import OperationalError

from reports.files import services
from reports.files.roster_export import RosterChanged

# Worth another attempt: members arriving during an export, the database going away.
RETRYABLE = (RosterChanged, OperationalError)


@shared_task(
    name=services.FILE_BUILD_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    autoretry_for=RETRYABLE,
    retry_backoff=30,
)
def file_build(self, file_id: int) -> str:
    """Build one requested file; redelivered after a worker is lost, and safe to run again."""
    record = services.file_build(
        file_id=file_id, last_attempt=self.request.retries >= self.max_retries
    )
    return record.status if record else "skipped"


@shared_task(name="reports.file_tasks.monthly_reports", acks_late=True)
def monthly_reports(month: str | None = None) -> list[int]:
    """The 1st of each month: last month's report for the city and every county."""
    day = datetime.date.fromisoformat(month) if month else None
    return services.monthly_reports_request(month=day)


@shared_task(name="reports.file_tasks.files_purge")
def files_purge() -> int:
    """Daily: roster exports past ROSTER_RETENTION_DAYS are deleted."""
    return services.files_purge()
