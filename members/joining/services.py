"""Writes of online joining: links, applications and their review, pools.

Each is one use case, one transaction, with an audit entry (the public submission has no user:
its entry is written with no user). The applicant's resident ID is read and written only by
`_applicant_id` / `_applicant_id_set` (see members.joining.models).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import transfers
from members.identity import normalize_resident_id
from members.joining.models import ApplicationStatus, JoinApplication, JoinLink
from members.lifecycle import member_transfer
from members.models import CURRENT_STATUSES, Member, MemberStatus
from members.services import member_create
from organizations.audit import audit
from organizations.models import Employer, Union, UnionStatus
from organizations.scope import require_editor, require_within

REASON_MAX = 200
TOKEN_BYTES = 24  # 32 URL-safe characters: not guessable, short enough for a small QR code


# --- the applicant's resident ID: the one place it is read and written ---------------------

def _applicant_id(application: JoinApplication) -> str:
    """Decrypts: only for the approval (audited), which admits or transfers the person."""
    return application.reveal_resident_id()


def _applicant_id_set(application: JoinApplication, resident_id: str) -> None:
    application.resident_id = normalize_resident_id(resident_id)


def applicant_id_masked(application: JoinApplication) -> str:
    return application.masked_resident_id


def _pending_of(union: Union, resident_id: str):
    return JoinApplication.objects.with_resident_id(resident_id).filter(
        union=union, status=ApplicationStatus.PENDING)


# --- join links ---------------------------------------------------------------------------

def accepts_applications(union: Union) -> bool:
    """Only founded, active grassroots unions (pools included) take applications."""
    return union.is_grassroots and union.status == UnionStatus.ACTIVE


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def link_of(union: Union) -> JoinLink:
    """The union's join link, made on first use (a get-or-create, not an act worth auditing)."""
    link = JoinLink.objects.filter(union=union).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            return JoinLink.objects.create(union=union, token=_new_token())
    except IntegrityError:  # made by a concurrent request
        return JoinLink.objects.get(union=union)


@transaction.atomic
def link_renew(*, union: Union, by: AbstractBaseUser) -> JoinLink:
    """A new token: posters with the old one stop working at once."""
    require_editor(by)
    require_within(by, union)
    link = link_of(union)
    link = JoinLink.objects.select_for_update().get(pk=link.pk)
    link.token = _new_token()
    link.save(update_fields=["token", "renewed_at"])
    audit(by=by, action="joining.link_renew", obj=link, node=union)
    return link


def link_by_token(token: str) -> JoinLink | None:
    """The live link of a union that takes applications, or None (old, unknown, or closed)."""
    if not token or len(token) > 64:
        return None
    link = JoinLink.objects.select_related("union").filter(token=token).first()
    if link is None or not accepts_applications(link.union):
        return None
    return link


# --- applications -------------------------------------------------------------------------

APPLICANT_FIELDS = ("name", "phone", "employer", "employer_name", "is_migrant",
                    "new_form_category", "eight_group")


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.JOIN_APPLICATION_TTL_DAYS)


@transaction.atomic
def application_submit(*, link: JoinLink, resident_id: str, **fields: Any) -> JoinApplication:
    """网上入会: a new application, or the pending one of the same person and union updated
    (merged). The caller answers the same in every case."""
    union = Union.objects.select_for_update().get(pk=link.union_id)  # merges race otherwise
    fields = {k: v for k, v in fields.items() if k in APPLICANT_FIELDS}
    if fields.get("employer") is not None and fields["employer"].union_id != union.pk:
        fields["employer"] = None
    now = timezone.now()
    _pending_of(union, resident_id).filter(expires_at__lte=now).update(
        status=ApplicationStatus.EXPIRED)
    app = _pending_of(union, resident_id).first()
    if app is None:
        app = JoinApplication(union=union, submissions=0)
        _applicant_id_set(app, resident_id)
    for key, value in fields.items():
        setattr(app, key, value)
    app.submissions += 1
    app.applied_on, app.consent_at, app.expires_at = timezone.localdate(), now, _expiry()
    app.save()
    audit(by=None, action="joining.apply", obj=app, node=union,
          data={"resident_id": applicant_id_masked(app), "submissions": app.submissions})
    return app


def _lock_pending(application: JoinApplication, *, by: AbstractBaseUser) -> JoinApplication:
    require_editor(by)
    require_within(by, application.union)
    locked = JoinApplication.objects.select_for_update().select_related("union").get(
        pk=application.pk)
    if locked.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application has already been decided."))
    if locked.expires_at <= timezone.now():
        raise ValidationError(_("This application has expired."))
    return locked


def _decided(app: JoinApplication, *, status: str, by: AbstractBaseUser, **fields: Any) -> None:
    app.status, app.decided_by, app.decided_at = status, by, timezone.now()
    for key, value in fields.items():
        setattr(app, key, value)
    app.save()


