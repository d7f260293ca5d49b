"""The record of each roster import: who sent which file, into which node, and what came of it.

The record and its states are shared with the employer and union imports
(organizations.importing.models); a roster import adds its plan and its all-or-nothing choice.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.importing.models import RECHECKABLE, ImportRecord, ImportStatus

__all__ = ["RECHECKABLE", "ImportBatch", "ImportStatus"]


def _upload_to(batch: ImportBatch, filename: str) -> str:
    # Never reuse the uploader's file name on disk: it is kept only as a label.
    return f"imports/{batch.created_at:%Y/%m}/{uuid.uuid4().hex}.xlsx"


def _plan_to(batch: ImportBatch, filename: str) -> str:
    return f"imports/{batch.created_at:%Y/%m}/{uuid.uuid4().hex}.plan.json.gz"


class ImportBatch(ImportRecord):
    """One uploaded roster file and its journey: checked, previewed, committed (or not)."""

    file = models.FileField(_("uploaded file"), upload_to=_upload_to, blank=True, max_length=200)
    plan = models.FileField(upload_to=_plan_to, blank=True, max_length=200)
    all_or_nothing = models.BooleanField(_("all or nothing"), default=False)

    class Meta(ImportRecord.Meta):
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
