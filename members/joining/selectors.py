"""Reads of online joining; every one starts from what the user may see (outside: 404)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members.joining.models import ApplicationStatus, JoinApplication, Pool
from members.models import Member, MemberStatus
from organizations.models import Union
from organizations.scope import scope_of


def application_list(*, user: AbstractBaseUser, union: Union | None = None,
                     status: str | None = ApplicationStatus.PENDING) -> QuerySet[JoinApplication]:
    """Applications to unions in the user's area; pending ones past their time are left out
    (lazy expiry: the nightly task marks them)."""
    scope = scope_of(user)
    if scope is None:
        return JoinApplication.objects.none()
    qs = JoinApplication.objects.filter(union__path__startswith=scope.path).select_related(
        "union", "employer")
    if union is not None:
        qs = qs.filter(union__path__startswith=union.path)
    if status is not None:
        qs = qs.filter(status=status)
    if status == ApplicationStatus.PENDING:
        qs = qs.filter(expires_at__gt=timezone.now())
    return qs


def application_get(*, user: AbstractBaseUser, pk: int) -> JoinApplication:
    return get_object_or_404(application_list(user=user, status=None), pk=pk)


@dataclass
class MonthRow:
    month: datetime.date
    received: int
    approved: int
    rejected: int
    transfer: int
    waiting: int


def _stats_of(qs: QuerySet[JoinApplication]) -> list[MonthRow]:
    now = timezone.now()
    waiting = Q(status=ApplicationStatus.PENDING, expires_at__gt=now)
    rows = (qs.annotate(month=TruncMonth("submitted_at")).values("month").order_by("-month")
            .annotate(received=Count("pk"),
                      approved=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)),
                      rejected=Count("pk", filter=Q(status=ApplicationStatus.REJECTED)),
                      transfer=Count("pk", filter=Q(status=ApplicationStatus.TRANSFER)),
                      waiting=Count("pk", filter=waiting)))
    return [MonthRow(month=_as_date(r["month"]), received=r["received"], approved=r["approved"],
                     rejected=r["rejected"], transfer=r["transfer"], waiting=r["waiting"])
            for r in rows]


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def application_stats(*, user: AbstractBaseUser, node: Union | None = None,
                      months: int = 12) -> list[MonthRow]:
    """Received, approved, rejected, handled as transfers, and waiting, per month (newest
    first), for the applications to unions under `node` (default: the user's node)."""
    return _stats_of(application_list(user=user, union=node, status=None))[:months]


@dataclass
class JoiningTile:
    month: MonthRow | None
    pool_members: int
    pools: int


def joining_tile(*, user: AbstractBaseUser, node: Union) -> JoiningTile:
    """The dashboard's tile: this month's applications, and the members held in pools below
    `node` (members all the same, shown apart). Reads the applications of this month and the
    pools' memberships through the (union, status) index, never the whole member table."""
    start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    qs = application_list(user=user, union=node, status=None).filter(submitted_at__gte=start)
    rows = _stats_of(qs)
    pools = pool_list(user=user, node=node).count()
    return JoiningTile(month=rows[0] if rows else None, pools=pools,
                       pool_members=pool_member_count(user=user, node=node) if pools else 0)


def pool_list(*, user: AbstractBaseUser, node: Union | None = None) -> QuerySet[Pool]:
    scope = scope_of(user)
    if scope is None:
        return Pool.objects.none()
    qs = Pool.objects.filter(union__path__startswith=scope.path).select_related(
        "union", "federation")
    if node is not None:
        qs = qs.filter(union__path__startswith=node.path)
    return qs.order_by("union__path")


def pool_get(*, user: AbstractBaseUser, pk: int) -> Pool:
    return get_object_or_404(pool_list(user=user), pk=pk)


def pool_members(*, pool: Pool) -> QuerySet[Member]:
    return Member.objects.filter(union=pool.union, status=MemberStatus.ACTIVE).order_by(
        "joined_on", "pk")


def pool_member_count(*, user: AbstractBaseUser, node: Union) -> int:
    """Active members held in the pools under `node`."""
    pool_ids = pool_list(user=user, node=node).values_list("union_id", flat=True)
    return Member.objects.filter(union_id__in=list(pool_ids), status=MemberStatus.ACTIVE).count()
