"""The roster template and the error sheet, both written with openpyxl through the formula
guard (common.xlsx_guard)."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.xlsx_guard import guard_cell, text_cell
from members.importing.columns import (
    BY_FIELD,
    COLUMNS,
    EIGHT_GROUP_VALUES,
    NEW_FORM_VALUES,
    choices_offered,
)
from members.importing.reader import Roster, max_rows
from members.importing.reasons import reason_text
from members.importing.validate import EXAMPLE_ID, stored_text

EXAMPLE = {
    "name": "张三", "resident_id": EXAMPLE_ID, "phone": "13800001111",
    "joined_on": datetime.date(2019, 3, 5), "is_migrant": "是", "new_form_category": "快递员",
    "eight_group": "快递员", "employer": "示例物流有限公司", "union": "示例物流有限公司工会委员会",
}
DROP_DOWNS = {
    "is_migrant": ["是", "否"],
    "new_form_category": choices_offered(NEW_FORM_VALUES),
    "eight_group": choices_offered(EIGHT_GROUP_VALUES),
}
REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "会员名册"
    last = max_rows() + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = guard_cell(sheet.cell(row=1, column=index, value=column.header))
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = REQUIRED_FILL
            cell.comment = Comment(_("Required."), "unionreg")
        sheet.column_dimensions[letter].width = column.width
        example = guard_cell(sheet.cell(row=2, column=index, value=EXAMPLE[column.field]))
        example.font = Font(italic=True, color="808080")
        if column.field == "resident_id":
            # Text, so Excel keeps all 18 digits instead of rounding to 15.
            sheet.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
        if column.field == "joined_on":
            example.number_format = "yyyy-mm-dd"
        if column.field in DROP_DOWNS:
            _drop_down(sheet, f"{letter}2:{letter}{last}", DROP_DOWNS[column.field])
    sheet.freeze_panes = "A2"
    _instructions(workbook.create_sheet("填写说明"))
    return _bytes(workbook)


def _drop_down(sheet, cells: str, values: list[str]) -> None:
    rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                          showErrorMessage=True)
    rule.error = _("Choose a value from the list.")
    sheet.add_data_validation(rule)
    rule.add(cells)


def _instructions(sheet) -> None:
    lines = [
        _("How to fill in the member roster"),
        _("1. Row 2 is an example: delete it before uploading."),
        _("2. Columns marked in red are required: 姓名, 身份证号, 入会日期."),
        _("3. 身份证号: 18 characters; an old 15-digit number is converted automatically. "
          "Keep the column as text, or Excel will lose the last digits."),
        _("4. 入会日期: a date such as 2019-03-05, 2019.3.5, 2019年3月5日 or 20190305."),
        _("5. 是否农民工: 是 or 否. 新就业形态 and 八大群体: choose from the list, or leave empty."),
        _("6. 所属工会: required when you import into a federation; the name or credit code of "
          "the member's grassroots union."),
        _("7. 工作单位: optional; the name or credit code of an employer the union covers."),
        _("8. A person already in the union is updated: only filled-in cells change their record. "
          "A person who belongs to another union needs a membership transfer instead."),
        _("9. Column order does not matter; columns not listed here are ignored. "
          "At most %(rows)s rows per file.") % {"rows": max_rows()},
    ]
    for row, line in enumerate(lines, start=1):
        guard_cell(sheet.cell(row=row, column=1, value=line)).font = Font(bold=row == 1)
    sheet.column_dimensions["A"].width = 110


def error_workbook(roster: Roster, errors: list[list]) -> bytes:
    """The original rows that have errors, to fix and upload again: the reasons first, then
    the row's cells as read, the cells at fault filled. Every cell goes through the formula
    guard: a name such as =HYPERLINK(...) comes back as the text it was uploaded as."""
    reasons: dict[int, list[str]] = defaultdict(list)
    bad: dict[int, set[int]] = defaultdict(set)
    index_of = {stored_text(roster.headers[i]): i for i in roster.columns.values()}
    for row, header, _value, code, params in errors:
        reasons[row].append(f"{header}: {reason_text(code, params)}")
        if header in index_of:
            bad[row].add(index_of[header])
    id_index = roster.columns.get("resident_id")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rows with errors")[:31])
    _error_sheet_layout(sheet, roster)
    sheet.append(_header_cells(sheet, [_("Error reason"), _("Row in the original file"),
                                       *roster.headers]))
    for number, cells in roster.rows():
        if number not in reasons:
            continue
        line = [_styled(sheet, "；".join(reasons[number]), font=REASON_FONT),
                WriteOnlyCell(sheet, value=number)]
        for index in range(len(roster.headers)):
            value = cells[index] if index < len(cells) else None
            line.append(_data_cell(sheet, value, as_text=index == id_index,
                                   fill=BAD_FILL if index in bad[number] else None))
        sheet.append(line)
    return _bytes(workbook)


BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
REASON_FONT = Font(color="9C0006")
EXCEL_CELL_LIMIT = 32_767


def _error_sheet_layout(sheet, roster: Roster) -> None:
    widths = {column.header: column.width for column in COLUMNS}
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 10
    for index, header in enumerate(roster.headers):
        field = next((f for f, i in roster.columns.items() if i == index), None)
        width = BY_FIELD[field].width if field else widths.get(header, 14)
        sheet.column_dimensions[get_column_letter(index + 3)].width = width
    sheet.freeze_panes = "C2"


def _header_cells(sheet, headers: list) -> list[WriteOnlyCell]:
    return [_styled(sheet, header, font=Font(bold=True), fill=HEADER_FILL) for header in headers]


def _styled(sheet, value: object, *, font: Font | None = None,
            fill: PatternFill | None = None) -> WriteOnlyCell:
    if isinstance(value, str):
        value = value[:EXCEL_CELL_LIMIT]  # Excel refuses a workbook with a longer cell
    cell = text_cell(sheet, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _data_cell(sheet, value: object, *, as_text: bool,
               fill: PatternFill | None) -> WriteOnlyCell:
    """A cell as read; the resident ID as text (else Excel shows 3.2E+17 and drops digits)."""
    if as_text and value is not None:
        if isinstance(value, float) and value.is_integer():
            value = str(int(value))
        value = str(value)
    cell = _styled(sheet, value, fill=fill)
    if as_text:
        cell.number_format = "@"
    return cell


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
