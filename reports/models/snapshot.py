"""Monthly snapshots: one row per node of the tree and month, every figure as of month end."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from counting.figures import Figures
from organizations.models import Union


class MonthlySnapshot(models.Model):
    node = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="snapshots")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    # Where the node stood in the tree when the snapshot was written: a union that moves later
    # stays in its old federation's past reports. Blank in rows written before it was kept.
    path = models.CharField(max_length=255, blank=True, default="", db_default="")
    unions_independent = models.IntegerField(default=0)
    unions_joint = models.IntegerField(default=0)
    unions_new = models.IntegerField(default=0)
    employers = models.IntegerField(default=0)
    employers_covered = models.IntegerField(default=0)
    employers_100 = models.IntegerField(default=0)
    employers_100_covered = models.IntegerField(default=0)
    employees = models.BigIntegerField(default=0)
    migrant_employees = models.BigIntegerField(default=0)
    members = models.IntegerField(default=0)
    members_female = models.IntegerField(default=0)
    members_migrant = models.IntegerField(default=0)
    members_new_form = models.IntegerField(default=0)
    members_eight_group = models.IntegerField(default=0)
    members_new = models.IntegerField(default=0)
    members_kept = models.IntegerField(default=0)

    class Meta:
        ordering = ["node", "month"]
        verbose_name = _("monthly snapshot")
        verbose_name_plural = _("monthly snapshots")
        constraints = [
            models.UniqueConstraint(fields=["node", "month"], name="snapshot_one_per_node_month"),
        ]
        indexes = [models.Index(fields=["month"], name="snapshot_month")]

    def __str__(self) -> str:
        return f"{self.node_id} {self.month:%Y-%m}"

    @property
    def figures(self) -> Figures:
        return Figures.of(self.__dict__)
