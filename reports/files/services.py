"""Writes of generated files: request one, build it in a worker, publish it whole.

The build is safe to retry: it starts from nothing each time, writes to a fresh temporary
name beside the final one and renames it into place (atomic on one file system) only when the
writer has finished; the row turns `done` after the rename, and only if the worker still holds
the row's lease (common/jobs.py), else the published file is removed again. A worker killed
half-way leaves a `.part` file that nothing lists and that the next attempt or the sweeper
removes. Every exception ends the row failed with a reason (or queued again when a passing
database error leaves attempts), never running.
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

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from common import jobs
from common.replicas import reads_from_replica
from counting.months import month_start, next_month, previous_month
from organizations.audit import audit
from organizations.models import Level, Union
from organizations.scope import is_admin, require_within
from reports.files.models import FILES_DIR, REPORT_KINDS, FileKind, FileStatus, GeneratedFile
from reports.files.monthly_report.data import SnapshotMissing, generated_by_name
from reports.files.monthly_report.workbook import report_write
from reports.files.period_reports import PERIOD_REPORTS
from reports.files.periods import period_start
from reports.files.roster_export import roster_audit, roster_build
from reports.models import MonthlySnapshot
from reports.services import snapshots_write
from reports.worklist.export import worklist_write
from reports.worklist.filters import WorklistFilters
from reports.worklist.selectors import worklist_of

logger = logging.getLogger(__name__)
Enqueue = Callable[[int], None]
# The build task's name (reports.files.tasks). The tasks module imports this one, so the task
# is reached through Celery's registry by name rather than by importing it back.
FILE_BUILD_TASK = "reports.file_tasks.file_build"


def _failed(code: str) -> dict:
    return {"status": FileStatus.FAILED, "failure": code, "finished_at": timezone.now()}


FILE_JOB = jobs.JobKind(model=GeneratedFile, task=FILE_BUILD_TASK, waiting=FileStatus.QUEUED,
                        running=FileStatus.RUNNING, fail_fields=_failed)


class RequesterGone(Exception):
    failure_code = "gone"


def files_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / FILES_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


@transaction.atomic
def file_request(
    *,
    user: AbstractBaseUser,
    kind: str,
    node: Union,
    month: datetime.date | None = None,
    enqueue: Enqueue | None = None,
    params: dict | None = None,
) -> GeneratedFile:
    """Queue a report or a roster of `node`; the worker picks it up once this commits.

    The one scope check of a requested file: the worker gets the row's id and builds for its
    node as recorded here, with full IDs only if the requester is an administrator now."""
    require_within(user, node)
    if kind in REPORT_KINDS and month is None:
        raise ValueError("a report needs its period")
    record = GeneratedFile.objects.create(
        kind=kind,
        node=node,
        requested_by=user,
        month=period_start(kind, month) if month else None,
        full_ids=kind == FileKind.ROSTER and is_admin(user),
        params=params or {},
    )
    _send_on_commit(record, enqueue)
    return record


def _send_on_commit(record: GeneratedFile, enqueue: Enqueue | None) -> None:
    if enqueue is None:
        jobs.send_on_commit(FILE_JOB, record)  # sets record.send_failed for the page
    else:
        transaction.on_commit(lambda: enqueue(record.pk))


@transaction.atomic
def file_retry(*, user: AbstractBaseUser, record: GeneratedFile) -> GeneratedFile:
    """Build a failed file again (the button beside a failure), with fresh attempts."""
    require_within(user, record.node)
    if not GeneratedFile.objects.filter(pk=record.pk, status=FileStatus.FAILED).update(
            status=FileStatus.QUEUED, attempts=0, failure="", error="", progress=0,
            lease_expires_at=None, sent_at=None, finished_at=None):
        return record  # not failed (any more): a second click does nothing
    record.refresh_from_db()
    _send_on_commit(record, None)
    return record


def monthly_reports_request(
    *, month: datetime.date | None = None, enqueue: Enqueue | None = None
) -> list[int]:
    """The scheduled reports of a month (default: last month) for the province (if any), each city and every county.

    Idempotent by a row-level claim: one row per node and month (a unique constraint), and
    only the firing that creates a row, or turns a failed one back into queued, sends it. Beat
    firing twice, or this task redelivered, sends nothing new; a row already queued or running
    is the sweeper's to look after.
    """
    month = month_start(month) if month else previous_month(timezone.localdate())
    queued = []
    for node in Union.objects.filter(level__in=[Level.PROVINCE, Level.CITY, Level.COUNTY]):
        record, created = _scheduled_row(node, month)
        if not created and not GeneratedFile.objects.filter(
                pk=record.pk, status=FileStatus.FAILED).update(
                status=FileStatus.QUEUED, attempts=0, failure="", error="",
                lease_expires_at=None, sent_at=None):
            continue
        _send_on_commit(record, enqueue)
        queued.append(record.pk)
    return queued


def _scheduled_row(node: Union, month: datetime.date) -> tuple[GeneratedFile, bool]:
    try:
        with transaction.atomic():
            return GeneratedFile.objects.get_or_create(
                kind=FileKind.REPORT, node=node, month=month, requested_by=None
            )
    except IntegrityError:  # a concurrent beat created it first: it is that firing's to send
        return GeneratedFile.objects.get(
            kind=FileKind.REPORT, node=node, month=month, requested_by=None
        ), False


def _progress(file_id: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        percent = min(99, int(100 * done / total)) if total else 99
        GeneratedFile.objects.filter(pk=file_id).update(progress=percent)

    return report


def final_name(record: GeneratedFile) -> str:
    """Unguessable, and readable enough for an officer's download folder."""
    stamp = record.month.strftime("%Y-%m") if record.month else timezone.localdate().isoformat()
    return f"{record.kind}-{record.node_id}-{stamp}-{secrets.token_hex(8)}.xlsx"


