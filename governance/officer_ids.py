"""Officers' resident IDs: the one place that touches the raw column.

Stored as members' IDs are stored today (members.models.Member.resident_id, checked with
members.identity). When resident IDs are encrypted at rest (issue #10), this module is what
follows: nothing else in the app reads, writes or filters on `Officer.resident_id`
(tests/governance/test_officer_ids.py holds the app to that).
"""

from __future__ import annotations

from django.db.models import QuerySet

from members.identity import mask_resident_id, normalize_resident_id, validate_resident_id

FIELD = "resident_id"


def officer_id_set(officer, raw: str) -> None:
    """Check and store a typed ID on an (unsaved or locked) officer; ValidationError if wrong."""
    value = normalize_resident_id(raw)
    validate_resident_id(value)
    setattr(officer, FIELD, value)


def officer_id_masked(officer) -> str:
    return mask_resident_id(getattr(officer, FIELD) or "")


def officer_same_person(one, other) -> bool:
    """Whether two officer rows (saved or not) carry the same ID."""
    return bool(getattr(one, FIELD)) and getattr(one, FIELD) == getattr(other, FIELD)


def officers_of_person(qs: QuerySet, raw: str) -> QuerySet:
    """The officer rows of one person, found by the full ID (never by a part of it)."""
    value = normalize_resident_id(raw)
    if not value:
        return qs.none()
    return qs.filter(**{FIELD: value})


def officers_of_member(qs: QuerySet, member) -> QuerySet:
    """The officer rows of the person a member row belongs to (both raw IDs read here)."""
    return officers_of_person(qs, member.resident_id)
