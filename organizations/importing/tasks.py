"""Celery tasks of the employer and union imports: ids in, one job call (registered from
OrganizationsConfig.ready())."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from organizations.importing import jobs

VALIDATE_SOFT, VALIDATE_HARD = settings.JOB_TIME_LIMITS["import_validate"]
COMMIT_SOFT, COMMIT_HARD = settings.JOB_TIME_LIMITS["import_commit"]
SWEEP_SOFT, SWEEP_HARD = settings.JOB_TIME_LIMITS["sweep"]


@shared_task(name=jobs.VALIDATE_TASK, acks_late=True, reject_on_worker_lost=True,
             ignore_result=True, soft_time_limit=VALIDATE_SOFT, time_limit=VALIDATE_HARD)
def register_import_validate_task(record_id: int) -> None:
    jobs.register_import_validate(record_id=record_id)


@shared_task(name=jobs.COMMIT_TASK, acks_late=True, reject_on_worker_lost=True,
             ignore_result=True, soft_time_limit=COMMIT_SOFT, time_limit=COMMIT_HARD)
def register_import_commit_task(record_id: int) -> None:
    jobs.register_import_commit(record_id=record_id)


@shared_task(name="organizations.importing.tasks.register_import_sweep_task",
             ignore_result=True, soft_time_limit=SWEEP_SOFT, time_limit=SWEEP_HARD)
def register_import_sweep_task() -> None:
    jobs.register_import_sweep()
