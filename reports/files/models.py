"""Generated files (monthly reports and member rosters), built by Celery workers.

A row is created when a file is requested and is the only way to reach the file: files live
under MEDIA_ROOT/files with unguessable names and are served by a scoped view, never by URL.
A file is written under a temporary name and renamed into place when complete, so a row
marked done always points at a whole file and a killed worker leaves nothing listed. The row is
leased by the worker building it (common/jobs.py): a lost worker's build is handed on or failed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.jobs import FAILURE_TEXT
from organizations.models import ScopedQuerySet, Union
from reports.files.periods import period_label

FILES_DIR = "files"


class FileKind(models.TextChoices):
    REPORT = "report", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")
    ANNUAL = "annual", _("Annual report")
    ROSTER = "roster", _("Member roster")
    WORKLIST = "worklist", _("Work-list 四清")


# The statistical reports: of a period (a month, quarter or reporting year), seen by everyone
# whose subtree holds their node; a roster is personal data, seen by its requester only.
REPORT_KINDS = (FileKind.REPORT, FileKind.QUARTERLY, FileKind.ANNUAL)
# Seen by their requester only: a roster (personal data) and a work-list export (employers'
# contacts and phones, filtered by what one person asked for).
OWN_KINDS = (FileKind.ROSTER, FileKind.WORKLIST)


class FileStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class GeneratedFileQuerySet(ScopedQuerySet):
    def done(self) -> "GeneratedFileQuerySet":
        return self.filter(status=FileStatus.DONE)

    def pending(self) -> "GeneratedFileQuerySet":
        return self.filter(status__in=[FileStatus.QUEUED, FileStatus.RUNNING])


class GeneratedFile(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=FileKind.choices)
    node = models.ForeignKey(
        Union, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="generated_files"
    )
    month = models.DateField(
        _("month"), null=True, blank=True,
        help_text=_("The first day of the reported month (of a quarter or reporting year: its "
                    "first month)."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the reports built on schedule."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FileStatus.choices, default=FileStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    full_ids = models.BooleanField(_("full resident IDs"), default=False)
    # A work-list's filters as requested (reports.worklist.filters.WorklistFilters.as_params).
    params = models.JSONField(_("filters"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)  # for the operators
    # Why it failed, for the person who asked (a code of common.jobs.FAILURE_TEXT).
    failure = models.CharField(_("reason of the failure"), max_length=32, blank=True)
    # The lease (common/jobs.py): claims so far, held until, last sign of life, last sent.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = GeneratedFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")
        constraints = [
            # The scheduled build of a month happens once, however often beat fires or retries.
            models.UniqueConstraint(
                fields=["kind", "node", "month"],
                condition=Q(requested_by__isnull=True),
                name="generated_file_one_scheduled_per_month",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["roster", "worklist"]) | Q(month__isnull=False),
                name="generated_file_report_has_month",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="generated_file_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} {self.node_id}"

    @property
    def path(self) -> Path | None:
        """Where the finished file lives; None until it is published."""
        if not self.file_name:
            return None
        return Path(settings.MEDIA_ROOT) / FILES_DIR / self.file_name

    @property
    def period_label(self) -> str:
        """The reported period as people say it (2026年3月, 2026年第1季度, 2026年度)."""
        return period_label(self.kind, self.month) if self.month else ""

    @property
    def failure_text(self) -> str:
        return str(FAILURE_TEXT.get(self.failure, FAILURE_TEXT["internal"]))

    @property
    def is_done(self) -> bool:
        return self.status == FileStatus.DONE

