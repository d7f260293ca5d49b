"""A membership's changes of state: leave (退会/除名), keep (保留会籍), return, transfer (接转).

Each is one use case, one transaction, with a MemberEvent in the national codes, a history
row (django-simple-history, through Member.save) and an audit entry. The counters follow by
`member_saving` (counting.live).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.events import event_record, history_mark
from members.models import (
    CURRENT_STATUSES,
    ChangeReason,
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
    MemberTransfer,
    TransferRequest,
    TransferStatus,
)
from members.rules import MEMBER_FIELDS, check_employer, check_grassroots, save_unique
from members.signals import member_saving
from organizations.audit import audit
from organizations.concurrency import lock_current
from organizations.models import Employer, Union

# The person's facts that follow them into a new membership.
# The resident ID follows as its sealed columns (copied, never decrypted), with what the
# model derived from it.
PERSON_FIELDS = ("name", "resident_id_enc", "resident_id_hash", "resident_id_last4", "gender",
                 "birth_date", "phone", "is_migrant", "new_form_category", "eight_group")
LEAVE_KINDS = (EventKind.LEAVE, EventKind.EXPEL)


def _check_date(member: Member, day: datetime.date, *, what: str) -> None:
    """Not before joining, not before the membership's last change, not in the future."""
    if day < member.joined_on:
        raise ValidationError({what: _("The date cannot be before the member joined (%(date)s).")
                               % {"date": member.joined_on.isoformat()}})
    last = MemberEvent.objects.filter(member=member).order_by("-date").values_list(
        "date", flat=True).first()
    if last is not None and day < last:
        raise ValidationError({what: _("The date cannot be before the membership's last change "
                                       "(%(date)s).") % {"date": last.isoformat()}})
    if day > timezone.localdate():
        raise ValidationError({what: _("The date cannot be in the future.")})


def _check_reason(reason: str) -> str:
    if reason and reason not in ChangeReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    return reason or ""


def default_employer(union: Union) -> Employer | None:
    """The employer to preselect: the union's only covered employer, if it covers just one."""
    employers = list(union.employers.order_by("pk")[:2])
    return employers[0] if len(employers) == 1 else None


def pending_requests_cancel(member: Member, *, by: AbstractBaseUser) -> None:
    """A membership that ended or moved leaves no open transfer request behind."""
    TransferRequest.objects.filter(member=member, status=TransferStatus.PENDING).update(
        status=TransferStatus.CANCELLED, decided_at=timezone.now(),
        decided_by=by if by is not None and by.is_authenticated else None)


def _save(member: Member, *, by: AbstractBaseUser, action: str) -> None:
    member_saving.send(sender=Member, member=member)
    history_mark(member, by=by, action=action)
    member.save()


@transaction.atomic
def member_leave(
    *, member: Member, by: AbstractBaseUser, version: int | None,
    on: datetime.date | None = None, reason: str = "", kind: str = EventKind.LEAVE,
) -> Member:
    """退会 (type 6) or 除名 (type 5): the membership ends and stays in the roster's history."""
    if kind not in LEAVE_KINDS:
        raise ValidationError(_("Choose 退会 or 除名."))
    locked = lock_current(member, version=version)
    if locked.status not in CURRENT_STATUSES:
        raise ValidationError(_("This membership has already ended."))
    day = on or timezone.localdate()
    _check_date(locked, day, what="left_on")
    reason = _check_reason(reason)
    locked.status, locked.left_on = MemberStatus.LEFT, day
    locked.version += 1
    pending_requests_cancel(locked, by=by)
    _save(locked, by=by, action=f"member.{kind}")
    event_record(member=locked, kind=kind, on=day, by=by, reason=reason)
    audit(by=by, action=f"member.{kind}", obj=locked, node=locked.union,
          data={"on": day.isoformat(), "reason": reason})
    return locked


