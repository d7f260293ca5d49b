"""兜底入会: a federation's holding pool, and moving its members into a newly built union.

A pool is a joint grassroots union under the federation, marked by a `Pool` row: its members
are real members (counted in the federation's figures like any other), and the pool's own
counters show them apart. Workers with no union at their employer join it through its QR code;
when a union is built, the federation moves them there in one bulk action.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import clean_text
from members.joining.models import Pool
from members.joining.services import accepts_applications, link_of
from members.lifecycle import member_transfer
from members.models import Member, MemberStatus
from organizations.audit import audit
from organizations.models import ALLOWED_PARENTS, Employer, Formation, Level, Union, UnionStatus
from organizations.scope import require_editor, require_within
from organizations.signals import union_saved

POOL_SUFFIX = "新就业形态劳动者会员池"
MOVE_MAX = 5000  # one bulk move; a larger pool moves in several


def pool_default_name(federation: Union) -> str:
    """甲街道总工会 → 甲街道新就业形态劳动者会员池."""
    base = federation.name
    for suffix in ("总工会", "联合工会", "工会"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    return f"{base}{POOL_SUFFIX}"


@transaction.atomic
def pool_open(*, federation: Union, by: AbstractBaseUser, name: str = "") -> Pool:
    """Open a pool under a federation that may hold grassroots unions (county, township,
    village): a joint grassroots union, founded today, with its join link."""
    require_editor(by)
    require_within(by, federation)
    if federation.level not in ALLOWED_PARENTS[Level.GRASSROOTS]:
        raise ValidationError(_("A pool can be opened by a county, township or village "
                                "federation only."))
    if federation.status != UnionStatus.ACTIVE:
        raise ValidationError(_("The federation is not active."))
    name = clean_text(name)[:200] or pool_default_name(federation)
    # Lock the parent: treebeard updates its numchild, and two pools may be opened at once.
    parent = Union.objects.select_for_update().get(pk=federation.pk)
    node = Union(name=name, level=Level.GRASSROOTS, formation=Formation.JOINT,
                 status=UnionStatus.ACTIVE, founded_on=timezone.localdate())
    node.full_clean(exclude=["path", "depth", "numchild"])
    # Not organizations.services.union_create: a pool covers no employer (its members' employers
    # have no union), which that service refuses for a joint union.
    node = Union.objects.add_child(parent, instance=node)
    union_saved.send(sender=Union, union=node)
    pool = Pool.objects.create(union=node, federation=federation, opened_by=by)
    link_of(node)
    audit(by=by, action="joining.pool_open", obj=pool, node=node, data={"name": name})
    return pool


def is_pool(union: Union) -> bool:
    return Pool.objects.filter(union=union).exists()


@transaction.atomic
def pool_move(
    *, pool: Pool, to_union: Union, members: Iterable[Member], by: AbstractBaseUser,
    employer: Employer | None = None, on: datetime.date | None = None,
) -> list[Member]:
    """Move pool members into a grassroots union in one transaction, each through the transfer
    service (their card numbers and history go with them). All or none."""
    require_editor(by)
    require_within(by, pool.union)
    require_within(by, to_union)
    if not accepts_applications(to_union) or is_pool(to_union):
        raise ValidationError(_("Choose an active grassroots union that is not a pool."))
    if employer is not None and employer.union_id != to_union.pk:
        raise ValidationError({"employer": _("The employer is not covered by this union.")})
    members = list(members)
    if not members:
        raise ValidationError(_("Choose the members to move."))
    if len(members) > MOVE_MAX:
        raise ValidationError(_("Move at most %(n)d members at once.") % {"n": MOVE_MAX})
    if any(m.union_id != pool.union_id or m.status != MemberStatus.ACTIVE for m in members):
        raise ValidationError(_("Only active members of this pool can be moved."))
    day = on or timezone.localdate()
    moved = [member_transfer(member=m, to_union=to_union, by=by, on=day, employer=employer)
             for m in sorted(members, key=lambda m: m.pk)]  # pk order: no deadlock between two
    audit(by=by, action="joining.pool_move", obj=pool, node=pool.union,
          data={"to_union": to_union.pk, "members": len(moved)})
    return moved
