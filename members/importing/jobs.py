"""The roster import's background use cases, run by its Celery tasks: check a batch, commit
a batch, delete old files. The use cases a user starts (and that queue these) are in services."""

from __future__ import annotations

import datetime
import io
import logging
import time
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.importing.commit import apply_updates, insert_new, move_counts
from members.importing.models import ImportBatch, ImportStatus
from members.importing.plan import classify, existing_members, read_plan, write_plan
from members.importing.reader import Roster
from members.importing.reasons import RefusedFile
from members.importing.sandbox import ReadAborted, read_roster
from members.importing.validate import Context, Outcome, stored_text, validate_roster
from members.lookups import LookupLimitReached, lookup_allowance_check, membership_hits_record
from members.models import Member
from organizations.audit import audit
from organizations.scope import scope_of

logger = logging.getLogger(__name__)


def import_validate(*, batch_id: int) -> ImportBatch:
    """Read, normalise and classify every row; store counts, errors and the plan."""
    # Claim the batch. VALIDATING too: with acks_late a worker that died mid-check has its
    # task delivered again, and the check has no side effects worth guarding.
    if not ImportBatch.objects.filter(
            pk=batch_id, status__in=[ImportStatus.PENDING, ImportStatus.VALIDATING]).update(
            status=ImportStatus.VALIDATING, progress=1, running_since=timezone.now()):
        return ImportBatch.objects.get(pk=batch_id)
    batch = ImportBatch.objects.select_related("node", "created_by").get(pk=batch_id)
    started = time.monotonic()
    roster = None
    try:
        if batch.created_by:
            lookup_allowance_check(by=batch.created_by)  # before any ID is looked up
        roster = read_roster(Path(batch.file.path), need_union=not batch.node.is_grassroots)
        scope = scope_of(batch.created_by) if batch.created_by else None
        outcome = validate_roster(roster, Context.build(batch.node, scope),
                                  progress=lambda share: _progress(batch_id, share))
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
    except Exception:
        logger.exception("roster import %s: validation failed", batch_id)
        batch.status, batch.problem = ImportStatus.FAILED, {"code": "failed"}
    finally:
        if roster is not None:
            roster.release()  # the reading child ends with the check, whatever happened
    batch.progress, batch.running_since = 100, None
    batch.validate_seconds = time.monotonic() - started
    batch.save()
    return batch


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


def import_commit(*, batch_id: int) -> ImportBatch:
    started = time.monotonic()
    try:
        with transaction.atomic():
            batch = _write(batch_id)
    except (_Stale, IntegrityError):
        # IntegrityError: someone registered one of these people while we were writing (the
        # COPY met their row in the unique index). Nothing is written; a new check sees them.
        batch = _finish(batch_id, ImportStatus.STALE, {"code": "stale"})
    except Exception:
        logger.exception("roster import %s: commit failed", batch_id)
        batch = _finish(batch_id, ImportStatus.FAILED, {"code": "failed"})
    if batch.status == ImportStatus.COMMITTED:
        ImportBatch.objects.filter(pk=batch_id).update(commit_seconds=time.monotonic() - started)
    return batch


def _finish(batch_id: int, status: str, problem: dict) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch_id).update(status=status, problem=problem, progress=100,
                                                   running_since=None)
    return ImportBatch.objects.get(pk=batch_id)


def _write(batch_id: int) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().select_related("node").get(pk=batch_id)
    if batch.status != ImportStatus.COMMITTING:
        return batch  # a redelivered task: the first run already finished this batch
    with batch.plan.open("rb") as handle:
        candidates = list(read_plan(handle))
    existing = existing_members((c.resident_id for c in candidates), lock=True)
    scope = scope_of(batch.committed_by) if batch.committed_by else None
    classified = classify(candidates, existing, scope_path=scope.path if scope else "")
    if classified.conflicts and batch.all_or_nothing:
        raise _Stale
    new_rows = insert_new(classified.new)
    apply_updates(classified.updated)
    move_counts(new_rows, classified.updated)
    _record_conflicts(batch, classified.conflicts)
    batch.status, batch.progress, batch.committed_at = ImportStatus.COMMITTED, 100, timezone.now()
    batch.running_since = None
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
