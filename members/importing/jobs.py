"""The roster import's background use cases, run by its Celery tasks: check a batch, commit
a batch, delete old files, sweep. The use cases a user starts (and that queue these) are in
services.

Each run holds the batch's lease (common/jobs.py): it is claimed with one conditional UPDATE
(a redelivered task, or a second message for the same batch, finds it taken and does nothing),
renewed by a heartbeat while it runs, and ended by the run itself, whatever it raised, or by
the sweeper when the worker was lost.
"""

from __future__ import annotations

import datetime
import io
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import jobs
from members.importing.commit import apply_updates, insert_new, move_counts
from members.importing.models import ImportBatch, ImportStatus
from members.importing.plan import classify, existing_members, read_plan, write_plan
from members.importing.reader import Roster
from members.importing.reasons import RefusedFile, file_reason_text
from members.importing.sandbox import ReadAborted, read_roster
from members.importing.validate import Context, Outcome, stored_text, validate_roster
from members.lookups import LookupLimitReached, lookup_allowance_check, membership_hits_record
from members.models import Member
from organizations.audit import audit
from organizations.importing.models import failed_fields
from organizations.scope import scope_of

logger = logging.getLogger(__name__)
VALIDATE_TASK = "members.tasks.import_validate_task"
COMMIT_TASK = "members.tasks.import_commit_task"
# Written by the run itself; the lease columns belong to common.jobs.
_LEASE_FIELDS = {"id", "attempts", "lease_expires_at", "heartbeat_at", "sent_at"}


JOB_FAILED = _("The import stopped: %(reason)s. Nothing was written; check the file again.")


def problem_text(problem: dict) -> str:
    """The batch's problem as the user reads it, a failed run's reason included."""
    if problem.get("code") == "job_failed":
        reason = (problem.get("params") or {}).get("reason")
        return JOB_FAILED % {"reason": jobs.FAILURE_TEXT.get(reason, jobs.FAILURE_TEXT["internal"])}
    return file_reason_text(problem)


VALIDATE_JOB = jobs.JobKind(model=ImportBatch, task=VALIDATE_TASK, waiting=ImportStatus.PENDING,
                            running=ImportStatus.VALIDATING, fail_fields=failed_fields)
# A commit waits and runs in one status: its lease tells the two apart.
COMMIT_JOB = jobs.JobKind(model=ImportBatch, task=COMMIT_TASK, waiting=ImportStatus.COMMITTING,
                          running=ImportStatus.COMMITTING, fail_fields=failed_fields)


def import_validate(*, batch_id: int) -> ImportBatch | None:
    """Read, normalise and classify every row; store counts, errors and the plan."""
    attempt = jobs.claim(VALIDATE_JOB, batch_id)
    if attempt is None:  # checked already, being checked by a live worker, or gone
        return ImportBatch.objects.filter(pk=batch_id).first()
    VALIDATE_JOB.owned(batch_id, attempt).update(progress=1, running_since=timezone.now())
    started = time.monotonic()
    try:
        with jobs.Heartbeat(VALIDATE_JOB, batch_id, attempt):
            batch = ImportBatch.objects.select_related("node", "created_by").get(pk=batch_id)
            _check(batch)
            batch.progress, batch.running_since = 100, None
            batch.validate_seconds = time.monotonic() - started
            _save_owned(batch, attempt)
    except Exception as exc:  # noqa: BLE001  (the database, the disk, the soft limit: never left running)
        jobs.fail(VALIDATE_JOB, batch_id, attempt, exc)
    return ImportBatch.objects.filter(pk=batch_id).first()


