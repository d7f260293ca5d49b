"""How far a sheet's cells reach, measured by streaming its XML before python-calamine reads it.

python-calamine builds the whole rectangle from the first to the last cell: one stray value at
XFD1048576 in a 5 KB file asks for 512 GiB and aborts the process, one at XFD5000 costs 2.5 GB.
The sheet's own <dimension> tag is written by the sender and may lie, so the cells themselves
are measured: every <c> tag with a value (an empty, self-closing <c .../> only carries a style,
and calamine leaves it out of the rectangle too), by its r="..." reference, or by its position
when the reference is left out, as the format allows.

The scan stops at the first cell past the limits, so a sheet of millions of rows is refused
after reading only as far as the limit instead of building all of it first.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from common.sheets.refusal import RefusedFile

CHUNK = 4 * 1024 * 1024
LONGEST_TAG = 64 * 1024  # a cell or row start tag is a few dozen bytes
# A start tag <row ...> or <c ...>, namespace prefix allowed; quoted values may hold ">".
# "<" cannot occur inside a tag, so no match attempt runs past the next tag: the scan is linear.
_TAG = re.compile(rb"""<(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])((?:[^<>"']|"[^<"]*"|'[^<']*')*)>""")
_TAG_START = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?:row|c)(?=[\s/>]|$)")
# Attributes of a tag, quotes respected (a quoted value may hold ">" or look like r="A1").
_ATTRS = rb"""(?:[^<>"']|"[^<"]*"|'[^<']*')"""
_CELL_OPEN = rb"<(?:[A-Za-z_][\w.\-]*:)?c"
# A cell whose reference is missing or not plain: its place depends on the cells before it.
_UNUSUAL_CELL = re.compile(
    _CELL_OPEN + rb"""(?=[\s/>])(?!""" + _ATTRS + rb"""*?\sr\s*=\s*["'][A-Z]{1,3}[0-9]{1,7}["'])""")
# A cell past column Z, or whose row number has as many digits as the row limit.
_FAR_CELL = (_CELL_OPEN + rb"""\s""" + _ATTRS + rb"""*?(?<=\s)r\s*=\s*["']"""
             rb"([A-Z]{2,3}[0-9]{1,7}|[A-Z][0-9]{%(digits)s,7})[\"'](" + _ATTRS + rb"*)>")
_R_ATTR = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"^\s*([A-Za-z]{1,7})([0-9]{1,12})\s*$")


@dataclass(frozen=True)
class Limits:
    rows: int  # rows of the rectangle, first to last used row
    columns: int  # the last column a value may sit in (1-based)
    cells: int  # rows × columns of the rectangle calamine would build


@dataclass
class Extent:
    first_row: int = 0  # 1-based; 0 while no value was seen
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0

    def add(self, row: int, col: int) -> None:
        if not self.first_row:
            self.first_row, self.last_row, self.first_col, self.last_col = row, row, col, col
            return
        self.first_row, self.last_row = min(self.first_row, row), max(self.last_row, row)
        self.first_col, self.last_col = min(self.first_col, col), max(self.last_col, col)

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1 if self.first_row else 0

    @property
    def columns(self) -> int:
        return self.last_col - self.first_col + 1 if self.first_col else 0


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def measure(archive: zipfile.ZipFile, member: str, sheet_name: str, limits: Limits) -> Extent:
    """The used rectangle of one sheet; RefusedFile as soon as a value lies past the limits.

    Rectangles are counted from A1: a roster that starts lower or further right is measured
    a little larger than calamine will build it, never smaller.
    """
    try:
        return _measure_fast(archive, member, sheet_name, limits)
    except _Unusual:
        return _measure_exact(archive, member, sheet_name, limits)


class _Unusual(Exception):
    """A cell without a plain A1 reference: measured the slow, exact way."""


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[tuple[bytes, int]]:
    """(data, end of the complete part) for each chunk of the sheet XML."""
    carry = b""
    with archive.open(member) as handle:
        while True:
            chunk = handle.read(CHUNK)
            data = carry + chunk
            # The text from the last "<" may be a tag cut in two: read it again with the next
            # chunk ("<" never occurs inside a tag).
            cut = data.rfind(b"<") if chunk else -1
            if cut < 0:
                cut = len(data)
            yield data, cut
            if not chunk:
                return
            carry = data[cut:]
            if len(carry) > LONGEST_TAG:
                if _TAG_START.match(carry):
                    raise RefusedFile("corrupt")  # no real cell tag is this long
                carry = b""  # the text of some other element: no cells in it


def _measure_fast(archive: zipfile.ZipFile, member: str, sheet_name: str,
                  limits: Limits) -> Extent:
    """Regular expressions do the work in C: only cells past column Z or with a row number
    of as many digits as the row limit are looked at one by one."""
    extent = Extent(1, 1, 1, 1)
    digits = len(str(limits.rows))
    far = re.compile(_FAR_CELL % {b"digits": str(digits).encode()})
    for data, cut in _chunks(archive, member):
        if _UNUSUAL_CELL.search(data, 0, cut):
            raise _Unusual
        for match in far.finditer(data, 0, cut):
            if match.group(2).endswith(b"/"):
                continue  # a styled empty cell: no value, not part of the rectangle
            row, col = _cell_ref(match.group(1))
            extent.add(row, col)
            _check(extent, row, col, sheet_name, limits)
    return extent


def _measure_exact(archive: zipfile.ZipFile, member: str, sheet_name: str,
                   limits: Limits) -> Extent:
    """Every row and cell tag in order, for cells placed by position instead of reference."""
    extent = Extent(1, 1, 1, 1)
    row = col = 0
    for data, cut in _chunks(archive, member):
        for match in _TAG.finditer(data, 0, cut):
            tag, attributes = match.group(1), match.group(2)
            ref = _R_ATTR.search(attributes)
            value = (ref.group(1) if ref.group(1) is not None else ref.group(2)) if ref else None
            if tag == b"row":
                row, col = (_number(value) if value is not None else row + 1), 0
                continue
            if value is None:
                col, cell_row = col + 1, row
            else:
                cell_row, col = _cell_ref(value)
            if attributes.endswith(b"/"):
                continue
            extent.add(max(cell_row, 1), max(col, 1))
            _check(extent, cell_row, col, sheet_name, limits)
    return extent


def _number(value: bytes) -> int:
    value = value.strip()
    if not value.isdigit() or len(value) > 12:
        raise RefusedFile("corrupt")
    return int(value)


def _cell_ref(value: bytes) -> tuple[int, int]:
    match = _REF.match(value)
    if match is None:
        raise RefusedFile("corrupt")  # calamine would refuse it too, or guess
    return int(match.group(2)), column_number(match.group(1))


def _check(extent: Extent, row: int, col: int, sheet_name: str, limits: Limits) -> None:
    cell = f"{column_letters(col)}{row}"
    if extent.rows > limits.rows:
        raise RefusedFile("rows_beyond", sheet=sheet_name, cell=cell, max=limits.rows)
    if col > limits.columns or extent.rows * extent.columns > limits.cells:
        raise RefusedFile("columns_beyond", sheet=sheet_name, cell=cell,
                          column=column_letters(limits.columns))
