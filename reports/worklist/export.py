"""The filtered work-list as an .xlsx file (openpyxl write-only, every text cell through the
formula guard), with the county and township of each employer. Headers in Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.xlsx_guard import text_cell
from reports.worklist.selectors import area_names

CHUNK = 2000


def worklist_headers() -> list[str]:
    return [_("Employer"), _("Unified social credit code"), _("County/district"),
            _("Township/street"), _("Located under"), _("Employees"), _("Migrant employees"),
            _("Industry section"), _("Economic type"), _("Special kind"),
            _("Reason for no union"), _("Reason details"), _("Assigned to"), _("Due date")]


def _chunks(employers: QuerySet) -> Iterable[list]:
    chunk = []
    for employer in employers.iterator(chunk_size=CHUNK):
        chunk.append(employer)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _row(employer, county: str, township: str) -> list:
    item = getattr(employer, "work_item", None)
    assignee = item.assignee.get_username() if item and item.assignee else ""
    return [employer.name, employer.credit_code, county, township, employer.node.name,
            employer.employees, employer.migrant_employees,
            employer.get_industry_section_display(), employer.get_economic_type_display(),
            employer.get_special_kind_display(), employer.get_no_union_reason_display()
            if employer.no_union_reason else "", employer.no_union_note, assignee,
            item.due_on.isoformat() if item and item.due_on else ""]


def worklist_write(employers: QuerySet, target: str | Path | IO[bytes]) -> int:
    """Write the employers (already scoped and filtered by the caller); return the rows."""
    with translation.override("zh-hans"):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Work-list 四清"))
        sheet.append([text_cell(sheet, h) for h in worklist_headers()])
        rows = 0
        for chunk in _chunks(employers):
            areas = area_names(chunk)
            for employer in chunk:
                sheet.append([text_cell(sheet, v) for v in _row(employer, *areas[employer.pk])])
                rows += 1
    workbook.save(target)
    return rows
