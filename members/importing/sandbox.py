"""The roster read in the shared bounded child (common.sheets.sandbox)."""

from __future__ import annotations

from pathlib import Path

from common.sheets.sandbox import ReadAborted, read_sheet, time_limit_seconds
from members.importing.columns import roster_layout
from members.importing.reader import Roster

__all__ = ["ReadAborted", "read_roster", "time_limit_seconds"]


def read_roster(path: Path, *, need_union: bool = False) -> Roster:
    return read_sheet(path, roster_layout(need_union=need_union))
