"""Person search across the user's area: by full resident ID (POST), name, phone or card number.

A search by full ID answers whether a guessed ID is a member in the area, and so could
complete a masked ID guess by guess: each one is recorded (masked) and counted against the
user's hourly lookup allowance, found or not.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from members import selectors
from members.identity import mask_resident_id, normalize_resident_id
from members.lookups import lookup_allowance_check, lookup_count
from members.models import Member
from organizations.models import AuditEntry
from organizations.scope import scope_of

RESULTS_MAX = 50


def person_find_by_id(*, user: AbstractBaseUser, resident_id: str) -> list[Member]:
    """Every membership in scope of the person with this ID (raises LookupLimitReached)."""
    lookup_allowance_check(by=user)
    rid = normalize_resident_id(resident_id)
    found = list(selectors.member_list(user=user).with_resident_id(rid)
                 .order_by("joined_on", "pk")[:RESULTS_MAX])
    AuditEntry.objects.create(
        user=user if user.is_authenticated else None, action="member.person_search",
        object_type=Member._meta.label_lower, object_id=str(found[-1].pk) if found else "",
        node=scope_of(user),
        data={"resident_id": mask_resident_id(rid), "found": len(found)})
    lookup_count(by=user, n=1)
    return found


def person_find(*, user: AbstractBaseUser, term: str) -> list[Member]:
    """Memberships in scope by name, phone, card number or the ID's last digits."""
    if not term:
        return []
    return list(selectors.member_list(user=user, search=term)
                .order_by("name", "resident_id_hash", "-joined_on", "-pk")[:RESULTS_MAX])
