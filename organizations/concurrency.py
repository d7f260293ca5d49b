"""Optimistic locking: the second of two editors saving the same row is told, not overwritten."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

CONFLICT_MESSAGE = _(
    "Someone else saved this record after you opened it. "
    "Your changes were not saved: reload the page to see theirs, then edit again."
)


class ConflictError(Exception):
    """The row changed since the editor opened it."""

    def __init__(self, message: str | None = None):
        super().__init__(str(message or CONFLICT_MESSAGE))


def lock_current(instance: M, *, version: int | None) -> M:
    """Lock the row and check it is still at the version the editor saw.

    The lock matters: two requests can pass the version check at the same moment otherwise.
    `version=None` skips the check: for callers with no editor behind them (tests, internal
    jobs). Edit pages never pass None: their VersionField refuses a missing version.
    """
    locked = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
    if version is not None and locked.version != version:
        raise ConflictError()
    return locked


def assign_changes(
    instance: models.Model,
    fields: Mapping[str, Any],
    *,
    allowed: Iterable[str],
    normalize: Mapping[str, Callable[[Any], Any]] | None = None,
    secret: Iterable[str] = (),
) -> dict[str, str]:
    """Set the allowed fields that differ on `instance`; return them for the audit entry.

    A `normalize` function per field brings a value to its stored form before comparing;
    `secret` fields are recorded as changed without their value.
    """
    allowed, secret, normalize = set(allowed), set(secret), normalize or {}
    changed: dict[str, str] = {}
    for key, value in fields.items():
        if key not in allowed:
            continue
        if key in normalize:
            value = normalize[key](value)
        if getattr(instance, key) != value:
            changed[key] = "***" if key in secret else str(value)
            setattr(instance, key, value)
    return changed
