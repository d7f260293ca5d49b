"""Reads of the audit log: always within the administrator's subtree."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from organizations.models import AuditEntry
from organizations.scope import is_admin, scope_of


def audit_list(*, user: AbstractBaseUser, filters: dict | None = None) -> QuerySet[AuditEntry]:
    """The entries about nodes of the user's subtree, newest first; nothing for non-admins.

    An entry whose node was deleted (node set to NULL) belongs to no subtree and is not shown.
    """
    scope = scope_of(user)
    if scope is None or not is_admin(user):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.filter(node__path__startswith=scope.path).select_related("node")
    return _filtered(qs, filters or {}).order_by("-at", "-pk")


def _day_start(day: datetime.date) -> datetime.datetime:
    # The day as the user means it: local midnight (TIME_ZONE), not UTC.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(qs: QuerySet[AuditEntry], filters: dict) -> QuerySet[AuditEntry]:
    if filters.get("user"):
        qs = qs.filter(username__iexact=filters["user"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=filters["object_id"])
    if filters.get("date_from"):
        qs = qs.filter(at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(at__lt=_day_start(filters["date_to"] + datetime.timedelta(days=1)))
    return qs
