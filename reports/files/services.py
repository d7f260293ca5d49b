"""Writes of generated files: request one, build it in a worker, publish it whole.

The build is safe to retry: it starts from nothing each time, writes to a fresh temporary
name beside the final one and renames it into place (atomic on one file system) only when the
writer has finished; the row turns `done` after the rename. A worker killed half-way leaves a
`.part` file that nothing lists and the next attempt removes.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from counting.months import month_start, previous_month
from organizations.audit import audit
from organizations.models import Level, Union
from organizations.scope import is_admin, require_within
from reports.files.models import FILES_DIR, FileKind, FileStatus, GeneratedFile
from reports.files.monthly_report.data import SnapshotMissing, generated_by_name
from reports.files.monthly_report.workbook import report_write
from reports.files.roster_export import roster_audit, roster_build
from reports.models import MonthlySnapshot
from reports.services import snapshots_write

logger = logging.getLogger(__name__)
Enqueue = Callable[[int], None]
# The build task's name (reports.files.tasks). The tasks module imports this one, so the task
# is reached through Celery's registry by name rather than by importing it back.
FILE_BUILD_TASK = "reports.file_tasks.file_build"


def files_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / FILES_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def _enqueue(file_id: int) -> None:
    current_app.tasks[FILE_BUILD_TASK].delay(file_id)


@transaction.atomic
def file_request(
    *,
    user: AbstractBaseUser,
    kind: str,
    node: Union,
    month: datetime.date | None = None,
    enqueue: Enqueue | None = None,
) -> GeneratedFile:
    """Queue a report or a roster of `node`; the worker picks it up once this commits.

    The one scope check of a requested file: the worker gets the row's id and builds for its
    node as recorded here, with full IDs only if the requester is an administrator now."""
    require_within(user, node)
    if kind == FileKind.REPORT and month is None:
        raise ValueError("a report needs a month")
    record = GeneratedFile.objects.create(
        kind=kind,
        node=node,
        requested_by=user,
        month=month_start(month) if month else None,
        full_ids=kind == FileKind.ROSTER and is_admin(user),
    )
    send = enqueue or _enqueue
    transaction.on_commit(lambda: send(record.pk))
    return record


def monthly_reports_request(
    *, month: datetime.date | None = None, enqueue: Enqueue | None = None
) -> list[int]:
    """The scheduled reports of a month (default: last month) for the city and every county.

    Idempotent: one row per node and month (a unique constraint), so beat firing twice or a
    retried task queues nothing new; an existing row that failed is queued again.
    """
    month = month_start(month) if month else previous_month(timezone.localdate())
    send, queued = enqueue or _enqueue, []
    for node in Union.objects.filter(level__in=[Level.CITY, Level.COUNTY]):
        record = _scheduled_row(node, month)
        if record.status in (FileStatus.QUEUED, FileStatus.FAILED) or record.is_stale:
            GeneratedFile.objects.filter(pk=record.pk).update(status=FileStatus.QUEUED, error="")
            transaction.on_commit(lambda pk=record.pk: send(pk))
            queued.append(record.pk)
    return queued


def _scheduled_row(node: Union, month: datetime.date) -> GeneratedFile:
    try:
        with transaction.atomic():
            return GeneratedFile.objects.get_or_create(
                kind=FileKind.REPORT, node=node, month=month, requested_by=None
            )[0]
    except IntegrityError:  # a concurrent beat created it first
        return GeneratedFile.objects.get(
            kind=FileKind.REPORT, node=node, month=month, requested_by=None
        )


def _claim(file_id: int) -> GeneratedFile | None:
    """Mark the row running, unless it is done already (a redelivered task does nothing)."""
    with transaction.atomic():
        record = (
            GeneratedFile.objects.select_for_update(of=("self",))
            .select_related("node", "requested_by")
            .filter(pk=file_id)
            .first()
        )
        if record is None or record.status == FileStatus.DONE:
            return None
        record.status, record.progress, record.error = FileStatus.RUNNING, 0, ""
        record.started_at = timezone.now()
        record.save(update_fields=["status", "progress", "error", "started_at"])
    return record


def _progress(file_id: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        percent = min(99, int(100 * done / total)) if total else 99
        GeneratedFile.objects.filter(pk=file_id).update(progress=percent)

    return report


def final_name(record: GeneratedFile) -> str:
    """Unguessable, and readable enough for an officer's download folder."""
    stamp = record.month.strftime("%Y-%m") if record.month else timezone.localdate().isoformat()
    return f"{record.kind}-{record.node_id}-{stamp}-{secrets.token_hex(8)}.xlsx"