@transaction.atomic
def member_keep(
    *, member: Member, by: AbstractBaseUser, version: int | None,
    on: datetime.date | None = None, reason: str = "",
) -> Member:
    """保留会籍 (type 3): out of work or retired, the person stays a member here, counted apart."""
    locked = lock_current(member, version=version)
    if locked.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Only an active membership can be kept."))
    day = on or timezone.localdate()
    _check_date(locked, day, what="on")
    reason = _check_reason(reason)
    locked.status = MemberStatus.KEPT
    locked.version += 1
    _save(locked, by=by, action="member.keep")
    event_record(member=locked, kind=EventKind.KEEP, on=day, by=by, reason=reason)
    audit(by=by, action="member.keep", obj=locked, node=locked.union,
          data={"on": day.isoformat(), "reason": reason})
    return locked


@transaction.atomic
def member_return_apply(
    *, member: Member, by: AbstractBaseUser, version: int | None,
    on: datetime.date | None = None, fields: dict[str, Any] | None = None,
) -> Member:
    """The person's own record becomes active again (from kept or left), not a new row.

    Callers check the one-membership rule first (members.services.member_return), outside
    this transaction; the database's constraint is the last word on a race.
    """
    locked = lock_current(member, version=version)
    if locked.status not in (MemberStatus.KEPT, MemberStatus.LEFT):
        raise ValidationError(_("Only a kept or ended membership can return."))
    day = on or timezone.localdate()
    _check_date(locked, day, what="on")
    for key, value in (fields or {}).items():
        if key in MEMBER_FIELDS and key not in ("resident_id", "joined_on"):
            setattr(locked, key, value)
    locked.status, locked.left_on = MemberStatus.ACTIVE, None
    locked.version += 1
    locked.full_clean(exclude=["gender", "birth_date"], validate_constraints=False)
    check_employer(locked)
    history_mark(locked, by=by, action="member.return")
    save_unique(locked)
    event_record(member=locked, kind=EventKind.RETURN, on=day, by=by)
    audit(by=by, action="member.return", obj=locked, node=locked.union,
          data={"on": day.isoformat()})
    return locked


def transfer_apply(
    *, locked: Member, to_union: Union, by: AbstractBaseUser, day: datetime.date,
    employer: Employer | None, reason: str = ChangeReason.WORK_CHANGED,
) -> Member:
    """Within the caller's transaction, the member row locked: end it here, start it there.

    The card number moves with the person; both rows stay, linked by a MemberTransfer.
    """
    if locked.status not in CURRENT_STATUSES:
        raise ValidationError(_("Only an active membership can be transferred."))
    if locked.union_id == to_union.pk:
        raise ValidationError(_("The member already belongs to this union."))
    check_grassroots(to_union)
    if employer is not None and employer.union_id != to_union.pk:
        raise ValidationError({"employer": _("The employer is not covered by this union.")})
    if day < locked.joined_on:
        raise ValidationError({"on": _("The date cannot be before the member joined (%(date)s).")
                               % {"date": locked.joined_on.isoformat()}})
    locked.status, locked.left_on = MemberStatus.TRANSFERRED, day
    locked.version += 1
    pending_requests_cancel(locked, by=by)
    _save(locked, by=by, action="member.transfer_out")
    event_record(member=locked, kind=EventKind.TRANSFER_OUT, on=day, by=by, reason=reason)
    moved = Member(union=to_union, joined_on=day, employer=employer, card_no=locked.card_no,
                   **{k: getattr(locked, k) for k in PERSON_FIELDS})
    _save(moved, by=by, action="member.transfer_in")
    event_record(member=moved, kind=EventKind.TRANSFER_IN, on=day, by=by, reason=reason)
    MemberTransfer.objects.create(from_member=locked, to_member=moved, by=by)
    return moved


@transaction.atomic
def member_transfer(
    *, member: Member, to_union: Union, by: AbstractBaseUser, on: datetime.date | None = None,
    version: int | None = None, employer: Employer | None = None,
) -> Member:
    """Move a member to another grassroots union at once (both in the user's scope)."""
    # Lock the row: two editors can transfer the same person at once.
    locked = lock_current(member, version=version)
    if employer is None and to_union.is_grassroots:
        employer = default_employer(to_union)
    moved = transfer_apply(locked=locked, to_union=to_union, by=by,
                           day=on or timezone.localdate(), employer=employer)
    audit(by=by, action="member.transfer", obj=moved, node=to_union,
          data={"from_union": locked.union_id, "from_member": locked.pk})
    return moved
