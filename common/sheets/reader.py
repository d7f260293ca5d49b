"""Open an uploaded workbook safely and hand out the rows of its sheet (any of our imports).

The checks come first and cost little: what the bytes are (xlsx, old xls, an encrypted
workbook, text, a picture), whether the zip is sound and how large it unpacks, whether cells
hold formulas that were never calculated. Only then is the sheet read, with python-calamine:
it reads about ten times faster than openpyxl's read-only mode, which is what lets a
100,000-row roster be checked within seconds (see bench.py).

What differs between imports is the `Layout`: the header spellings, the columns that mark the
header row, the columns that must be there. Everything else (bounds, refusals) is shared.
"""

from __future__ import annotations

import json
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from common.sheets.extent import Limits, measure
from common.sheets.headers import header_key
from common.sheets.refusal import RefusedFile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF", b"II*\x00", b"MM\x00*")
HEADER_SEARCH_ROWS = 10
# A roster has a dozen columns; notes may add some. Nothing past column CV is read.
MAX_COLUMNS = 100
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 200_000)


def max_upload_mb() -> int:
    return getattr(settings, "IMPORT_MAX_UPLOAD_MB", 50)


def max_unpacked_mb() -> int:
    # A 200,000-row, 12-column sheet unpacks to about 120 MB of XML.
    return getattr(settings, "IMPORT_MAX_UNPACKED_MB", 300)


def inspect_file(path: Path) -> None:
    """Refuse anything that is not a sound, reasonably sized xlsx; cheap, runs on upload."""
    size = path.stat().st_size
    if size > max_upload_mb() * 1024 * 1024:
        raise RefusedFile("too_big", mb=max_upload_mb())
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise RefusedFile("empty")
    if head.startswith(OLE2_MAGIC):
        # Excel encrypts an xlsx by wrapping it in an OLE2 file with an EncryptedPackage stream.
        raise RefusedFile("encrypted" if ENCRYPTED_STREAM in path.read_bytes() else "xls")
    if head.startswith(IMAGE_MAGICS):
        raise RefusedFile("image")
    if not head.startswith(b"PK"):
        raise RefusedFile("text" if _looks_like_text(head) else "not_xlsx")
    _inspect_zip(path)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _inspect_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise RefusedFile("corrupt")
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise RefusedFile("not_xlsx")  # a .docx, .zip or .ods renamed
    # zipfile never inflates a member past its declared size, so the sum is a true cap.
    if sum(info.file_size for info in infos) > max_unpacked_mb() * 1024 * 1024:
        raise RefusedFile("unpacked_too_big", mb=max_unpacked_mb())


@dataclass(frozen=True)
class Layout:
    """One kind of sheet: header spelling -> field, the fields whose headers together mark the
    header row, and the required columns (field -> header, named when missing). Plain data: it
    crosses to the reading child as JSON."""

    lookup: dict[str, str]
    marks: tuple[str, ...]
    required: dict[str, str]

    def to_json(self) -> str:
        return json.dumps({"lookup": self.lookup, "marks": self.marks, "required": self.required})

    @classmethod
    def from_json(cls, text: str) -> Layout:
        data = json.loads(text)
        return cls(data["lookup"], tuple(data["marks"]), data["required"])


@dataclass
class Sheet:
    sheet_name: str
    header_row: int  # Excel row number of the header, 1-based
    headers: list[str]  # the header row as written
    columns: dict[str, int]  # field -> 0-based column index
    extra_columns: list[str]
    last_row: int  # Excel row number of the last row in the sheet
    _rows: Iterator[list] = field(repr=False, default=iter(()))
    _first_col: int = 0
    _close: Callable[[], None] | None = field(repr=False, default=None)

    @property
    def row_estimate(self) -> int:
        return max(self.last_row - self.header_row, 0)

    def header_of(self, field_name: str) -> str:
        return self.headers[self.columns[field_name]]

    def header_fields(self) -> dict:
        """What the sandbox's child sends before the rows."""
        return {"sheet_name": self.sheet_name, "header_row": self.header_row,
                "headers": self.headers, "columns": self.columns,
                "extra_columns": self.extra_columns, "last_row": self.last_row,
                "_first_col": self._first_col}

    def release(self) -> None:
        """Let go of the sheet (tens of megabytes at 100,000 rows) once the rows are read."""
        self._rows = iter(())
        if self._close is not None:
            self._close()
            self._close = None

    def raw_rows(self) -> Iterator[list]:
        """The rows below the header as read, blank ones included."""
        return self._rows

    def rows(self) -> Iterator[tuple[int, list]]:
        """(Excel row number, cells) for every row below the header, blank rows skipped."""
        number = self.header_row
        for cells in self._rows:
            number += 1
            if any(cell not in (None, "") for cell in cells):
                yield number, cells


