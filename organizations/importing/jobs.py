"""What the worker runs for an employer or union import: the check (read, every row checked,
counts and errors stored, nothing written) and the commit (the file read and checked again
against the registry as it is now, then written in one transaction through the services).
Each run holds the record's lease (common/jobs.py), as the roster import's runs do.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from common import jobs
from common.sheets.refusal import RefusedFile
from common.sheets.sandbox import ReadAborted, read_sheet
from common.sheets.workbooks import stored_text
from organizations.audit import audit
from organizations.importing import employers, unions
from organizations.importing.columns import (
    EMPLOYER_COLUMNS,
    EMPLOYER_LAYOUT,
    UNION_COLUMNS,
    UNION_LAYOUT,
)
from organizations.importing.models import (
    ImportStatus,
    RegisterImport,
    RegisterKind,
    failed_fields,
)
from organizations.importing.rows import Outcome
from organizations.scope import scope_of

logger = logging.getLogger(__name__)
VALIDATE_TASK = "organizations.importing.tasks.register_import_validate_task"
COMMIT_TASK = "organizations.importing.tasks.register_import_commit_task"
KINDS = {
    RegisterKind.EMPLOYERS: (EMPLOYER_LAYOUT, EMPLOYER_COLUMNS, employers),
    RegisterKind.UNIONS: (UNION_LAYOUT, UNION_COLUMNS, unions),
}


VALIDATE_JOB = jobs.JobKind(model=RegisterImport, task=VALIDATE_TASK,
                            waiting=ImportStatus.PENDING, running=ImportStatus.VALIDATING,
                            fail_fields=failed_fields)
COMMIT_JOB = jobs.JobKind(model=RegisterImport, task=COMMIT_TASK,
                          waiting=ImportStatus.COMMITTING, running=ImportStatus.COMMITTING,
                          fail_fields=failed_fields)


def read_and_check(record: RegisterImport) -> tuple[object, Outcome]:
    """The file read in the bounded child and every row checked; the sheet is released."""
    layout, _columns, rules = KINDS[record.kind]
    sheet = read_sheet(Path(record.file.path), layout)
    try:
        scope = scope_of(record.created_by) if record.created_by else None
        outcome = rules.check(sheet, rules.Context(record.node, scope))
    finally:
        sheet.release()
    if outcome.rows == 0:
        raise RefusedFile("only_headers")
    return sheet, outcome


def register_import_validate(*, record_id: int) -> RegisterImport | None:
    attempt = jobs.claim(VALIDATE_JOB, record_id)
    if attempt is None:
        return RegisterImport.objects.filter(pk=record_id).first()
    VALIDATE_JOB.owned(record_id, attempt).update(progress=1, running_since=timezone.now())
    started = time.monotonic()
    try:
        with jobs.Heartbeat(VALIDATE_JOB, record_id, attempt):
            record = RegisterImport.objects.select_related("node", "created_by").get(pk=record_id)
            fields = _checked_fields(record)
            fields.update(progress=100, running_since=None, lease_expires_at=None,
                          validate_seconds=time.monotonic() - started)
            VALIDATE_JOB.owned(record_id, attempt).update(**fields)
    except Exception as exc:  # noqa: BLE001  (never left running: the job fails with a reason)
        jobs.fail(VALIDATE_JOB, record_id, attempt, exc)
    return RegisterImport.objects.filter(pk=record_id).first()


def _checked_fields(record: RegisterImport) -> dict:
    layout = KINDS[record.kind][0]
    try:
        sheet, outcome = read_and_check(record)
    except RefusedFile as refused:
        problem = refused.problem
        if refused.code == "no_header":
            problem["params"] = {"columns": "、".join(
                layout.required[m] for m in layout.marks if m in layout.required)}
        return {"status": ImportStatus.REFUSED, "problem": problem}
    except ReadAborted as aborted:
        return {"status": ImportStatus.FAILED, "problem": aborted.problem}
    return {
        "status": ImportStatus.VALIDATED, "problem": {}, "sheet_name": sheet.sheet_name[:100],
        "header_row": sheet.header_row,
        "columns": {f: [i, stored_text(sheet.headers[i])] for f, i in sheet.columns.items()},
        "extra_columns": [stored_text(h) for h in sheet.extra_columns],
        "rows_total": outcome.rows, "count_new": len(outcome.new),
        "count_updated": len(outcome.updated), "count_unchanged": len(outcome.unchanged),
        "count_error": len(outcome.error_rows), "errors": outcome.issues,
    }


def register_import_commit(*, record_id: int) -> RegisterImport | None:
    """Check the file again against today's registry and write it, in one transaction."""
    attempt = jobs.claim(COMMIT_JOB, record_id)
    if attempt is None:
        return RegisterImport.objects.filter(pk=record_id).first()
    COMMIT_JOB.owned(record_id, attempt).update(running_since=timezone.now())
    started = time.monotonic()
    try:
        with jobs.Heartbeat(COMMIT_JOB, record_id, attempt), transaction.atomic():
            _write(record_id, attempt, started)
    except (RefusedFile, ReadAborted) as exc:
        jobs.release(COMMIT_JOB, record_id, attempt, status=ImportStatus.STALE,
                     problem={"code": "stale", "params": {}}, progress=100,
                     running_since=None)
        logger.warning("register import %s: file unreadable at commit: %s", record_id, exc)
    except Exception as exc:  # noqa: BLE001  (rolled back; failed with a reason)
        jobs.fail(COMMIT_JOB, record_id, attempt, exc)
    return RegisterImport.objects.filter(pk=record_id).first()


def _write(record_id: int, attempt: int, started: float) -> None:
    record = RegisterImport.objects.select_for_update().select_related("node").get(pk=record_id)
    if record.status != ImportStatus.COMMITTING or record.attempts != attempt:
        return  # finished, or handed to another worker meanwhile
    _sheet, outcome = read_and_check(record)
    rules = KINDS[record.kind][2]
    new, updated, refusals = rules.write(outcome, by=record.committed_by, record=record)
    record.errors = sorted(outcome.issues + refusals, key=lambda issue: issue[0])
    record.count_error = len({issue[0] for issue in record.errors})
    record.status, record.progress, record.committed_at = (ImportStatus.COMMITTED, 100,
                                                           timezone.now())
    record.running_since = record.lease_expires_at = None
    record.committed_new, record.committed_updated = new, updated
    record.commit_seconds = time.monotonic() - started
    record.save()
    audit(by=record.committed_by, action=f"{record.kind[:-1]}.import.commit", obj=record,
          node=record.node, data={"new": new, "updated": updated, "refused": len(refusals),
                                  "file": record.original_name})


def register_import_sweep() -> list[jobs.SweepResult]:
    """Every minute (beat): lost checks and commits handed on or failed, unsent ones sent."""
    return [jobs.sweep(VALIDATE_JOB), jobs.sweep(COMMIT_JOB)]
