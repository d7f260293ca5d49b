"""建会: 筹备 → 批复 (or 退回 with a reason, then 筹备 again) → 成立.

Each step: lock the union at the version the user saw, check the step is allowed from its
present state and by this user, save (a historical row), tell the counters, write the audit
entry; one transaction.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import history
from organizations.audit import audit
from organizations.concurrency import lock_current
from organizations.lifecycle.common import (
    check_day,
    require_editor_of,
    require_federation_above,
    require_text,
)
from organizations.models import Union, UnionStatus
from organizations.signals import union_saved


def _locked_in(union: Union, version: int | None, *states: str) -> Union:
    locked = lock_current(union, version=version)
    if not locked.is_grassroots or locked.status not in states:
        raise ValidationError(_("This step is not possible while the union is %(status)s.") % {
            "status": locked.get_status_display()})
    return locked


def _save(locked: Union, *, by: AbstractBaseUser, action: str, data: dict) -> Union:
    locked.version += 1
    history.as_user(locked, by).save()
    union_saved.send(sender=Union, union=locked)
    audit(by=by, action=action, obj=locked, node=locked, data=data)
    return locked


@transaction.atomic
def union_approve(*, union: Union, by: AbstractBaseUser, number: str, on: datetime.date | None,
                  version: int | None = None) -> Union:
    """批复: the federation above approves the preparation, with its document number and date."""
    require_federation_above(by, union)
    locked = _locked_in(union, version, UnionStatus.PREPARING)
    locked.approval_number = require_text(
        number, field="number", message=_("Enter the number of the approval document."))[:100]
    locked.approved_on = check_day(on, field="on")
    locked.returned_reason = ""
    locked.status = UnionStatus.APPROVED
    return _save(locked, by=by, action="union.approve", data={
        "number": locked.approval_number, "on": locked.approved_on.isoformat()})


@transaction.atomic
def union_return(*, union: Union, by: AbstractBaseUser, reason: str,
                 version: int | None = None) -> Union:
    """退回: the federation above sends the preparation back, saying why."""
    require_federation_above(by, union)
    locked = _locked_in(union, version, UnionStatus.PREPARING)
    locked.returned_reason = require_text(
        reason, field="reason", message=_("Say why the preparation is sent back."))[:500]
    locked.status = UnionStatus.RETURNED
    return _save(locked, by=by, action="union.return", data={"reason": locked.returned_reason})


@transaction.atomic
def union_resubmit(*, union: Union, by: AbstractBaseUser, version: int | None = None) -> Union:
    """A returned preparation, amended, goes back to the federation above."""
    require_editor_of(by, union)
    locked = _locked_in(union, version, UnionStatus.RETURNED)
    locked.status = UnionStatus.PREPARING
    return _save(locked, by=by, action="union.resubmit", data={})


@transaction.atomic
def union_found(*, union: Union, by: AbstractBaseUser, on: datetime.date | None,
                certificate_number: str, version: int | None = None) -> Union:
    """成立: the approved union holds its founding meeting; it counts from this date on."""
    require_editor_of(by, union)
    locked = _locked_in(union, version, UnionStatus.APPROVED)
    locked.founded_on = check_day(on, field="on", not_before=locked.approved_on,
                                  before_label=_("the approval"))
    locked.certificate_number = require_text(
        certificate_number, field="certificate_number",
        message=_("Enter the certificate number."))[:100]
    locked.status = UnionStatus.ACTIVE
    return _save(locked, by=by, action="union.found", data={
        "on": locked.founded_on.isoformat(), "certificate_number": locked.certificate_number})
