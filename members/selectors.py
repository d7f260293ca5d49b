"""Reads of members; every one starts from what the user may see."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from members.models import Member, MemberStatus
from organizations.models import Union
from organizations.scope import scope_of
from organizations.selectors import union_list

_ID_TAIL = re.compile(r"^[0-9]{2,}[0-9Xx]?$|^[0-9]*[Xx]$")
# No more of the ID's tail than the masked ID shows: a longer tail reaches into the hidden
# birth date, and a search that answers "found" would confirm it digit by digit.
ID_TAIL_SEARCH_MAX = 4


def member_list(
    *, user: AbstractBaseUser, node: Union | None = None, search: str = "", active_only: bool = False
) -> QuerySet[Member]:
    qs = Member.objects.within(scope_of(user)).select_related("union", "employer")
    if node is not None:
        qs = qs.within(node) if not node.is_grassroots else qs.filter(union=node)
    if active_only:
        qs = qs.filter(status=MemberStatus.ACTIVE)
    if search:
        qs = qs.filter(_search_filter(search.strip()))
    return qs


def _search_filter(term: str) -> Q:
    """Name, the last digits of the resident ID (as many as the mask shows), or the phone.

    The last four characters are stored apart (resident_id_last4): nothing is decrypted."""
    query = Q(name__icontains=term)
    if _ID_TAIL.match(term) and len(term) <= ID_TAIL_SEARCH_MAX:
        query |= Q(resident_id_last4__endswith=term.upper())
    if term.isdigit() and len(term) >= 3:
        query |= Q(phone__contains=term)
    return query


def member_get(*, user: AbstractBaseUser, pk: int) -> Member:
    return get_object_or_404(member_list(user=user), pk=pk)


def transfer_destinations(
    *, user: AbstractBaseUser, member: Member, search: str, limit: int = 20
) -> list[Union]:
    """会员关系接转: grassroots unions the user may see, by name, other than the member's own."""
    return list(
        union_list(user=user).grassroots().exclude(pk=member.union_id)
        .filter(name__icontains=search).order_by("name")[:limit]
    )


