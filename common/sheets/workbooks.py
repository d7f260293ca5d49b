"""The workbooks that go with an import, written with openpyxl through the formula guard
(common.xlsx_guard): the template to fill in (headers, an example row, drop-downs, notes) and
the error workbook (the rows at fault as uploaded, with their reasons)."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from common.sheets.headers import Column
from common.sheets.reader import Sheet
from common.xlsx_guard import guard_cell, text_cell

REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
REASON_FONT = Font(color="9C0006")
EXCEL_CELL_LIMIT = 32_767
# Excel refuses an in-line list of more than 255 characters: longer ones go to a hidden sheet.
INLINE_LIST_LIMIT = 255
LISTS_SHEET = "选项"


@dataclass
class Template:
    """What one import's template holds; headers and values are the file format (Chinese)."""

    title: str
    columns: Sequence[Column]
    example: dict
    rows: int  # drop-downs reach this far
    drop_downs: dict[str, list[str]] = field(default_factory=dict)
    text_fields: tuple[str, ...] = ()  # kept as text (codes Excel would turn into numbers)
    date_fields: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def template_workbook(spec: Template) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.title
    last = spec.rows + 1
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = guard_cell(sheet.cell(row=1, column=index, value=column.header))
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = REQUIRED_FILL
            cell.comment = Comment(_("Required."), "unionreg")
        sheet.column_dimensions[letter].width = column.width
        example = guard_cell(sheet.cell(row=2, column=index, value=spec.example.get(column.field)))
        example.font = Font(italic=True, color="808080")
        if column.field in spec.text_fields:
            # Text, so Excel keeps every digit instead of rounding to 15.
            sheet.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
        if column.field in spec.date_fields:
            example.number_format = "yyyy-mm-dd"
        if column.field in spec.drop_downs:
            drop_down(sheet, f"{letter}2:{letter}{last}", spec.drop_downs[column.field])
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    for row, line in enumerate(spec.notes, start=1):
        guard_cell(notes.cell(row=row, column=1, value=line)).font = Font(bold=row == 1)
    notes.column_dimensions["A"].width = 110
    return workbook_bytes(workbook)


def drop_down(sheet, cells: str, values: list[str]) -> None:
    """A list validation on `cells`; a long list is written to a hidden sheet and referred to."""
    inline = ",".join(values)
    if len(inline) + 2 <= INLINE_LIST_LIMIT:
        formula = f'"{inline}"'
    else:
        formula = _listed(sheet.parent, values)
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    rule.error = _("Choose a value from the list.")
    sheet.add_data_validation(rule)
    rule.add(cells)


def _listed(workbook: Workbook, values: list[str]) -> str:
    if LISTS_SHEET in workbook.sheetnames:
        lists = workbook[LISTS_SHEET]
    else:
        lists = workbook.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
    column = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
    for row, value in enumerate(values, start=1):
        guard_cell(lists.cell(row=row, column=column, value=value))
    letter = get_column_letter(column)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(values)}"


def error_workbook(sheet: Sheet, errors: list[list], *, columns: Sequence[Column],
                   reason: Callable[[str, dict], str], text_fields: tuple[str, ...] = ()) -> bytes:
    """The original rows that have errors, to fix and upload again: the reasons first, then
    the row's cells as read, the cells at fault filled. Every cell goes through the formula
    guard: a name such as =HYPERLINK(...) comes back as the text it was uploaded as.

    `errors` are [row, column header, value, reason code, params], as the imports store them."""
    reasons: dict[int, list[str]] = defaultdict(list)
    bad: dict[int, set[int]] = defaultdict(set)
    index_of = {stored_text(sheet.headers[i]): i for i in sheet.columns.values()}
    for row, header, _value, code, params in errors:
        reasons[row].append(f"{header}: {reason(code, params)}")
        if header in index_of:
            bad[row].add(index_of[header])
    as_text = {sheet.columns[f] for f in text_fields if f in sheet.columns}
    workbook = Workbook(write_only=True)
    out = workbook.create_sheet(_("Rows with errors")[:31])
    _error_sheet_layout(out, sheet, columns)
    out.append([_styled(out, header, font=Font(bold=True), fill=HEADER_FILL) for header in
                [_("Error reason"), _("Row in the original file"), *sheet.headers]])
    for number, cells in sheet.rows():
        if number not in reasons:
            continue
        line = [_styled(out, "；".join(reasons[number]), font=REASON_FONT),
                WriteOnlyCell(out, value=number)]
        for index in range(len(sheet.headers)):
            value = cells[index] if index < len(cells) else None
            line.append(_data_cell(out, value, as_text=index in as_text,
                                   fill=BAD_FILL if index in bad[number] else None))
        out.append(line)
    return workbook_bytes(workbook)


STORED_CHARS = 100


def stored_text(value: object) -> str:
    """A header or value as kept with an import's errors: bounded, the rest cut off."""
    text = "" if value is None else str(value)
    return text if len(text) <= STORED_CHARS else text[:STORED_CHARS - 1] + "…"


def _error_sheet_layout(out, sheet: Sheet, columns: Sequence[Column]) -> None:
    by_field = {column.field: column.width for column in columns}
    by_header = {column.header: column.width for column in columns}
    field_at = {index: name for name, index in sheet.columns.items()}
    out.column_dimensions["A"].width = 60
    out.column_dimensions["B"].width = 10
    for index, header in enumerate(sheet.headers):
        width = by_field.get(field_at.get(index), by_header.get(header, 14))
        out.column_dimensions[get_column_letter(index + 3)].width = width
    out.freeze_panes = "C2"


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
    """A cell as read; a code column as text (else Excel shows 3.2E+17 and drops digits)."""
    if as_text and value is not None:
        if isinstance(value, float) and value.is_integer():
            value = str(int(value))
        value = str(value)
    cell = _styled(sheet, value, fill=fill)
    if as_text:
        cell.number_format = "@"
    return cell


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
