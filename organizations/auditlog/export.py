"""The audit log as an .xlsx file: openpyxl write-only, every text cell through the formula guard."""

from __future__ import annotations

import tempfile
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.xlsx_guard import text_cell
from organizations.auditlog.actions import action_label, data_summary, object_type_label
from organizations.models import AuditEntry

# Files up to this size stay in memory; larger ones spill to a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024


def _headers() -> list[str]:
    return [_("Time"), _("User"), _("Action"), _("Action code"), _("Object type"),
            _("Object ID"), _("Unit"), _("Details")]


def audit_workbook(entries: QuerySet[AuditEntry]) -> tuple[IO[bytes], int]:
    """Write `entries` (already scoped and bounded by the caller); return the file and its rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit log"))
    sheet.append([text_cell(sheet, h) for h in _headers()])
    rows = 0
    fields = ("at", "username", "action", "object_type", "object_id", "node__name", "data")
    for at, username, action, object_type, object_id, node, data in (
        entries.values_list(*fields).iterator(chunk_size=2000)
    ):
        values = [timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S"), username,
                  action_label(action), action, object_type_label(object_type), object_id,
                  node or "", data_summary(data, limit=2000)]
        sheet.append([text_cell(sheet, v) for v in values])
        rows += 1
    handle = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    workbook.save(handle)
    handle.seek(0)
    return handle, rows
