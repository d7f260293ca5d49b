"""Formula injection guard (CSV/Excel injection), for every workbook the project writes.

It lives in unionreg rather than in an app because every app that writes a workbook uses it
(the reports' generated files, the members' import error workbook), and apps may not import
each other's modules in both directions.

A name such as ``=HYPERLINK("http://evil", "点击")`` typed into the registry must reach Excel as
text. Two things protect a cell: it is stored as a string cell (never a formula cell), and it
carries the ``quotePrefix`` style, which is what Excel and LibreOffice set themselves when a
user types a leading apostrophe: the cell shows text and stays text even after it is edited.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import TYPE_STRING, Cell, WriteOnlyCell

# Characters that make a spreadsheet treat the rest of the cell as a formula or command.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def guard_cell(cell: Cell | WriteOnlyCell) -> Cell | WriteOnlyCell:
    """Keep an openpyxl cell's text as text.

    openpyxl turns any assigned string starting with "=" into a formula cell, so the data type
    is forced back to string after the value is set.
    """
    if is_formula_like(cell.value):
        cell.data_type = TYPE_STRING
        cell.quotePrefix = True
    return cell


def text_cell(ws, value: Any) -> WriteOnlyCell:
    """A write-only cell holding `value`, guarded if it looks like a formula."""
    cell = WriteOnlyCell(ws, value=value)
    return guard_cell(cell)
