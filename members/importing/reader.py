"""The roster as the shared workbook reader (common.sheets.reader) sees it: its layout."""

from __future__ import annotations

from pathlib import Path

from common.sheets.reader import Sheet as Roster
from common.sheets.reader import inspect_file, max_rows, open_sheet
from members.importing.columns import roster_layout

__all__ = ["Roster", "inspect_file", "max_rows", "open_roster"]


def open_roster(path: Path, *, need_union: bool = False, rows: int | None = None,
                inspected: bool = False) -> Roster:
    """Check the file and open its roster sheet (in-process: see `sandbox.read_roster`)."""
    return open_sheet(path, roster_layout(need_union=need_union), rows=rows, inspected=inspected)
