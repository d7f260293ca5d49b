"""Reads of generated files; every one starts from what the user may see.

A report is visible to everyone whose subtree holds its node. A roster carries personal data
(full resident IDs when an administrator asked for it), so only the person who requested it
sees it in the list or can download it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404

from organizations.scope import scope_of
from reports.files.models import FileKind, GeneratedFile


def file_list(*, user: AbstractBaseUser) -> QuerySet[GeneratedFile]:
    visible = Q(kind=FileKind.REPORT) | Q(kind=FileKind.ROSTER, requested_by=user.pk)
    return (
        GeneratedFile.objects.within(scope_of(user))
        .filter(visible)
        .select_related("node", "requested_by")
    )


def file_get(*, user: AbstractBaseUser, pk: int) -> GeneratedFile:
    record = file_list(user=user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def file_download_get(*, user: AbstractBaseUser, pk: int) -> GeneratedFile:
    """A finished file whose bytes are on disk; anything else is a 404."""
    record = file_get(user=user, pk=pk)
    if not record.is_done or record.path is None or not record.path.is_file():
        raise Http404
    return record
