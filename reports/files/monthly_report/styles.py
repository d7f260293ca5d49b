"""The look of the report: a title block, a bordered table, print setup.

Styles are registered once per workbook as named styles: assigning a named style to a cell is
a lookup, whereas assigning fonts and borders cell by cell makes openpyxl hash each of them
again, which dominates the time of a city's 14,000-row detail sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from common.xlsx_guard import guard_cell

COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"
CHANGE_FORMAT = "+#,##0;-#,##0;0"
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
HEADER_FILL = "DDEBF7"
TOTAL_FILL = "FFF2CC"

_thin = Side(style="thin", color="808080")
_border = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)

# Kinds of column: how a value is aligned and formatted.
KINDS = {
    "text": ("General", "left"),
    "count": (COUNT_FORMAT, "right"),
    "change": (CHANGE_FORMAT, "right"),
    "rate": (RATE_FORMAT, "right"),
    "date": (DATE_FORMAT, "center"),
    "month": (MONTH_FORMAT, "center"),
    "center": ("General", "center"),
}


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: str
    value: Callable[[Any], Any]


def register_styles(wb: Workbook) -> None:
    """One named style per column kind, plain and in a totals row."""
    for kind, (number_format, horizontal) in KINDS.items():
        for total in (False, True):
            style = NamedStyle(name=_style_name(kind, total))
            style.font = Font(name=BODY_FONT, size=10, bold=total)
            style.border = _border
            style.number_format = number_format
            # No wrapping: a long union name would need a row height openpyxl cannot measure.
            style.alignment = Alignment(horizontal=horizontal, vertical="center")
            if total:
                style.fill = PatternFill("solid", fgColor=TOTAL_FILL)
            wb.add_named_style(style)
    header = NamedStyle(name="report_header")
    header.font = Font(name=BODY_FONT, size=10, bold=True)
    header.border = _border
    header.fill = PatternFill("solid", fgColor=HEADER_FILL)
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wb.add_named_style(header)


def _style_name(kind: str, total: bool = False) -> str:
    return f"report_{kind}{'_total' if total else ''}"


def write_title(ws: Worksheet, title: str, subtitle: str, columns: int) -> int:
    """Rows 1-2: the title, then period, units, time and author; returns the next row."""
    last = get_column_letter(max(columns, 1))
    ws["A1"] = title
    ws["A1"].font = Font(name=TITLE_FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    ws["A2"] = subtitle
    ws["A2"].font = Font(name=BODY_FONT, size=10)
    ws["A2"].alignment = Alignment(horizontal="left", vertical="center")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 20
    return 3


def write_table(
    ws: Worksheet, start: int, columns: Sequence[Column], items: Iterable[Any], total: Any = None
) -> int:
    """A header row at `start`, one row per item, an optional totals item; returns the last row.

    Rows are appended as ready-made cells carrying a copy of their named style's array: the
    same result as `cell.style = name`, without openpyxl looking the name up for every cell.
    """
    wb = ws.parent
    header = _style_array(wb, "report_header")
    ws.append([Cell(ws, value=c.header, style_array=copy(header)) for c in columns])
    for col, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[start].height = 45  # three lines of header text
    plain = [(c.value, c.kind, _style_array(wb, _style_name(c.kind))) for c in columns]
    for item in items:
        ws.append([_cell(ws, value(item), kind, style) for value, kind, style in plain])
    if total is not None:
        totals = [(c.value, c.kind, _style_array(wb, _style_name(c.kind, True))) for c in columns]
        ws.append([_cell(ws, value(total), kind, style) for value, kind, style in totals])
    return ws.max_row


def write_list(
    ws: Worksheet, start: int, columns: Sequence[Column], items: Sequence[Any], empty: str
) -> int:
    """A table of `items`; with none, a line saying so (本月无新建工会) under the header instead
    of a bare header that reads like a failed build. Returns the last row."""
    last = write_table(ws, start, columns, items)
    if not items:
        last = write_note(ws, last + 1, empty, len(columns), bold=True)
    return last


def write_note(ws: Worksheet, row: int, text: str, columns: int, *, bold: bool = False) -> int:
    """A line of text across the table's width (a note under it, the empty-list line)."""
    cell = ws.cell(row, 1, text)
    guard_cell(cell)
    cell.font = Font(name=BODY_FONT, size=10, bold=bold)
    cell.alignment = Alignment(horizontal="left", vertical="center")
    ws.merge_cells(f"A{row}:{get_column_letter(max(columns, 1))}{row}")
    return row


def _style_array(wb: Workbook, name: str) -> StyleArray:
    return StyleArray(wb._named_styles[name].as_tuple())


def _cell(ws: Worksheet, value: Any, kind: str, style: StyleArray) -> Cell:
    cell = Cell(ws, value=_cell_value(value, kind), style_array=copy(style))
    if kind == "text":
        guard_cell(cell)
    return cell


def _cell_value(value: Any, kind: str) -> Any:
    if kind == "rate" and value is None:
        return "—"  # nothing to divide by: the dashboard shows a dash too
    return value


def finish_sheet(ws: Worksheet, header_row: int, columns: int, *, landscape: bool = True) -> None:
    """Frozen headers, print titles, paper set-up, and a filter over the table."""
    # By coordinate: the row under the header may be a merged empty-list line.
    ws.freeze_panes = f"{get_column_letter(2 if columns > 3 else 1)}{header_row + 1}"
    ws.print_title_rows = f"1:{header_row}"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&P / &N"
