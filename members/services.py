"""Writes to members: one use case, one transaction, one audit entry."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.events import event_record, history_mark
from members.identity import normalize_resident_id
from members.lifecycle import member_keep, member_leave, member_return_apply, member_transfer
from members.lookups import LookupLimitReached, membership_lookup
from members.models import EventKind, Member, MemberStatus
from members.phones import normalize_phone
from members.rules import (
    MEMBER_FIELDS,
    TakenMeanwhile,
    check_employer,
    check_grassroots,
    save_unique,
)
from organizations.audit import audit
from organizations.concurrency import assign_changes, lock_current
from organizations.models import Union
from organizations.scope import is_admin, is_within, require_within

__all__ = [
    "member_create", "member_update", "member_full_id_show", "member_return", "member_leave",
    "member_keep", "member_transfer",
]

def duplicate_message(*, existing: Member, user: AbstractBaseUser) -> str:
    """Say where the person is a member, but only if that union lies in the user's scope."""
    if is_within(user, existing.union):
        return _("This person is already an active member of %(union)s.") % {
            "union": existing.union.name}
    return _(
        "This person is already a member of another union outside your area; "
        "ask that union to transfer the membership (会员关系接转)."
    )


def _check_one_membership(*, resident_id: str = "", by: AbstractBaseUser,
                          exclude_pk: int | None = None,
                          resident_id_hash: bytes | None = None) -> None:
    """The one-active-membership rule, through the recorded, rate-limited lookup.

    Called outside the service's transaction: the record of a lookup that refused the save
    must not be rolled back with it.
    """
    try:
        existing = membership_lookup(resident_id=resident_id, by=by, exclude_pk=exclude_pk,
                                     resident_id_hash=resident_id_hash)
    except LookupLimitReached as exc:
        raise ValidationError({"resident_id": exc}) from None
    if existing is not None:
        raise ValidationError({"resident_id": duplicate_message(existing=existing, user=by)})


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in fields.items() if k in MEMBER_FIELDS}
    if "phone" in fields:
        fields["phone"] = normalize_phone(fields["phone"])
    return fields


def member_create(*, union: Union, by: AbstractBaseUser, **fields: Any) -> Member:
    """入会; a person whose membership of this union was kept or ended returns to it instead
    (the same record becomes active again, with its card number and history)."""
    check_grassroots(union)
    fields = _clean_fields(fields)
    member = Member(union=union, **fields)
    former = (Member.objects.filter(union=union, resident_id_hash=member.resident_id_hash,
                                    status__in=[MemberStatus.KEPT, MemberStatus.LEFT])
              .order_by("-pk").first())
    if former is not None:
        return member_return(member=former, by=by, version=None,
                             on=fields.get("joined_on"), **fields)
    member.full_clean(exclude=["gender", "birth_date"], validate_constraints=False)
    _check_one_membership(resident_id=member.resident_id, by=by)
    try:
        return _member_create(member, by=by)
    except TakenMeanwhile:
        _check_one_membership(resident_id=member.resident_id, by=by)
        raise


@transaction.atomic
def _member_create(member: Member, *, by: AbstractBaseUser) -> Member:
    check_employer(member)
    history_mark(member, by=by, action="member.create")
    save_unique(member)
    event_record(member=member, kind=EventKind.JOIN, on=member.joined_on, by=by)
    audit(by=by, action="member.create", obj=member, node=member.union,
          data={"name": member.name, "card_no": member.card_no})
    return member


def member_update(
    *, member: Member, by: AbstractBaseUser, version: int | None, **fields: Any
) -> Member:
    new_id = normalize_resident_id(fields.get("resident_id") or "")
    # Only a new ID on an active membership asks whether the person is a member elsewhere
    # (compared through the keyed hash: the stored ID is not decrypted).
    asks = (bool(new_id) and not member.has_resident_id(new_id)
            and member.status == MemberStatus.ACTIVE)
    if asks:
        _check_one_membership(resident_id=new_id, by=by, exclude_pk=member.pk)
    try:
        return _member_update(member, by=by, version=version, fields=fields)
    except TakenMeanwhile:
        _check_one_membership(resident_id=new_id, by=by, exclude_pk=member.pk)
        raise


@transaction.atomic
def _member_update(
    member: Member, *, by: AbstractBaseUser, version: int | None, fields: dict[str, Any]
) -> Member:
    locked = lock_current(member, version=version)
    fields = _clean_fields(fields)
    new_id = normalize_resident_id(fields.pop("resident_id", None) or "")
    changed = assign_changes(locked, fields, allowed=MEMBER_FIELDS)
    if new_id and not locked.has_resident_id(new_id):
        locked.resident_id = new_id  # sealed on assignment; recorded as changed, never its value
        changed["resident_id"] = "***"
    locked.full_clean(exclude=["gender", "birth_date"], validate_constraints=False)
    check_employer(locked)
    locked.version += 1
    history_mark(locked, by=by, action="member.update")
    save_unique(locked)
    audit(by=by, action="member.update", obj=locked, node=locked.union, data=changed)
    return locked


@transaction.atomic
def member_full_id_show(*, member: Member, by: AbstractBaseUser) -> str:
    """显示完整身份证号: a deliberate act of an administrator of the member's area, recorded
    (who, when, whose) before the full ID is handed out. Editors and viewers work with the
    masked ID; the roster export follows the same rule (full IDs for administrators only)."""
    require_within(by, member.union)
    if not is_admin(by):
        raise PermissionDenied
    audit(by=by, action="member.show_full_id", obj=member, node=member.union,
          data={"resident_id": member.masked_resident_id, "name": member.name})
    return member.reveal_resident_id()  # one of the two places that decrypt (and the export)


def member_return(
    *, member: Member, by: AbstractBaseUser, version: int | None,
    on: datetime.date | None = None, **fields: Any,
) -> Member:
    """回到会籍: the kept or ended membership becomes active again, if the person holds none
    elsewhere (asked through the recorded lookup, outside the transaction)."""
    fields = _clean_fields(fields)
    _check_one_membership(resident_id_hash=bytes(member.resident_id_hash), by=by,
                              exclude_pk=member.pk)
    try:
        return member_return_apply(member=member, by=by, version=version, on=on, fields=fields)
    except TakenMeanwhile:
        _check_one_membership(resident_id_hash=bytes(member.resident_id_hash), by=by,
                              exclude_pk=member.pk)
        raise
