"""Reads of generated files; every one starts from what the user may see.

A report is visible to everyone whose subtree holds its node. A roster carries personal data
(full resident IDs when an administrator asked for it), so only the person who requested it
sees it in the list or can download it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from organizations.scope import scope_of
from reports.files.models import OWN_KINDS, REPORT_KINDS, FileStatus, GeneratedFile

# How long a failed build is shown to its requester on the downloads page.
FAILED_SHOWN_FOR = datetime.timedelta(days=7)


def file_list(
    *, user: AbstractBaseUser, ids: Iterable[int] | None = None
) -> QuerySet[GeneratedFile]:
    """The files the user may see, all of them or those of `ids` (unknown ids drop out)."""
    visible = Q(kind__in=REPORT_KINDS) | Q(kind__in=OWN_KINDS, requested_by=user.pk)
    qs = (
        GeneratedFile.objects.within(scope_of(user))
        .filter(visible)
        .select_related("node", "requested_by")
    )
    return qs if ids is None else qs.filter(pk__in=ids)


def file_failed_recently(*, user: AbstractBaseUser, limit: int = 5) -> QuerySet[GeneratedFile]:
    """The user's own builds that failed lately: a failure is shown to whoever asked for the
    file, never to others, and never offers a file."""
    since = timezone.now() - FAILED_SHOWN_FOR
    return file_list(user=user).filter(
        status=FileStatus.FAILED, requested_by=user.pk, finished_at__gte=since
    )[:limit]


def file_failed_get(*, user: AbstractBaseUser, pk: int) -> GeneratedFile:
    """A failed file the user asked for (a retry is theirs to ask); anything else is a 404."""
    record = file_list(user=user).filter(
        pk=pk, status=FileStatus.FAILED, requested_by=user.pk).first()
    if record is None:
        raise Http404
    return record


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
