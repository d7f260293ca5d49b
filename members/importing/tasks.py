"""Celery tasks of the roster import: ids in, one job call.

Registered from MembersConfig.ready() (autodiscovery only looks at `<app>.tasks`). Each task
keeps the name it had as members.tasks.*: messages already queued and the beat schedule
(unionreg.settings) refer to tasks by name.
"""

from __future__ import annotations

from celery import shared_task

from members.importing import jobs


@shared_task(name="members.tasks.import_validate_task", acks_late=True)
def import_validate_task(batch_id: int) -> None:
    jobs.import_validate(batch_id=batch_id)


@shared_task(name="members.tasks.import_commit_task", acks_late=True)
def import_commit_task(batch_id: int) -> None:
    jobs.import_commit(batch_id=batch_id)


@shared_task(name="members.tasks.import_files_purge_task")
def import_files_purge_task() -> int:
    """Run daily by beat: uploaded rosters are kept IMPORT_RETENTION_DAYS, then deleted."""
    return jobs.import_files_purge()
