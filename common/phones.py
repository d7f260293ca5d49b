"""Chinese telephone numbers: mobile (1[3-9] and nine digits) or landline with area code.

Shared by members (member phones) and organizations (employer contacts)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
# Area code 0 + 2-3 digits, a local number of 7-8 digits, an optional extension.
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:(?:-|转|ext\.?\s?)\d{1,6})?$", re.IGNORECASE)
PHONE_MAX = 30


def normalize_phone(value: str) -> str:
    return (value or "").strip().replace(" ", "").replace("（", "(").replace("）", ")")


def is_valid_phone(value: str) -> bool:
    value = normalize_phone(value)
    return len(value) <= PHONE_MAX and bool(MOBILE.match(value) or LANDLINE.match(value))


def validate_phone(value: str) -> None:
    """Empty is allowed (the field is optional); anything else must be a Chinese number."""
    if value and not is_valid_phone(value):
        raise ValidationError(
            _("Enter a mobile number (11 digits starting with 13-19) or a landline number "
              "with its area code, e.g. 0510-82345678."),
            code="phone",
        )
