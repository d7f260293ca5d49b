"""Employers and grassroots unions from Excel (issue 14): the lists federations get from market
regulation, social insurance and tax offices, and a federation's existing register moved over.

The record of an import (`ImportRecord`, its states `ImportStatus`) is shared with the roster
import (members.importing), which builds on this app; the reading is common.sheets'.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import ScopedQuerySet, Union


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be checked")
    VALIDATING = "validating", _("Checking")
    VALIDATED = "validated", _("Checked, ready to commit")
    REFUSED = "refused", _("File refused")
    COMMITTING = "committing", _("Committing")
    COMMITTED = "committed", _("Committed")
    REJECTED = "rejected", _("Not committed (all-or-nothing with errors)")
    # The registry changed between the check and the commit: nothing written, check again.
    STALE = "stale", _("Changed meanwhile: check again")
    FAILED = "failed", _("Failed")


def failed_fields(code: str) -> dict:
    """The columns a failed check or commit ends with (common.jobs' fail_fields)."""
    problem = ({"code": "worker_lost", "params": {}} if code == "worker_lost"
               else {"code": "job_failed", "params": {"reason": code}})
    return {"status": ImportStatus.FAILED, "problem": problem, "progress": 100,
            "running_since": None}


RECHECKABLE = (ImportStatus.VALIDATED, ImportStatus.REJECTED, ImportStatus.STALE,
               ImportStatus.FAILED)


class ImportRecordQuerySet(ScopedQuerySet):
    node_path_field = "node__path"


class ImportRecord(models.Model):
    """One uploaded file and its journey: checked, previewed, committed (or not). Each import
    adds its own file field (where uploads go) and what its commit records."""

    node = models.ForeignKey(
        Union, verbose_name=_("imported into"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), db_index=True)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("file size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    keep_until = models.DateTimeField(_("file kept until"))
    file_purged_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    # When the worker running the check or commit claimed it (empty while it waits).
    running_since = models.DateTimeField(null=True, blank=True)
    # The lease of the running check or commit (common/jobs.py): claims so far, held until,
    # last sign of life, last sent to the broker.
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A refused file or a failed run: code and params of the reason, translated when shown.
    problem = models.JSONField(default=dict, blank=True)
    sheet_name = models.CharField(max_length=100, blank=True)
    header_row = models.PositiveIntegerField(default=0)
    columns = models.JSONField(default=dict, blank=True)  # field -> [column index, header]
    extra_columns = models.JSONField(default=list, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    count_new = models.PositiveIntegerField(_("new"), default=0)
    count_updated = models.PositiveIntegerField(_("updated"), default=0)
    count_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    count_error = models.PositiveIntegerField(_("rows with errors"), default=0)
    # [row, column header, value, reason code, params], in row order.
    errors = models.JSONField(default=list, blank=True)
    validate_seconds = models.FloatField(null=True, blank=True)

    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_new = models.PositiveIntegerField(default=0)
    committed_updated = models.PositiveIntegerField(default=0)
    commit_seconds = models.FloatField(null=True, blank=True)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.node} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (
            ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.COMMITTING
        )

    @property
    def can_recheck(self) -> bool:
        return bool(self.file) and self.status in RECHECKABLE

    @property
    def can_commit(self) -> bool:
        return self.status == ImportStatus.VALIDATED and (self.count_new + self.count_updated) > 0


class RegisterKind(models.TextChoices):
    EMPLOYERS = "employers", _("Employers")
    UNIONS = "unions", _("Grassroots unions with their employers")


def _upload_to(record: RegisterImport, filename: str) -> str:
    # Never reuse the uploader's file name on disk: it is kept only as a label.
    return f"register-imports/{record.created_at:%Y/%m}/{uuid.uuid4().hex}.xlsx"


class RegisterImport(ImportRecord):
    """An employer list, or grassroots unions with their employers, imported into a node."""

    kind = models.CharField(_("what is imported"), max_length=16, choices=RegisterKind.choices)
    file = models.FileField(_("uploaded file"), upload_to=_upload_to, blank=True, max_length=200)

    class Meta(ImportRecord.Meta):
        verbose_name = _("employer or union import")
        verbose_name_plural = _("employer and union imports")