def file_build(*, file_id: int) -> GeneratedFile | None:
    """Build the file of a row if this worker can claim it (None: done, failed, gone, or in
    another live worker's hands). Never raises for a failed build: the row says why."""
    attempt = jobs.claim(FILE_JOB, file_id)
    if attempt is None:
        return None
    record = GeneratedFile.objects.select_related("node", "requested_by").filter(pk=file_id).first()
    if record is None:
        return None  # deleted between the claim and now
    FILE_JOB.owned(file_id, attempt).update(progress=0, error="", failure="",
                                            started_at=timezone.now())
    temp = None
    try:
        with jobs.Heartbeat(FILE_JOB, file_id, attempt):
            _remove_parts(record)
            name = final_name(record)
            temp = files_dir() / f"{name}.part-{uuid.uuid4().hex}"
            rows = _write(record, temp, name)
            jobs.failpoint("file.write")
            os.replace(temp, files_dir() / name)
    except Exception as exc:  # noqa: BLE001  (the soft time limit too: every failure ends the row)
        if temp is not None:
            temp.unlink(missing_ok=True)
        jobs.fail(FILE_JOB, file_id, attempt, exc, error=f"{exc.__class__.__name__}: {exc}"[:500])
        return GeneratedFile.objects.filter(pk=file_id).first()
    finally:
        if temp is not None and temp.exists():  # a BaseException (shutdown) on the way out
            temp.unlink(missing_ok=True)
    return _publish(record, attempt, name, rows)


def _publish(
    record: GeneratedFile, attempt: int, name: str, rows: int | None
) -> GeneratedFile | None:
    """Mark the row done; a row deleted meanwhile (or handed to another worker when this one
    was taken for dead) must not leave its file behind: personal data with no row to purge it."""
    if not jobs.release(FILE_JOB, record.pk, attempt, status=FileStatus.DONE, progress=100,
                        file_name=name, rows=rows, finished_at=timezone.now()):
        (files_dir() / name).unlink(missing_ok=True)
        logger.warning("generated file %s: row gone or taken over, file %s removed",
                       record.pk, name)
        return None
    record.refresh_from_db()
    return record


def _remove_parts(record: GeneratedFile) -> None:
    """Partial files of earlier, killed attempts at this row."""
    prefix = f"{record.kind}-{record.node_id}-"
    for part in files_dir().glob(f"{prefix}*.part-*"):
        if part.stat().st_mtime < record.created_at.timestamp():
            continue  # not ours: older than the request itself cannot be
        part.unlink(missing_ok=True)