def file_build(*, file_id: int, last_attempt: bool = True) -> GeneratedFile | None:
    """Build the file of a row; on failure remove the partial file and, on the last
    attempt, mark the row failed (earlier attempts stay running: the task retries)."""
    record = _claim(file_id)
    if record is None:
        return None
    _remove_parts(record)
    name = final_name(record)
    temp = files_dir() / f"{name}.part-{uuid.uuid4().hex}"
    try:
        rows = _write(record, temp, name)
        os.replace(temp, files_dir() / name)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if last_attempt or not isinstance(exc, Exception):
            _fail(record, exc)
        raise
    GeneratedFile.objects.filter(pk=record.pk).update(
        status=FileStatus.DONE,
        progress=100,
        file_name=name,
        rows=rows,
        finished_at=timezone.now(),
    )
    record.refresh_from_db()
    return record


def _remove_parts(record: GeneratedFile) -> None:
    """Partial files of earlier, killed attempts at this row."""
    prefix = f"{record.kind}-{record.node_id}-"
    for part in files_dir().glob(f"{prefix}*.part-*"):
        if part.stat().st_mtime < record.created_at.timestamp():
            continue  # not ours: older than the request itself cannot be
        part.unlink(missing_ok=True)


def _fail(record: GeneratedFile, exc: BaseException) -> None:
    logger.exception("building generated file %s failed", record.pk, exc_info=exc)
    GeneratedFile.objects.filter(pk=record.pk).update(
        status=FileStatus.FAILED,
        error=str(exc)[:500] or exc.__class__.__name__,
        finished_at=timezone.now(),
    )


def _write(record: GeneratedFile, path: Path, name: str) -> int | None:
    """Write the file of a row into `path` (to be published as `name`).

    Scope is not checked again here: a requested file passed `file_request`, and a scheduled
    report is of a city or county federation, built for everyone above it.
    """
    if record.kind == FileKind.ROSTER:
        return _write_roster(record, path, name)
    _ensure_snapshot(record.node, record.month)
    _progress(record.pk)(30, 100)
    # No name for a scheduled build: the workbook then says "scheduled build" in its language.
    by = generated_by_name(record.requested_by)
    data = report_write(node=record.node, month=record.month, path=path, by=by)
    return len(data.unions)


def _write_roster(record: GeneratedFile, path: Path, name: str) -> int:
    requester = record.requested_by
    if requester is None:
        # Personal data goes to a person: a roster whose requester is gone is not built.
        raise PermissionError("the roster's requester no longer exists")
    result = roster_build(
        node=record.node,
        path=path,
        full_ids=record.full_ids,  # decided on request, from the requester's role
        by=requester.get_username(),
        progress=_progress(record.pk),
    )
    if result.full_ids:
        roster_audit(by=requester, node=record.node, obj=record, result=result, file=name)
    return result.rows


def _ensure_snapshot(node: Union, month: datetime.date) -> None:
    """A month whose snapshot beat has not written yet (or an on-demand past month) gets it
    now; writing a month's snapshot is idempotent."""
    if not MonthlySnapshot.objects.filter(node=node, month=month).exists():
        snapshots_write(first=month, last=month)
    if not MonthlySnapshot.objects.filter(node=node, month=month).exists():
        raise SnapshotMissing(f"no snapshot of node {node.pk} for {month:%Y-%m}")


def files_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete roster exports older than ROSTER_RETENTION_DAYS, file and row.

    Rosters carry names and resident IDs, so they should not linger once downloaded; the
    monthly reports are the official record and stay. Returns how many were removed.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ROSTER_RETENTION_DAYS)
    old = GeneratedFile.objects.filter(kind=FileKind.ROSTER, created_at__lt=cutoff)
    removed = 0
    for record in old.iterator():
        if record.path is not None:
            record.path.unlink(missing_ok=True)
        record.delete()
        removed += 1
    return removed


def file_download_open(*, record: GeneratedFile, by: AbstractBaseUser) -> BinaryIO:
    """Open a finished file for its download; a roster with full IDs is audited each time."""
    if record.full_ids:
        audit(
            by=by, action="roster_download_full_ids", obj=record, node=record.node,
            data={"file": record.file_name, "rows": record.rows},
        )
    return record.path.open("rb")
