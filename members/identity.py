"""Resident identity numbers (GB 11643): checking, masking, what they tell."""

from __future__ import annotations

import datetime
import functools

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

from common.sealed_id import mask_tail, normalize_resident_id

__all__ = [
    "birth_date_of", "birth_month", "birth_month_of", "gender_of", "mask_resident_id",
    "normalize_resident_id", "validate_resident_id",
]


@functools.lru_cache(maxsize=None)
def _region_exists(code: str) -> bool:
    """Whether python-stdnum knows the region code at any time.

    Cached: the lookup costs ~90 µs, most of checking an ID, and a city has a few hundred
    region codes among millions of IDs (a roster import checks 100,000 at once).
    """
    from stdnum import numdb

    return any(props for _part, props in numdb.get("cn/loc").info(code))


def _check_region(number: str) -> None:
    """The first six digits must be a region code that has existed at some time.

    python-stdnum also demands that the code existed in the birth year, but its history only
    starts in 1983, which would reject the real IDs of everyone born before then.
    """
    if not _region_exists(number[:6]):
        raise stdnum_exceptions.InvalidComponent()


def validate_resident_id(value: str) -> None:
    number = ric.compact(value or "").upper()
    try:
        if len(number) != 18:
            raise stdnum_exceptions.InvalidLength()
        if not number[:-1].isdigit() or not (number[-1].isdigit() or number[-1] == "X"):
            raise stdnum_exceptions.InvalidFormat()
        if number[-1] != ric.calc_check_digit(number):
            raise stdnum_exceptions.InvalidChecksum()
        birth = ric.get_birth_date(number)
        if birth > datetime.date.today() or birth.year < 1900:
            raise stdnum_exceptions.InvalidComponent()
        _check_region(number)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("The resident ID %(id)s has a wrong check digit; please check each digit."),
            code="checksum",
            params={"id": value},
        )
    except stdnum_exceptions.InvalidComponent:
        raise ValidationError(
            _("The resident ID %(id)s contains an impossible birth date or region code."),
            code="birth_date",
            params={"id": value},
        )
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("%(id)s is not a resident ID: it must be 18 characters, digits with a final digit or X."),
            code="format",
            params={"id": value},
        )


def birth_date_of(resident_id: str) -> datetime.date:
    """The full birth date: for checks of a typed ID and the full-ID export, never stored."""
    return ric.get_birth_date(resident_id)


def birth_month_of(resident_id: str) -> datetime.date:
    """The first day of the birth month: what a member row keeps (Member.birth_date)."""
    return ric.get_birth_date(resident_id).replace(day=1)


def gender_of(resident_id: str) -> str:
    """'M' or 'F': the 17th character is odd for men and even for women."""
    return "M" if int(resident_id[16]) % 2 else "F"


def mask_resident_id(resident_id: str) -> str:
    """Only the last 4 characters show, as on a stored member (common.sealed_id.mask_tail).

    The database keeps the last four, the birth month and the sex, and nothing else of the ID:
    with the region code too, about three candidates would be left for the whole ID. So the
    mask shows neither region nor birth date, and no search may confirm hidden characters
    (see members.selectors).
    """
    if len(resident_id) < 10:
        return "*" * len(resident_id)
    return mask_tail(resident_id[-4:])


def birth_month(day: datetime.date) -> str:
    """"YYYY-MM": the most of a birth date shown next to a masked ID.

    Whoever sees the full date next to the region and last four holds the whole ID (about 3
    candidates pass the check digit for one month), so the day is never shown nor stored.
    """
    return f"{day:%Y-%m}"
