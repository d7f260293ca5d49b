"""合并: one grassroots union merges into another, in one transaction."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member, MemberStatus
from members.services import member_transfer
from organizations.audit import audit
from organizations.lifecycle.ending import union_dissolve
from organizations.lifecycle.moves import union_employers_hand_over
from organizations.models import Union

# Memberships that no longer hold; every other status (active, and any kept membership) does.
ENDED_MEMBER_STATUSES = (MemberStatus.TRANSFERRED, MemberStatus.LEFT)


def memberships_holding(sender, union: Union, **kwargs) -> int:
    """Answers organizations' `union_dissolving`: the memberships that still hold in `union`."""
    return Member.objects.filter(union=union).exclude(status__in=ENDED_MEMBER_STATUSES).count()


@transaction.atomic
def union_merge(*, source: Union, target: Union, by: AbstractBaseUser,
                on: datetime.date | None = None, reason: str = "") -> Union:
    """Merge `source` into `target`: its operating employers are covered by `target`, each of
    its memberships is transferred (会员关系接转, so the months before stay with `source`),
    then `source` is dissolved on the same day. The user's scope must hold both unions."""
    day = on or timezone.localdate()
    if not target.accepts_members:
        raise ValidationError(_("A dissolved union takes no part in a merger."))
    moved_employers = union_employers_hand_over(source=source, target=target, by=by)
    holding = list(Member.objects.filter(union=source)
                   .exclude(status__in=ENDED_MEMBER_STATUSES).select_related("employer")
                   .order_by("pk"))
    carried: dict[int, int] = {}
    for member in holding:
        moved = member_transfer(member=member, to_union=target, by=by, on=day)
        if member.employer_id and member.employer.union_id == target.pk:
            carried[moved.pk] = member.employer_id
    # A transfer starts without an employer; in a merger the employer came along: keep it.
    # (The employer is not a counted figure, so the counters need no signal.)
    for member_pk, employer_pk in carried.items():
        Member.objects.filter(pk=member_pk).update(employer_id=employer_pk)
    union_dissolve(union=Union.objects.get(pk=source.pk), by=by, on=day,
                   reason=reason or _("Merged into %(name)s") % {"name": target.name})
    audit(by=by, action="union.merge", obj=source, node=target, data={
        "into": target.pk, "members": len(holding), "employers": moved_employers})
    return Union.objects.get(pk=target.pk)
