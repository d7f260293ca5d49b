"""Writes to members: one use case, one transaction, one audit entry."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.identity import normalize_resident_id
from members.lookups import LookupLimitReached, membership_lookup
from members.models import Member, MemberStatus, MemberTransfer
from members.signals import member_saving
from organizations.audit import audit
from organizations.concurrency import assign_changes, lock_current
from organizations.models import Union
from organizations.scope import is_admin, is_within, require_within

MEMBER_FIELDS = (
    "name", "resident_id", "phone", "employer", "joined_on", "is_migrant",
    "new_form_category", "eight_group",
)


def duplicate_message(*, existing: Member, user: AbstractBaseUser) -> str:
    """Say where the person is a member, but only if that union lies in the user's scope."""
    if is_within(user, existing.union):
        return _("This person is already an active member of %(union)s.") % {
            "union": existing.union.name}
    return _(
        "This person is already a member of another union outside your area; "
        "ask that union to transfer the membership (会员关系接转)."
    )


def _check_grassroots(union: Union) -> None:
    if not union.is_grassroots:
        raise ValidationError(_("Members are registered in a grassroots union only."))


def _check_employer(member: Member) -> None:
    if member.employer_id and member.employer.union_id != member.union_id:
        raise ValidationError({"employer": _("The employer is not covered by this union.")})


class _TakenMeanwhile(Exception):
    """Another request made the person an active member between our lookup and our save."""


def _check_one_membership(*, resident_id: str, by: AbstractBaseUser,
                          exclude_pk: int | None = None) -> None:
    """The one-active-membership rule, through the recorded, rate-limited lookup.

    Called outside the service's transaction: the record of a lookup that refused the save
    must not be rolled back with it.
    """
    try:
        existing = membership_lookup(resident_id=resident_id, by=by, exclude_pk=exclude_pk)
    except LookupLimitReached as exc:
        raise ValidationError({"resident_id": exc}) from None
    if existing is not None:
        raise ValidationError({"resident_id": duplicate_message(existing=existing, user=by)})


def _save_unique(member: Member) -> None:
    """Save; the database's one-active-membership rule is the last word on a race."""
    try:
        with transaction.atomic():
            member_saving.send(sender=Member, member=member)
            member.save()
    except IntegrityError:
        if not Member.objects.filter(resident_id_hash=member.resident_id_hash,
                                     status=MemberStatus.ACTIVE).exists():
            raise
        raise _TakenMeanwhile from None


def member_create(*, union: Union, by: AbstractBaseUser, **fields: Any) -> Member:
    _check_grassroots(union)
    member = Member(union=union, **{k: v for k, v in fields.items() if k in MEMBER_FIELDS})
    member.full_clean(exclude=["gender", "birth_date"], validate_constraints=False)
    _check_one_membership(resident_id=member.resident_id, by=by)
    try:
        return _member_create(member, by=by)
    except _TakenMeanwhile:
        _check_one_membership(resident_id=member.resident_id, by=by)
        raise


@transaction.atomic
def _member_create(member: Member, *, by: AbstractBaseUser) -> Member:
    _check_employer(member)
    _save_unique(member)
    audit(by=by, action="member.create", obj=member, node=member.union,
          data={"name": member.name})
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
    except _TakenMeanwhile:
        if new_id:
            _check_one_membership(resident_id=new_id, by=by, exclude_pk=member.pk)
        raise


@transaction.atomic
def _member_update(
    member: Member, *, by: AbstractBaseUser, version: int | None, fields: dict[str, Any]
) -> Member:
    locked = lock_current(member, version=version)
    fields = dict(fields)
    new_id = normalize_resident_id(fields.pop("resident_id", None) or "")
    changed = assign_changes(locked, fields, allowed=MEMBER_FIELDS)
    if new_id and not locked.has_resident_id(new_id):
        locked.resident_id = new_id  # sealed on assignment; recorded as changed, never its value
        changed["resident_id"] = "***"
    locked.full_clean(exclude=["gender", "birth_date"], validate_constraints=False)
    _check_employer(locked)
    locked.version += 1
    _save_unique(locked)
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


@transaction.atomic
def member_leave(
    *, member: Member, by: AbstractBaseUser, version: int | None, on: datetime.date | None = None
) -> Member:
    locked = lock_current(member, version=version)
    if locked.status != MemberStatus.ACTIVE:
        raise ValidationError(_("This membership has already ended."))
    locked.status = MemberStatus.LEFT
    locked.left_on = on or timezone.localdate()
    locked.version += 1
    member_saving.send(sender=Member, member=locked)
    locked.save()
    audit(by=by, action="member.leave", obj=locked, node=locked.union)
    return locked


@transaction.atomic
def member_transfer(
    *,
    member: Member,
    to_union: Union,
    by: AbstractBaseUser,
    on: datetime.date | None = None,
    version: int | None = None,
) -> Member:
    """Move a member to another grassroots union; the old membership stays in history."""
    _check_grassroots(to_union)
    # Lock the row: two editors can transfer the same person at once.
    locked = lock_current(member, version=version)
    if locked.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Only an active membership can be transferred."))
    if locked.union_id == to_union.pk:
        raise ValidationError(_("The member already belongs to this union."))
    day = on or timezone.localdate()
    locked.status = MemberStatus.TRANSFERRED
    locked.left_on = day
    locked.version += 1
    member_saving.send(sender=Member, member=locked)
    locked.save()
    # The same person: the sealed ID columns are copied as they are, never decrypted.
    moved = Member(
        union=to_union, joined_on=day, employer=None, gender=locked.gender,
        birth_date=locked.birth_date, **locked.sealed_values(),
        **{k: getattr(locked, k) for k in MEMBER_FIELDS
           if k not in ("employer", "joined_on", "resident_id")},
    )
    member_saving.send(sender=Member, member=moved)
    moved.save()
    MemberTransfer.objects.create(from_member=locked, to_member=moved, by=by)
    audit(by=by, action="member.transfer", obj=moved, node=to_union,
          data={"from_union": locked.union_id, "from_member": locked.pk})
    return moved
