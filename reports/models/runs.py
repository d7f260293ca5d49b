"""The scheduled snapshot of a month, as a job row: claimed once, leased while it runs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SnapshotRun(models.Model):
    """One row per month: beat firing twice, or the task redelivered, finds the month claimed
    or done and writes nothing a second time (common/jobs.py holds the lease logic)."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    failure = models.CharField(_("reason of the failure"), max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("snapshot run")
        verbose_name_plural = _("snapshot runs")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.status}"