def sheet_limits(rows: int) -> Limits:
    """What calamine may be asked to build: the rows allowed below a header in the first
    rows, MAX_COLUMNS columns, and a rectangle of at most 30 columns of that height (cells
    in columns A-Z are not measured one by one: the rectangle must allow 26 of them)."""
    height = rows + HEADER_SEARCH_ROWS
    return Limits(rows=height, columns=MAX_COLUMNS, cells=height * 30)


def open_sheet(path: Path, layout: Layout, *, rows: int | None = None,
               inspected: bool = False) -> Sheet:
    """Check the file, find the sheet and header row, and return a reader of its rows.

    Run it through `sandbox.read_sheet`, which bounds its memory and time. The sandbox's
    child passes the row limit and has already inspected the file in the parent: the child
    does not see settings changed at run time.
    """
    rows = max_rows() if rows is None else rows
    if not inspected:
        inspect_file(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine has several unrelated error types for a damaged file
        raise RefusedFile("corrupt")
    sheet = _find_sheet(workbook, path, layout, sheet_limits(rows))
    if sheet.row_estimate > rows:
        raise RefusedFile("too_many_rows", rows=sheet.row_estimate, max=rows)
    _check_formulas(path, sheet.sheet_name)
    missing = [header for field_name, header in layout.required.items()
               if field_name not in sheet.columns]
    if missing:
        raise RefusedFile("missing_columns", columns="、".join(missing))
    return sheet


def _find_sheet(workbook: CalamineWorkbook, path: Path, layout: Layout,
                limits: Limits) -> Sheet:
    saw_cells = False
    for meta in workbook.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
            continue
        _measure_sheet(path, meta.name, limits)  # before calamine builds its rectangle
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
        except Exception:  # malformed sheet XML, bad shared strings...
            raise RefusedFile("corrupt")
        rows = sheet.iter_rows()
        first_row, first_col = sheet.start or (0, 0)
        for offset in range(HEADER_SEARCH_ROWS):
            cells = next(rows, None)
            if cells is None:
                break
            saw_cells = saw_cells or any(c not in (None, "") for c in cells)
            columns, extra = _match_header(cells, layout.lookup)
            if all(mark in columns for mark in layout.marks):
                headers = [("" if c is None else str(c)).strip() for c in cells]
                return Sheet(meta.name, first_row + offset + 1, headers, columns, extra,
                              (sheet.end or (0, 0))[0] + 1, rows, first_col)
    raise RefusedFile("no_header" if saw_cells else "empty")


def _measure_sheet(path: Path, sheet_name: str, limits: Limits) -> None:
    with zipfile.ZipFile(path) as archive:
        member = _sheet_member(archive, sheet_name)
        if member is None or member not in archive.namelist():
            raise RefusedFile("corrupt")  # a sheet we cannot measure is not read
        measure(archive, member, sheet_name, limits)


def _match_header(cells: list, lookup: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    extra: list[str] = []
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        found = lookup.get(key)
        if found and found not in columns:
            columns[found] = index
        else:
            extra.append(str(cell).strip())
    return columns, extra


def _check_formulas(path: Path, sheet_name: str) -> None:
    """Refuse formulas with no stored value: reading them would give empty cells silently."""
    with zipfile.ZipFile(path) as archive:
        member = _sheet_member(archive, sheet_name)
        if member is None or not _mentions_formula(archive, member):
            return
        xml = archive.read(member)
    cells = [m.group(1).decode() for m in _FORMULA_CELL.finditer(xml) if not _HAS_VALUE.search(m.group(2))]
    if cells:
        shown = "、".join(cells[:5]) + ("…" if len(cells) > 5 else "")
        raise RefusedFile("formulas", cells=shown)


_FORMULA_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>((?:(?!</c>).)*?<f[\s>/](?:(?!</c>).)*?)</c>', re.S)
_HAS_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")


def _mentions_formula(archive: zipfile.ZipFile, member: str) -> bool:
    """Stream the sheet looking for a formula tag; most sheets have none."""
    tail = b""
    with archive.open(member) as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            window = tail + chunk
            if b"<f>" in window or b"<f " in window or b"<f/>" in window:
                return True
            tail = window[-8:]
    return False


def _sheet_member(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    for sheet in workbook.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        if sheet.get("name") == sheet_name:
            target = targets.get(sheet.get(_REL_NS), "")
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return None
