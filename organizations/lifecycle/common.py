"""Small checks shared by the life-cycle services."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Union
from organizations.scope import can_edit, is_within, require_within


def parent_of(union: Union) -> Union | None:
    return Union.objects.filter(path=union.path[: -Union.steplen]).first() if union.depth > 1 else None


def require_federation_above(by: AbstractBaseUser, union: Union) -> None:
    """The federation above a union decides its 批复 and 注销: the user's scope must hold the
    union's parent, not only the union (a union's own account cannot approve itself).
    404 if the union is out of sight; 403 if it is seen but its parent is not."""
    require_within(by, union)
    parent = parent_of(union)
    if not can_edit(by) or parent is None or not is_within(by, parent):
        raise PermissionDenied


def require_editor_of(by: AbstractBaseUser, node: Union) -> None:
    require_within(by, node)
    if not can_edit(by):
        raise PermissionDenied


def check_day(day: datetime.date | None, *, field: str, not_before: datetime.date | None = None,
              before_label: str = "") -> datetime.date:
    """A date of a step: given, not in the future (counters count from it, today), and not
    before the step it follows."""
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if not_before is not None and day < not_before:
        raise ValidationError({field: _("The date cannot be before %(what)s (%(day)s).") % {
            "what": before_label, "day": not_before.isoformat()}})
    return day


def require_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
