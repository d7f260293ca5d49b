"""Checks of national identifiers, with messages staff can act on."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc


def normalize_credit_code(value: str) -> str:
    """Return the compact, upper-case form of a unified social credit code (GB 32100)."""
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    try:
        uscc.validate(value)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("The unified social credit code %(code)s has a wrong check character; please check it."),
            code="checksum",
            params={"code": value},
        )
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("%(code)s is not a unified social credit code: it must be 18 digits or capital letters."),
            code="format",
            params={"code": value},
        )
