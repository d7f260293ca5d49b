"""Writing membership events (members.models.MemberEvent): one per change, in the national codes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.utils import timezone

from common.pgcopy import copy_rows
from members.models import CHANGE_TYPE_OF, EventKind, Member, MemberEvent


def _user(by: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return by if by is not None and by.is_authenticated else None


def event_record(*, member: Member, kind: str, on: datetime.date, by: AbstractBaseUser | None,
                 reason: str = "") -> MemberEvent:
    return MemberEvent.objects.create(
        member=member, union_id=member.union_id, kind=kind, change_type=CHANGE_TYPE_OF[kind],
        reason=reason or "", date=on, by=_user(by))


def history_mark(member: Member, *, by: AbstractBaseUser | None, action: str) -> None:
    """Who made the next save, and why, for django-simple-history's row."""
    member._history_user = _user(by)
    member._change_reason = action


EVENT_COLUMNS = ("member_id", "union_id", "kind", "change_type", "reason", "date", "at", "by_id")


def join_events_bulk(members: Iterable[Mapping], *, by: AbstractBaseUser | None) -> int:
    """入会 events for memberships inserted in bulk (dicts with id, union_id, joined_on)."""
    now, user = timezone.now(), _user(by)
    user_id = user.pk if user is not None else None
    rows = [(m["id"], m["union_id"], EventKind.JOIN, CHANGE_TYPE_OF[EventKind.JOIN], "",
             m["joined_on"], now, user_id) for m in members]
    if connection.vendor == "postgresql":
        return copy_rows(MemberEvent._meta.db_table, EVENT_COLUMNS, iter(rows))
    MemberEvent.objects.bulk_create(
        [MemberEvent(**dict(zip(EVENT_COLUMNS, row))) for row in rows], batch_size=500)
    return len(rows)


def join_events_for_cards(rows: list[Mapping], *, by: AbstractBaseUser | None = None,
                          chunk: int = 5_000) -> int:
    """入会 events for new memberships just inserted in bulk, found by their card numbers
    (unique among current members; a COPY hands back no ids)."""
    written = 0
    cards = [row["card_no"] for row in rows]
    for start in range(0, len(cards), chunk):
        found = (Member.objects.filter(card_no__in=cards[start:start + chunk],
                                       status="active").values("id", "union_id", "joined_on"))
        written += join_events_bulk(list(found), by=by)
    return written
