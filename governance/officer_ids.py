"""Officers' resident IDs: sealed as members' are (common.sealed_id: ciphertext, keyed hash,
last four; no plain column), and touched through this module only
(tests/governance/test_officer_ids.py holds the app to that).

Equality (the same person, an officer's member rows) goes through the keyed hash; nothing here
decrypts.
"""

from __future__ import annotations

from django.db.models import QuerySet

from common.sealed_id import normalize_resident_id
from members.identity import validate_resident_id

FIELD = "resident_id"


def officer_id_set(officer, raw: str) -> None:
    """Check and seal a typed ID on an (unsaved or locked) officer; ValidationError if wrong."""
    value = normalize_resident_id(raw)
    validate_resident_id(value)
    officer.resident_id = value  # sealed on assignment (SealedResidentId)


def officer_id_masked(officer) -> str:
    return officer.masked_resident_id


def officer_same_person(one, other) -> bool:
    """Whether two officer rows (saved or not) carry the same ID (by keyed hash)."""
    mine = bytes(one.resident_id_hash or b"")
    return bool(mine) and mine == bytes(other.resident_id_hash or b"")


def officers_of_person(qs: QuerySet, raw: str) -> QuerySet:
    """The officer rows of one person, found by the full ID (never by a part of it)."""
    value = normalize_resident_id(raw)
    if not value:
        return qs.none()
    return qs.with_resident_id(value)


def officers_of_member(qs: QuerySet, member) -> QuerySet:
    """The officer rows of the person a member row belongs to: the same keyed hash."""
    return qs.filter(resident_id_hash=member.resident_id_hash)
