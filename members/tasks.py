"""Celery tasks of the members app: ids in, one service call."""

from __future__ import annotations

from celery import shared_task

from members.importing import services as importing


@shared_task(acks_late=True)
def import_validate_task(batch_id: int) -> None:
    importing.import_validate(batch_id=batch_id)


@shared_task(acks_late=True)
def import_commit_task(batch_id: int) -> None:
    importing.import_commit(batch_id=batch_id)


@shared_task
def import_files_purge_task() -> int:
    """Run daily by beat: uploaded rosters are kept IMPORT_RETENTION_DAYS, then deleted."""
    return importing.import_files_purge()
