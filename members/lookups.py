"""Is this person a member somewhere? The one-membership rule's question, asked carefully.

Whoever may type an ID (the member form, a roster import) learns the answer, also for people
outside their area: it is what the rule needs, but it is also a way to probe who is a member.
So every lookup that finds a membership in another union is recorded (masked ID, who, what
kind of answer; never the full ID) and each user has an hourly allowance of such answers
(`ID_LOOKUP_LIMIT_PER_HOUR`); once it is used up, nothing more is looked up for that user
until the hour ends.

The counter lives in Django's cache, so it is shared across processes only when the cache is
(Redis in production); a per-process cache gives each process its own allowance.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CURRENT_STATUSES, Member
from organizations.models import AuditEntry
from organizations.scope import is_within

DEFAULT_LIMIT_PER_HOUR = 60
INSIDE, OUTSIDE = "inside_scope", "outside_scope"


class LookupLimitReached(ValidationError):
    """The user's lookups for this hour are used up; nothing was looked up."""


def lookup_limit() -> int:
    return getattr(settings, "ID_LOOKUP_LIMIT_PER_HOUR", DEFAULT_LIMIT_PER_HOUR)


def _counter_key(user: AbstractBaseUser) -> str:
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"members:id-lookups:{user.pk}:{hour}"


def lookup_allowance_check(*, by: AbstractBaseUser) -> None:
    """Refuse before looking anything up when the user's hourly allowance is used up."""
    if (cache.get(_counter_key(by)) or 0) >= lookup_limit():
        raise LookupLimitReached(
            _("You have checked too many resident IDs that belong to existing members in the "
              "last hour (limit %(limit)d). Please try again later, or ask your federation.")
            % {"limit": lookup_limit()},
            code="lookup_limit",
        )


def _count(by: AbstractBaseUser, n: int) -> None:
    key = _counter_key(by)
    cache.add(key, 0, timeout=3600)
    try:
        cache.incr(key, n)
    except ValueError:  # expired between add and incr
        cache.set(key, n, timeout=3600)


def lookup_count(*, by: AbstractBaseUser, n: int = 1) -> None:
    """Count `n` answers against the user's hourly allowance (the person search counts each
    full-ID search, found or not: a miss answers a guess as surely as a hit)."""
    if by is not None and by.is_authenticated and n:
        _count(by, n)


def membership_hits_record(
    *, by: AbstractBaseUser, hits: Iterable[Member], via: str
) -> None:
    """Record lookups that found a membership elsewhere, and count them against the limit.

    For callers that fetch memberships themselves in bulk (the roster import: call
    `lookup_allowance_check` before reading, then this with the memberships found in other
    unions). Written in the caller's transaction: call it where a refusal does not roll back.
    """
    user = by if by is not None and by.is_authenticated else None
    entries = [
        AuditEntry(
            user=user, action="member.lookup", object_type=Member._meta.label_lower,
            object_id=str(member.pk), node=member.union,
            data={"resident_id": member.masked_resident_id,
                  "result": INSIDE if is_within(by, member.union) else OUTSIDE, "via": via},
        )
        for member in hits
    ]
    AuditEntry.objects.bulk_create(entries)
    if entries and user is not None:
        _count(by, len(entries))


def membership_lookup(
    *, resident_id: str = "", by: AbstractBaseUser, exclude_pk: int | None = None,
    via: str = "form", resident_id_hash: bytes | None = None,
) -> Member | None:
    """The person's current (active or kept) membership anywhere but `exclude_pk`; recorded
    when found. The person is given by the plain ID typed, or by the keyed hash of a stored
    membership (`resident_id_hash`: the stored ID is never decrypted for this).

    Raises LookupLimitReached, having looked nothing up, once the user's allowance is used.
    """
    lookup_allowance_check(by=by)
    # A kept membership (保留会籍) is still a membership: the person holds one at a time.
    # On the keyed hash (led by it, the one-membership index answers); nothing decrypted.
    qs = Member.objects.select_related("union").filter(status__in=CURRENT_STATUSES)
    if resident_id_hash is not None:
        qs = qs.filter(resident_id_hash=resident_id_hash)
    else:
        qs = qs.with_resident_id(resident_id)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    existing = qs.first()
    if existing is not None:
        membership_hits_record(by=by, hits=[existing], via=via)
    return existing
