"""What people type into a cell, made clean, or a precise reason why not: the basics every
import uses (each import's own columns are in its normalisers).

Each function takes a raw cell value (str, float, int, date, datetime or None) and returns the
clean value, or raises `CellError` with a reason code of the import's row reasons.
"""

from __future__ import annotations

import datetime
import re

from common.text import clean_code


class CellError(Exception):
    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01, past Excel's 1900 leap bug
_TEXT_DATE = re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def text(value: object) -> str:
    """Codes, dates, numbers and choices as typed: invisible characters removed, full-width
    letters and digits to ASCII, spaces trimmed and collapsed (common.text.clean_code)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_code(value)


def is_blank(value: object) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, str) and not value.strip()


def date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _date_from_number(value)
    raw = text(value)
    if not raw:
        raise CellError("required")
    raw = raw.split(" ")[0] if re.match(r"^\d{4}-\d{1,2}-\d{1,2} \d", raw) else raw
    match = _TEXT_DATE.match(raw) or _COMPACT_DATE.match(raw)
    if match is None:
        raise CellError("date_format")
    return _make_date(*(int(part) for part in match.groups()))


def _date_from_number(value: float) -> datetime.date:
    if float(value).is_integer() and 19000101 <= value <= 21001231:
        digits = str(int(value))  # 20190305 typed into a number cell
        return _make_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if 1 <= value < 2958466:  # an Excel serial in a cell not formatted as a date
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raise CellError("date_format")


def _make_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError("date_format")