def _check(batch: ImportBatch) -> None:
    """The check itself; a refused or unreadable file is an outcome, not an exception."""
    roster = None
    try:
        if batch.created_by:
            lookup_allowance_check(by=batch.created_by)  # before any ID is looked up
        roster = read_roster(Path(batch.file.path), need_union=not batch.node.is_grassroots)
        jobs.failpoint("import.validate")
        scope = scope_of(batch.created_by) if batch.created_by else None
        outcome = validate_roster(roster, Context.build(batch.node, scope),
                                  progress=lambda share: _progress(batch.pk, share))
        if outcome.rows == 0:
            raise RefusedFile("only_headers")
        if batch.created_by and outcome.found_elsewhere:
            hits = Member.objects.select_related("union").filter(pk__in=outcome.found_elsewhere)
            membership_hits_record(by=batch.created_by, hits=hits, via="import")
        _store_outcome(batch, roster, outcome)
        batch.status = ImportStatus.VALIDATED
    except RefusedFile as refused:
        batch.status, batch.problem = ImportStatus.REFUSED, refused.problem
    except LookupLimitReached:
        batch.status, batch.problem = ImportStatus.REFUSED, {"code": "lookup_limit"}
    except ReadAborted as aborted:
        batch.status, batch.problem = ImportStatus.FAILED, aborted.problem
    finally:
        if roster is not None:
            roster.release()  # the reading child ends with the check, whatever happened


def _save_owned(batch: ImportBatch, attempt: int) -> None:
    """Store the check's outcome if this worker still holds the batch (it may have been taken
    for dead and handed to another); the lease ends with it."""
    fields = [f.name for f in ImportBatch._meta.concrete_fields if f.name not in _LEASE_FIELDS]
    with transaction.atomic():
        if not VALIDATE_JOB.owned(batch.pk, attempt).select_for_update().exists():
            logger.warning("roster import %s: taken over; this check's outcome is dropped",
                           batch.pk)
            return
        batch.save(update_fields=fields)
        ImportBatch.objects.filter(pk=batch.pk).update(lease_expires_at=None)


def _progress(batch_id: int, share: float) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(progress=max(1, min(99, int(share * 100))))


def _store_outcome(batch: ImportBatch, roster: Roster, outcome: Outcome) -> None:
    c = outcome.classified
    batch.sheet_name, batch.header_row = roster.sheet_name[:100], roster.header_row
    batch.columns = {f: [i, stored_text(roster.headers[i])] for f, i in roster.columns.items()}
    batch.extra_columns = [stored_text(header) for header in roster.extra_columns]
    batch.rows_total = outcome.rows
    batch.count_new, batch.count_updated = len(c.new), len(c.updated)
    batch.count_unchanged, batch.count_error = len(c.unchanged), len(outcome.error_rows)
    batch.errors = outcome.issues
    batch.problem = {}
    buffer = io.BytesIO()
    write_plan(outcome.valid_candidates(), buffer)
    if batch.plan:
        batch.plan.delete(save=False)
    batch.plan.save("plan.json.gz", ContentFile(buffer.getvalue()), save=False)


class _Stale(Exception):
    """Members changed between the check and the commit, and the user wanted all or nothing."""


def import_commit(*, batch_id: int) -> ImportBatch | None:
    """Write the checked plan in one transaction; a lost worker's transaction dies with it."""
    attempt = jobs.claim(COMMIT_JOB, batch_id)
    if attempt is None:  # written already, being written by a live worker, or gone
        return ImportBatch.objects.filter(pk=batch_id).first()
    COMMIT_JOB.owned(batch_id, attempt).update(running_since=timezone.now())
    started = time.monotonic()
    try:
        with jobs.Heartbeat(COMMIT_JOB, batch_id, attempt), transaction.atomic():
            batch = _write(batch_id, attempt)
    except (_Stale, IntegrityError):
        # IntegrityError: someone registered one of these people while we were writing (the
        # COPY met their row in the unique index). Nothing is written; a new check sees them.
        jobs.release(COMMIT_JOB, batch_id, attempt, status=ImportStatus.STALE,
                     problem={"code": "stale"}, progress=100, running_since=None)
    except Exception as exc:  # noqa: BLE001  (the database went away, the soft limit: rolled back)
        jobs.fail(COMMIT_JOB, batch_id, attempt, exc)
    else:
        if batch.status == ImportStatus.COMMITTED:
            ImportBatch.objects.filter(pk=batch_id).update(
                commit_seconds=time.monotonic() - started)
    return ImportBatch.objects.filter(pk=batch_id).first()


def _progress_key(batch_id: int) -> str:
    return f"import-commit-progress:{batch_id}"


def commit_progress_set(batch_id: int, percent: int) -> None:
    """The commit runs in one transaction, so its row cannot show progress to the page until
    it ends: the stages are published in the shared cache instead (lost harmlessly if the cache
    is away)."""
    cache.set(_progress_key(batch_id), percent, timeout=3600)


