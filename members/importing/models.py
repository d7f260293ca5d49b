"""The record of each roster import: who sent which file, into which node, and what came of it."""

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


RECHECKABLE = (ImportStatus.VALIDATED, ImportStatus.REJECTED, ImportStatus.STALE,
               ImportStatus.FAILED)


def _upload_to(batch: "ImportBatch", filename: str) -> str:
    # Never reuse the uploader's file name on disk: it is kept only as a label.
    return f"imports/{batch.created_at:%Y/%m}/{uuid.uuid4().hex}.xlsx"


def _plan_to(batch: "ImportBatch", filename: str) -> str:
    return f"imports/{batch.created_at:%Y/%m}/{uuid.uuid4().hex}.plan.json.gz"


class ImportBatchQuerySet(ScopedQuerySet):
    node_path_field = "node__path"


class ImportBatch(models.Model):
    """One uploaded roster file and its journey: checked, previewed, committed (or not)."""

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
    file = models.FileField(_("uploaded file"), upload_to=_upload_to, blank=True, max_length=200)
    plan = models.FileField(upload_to=_plan_to, blank=True, max_length=200)
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

    all_or_nothing = models.BooleanField(_("all or nothing"), default=False)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_new = models.PositiveIntegerField(default=0)
    committed_updated = models.PositiveIntegerField(default=0)
    commit_seconds = models.FloatField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

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
