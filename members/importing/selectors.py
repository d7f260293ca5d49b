"""Reads of roster imports; every one starts from what the user may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from members.importing.models import ImportBatch
from members.importing.reasons import reason_text
from organizations.models import Level, Union
from organizations.scope import scope_of


def import_batch_list(*, user: AbstractBaseUser) -> QuerySet[ImportBatch]:
    """The error list is deferred: it may hold thousands of rows, and only the batch's own
    page shows it (one more query there when it does)."""
    return (ImportBatch.objects.within(scope_of(user)).select_related("node", "created_by")
            .defer("errors"))


def import_batch_get(*, user: AbstractBaseUser, pk: int) -> ImportBatch:
    return get_object_or_404(import_batch_list(user=user), pk=pk)


def import_targets(*, user: AbstractBaseUser) -> QuerySet[Union]:
    """Nodes a roster can be sent to from the import page: the user's node and federations
    below it (a single grassroots union is chosen from its own page)."""
    scope = scope_of(user)
    qs = Union.objects.within(scope)
    if scope is not None and not scope.is_grassroots:
        qs = qs.exclude(level=Level.GRASSROOTS)
    return qs.order_by("path")


def import_error_rows(errors: list[list]) -> list[dict]:
    """The stored errors, ready for a template, reasons in the reader's language."""
    return [{"row": row, "column": column, "value": value, "reason": reason_text(code, params)}
            for row, column, value, code, params in errors]