def commit_progress(batch: ImportBatch) -> int:
    """What the page shows: the row's own progress, or the commit's published stage."""
    if batch.status != ImportStatus.COMMITTING:
        return batch.progress
    return max(batch.progress, cache.get(_progress_key(batch.pk)) or 0)


def _write(batch_id: int, attempt: int) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().select_related("node").get(pk=batch_id)
    if batch.status != ImportStatus.COMMITTING or batch.attempts != attempt:
        return batch  # finished, or handed to another worker meanwhile
    with batch.plan.open("rb") as handle:
        candidates = list(read_plan(handle))
    commit_progress_set(batch_id, 10)
    existing = existing_members((c.resident_id for c in candidates), lock=True)
    scope = scope_of(batch.committed_by) if batch.committed_by else None
    classified = classify(candidates, existing, scope_path=scope.path if scope else "")
    if classified.conflicts and batch.all_or_nothing:
        raise _Stale
    commit_progress_set(batch_id, 30)
    new_rows = insert_new(classified.new)
    commit_progress_set(batch_id, 70)
    apply_updates(classified.updated)
    commit_progress_set(batch_id, 85)
    move_counts(new_rows, classified.updated)
    commit_progress_set(batch_id, 95)
    jobs.failpoint("import.commit")
    _record_conflicts(batch, classified.conflicts)
    batch.status, batch.progress, batch.committed_at = ImportStatus.COMMITTED, 100, timezone.now()
    batch.running_since, batch.lease_expires_at = None, None
    batch.committed_new, batch.committed_updated = len(classified.new), len(classified.updated)
    plan, storage = batch.plan.name, batch.plan.storage
    batch.plan = ""  # written: the plan has served its purpose
    batch.save()
    audit(by=batch.committed_by, action="member.import.commit", obj=batch, node=batch.node,
          data={"new": batch.committed_new, "updated": batch.committed_updated,
                "skipped": len(classified.conflicts), "file": batch.original_name})
    transaction.on_commit(lambda: storage.delete(plan))
    return batch


def _record_conflicts(batch: ImportBatch, conflicts: list[tuple[int, str, dict]]) -> None:
    """Rows that became conflicts after the check are skipped and shown as errors."""
    if not conflicts:
        return
    header = batch.columns.get("resident_id", [0, ""])[1]
    batch.errors = sorted(batch.errors + [[row, header, "", code, params]
                                          for row, code, params in conflicts],
                          key=lambda issue: issue[0])
    batch.count_error = len({issue[0] for issue in batch.errors})


def import_files_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete uploaded files past their keeping period, and the error lists quoting them; the
    import record itself (counts, who, when) stays."""
    now = now or timezone.now()
    purged = 0
    for batch in ImportBatch.objects.filter(keep_until__lt=now, file_purged_at__isnull=True):
        for stored in (batch.file, batch.plan):
            if stored:
                stored.delete(save=False)
        batch.errors = []  # the values in them are the file's own: they go with it
        batch.file_purged_at = now
        batch.save(update_fields=["file", "plan", "errors", "file_purged_at"])
        purged += 1
    return purged


def import_sweep(*, now: datetime.datetime | None = None) -> list[jobs.SweepResult]:
    """Every minute: checks and commits whose worker was lost are handed on or failed, those
    the broker never got are sent, and uploads that no batch refers to are deleted."""
    results = [jobs.sweep(VALIDATE_JOB, now=now), jobs.sweep(COMMIT_JOB, now=now)]
    import_files_sweep_disk(now=now)
    return results


def import_files_sweep_disk(
    *, now: datetime.datetime | None = None, grace_seconds: float | None = None
) -> list[Path]:
    """Delete uploads and plans with no batch: an upload whose transaction rolled back, a plan
    written by a check whose batch was taken over. They hold personal data."""
    live = set()
    for file, plan in ImportBatch.objects.values_list("file", "plan"):
        live.update(name for name in (file, plan) if name)
    root = Path(settings.MEDIA_ROOT)
    grace = settings.JOB_ORPHAN_GRACE_SECONDS if grace_seconds is None else grace_seconds
    return jobs.sweep_orphans(
        root / "imports", keep=lambda path: path.relative_to(root).as_posix() in live,
        grace_seconds=grace, now=now.timestamp() if now else None)
