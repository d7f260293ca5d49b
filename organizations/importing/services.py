"""The employer and union imports' use cases a user starts: upload, check again, commit.
Each queues its background run (organizations.importing.jobs) once its transaction commits."""

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
from organizations.audit import audit
from organizations.importing.jobs import COMMIT_JOB, VALIDATE_JOB
from organizations.importing.models import ImportStatus, RegisterImport
from organizations.models import Union
from organizations.scope import require_editor, require_within


def _action(record: RegisterImport, step: str) -> str:
    return f"{record.kind[:-1]}.import.{step}"  # employer.import.upload, union.import.commit…


@transaction.atomic
def register_import_create(*, node: Union, kind: str, by: AbstractBaseUser,
                           upload: UploadedFile) -> RegisterImport:
    """Keep the upload and queue its check; a bad file raises RefusedFile, nothing kept."""
    require_editor(by)
    require_within(by, node)
    with checked_upload(upload) as (stored, sha256):
        now = timezone.now()
        record = RegisterImport(
            node=node, kind=kind, created_by=by, created_at=now,
            keep_until=now + datetime.timedelta(days=settings.IMPORT_RETENTION_DAYS),
            original_name=(upload.name or "import.xlsx")[:255], size=upload.size or 0,
            sha256=sha256)
        record.file.save("import.xlsx", stored, save=False)
    record.save()
    audit(by=by, action=_action(record, "upload"), obj=record, node=node,
          data={"file": record.original_name, "sha256": record.sha256})
    jobs.send_on_commit(VALIDATE_JOB, record)
    return record


@transaction.atomic
def register_import_recheck(*, record: RegisterImport, by: AbstractBaseUser) -> RegisterImport:
    if not record.can_recheck:
        raise ValidationError(_("This import cannot be checked again."))
    RegisterImport.objects.filter(pk=record.pk).update(
        status=ImportStatus.PENDING, progress=0, problem={}, attempts=0, lease_expires_at=None,
        sent_at=None, running_since=None)
    audit(by=by, action=_action(record, "recheck"), obj=record, node=record.node)
    record.refresh_from_db()
    jobs.send_on_commit(VALIDATE_JOB, record)
    return record


@transaction.atomic
def register_import_commit_request(*, record: RegisterImport,
                                   by: AbstractBaseUser) -> RegisterImport:
    locked = RegisterImport.objects.select_for_update().get(pk=record.pk)
    if not locked.can_commit:
        raise ValidationError(_("This import is not ready to be committed."))
    locked.status, locked.progress, locked.problem = ImportStatus.COMMITTING, 0, {}
    locked.running_since, locked.attempts = None, 0
    locked.lease_expires_at = locked.sent_at = None
    locked.committed_by = by
    locked.save()
    jobs.send_on_commit(COMMIT_JOB, locked)
    return locked
