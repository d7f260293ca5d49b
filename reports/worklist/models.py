"""Who works an employer of the 四清 list, what was done, and the yearly targets of a federation.

A work item exists only once someone assigns the employer: the list itself is computed from the
employers (reports.worklist.selectors), so 76,000 employers need no 76,000 rows.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Employer, Union


class WorkItem(models.Model):
    employer = models.OneToOneField(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="work_item")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="work_items")
    due_on = models.DateField(_("due date"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("work-list item")
        verbose_name_plural = _("work-list items")
        indexes = [models.Index(fields=["assignee", "due_on"], name="workitem_assignee_due")]

    def __str__(self) -> str:
        return f"work item of employer #{self.employer_id}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on is not None and self.due_on < today


class VisitKind(models.TextChoices):
    LETTERS = "letters", _("一函两书 sent")
    MEETING = "meeting", _("Meeting held")
    VISIT = "visit", pgettext_lazy("work-list entry", "Visit")
    OTHER = "other", pgettext_lazy("work-list entry", "Other")


class Visit(models.Model):
    """One step taken with the employer (走访, 一函两书, a meeting), as its entries."""

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("kind"), max_length=16, choices=VisitKind.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("work-list entry")
        verbose_name_plural = _("work-list entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class Target(models.Model):
    """A federation's yearly target of new unions and new members for one of its children."""

    node = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    new_unions = models.PositiveIntegerField(_("new unions"), default=0)
    new_members = models.PositiveIntegerField(_("new members"), default=0)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="target_one_per_node_year"),
        ]

    def __str__(self) -> str:
        return f"target {self.year} of node #{self.node_id}"
