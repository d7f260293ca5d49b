"""The year's chair stipend payments under a node, as an Excel sheet (every cell guarded)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from common.xlsx_guard import text_cell
from governance import selectors
from organizations.models import Union

WIDTHS = (34, 12, 22, 14, 12, 12, 12, 18, 24)


def stipend_workbook(*, user: AbstractBaseUser, node: Union, year: int) -> bytes:
    """One row per payment in `year`, the node's unions in tree order, and the total."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Chair stipends %(year)s") % {"year": year})
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(65 + index)].width = width

    def row(values, bold: bool = False) -> None:
        cells = [text_cell(sheet, value) for value in values]
        if bold:
            for cell in cells:
                cell.font = Font(bold=True)
        sheet.append(cells)

    row([_("%(node)s: chair stipends paid in %(year)s") % {"node": node.name, "year": year}],
        bold=True)
    row([_("Union"), _("Chair"), _("Resident ID"), _("Period from"), _("Period until"),
         _("Paid on"), _("Amount (yuan)"), _("Source"), _("Note")], bold=True)
    total = Decimal(0)
    for stipend in selectors.stipend_list(user=user, node=node, year=year).iterator():
        total += stipend.amount
        row([stipend.union.name, stipend.officer.name, stipend.officer.masked_resident_id,
             stipend.period_start, stipend.period_end, stipend.paid_on, stipend.amount,
             stipend.get_source_display(), stipend.note])
    row([_("Total"), "", "", "", "", "", total, "", ""], bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
