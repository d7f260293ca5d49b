"""The roster import's use cases that a user starts: upload, re-check, ask for the commit.

Each queues its background work (members.importing.jobs) once its transaction commits. Sending
cannot hang the request: when the broker is unreachable the batch waits (`batch.send_failed`
tells the page) and the sweeper sends it later. The jobs themselves never queue anything.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import jobs
from common.sheets.uploads import checked_upload
from members.importing.jobs import COMMIT_JOB, VALIDATE_JOB
from members.importing.models import ImportBatch, ImportStatus
from members.importing.sandbox import time_limit_seconds
from organizations.audit import audit
from organizations.models import Union


def retention_days() -> int:
    return getattr(settings, "IMPORT_RETENTION_DAYS", 90)


@transaction.atomic
def import_batch_create(*, node: Union, by: AbstractBaseUser, upload: UploadedFile) -> ImportBatch:
    """Keep the upload and queue its check; a bad file raises RefusedFile and nothing is kept."""
    with checked_upload(upload) as (stored, sha256):
        now = timezone.now()
        batch = ImportBatch(
            node=node, created_by=by, created_at=now,
            keep_until=now + datetime.timedelta(days=retention_days()),
            original_name=(upload.name or "roster.xlsx")[:255], size=upload.size or 0,
            sha256=sha256,
        )
        batch.file.save("roster.xlsx", stored, save=False)
    batch.save()
    audit(by=by, action="member.import.upload", obj=batch, node=node,
          data={"file": batch.original_name, "sha256": batch.sha256})
    jobs.send_on_commit(VALIDATE_JOB, batch)
    return batch


def import_revalidate(*, batch: ImportBatch, by: AbstractBaseUser) -> ImportBatch:
    """Check the stored file again, e.g. after the registry changed since the first check."""
    if not batch.can_recheck:
        raise ValidationError(_("This import cannot be checked again."))
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.PENDING, progress=0, problem={}, attempts=0,
            lease_expires_at=None, sent_at=None, running_since=None)
        audit(by=by, action="member.import.recheck", obj=batch, node=batch.node)
        batch.refresh_from_db()
        jobs.send_on_commit(VALIDATE_JOB, batch)
    return batch


def lost_after() -> datetime.timedelta:
    """How long past its lapsed lease a run is taken for lost on sight: the sweeper (every
    minute) normally acts long before; this covers a site whose beat is not running."""
    return datetime.timedelta(seconds=time_limit_seconds() + 600)


@transaction.atomic
def import_batch_refresh(*, batch: ImportBatch) -> ImportBatch:
    """A batch whose worker died (killed, out of memory, a deploy) would show "checking" for
    ever if nothing swept it: long past its lease (or, from before leases, past the time a run
    can take) it ends as failed, with a message, and can be checked again. Its transaction, if
    any, died with the worker: nothing was written. A batch waiting for the broker (no lease)
    is left waiting."""
    since = batch.lease_expires_at or batch.running_since
    if not batch.is_running or since is None or timezone.now() - since < lost_after():
        return batch
    if ImportBatch.objects.filter(pk=batch.pk, status=batch.status, attempts=batch.attempts,
                                  lease_expires_at=batch.lease_expires_at).update(
            status=ImportStatus.FAILED, problem={"code": "worker_lost", "params": {}},
            progress=100, running_since=None, lease_expires_at=None):
        audit(by=None, action="member.import.lost", obj=batch, node=batch.node,
              data={"status": batch.status})
    batch.refresh_from_db()
    return batch


def import_commit_request(*, batch: ImportBatch, by: AbstractBaseUser,
                          all_or_nothing: bool) -> ImportBatch:
    """Queue the commit; all-or-nothing with errors in the file writes nothing at all."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if not locked.can_commit:
            raise ValidationError(_("This import is not ready to be committed."))
        if all_or_nothing and locked.count_error:
            locked.problem = {"code": "had_errors", "params": {"count": locked.count_error}}
            locked.save(update_fields=["problem"])
            audit(by=by, action="member.import.refused", obj=locked, node=locked.node,
                  data={"errors": locked.count_error})
            return locked
        locked.status, locked.progress, locked.problem = ImportStatus.COMMITTING, 0, {}
        locked.running_since, locked.attempts = None, 0  # waiting: claimed by the worker
        locked.lease_expires_at = locked.sent_at = None
        locked.all_or_nothing, locked.committed_by = all_or_nothing, by
        locked.save()
        jobs.send_on_commit(COMMIT_JOB, locked)
    return locked