def _write(record: GeneratedFile, path: Path, name: str) -> int | None:
    """Write the file of a row into `path` (to be published as `name`).

    Scope is not checked again here: a requested file passed `file_request`, and a scheduled
    report is of a city or county federation, built for everyone above it.
    """
    if record.kind == FileKind.ROSTER:
        return _write_roster(record, path, name)
    if record.kind == FileKind.WORKLIST:
        filters = WorklistFilters.from_params(record.params)
        return worklist_write(worklist_of(record.node, filters), path)
    writer = PERIOD_REPORTS.get(record.kind)
    if writer is not None:
        _ensure_snapshots(record.node, writer.months_needed(record.month))
        _progress(record.pk)(30, 100)
        return writer.write(node=record.node, first=record.month, path=path,
                            user=record.requested_by)
    _ensure_snapshots(record.node, [record.month])
    _progress(record.pk)(30, 100)
    # No name for a scheduled build: the workbook then says "scheduled build" in its language.
    by = generated_by_name(record.requested_by)
    # From a replica that has replayed everything committed before now (the snapshot just
    # written included); the row's progress and audit writes still go to the primary.
    with reads_from_replica(caught_up=True):
        data = report_write(node=record.node, month=record.month, path=path, by=by)
    return len(data.unions)


def _write_roster(record: GeneratedFile, path: Path, name: str) -> int:
    requester = record.requested_by
    if requester is None:
        # Personal data goes to a person: a roster whose requester is gone is not built.
        raise RequesterGone("the roster's requester no longer exists")
    with reads_from_replica(caught_up=True):  # with every change committed before the build
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


def _runs(months: list[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Sorted months as runs of consecutive months, (first, last) each."""
    runs: list[list[datetime.date]] = []
    for month in months:
        if runs and next_month(runs[-1][1]) == month:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return [(first, last) for first, last in runs]


def _ensure_snapshots(node: Union, months: list[datetime.date]) -> None:
    """Months whose snapshot beat has not written yet (or on-demand past months) get it now;
    writing a month's snapshot is idempotent. Months already written are left as they are:
    they keep the tree of their month."""
    have = set(MonthlySnapshot.objects.filter(node=node, month__in=months)
               .values_list("month", flat=True))
    missing = sorted(set(months) - have)
    for first, last in _runs(missing):  # one pass over the members per run of months
        snapshots_write(first=first, last=last)
    if missing and MonthlySnapshot.objects.filter(node=node, month__in=missing).count() < len(missing):
        raise SnapshotMissing(f"no snapshot of node {node.pk} for {missing[0]:%Y-%m}")


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


def files_sweep(*, now: datetime.datetime | None = None) -> jobs.SweepResult:
    """Every minute: builds whose worker was lost are handed on or failed, unsent requests are
    sent, and files that no row refers to are deleted."""
    result = jobs.sweep(FILE_JOB, now=now)
    files_sweep_disk(now=now)
    return result


def files_sweep_disk(
    *, now: datetime.datetime | None = None, grace_seconds: float | None = None
) -> list[Path]:
    """Delete what is on disk with no live row: a roster whose row was deleted during its
    build, a partial file of a killed worker. The row list works from rows and cannot see them.
    A partial file is kept while a build of its kind and unit is under way."""
    live = set(GeneratedFile.objects.exclude(file_name="").values_list("file_name", flat=True))
    building = {
        f"{kind}-{node_id}-"
        for kind, node_id in GeneratedFile.objects.filter(
            status__in=[FileStatus.QUEUED, FileStatus.RUNNING]).values_list("kind", "node_id")
    }

    def keep(path: Path) -> bool:
        if ".part-" in path.name:
            return any(path.name.startswith(prefix) for prefix in building)
        return path.name in live

    grace = settings.JOB_ORPHAN_GRACE_SECONDS if grace_seconds is None else grace_seconds
    return jobs.sweep_orphans(Path(settings.MEDIA_ROOT) / FILES_DIR, keep=keep,
                              grace_seconds=grace, now=now.timestamp() if now else None)


def file_download_open(*, record: GeneratedFile, by: AbstractBaseUser) -> BinaryIO:
    """Open a finished file for its download; a roster with full IDs is audited each time."""
    if record.full_ids:
        audit(
            by=by, action="roster_download_full_ids", obj=record, node=record.node,
            data={"file": record.file_name, "rows": record.rows},
        )
    return record.path.open("rb")
