"""Celery tasks of the roster import: ids in, one job call.

Registered from MembersConfig.ready() (autodiscovery only looks at `<app>.tasks`). Each task
keeps the name it had as members.tasks.*: messages already queued and the beat schedule
(unionreg.settings) refer to tasks by name. Attempts are counted on the batch (common/jobs.py):
a redelivery after a lost worker counts too, so Celery's own retries are not used.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from members.importing import jobs

VALIDATE_SOFT, VALIDATE_HARD = settings.JOB_TIME_LIMITS["import_validate"]
COMMIT_SOFT, COMMIT_HARD = settings.JOB_TIME_LIMITS["import_commit"]
SWEEP_SOFT, SWEEP_HARD = settings.JOB_TIME_LIMITS["sweep"]


@shared_task(name=jobs.VALIDATE_TASK, acks_late=True, reject_on_worker_lost=True,
             ignore_result=True, soft_time_limit=VALIDATE_SOFT, time_limit=VALIDATE_HARD)
def import_validate_task(batch_id: int) -> None:
    jobs.import_validate(batch_id=batch_id)


@shared_task(name=jobs.COMMIT_TASK, acks_late=True, reject_on_worker_lost=True,
             ignore_result=True, soft_time_limit=COMMIT_SOFT, time_limit=COMMIT_HARD)
def import_commit_task(batch_id: int) -> None:
    jobs.import_commit(batch_id=batch_id)


@shared_task(name="members.tasks.import_files_purge_task", ignore_result=True)
def import_files_purge_task() -> int:
    """Run daily by beat: uploaded rosters are kept IMPORT_RETENTION_DAYS, then deleted."""
    return jobs.import_files_purge()


@shared_task(name="members.tasks.import_sweep_task", ignore_result=True,
             soft_time_limit=SWEEP_SOFT, time_limit=SWEEP_HARD)
def import_sweep_task() -> None:
    """Every minute: lost checks and commits handed on or failed, unsent ones sent, orphan
    uploads deleted."""
    jobs.import_sweep()
