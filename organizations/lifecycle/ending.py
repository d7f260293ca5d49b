"""注销: a union dissolves (or its preparation is withdrawn); an employer closes or moves away."""

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
from organizations.models import Employer, EmployerStatus, Union, UnionStatus
from organizations.services import cover_employers
from organizations.signals import employer_saving, union_dissolving, union_saved

CLOSING_STATUSES = (EmployerStatus.CLOSED, EmployerStatus.REVOKED, EmployerStatus.MOVED_OUT)


class UnionStillInUse(ValidationError):
    """Dissolution refused: memberships or covered employers remain (the page offers ways to
    move them)."""

    def __init__(self, *, members: int, employers: int) -> None:
        self.members, self.employers = members, employers
        super().__init__(
            _("The union still has %(members)s members and %(employers)s covered employers: "
              "move them first.") % {"members": members, "employers": employers},
            code="in_use",
        )


def holding_members(union: Union) -> int:
    """The memberships that still hold in the union, as the members app counts them."""
    return sum(answer or 0 for _receiver, answer in union_dissolving.send(sender=Union, union=union))


@transaction.atomic
def union_dissolve(*, union: Union, by: AbstractBaseUser, on: datetime.date | None, reason: str,
                   release_employers: bool = False, version: int | None = None) -> Union:
    """注销 a founded union, or withdraw a preparation. Refused while memberships hold, or while
    it covers operating employers unless the user chose to release them (a preparation's are
    only reserved: always released). Afterwards its employers are free (another union may
    cover them) and no member can be added to it."""
    require_federation_above(by, union)
    locked = lock_current(union, version=version)
    if not locked.is_grassroots or locked.is_ended:
        raise ValidationError(_("This union cannot be dissolved."))
    founded = locked.status == UnionStatus.ACTIVE
    day = check_day(on, field="on", not_before=locked.founded_on if founded else None,
                    before_label=_("the founding"))
    reason = require_text(reason, field="reason", message=_("Say why the union is dissolved."))
    members = holding_members(locked)
    employers = locked.employers.filter(status=EmployerStatus.OPEN).count()
    if members or (employers and founded and not release_employers):
        raise UnionStillInUse(members=members, employers=employers)
    if employers:
        cover_employers(union=locked, employers=[], by=by)
    locked.status = UnionStatus.DISSOLVED if founded else UnionStatus.WITHDRAWN
    locked.dissolved_on, locked.dissolution_reason = day, reason[:500]
    locked.version += 1
    history.as_user(locked, by).save()
    union_saved.send(sender=Union, union=locked)
    audit(by=by, action="union.dissolve" if founded else "union.withdraw", obj=locked, node=locked,
          data={"on": day.isoformat(), "reason": locked.dissolution_reason})
    return locked


@transaction.atomic
def employer_close(*, employer: Employer, by: AbstractBaseUser, status: str,
                   on: datetime.date | None, reason: str = "",
                   version: int | None = None) -> Employer:
    """注销/吊销/迁出: from that date the employer counts nowhere (建会率, the 四清 list); it
    stays with its union, which lists it as closed."""
    require_editor_of(by, employer.node)
    locked = lock_current(employer, version=version)
    if not locked.is_open:
        raise ValidationError(_("This employer is already recorded as closed or moved away."))
    if status not in CLOSING_STATUSES:
        raise ValidationError({"status": _("Choose how the employer ended.")})
    locked.status = status
    locked.closed_on = check_day(on, field="on")
    locked.closed_reason = (reason or "").strip()[:500]
    locked.version += 1
    employer_saving.send(sender=Employer, employer=locked)
    history.as_user(locked, by).save()
    audit(by=by, action="employer.close", obj=locked, node=locked.union or locked.node,
          data={"status": status, "on": locked.closed_on.isoformat()})
    return locked
