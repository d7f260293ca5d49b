"""Reads of members; every one starts from what the user may see."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.cards import card_normalize
from members.models import (
    Member,
    MemberEvent,
    MemberStatus,
    TransferRequest,
    TransferSide,
    TransferStatus,
)
from organizations.models import Union, UnionStatus
from organizations.scope import require_within, scope_of
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
    """Name, the last digits of the resident ID (as many as the mask shows), the phone, or
    the card number.

    The last four characters are stored apart (resident_id_last4): nothing is decrypted."""
    query = Q(name__icontains=term)
    card = card_normalize(term)
    if card is not None:
        query |= Q(card_no=card)
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




# --- the person: memberships, events, history ----------------------------------------------

def person_memberships(*, user: AbstractBaseUser, member: Member) -> list[Member]:
    """Every membership of the person that lies in the user's scope, oldest first, each with
    its transfer links (`transfer_in`/`transfer_out`, where present)."""
    return list(
        Member.objects.within(scope_of(user)).filter(resident_id_hash=member.resident_id_hash)
        .select_related("union", "employer", "transfer_in__from_member__union",
                        "transfer_out__to_member__union")
        .order_by("joined_on", "pk")
    )


def member_events(*, user: AbstractBaseUser, member: Member) -> QuerySet[MemberEvent]:
    require_within(user, member.union)
    return MemberEvent.objects.filter(member=member).select_related("by").order_by("date", "pk")


# --- transfer requests (会员接转申请) ----------------------------------------------------------

def _sides_q(scope: Union, side: str) -> Q:
    return Q(**{f"{side}__path__startswith": scope.path})


def transfer_request_list(*, user: AbstractBaseUser) -> QuerySet[TransferRequest]:
    """Requests with either union in the user's scope: no one else sees them."""
    scope = scope_of(user)
    if scope is None:
        return TransferRequest.objects.none()
    return (TransferRequest.objects
            .filter(_sides_q(scope, "from_union") | _sides_q(scope, "to_union"))
            .select_related("member", "from_union", "to_union", "requested_by", "decided_by"))


def transfer_requests_pending(*, user: AbstractBaseUser) -> dict[str, list[TransferRequest]]:
    """Pending requests the user's side must decide (incoming) and those it asked (outgoing).

    The side that did not start a request decides it; a user whose scope holds both unions
    sees a request in both lists.
    """
    scope = scope_of(user)
    pending = transfer_request_list(user=user).filter(status=TransferStatus.PENDING)
    if scope is None:
        return {"incoming": [], "outgoing": []}
    ours = {TransferSide.FROM: _sides_q(scope, "from_union"), TransferSide.TO: _sides_q(scope, "to_union")}
    incoming = (Q(started_by_side=TransferSide.FROM) & ours[TransferSide.TO]) | (
        Q(started_by_side=TransferSide.TO) & ours[TransferSide.FROM])
    outgoing = (Q(started_by_side=TransferSide.FROM) & ours[TransferSide.FROM]) | (
        Q(started_by_side=TransferSide.TO) & ours[TransferSide.TO])
    return {"incoming": list(pending.filter(incoming)), "outgoing": list(pending.filter(outgoing))}


def transfer_request_get(*, user: AbstractBaseUser, pk: int) -> TransferRequest:
    return get_object_or_404(transfer_request_list(user=user), pk=pk)


def _city_path(user: AbstractBaseUser) -> str | None:
    scope = scope_of(user)
    return None if scope is None else scope.path[: Union.steplen]


def transfer_destination_get(*, user: AbstractBaseUser, pk: int) -> Union:
    """A receiving union anywhere in the user's city (404 beyond it)."""
    city_path = _city_path(user)
    if city_path is None:
        raise Http404
    return get_object_or_404(Union.objects.filter(path__startswith=city_path), pk=pk)


def transfer_destinations_citywide(*, user: AbstractBaseUser, member: Member, search: str,
                                   limit: int = 20) -> list[Union]:
    """Receiving unions anywhere in the user's city, by name: active grassroots unions only.

    Union names are public facts (they appear on certificates and signs); nothing else of an
    outside union is shown: no roster, no figures.
    """
    city_path = _city_path(user)
    if city_path is None or len(search) < 2:
        return []
    return list(
        Union.objects.filter(path__startswith=city_path, level="grassroots",
                             status=UnionStatus.ACTIVE, name__icontains=search)
        .exclude(pk=member.union_id).order_by("name")[:limit]
    )
