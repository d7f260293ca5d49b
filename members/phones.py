"""Chinese telephone numbers: the checks live in common.phones (organizations uses them too)."""

from __future__ import annotations

from common.phones import LANDLINE, MOBILE, PHONE_MAX, is_valid_phone, normalize_phone
from common.phones import validate_phone as _validate_phone

__all__ = ["LANDLINE", "MOBILE", "PHONE_MAX", "is_valid_phone", "normalize_phone", "validate_phone"]


def validate_phone(value: str) -> None:
    """Kept under this name: the members migrations refer to members.phones.validate_phone."""
    _validate_phone(value)
