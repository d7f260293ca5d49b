"""Optimistic locking: the second of two editors saving the same row is told, not overwritten."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class ConflictError(Exception):
    """The row changed since the editor opened it."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Someone else saved this record after you opened it. "
                "Your changes were not saved: reload the page to see theirs, then edit again."
            )
        )


def lock_current(instance: M, *, version: int | None) -> M:
    """Lock the row and check it is still at the version the editor saw.

    The lock matters: two requests can pass the version check at the same moment otherwise.
    """
    locked = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
    if version is not None and locked.version != version:
        raise ConflictError()
    return locked
