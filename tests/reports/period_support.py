"""Shared helpers of the quarterly and annual report tests (not a test module): reading a
sheet's table by its Chinese headers, and recounting figures from the raw rows."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import translation

from members.models import Member, MemberStatus
from organizations.models import Level, Union, UnionStatus

HEADER_ROW = 3  # under the title and the subtitle


def zh(fn):
    with translation.override("zh-hans"):
        return fn()


def table(ws) -> list[dict]:
    """The sheet's rows under the header row as {header: value}, up to the first blank row."""
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    rows = []
    for values in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if values[1] is None:  # a blank row, a note or the empty-list line
            break
        rows.append(dict(zip(headers, values)))
    return rows


def members_at(day: datetime.date, node: Union, **flags) -> int:
    """Members of `node`'s subtree at the end of `day`, from the member rows."""
    still = Q(status=MemberStatus.ACTIVE) | Q(left_on__gt=day)
    return Member.objects.filter(
        still, union__path__startswith=node.path, joined_on__lte=day, **flags
    ).count()


def members_joined(first: datetime.date, last: datetime.date, node: Union) -> int:
    return Member.objects.filter(
        union__path__startswith=node.path,
        joined_on__gte=first,
        joined_on__lte=last,
        status=MemberStatus.ACTIVE,
    ).count()


def unions_at(day: datetime.date, node: Union, **fields) -> int:
    """Grassroots unions built at the end of `day` in `node`'s subtree, from the union rows."""
    return (
        Union.objects.filter(
            path__startswith=node.path, level=Level.GRASSROOTS, status=UnionStatus.ACTIVE, **fields
        )
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=day))
        .count()
    )


def unions_founded(first: datetime.date, last: datetime.date, node: Union) -> int:
    return Union.objects.filter(
        path__startswith=node.path,
        level=Level.GRASSROOTS,
        founded_on__gte=first,
        founded_on__lte=last,
    ).count()
