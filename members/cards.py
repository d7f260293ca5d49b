"""会员卡号: a readable card number, unique among current members, kept for life.

The number is the issuing union's code and its own sequence: `000123-000045` is the 45th card
union #123 issued. (The registry keeps no administrative code for grassroots unions, so the
union's id, zero-padded, is its code.) A card moves with the person through transfers and
returns; a new card is issued only on admission.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, MutableMapping

from django.db import IntegrityError, transaction
from django.db.models import F

from members.models import CardCounter

CARD_RE = re.compile(r"^\s*(\d{1,9})\s*-?\s*(\d{6})\s*$")


def card_number(union_id: int, seq: int) -> str:
    return f"{union_id:06d}-{seq:06d}"


def card_normalize(term: str) -> str | None:
    """A typed card number in its stored form, or None if it cannot be one."""
    match = CARD_RE.match(term or "")
    if not match:
        return None
    return card_number(int(match.group(1)), int(match.group(2)))


def _reserve(union_id: int, n: int) -> int:
    """Take `n` numbers of the union's sequence; return the first. Locks the counter row.

    The row stays locked until the caller's transaction ends: two editors admitting members
    to one union at once get consecutive numbers, never the same one.
    """
    with transaction.atomic():
        counter = CardCounter.objects.select_for_update().filter(pk=union_id).first()
        if counter is None:
            try:
                with transaction.atomic():  # a savepoint: a concurrent first card may win
                    CardCounter.objects.create(union_id=union_id, last=0)
            except IntegrityError:
                pass
            counter = CardCounter.objects.select_for_update().get(pk=union_id)
        CardCounter.objects.filter(pk=union_id).update(last=F("last") + n)
        return counter.last + 1


def card_issue(union_id: int) -> str:
    return card_number(union_id, _reserve(union_id, 1))


def cards_issue_bulk(rows: Iterable[MutableMapping]) -> None:
    """Give each row (a dict with union_id) without a card the next numbers of its union.

    One locked counter UPDATE per union, in union order (no deadlock between two imports).
    """
    pending = [row for row in rows if not row.get("card_no")]
    wanted = Counter(row["union_id"] for row in pending)
    first = {union_id: _reserve(union_id, n) for union_id, n in sorted(wanted.items())}
    for row in pending:
        union_id = row["union_id"]
        row["card_no"] = card_number(union_id, first[union_id])
        first[union_id] += 1