@dataclass
class Outcome:
    application: JoinApplication
    member: Member | None = None
    transfer_request: Any = None


def application_approve(
    *, application: JoinApplication, by: AbstractBaseUser, employer: Employer | None = None,
    on: datetime.date | None = None,
) -> Outcome:
    """Approve: a new member with a card number (members.services.member_create); or, for a
    person who is a member elsewhere, a transfer (request) — never a second membership."""
    app = _lock_pending_unlocked(application, by=by)
    union, resident_id = app.union, _applicant_id(app)
    if employer is not None and employer.union_id != union.pk:
        raise ValidationError({"employer": _("The employer is not covered by this union.")})
    employer = employer or app.employer
    day = on or timezone.localdate()
    # Not recorded: it is only asked whether to admit or transfer; any answer about another
    # union goes through the recorded, rate-limited lookup of the transfer request below.
    existing = (Member.objects.with_resident_id(resident_id).filter(status__in=CURRENT_STATUSES)
                .select_related("union").first())
    kept_here = existing is not None and existing.union_id == union.pk and (
        existing.status != MemberStatus.ACTIVE)
    if existing is None or kept_here:
        # New, or a kept membership of this union coming back (member_create returns it).
        return _admit(app, by=by, employer=employer, day=day)
    if existing.union_id == union.pk:
        with transaction.atomic():
            _decided(_lock_pending(app, by=by), status=ApplicationStatus.APPROVED, by=by,
                     member=existing)
            audit(by=by, action="joining.approve", obj=app, node=union,
                  data={"member": existing.pk, "already_member": True})
        return Outcome(app, member=existing)
    return _transfer(app, by=by, employer=employer, day=day)


def _lock_pending_unlocked(application: JoinApplication, *, by: AbstractBaseUser):
    """The checks of _lock_pending without holding a lock (the member services lock their own)."""
    with transaction.atomic():
        return _lock_pending(application, by=by)


@transaction.atomic
def _admit(app: JoinApplication, *, by: AbstractBaseUser, employer: Employer | None,
           day: datetime.date) -> Outcome:
    app = _lock_pending(app, by=by)
    member = member_create(
        union=app.union, by=by, name=app.name, resident_id=_applicant_id(app), phone=app.phone,
        employer=employer, joined_on=day, is_migrant=app.is_migrant,
        new_form_category=app.new_form_category, eight_group=app.eight_group)
    _decided(app, status=ApplicationStatus.APPROVED, by=by, member=member, employer=employer)
    audit(by=by, action="joining.approve", obj=app, node=app.union,
          data={"member": member.pk, "card_no": member.card_no})
    return Outcome(app, member=member)


def _transfer(app: JoinApplication, *, by: AbstractBaseUser, employer: Employer | None,
              day: datetime.date) -> Outcome:
    """The person holds a membership elsewhere: 会员关系接转 instead of a new membership.

    Outside the reviewer's area it becomes a transfer request to the releasing union (asked
    through the recorded lookup, outside our transaction so the record outlives a refusal);
    inside it, the member moves at once.
    """
    note = _("Online application #%(pk)s") % {"pk": app.pk}
    try:
        req = transfers.transfer_request_from_b(
            resident_id=_applicant_id(app), to_union=app.union, by=by, employer=employer,
            on=day, note=note)
    except transfers.TransferInScope as inside:
        with transaction.atomic():
            locked = _lock_pending(app, by=by)
            moved = member_transfer(member=inside.args[0], to_union=app.union, by=by, on=day,
                                    employer=employer)
            _decided(locked, status=ApplicationStatus.TRANSFER, by=by, member=moved)
            audit(by=by, action="joining.transfer", obj=locked, node=app.union,
                  data={"member": moved.pk})
        return Outcome(locked, member=moved)
    with transaction.atomic():
        locked = _lock_pending(app, by=by)
        _decided(locked, status=ApplicationStatus.TRANSFER, by=by, transfer_request=req)
        audit(by=by, action="joining.transfer", obj=locked, node=app.union,
              data={"transfer_request": req.pk})
    return Outcome(locked, transfer_request=req)


@transaction.atomic
def application_reject(*, application: JoinApplication, by: AbstractBaseUser,
                       reason: str) -> JoinApplication:
    reason = (reason or "").strip()[:REASON_MAX]
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the application.")})
    app = _lock_pending(application, by=by)
    _decided(app, status=ApplicationStatus.REJECTED, by=by, reject_reason=reason)
    audit(by=by, action="joining.reject", obj=app, node=app.union,
          data={"resident_id": applicant_id_masked(app), "reason": reason})
    return app


def applications_expire(*, now: datetime.datetime | None = None) -> int:
    """Pending applications past their time are marked expired (the beat task; the review
    queue also hides them before this runs)."""
    return JoinApplication.objects.filter(
        status=ApplicationStatus.PENDING, expires_at__lte=now or timezone.now(),
    ).update(status=ApplicationStatus.EXPIRED, updated_at=timezone.now())

