"""Turn what people type into Excel into clean values, or say precisely why not.

Each normaliser takes a raw cell value (str, float, int, date, datetime or None) and returns
the clean value, or raises `CellError` with a reason code from `reasons.ROW_REASONS`.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from stdnum.cn import ric

from common.sheets.cells import CellError, is_blank, text
from common.sheets.cells import date as _date
from common.text import clean_text
from members.identity import validate_resident_id
from members.importing.columns import (
    EIGHT_GROUP_LOOKUP,
    EIGHT_GROUP_VALUES,
    FLAG_LOOKUP,
    NEW_FORM_LOOKUP,
    NEW_FORM_VALUES,
    choices_offered,
    header_key,
)

_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff·])\s+(?=[\u3400-\u9fff·])")
_EARLIEST = datetime.date(1925, 5, 1)  # the ACFTU was founded on 1 May 1925
_PHONE = re.compile(r"^\+?[0-9][0-9\-() ]{5,28}[0-9]$")


def name(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = _CJK_GAP.sub("", clean_text(value))  # "张 三" is 张三; "Li Ming" keeps its space
    if not result:
        raise CellError("invisible" if not is_blank(value) else "required")
    if len(result) > 50:
        raise CellError("too_long", max=50)
    return result


def upgrade_old_id(number: str) -> str:
    """GB 11643: an old 15-digit number gains the century "19" and a check character."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def resident_id(value: object) -> str:
    if isinstance(value, bool) or value is None:
        raise CellError("required")
    if isinstance(value, (int, float)):
        value = _id_from_number(value)
    number = re.sub(r"[\s\-]", "", text(value)).upper()
    if not number:
        raise CellError("required")
    if len(number) == 15 and number.isdigit():
        number = upgrade_old_id(number)
    try:
        validate_resident_id(number)
    except ValidationError as error:
        raise CellError({"checksum": "id_checksum", "birth_date": "id_component"}.get(
            error.code, "id_format"))
    return number


def _id_from_number(value: int | float) -> str:
    """Excel keeps 15 significant digits: an 18-digit ID typed as a number has lost digits."""
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("id_format")
        digits = str(int(value))
        if len(digits) > 15:
            raise CellError("id_precision")
        return digits
    return str(value)


def joined_on(value: object) -> datetime.date:
    day = _date(value)
    if day < _EARLIEST or day > datetime.date.today():
        raise CellError("date_range")
    return day


def phone(value: object) -> str:
    result = text(value)
    if not _PHONE.match(result):
        raise CellError("phone")
    return result


def flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    result = FLAG_LOOKUP.get(header_key(text(value)))
    if result is None:
        raise CellError("flag")
    return bool(result)


def new_form_category(value: object) -> str:
    return _choice(value, NEW_FORM_LOOKUP, NEW_FORM_VALUES)


def eight_group(value: object) -> str:
    return _choice(value, EIGHT_GROUP_LOOKUP, EIGHT_GROUP_VALUES)


def _choice(value: object, lookup: dict, vocabulary: dict) -> str:
    result = lookup.get(header_key(text(value)))
    if result is None:
        raise CellError("choice", allowed="、".join(choices_offered(vocabulary)))
    return str(result)


def lookup_key(value: object) -> str:
    """How union and employer names are matched: case, width and spaces do not matter."""
    return header_key(text(value))
