"""会员关系接转 across areas: a request one side starts and the other accepts or rejects.

When the user's scope holds both unions the transfer happens at once (members.lifecycle).
Otherwise the releasing side (A, the member's union) or the receiving side (B) starts a
request; the other side decides. While it is pending the member stays in A and is counted
there. Each side learns only what its scope allows: B's side sees the person's name, masked
ID and card number and A's union name, never A's roster.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from members.identity import mask_resident_id, normalize_resident_id
from members.lifecycle import default_employer, transfer_apply
from members.lookups import LookupLimitReached, membership_lookup
from members.models import (
    CURRENT_STATUSES,
    Member,
    TransferRequest,
    TransferSide,
    TransferStatus,
)
from organizations.audit import audit
from organizations.concurrency import lock_current
from organizations.models import Employer, Union, UnionStatus
from organizations.scope import is_within, require_editor, require_within

REASON_MAX = 200


class TransferInScope(Exception):
    """Both unions lie in the user's scope: transfer at once instead (members.lifecycle)."""


def _check_destination(to_union: Union) -> None:
    if not to_union.is_grassroots:
        raise ValidationError(_("Members are registered in a grassroots union only."))
    if to_union.status != UnionStatus.ACTIVE:
        raise ValidationError(_("The receiving union is not active."))


def _data(req: TransferRequest) -> dict:
    member = req.member
    return {"from_union": req.from_union_id, "to_union": req.to_union_id,
            "member": member.pk, "resident_id": member.masked_resident_id}


def _create(*, member: Member, to_union: Union, by: AbstractBaseUser, side: str,
            on: datetime.date | None, note: str, employer: Employer | None) -> TransferRequest:
    locked = lock_current(member, version=None)
    if locked.status not in CURRENT_STATUSES:
        raise ValidationError(_("Only an active membership can be transferred."))
    if locked.union_id == to_union.pk:
        raise ValidationError(_("The member already belongs to this union."))
    try:
        with transaction.atomic():
            req = TransferRequest.objects.create(
                member=locked, from_union=locked.union, to_union=to_union, started_by_side=side,
                date=on, note=(note or "")[:REASON_MAX], requested_by=by, to_employer=employer)
    except IntegrityError:
        raise ValidationError(
            _("A transfer request for this member is already pending.")) from None
    audit(by=by, action="member.transfer_request", obj=req, node=locked.union, data=_data(req))
    return req


@transaction.atomic
def transfer_request_from_a(
    *, member: Member, to_union: Union, by: AbstractBaseUser,
    on: datetime.date | None = None, note: str = "",
) -> TransferRequest:
    """A's side (the member's union) asks B to take the member."""
    require_editor(by)
    require_within(by, member.union)
    _check_destination(to_union)
    if is_within(by, to_union):
        raise TransferInScope
    return _create(member=member, to_union=to_union, by=by, side=TransferSide.FROM, on=on,
                   note=note, employer=None)


def transfer_request_from_b(
    *, resident_id: str, to_union: Union, by: AbstractBaseUser, employer: Employer | None = None,
    on: datetime.date | None = None, note: str = "",
) -> TransferRequest:
    """B's side asks for a person it knows by full resident ID (typed, sent by POST).

    The question "is this person a member somewhere?" goes through the recorded,
    rate-limited lookup, outside the transaction (its record must outlive a refusal).
    """
    require_editor(by)
    require_within(by, to_union)
    _check_destination(to_union)
    if employer is not None and employer.union_id != to_union.pk:
        raise ValidationError({"employer": _("The employer is not covered by this union.")})
    try:
        existing = membership_lookup(resident_id=normalize_resident_id(resident_id), by=by,
                                     via="transfer_request")
    except LookupLimitReached as exc:
        raise ValidationError({"resident_id": exc}) from None
    if existing is None:
        raise ValidationError({"resident_id": _(
            "No current membership was found for this ID: add the person as a new member.")})
    if is_within(by, existing.union):
        raise TransferInScope(existing)
    with transaction.atomic():
        return _create(member=existing, to_union=to_union, by=by, side=TransferSide.TO, on=on,
                       note=note, employer=employer)


def deciding_union(req: TransferRequest) -> Union:
    """The side that did not start the request decides it."""
    return req.to_union if req.started_by_side == TransferSide.FROM else req.from_union


def starting_union(req: TransferRequest) -> Union:
    return req.from_union if req.started_by_side == TransferSide.FROM else req.to_union


def _lock_pending(req: TransferRequest, *, by: AbstractBaseUser, side: Union) -> TransferRequest:
    require_editor(by)
    if not is_within(by, req.from_union) and not is_within(by, req.to_union):
        raise Http404
    require_within(by, side)
    # Lock the request: both sides may press a button at the same moment.
    locked = TransferRequest.objects.select_for_update().select_related(
        "member", "from_union", "to_union").get(pk=req.pk)
    if locked.status != TransferStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    return locked


@transaction.atomic
def transfer_request_accept(
    *, request: TransferRequest, by: AbstractBaseUser, employer: Employer | None = None,
    on: datetime.date | None = None,
) -> Member:
    """The deciding side accepts: the member moves now, with the card number.

    The employer in B is chosen here when B decides, or was chosen by B when it asked.
    """
    req = _lock_pending(request, by=by, side=deciding_union(request))
    employer = employer if req.started_by_side == TransferSide.FROM else req.to_employer
    if employer is None:

        employer = default_employer(req.to_union)
    member = lock_current(req.member, version=None)
    if member.union_id != req.from_union_id:
        raise ValidationError(_("The member is no longer in the releasing union."))
    day = on or req.date or timezone.localdate()
    moved = transfer_apply(locked=member, to_union=req.to_union, by=by, day=day,
                           employer=employer)
    TransferRequest.objects.filter(pk=req.pk).update(
        status=TransferStatus.ACCEPTED, decided_by=by, decided_at=timezone.now(),
        to_member=moved, to_employer=employer, date=day)
    audit(by=by, action="member.transfer_accept", obj=req, node=deciding_union(req),
          data={**_data(req), "to_member": moved.pk})
    return moved


@transaction.atomic
def transfer_request_reject(*, request: TransferRequest, by: AbstractBaseUser,
                            reason: str) -> TransferRequest:
    reason = (reason or "").strip()[:REASON_MAX]
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the request.")})
    req = _lock_pending(request, by=by, side=deciding_union(request))
    req.status, req.decided_by, req.decided_at = TransferStatus.REJECTED, by, timezone.now()
    req.reject_reason = reason
    req.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    audit(by=by, action="member.transfer_reject", obj=req, node=deciding_union(req),
          data={**_data(req), "reason": reason})
    return req


@transaction.atomic
def transfer_request_cancel(*, request: TransferRequest, by: AbstractBaseUser) -> TransferRequest:
    """The side that asked takes its request back."""
    req = _lock_pending(request, by=by, side=starting_union(request))
    req.status, req.decided_by, req.decided_at = TransferStatus.CANCELLED, by, timezone.now()
    req.save(update_fields=["status", "decided_by", "decided_at"])
    audit(by=by, action="member.transfer_cancel", obj=req, node=starting_union(req),
          data=_data(req))
    return req
