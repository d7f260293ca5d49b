"""History of unions and employers (django-simple-history), written in the writer's transaction.

`Model.save()` writes a historical row by itself; the services name who did it (`as_user`).
Writes that bypass save() — queryset `.update()` of the employers a union covers, treebeard's
raw-SQL path rewrite of a move — record their rows here explicitly (`record`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models


def _user(by: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return by if by is not None and by.is_authenticated else None


def as_user(instance: models.Model, by: AbstractBaseUser | None, reason: str = "") -> models.Model:
    """Name the author (and why) of the historical row the next save() writes."""
    instance._history_user = _user(by)
    if reason:
        instance._change_reason = reason[:100]
    return instance


def record(model: type[models.Model], pks: Iterable[int], *, by: AbstractBaseUser | None,
           reason: str = "") -> None:
    """A historical row for each of `pks` as stored now (after a bulk update or raw SQL)."""
    pks = list(pks)
    if not pks:
        return
    rows = list(model._base_manager.filter(pk__in=pks).order_by("pk"))
    model.history.bulk_history_create(
        rows, update=True, default_user=_user(by), default_change_reason=reason[:100]
    )
