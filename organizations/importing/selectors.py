"""Reads of employer and union imports; each starts from what the user may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from organizations.importing.models import RegisterImport
from organizations.importing.reasons import reason_text
from organizations.scope import scope_of


def register_import_list(*, user: AbstractBaseUser) -> QuerySet[RegisterImport]:
    return (RegisterImport.objects.within(scope_of(user)).select_related("node", "created_by")
            .defer("errors"))


def register_import_get(*, user: AbstractBaseUser, pk: int) -> RegisterImport:
    return get_object_or_404(register_import_list(user=user), pk=pk)


def register_import_error_rows(errors: list[list]) -> list[dict]:
    return [{"row": row, "column": column, "value": value, "reason": reason_text(code, params)}
            for row, column, value, code, params in errors]
