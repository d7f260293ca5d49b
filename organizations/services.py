"""Writes to the tree and employers: one use case, one transaction, one audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.audit import audit
from organizations.concurrency import assign_changes, lock_current
from organizations.models import Employer, Formation, Level, Union, check_tier
from organizations.scope import is_within
from organizations.signals import cover_changing, employer_saving, union_saved

UNION_FIELDS = (
    "name", "formation", "founded_on", "status", "chair_name", "chair_phone",
    "has_workers_congress", "has_open_management", "industry_federation", "credit_code",
)
EMPLOYER_FIELDS = (
    "name", "credit_code", "ownership", "industry", "node", "employees",
    "migrant_employees", "no_union_reason", "no_union_note",
)


def _check_employer_count(formation: str, employers: list[Employer]) -> None:
    if formation == Formation.INDEPENDENT and len(employers) != 1:
        raise ValidationError(
            {"employers": _("An independent union covers exactly one employer.")}
        )
    if formation == Formation.JOINT and len(employers) < 2:
        raise ValidationError({"employers": _("A joint union covers at least two employers.")})


def _cover(*, union: Union, employers: list[Employer], by: AbstractBaseUser) -> None:
    """Point the employers at the union; refuse any that another union already covers."""
    ids = [e.pk for e in employers]
    locked = list(
        Employer.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("union")
    )
    for employer in locked:
        if employer.union_id and employer.union_id != union.pk:
            covering = employer.union
            if is_within(by, covering):
                message = _("%(employer)s is already covered by %(union)s.") % {
                    "employer": employer.name, "union": covering.name}
            else:
                message = _(
                    "%(employer)s is already covered by a union outside your area; "
                    "contact the higher union."
                ) % {"employer": employer.name}
            raise ValidationError({"employers": message})
    cover_changing.send(sender=Union, union=union, employer_ids=ids)
    Employer.objects.filter(union=union).exclude(pk__in=ids).update(union=None)
    Employer.objects.filter(pk__in=ids).update(union=union, no_union_reason="", no_union_note="")


@transaction.atomic
def union_create(
    *,
    parent: Union,
    level: str,
    by: AbstractBaseUser,
    employers: Iterable[Employer] = (),
    **fields: Any,
) -> Union:
    """建会登记: register a node under `parent`; a grassroots union with the employers it covers."""
    check_tier(parent=parent, level=level)
    employers = list(employers)
    node = Union(level=level, **{k: v for k, v in fields.items() if k in UNION_FIELDS})
    node.full_clean(exclude=["path", "depth", "numchild"])
    if level == Level.GRASSROOTS:
        _check_employer_count(node.formation, employers)
    parent = Union.objects.select_for_update().get(pk=parent.pk)  # numchild is updated below
    node = Union.objects.add_child(parent, instance=node)
    union_saved.send(sender=Union, union=node)
    if level == Level.GRASSROOTS:
        _cover(union=node, employers=employers, by=by)
    audit(by=by, action="union.create", obj=node, node=node, data={"name": node.name})
    return node


@transaction.atomic
def union_update(
    *,
    union: Union,
    by: AbstractBaseUser,
    version: int | None,
    employers: Iterable[Employer] | None = None,
    **fields: Any,
) -> Union:
    locked = lock_current(union, version=version)
    changed = assign_changes(locked, fields, allowed=UNION_FIELDS)
    locked.full_clean(exclude=["path", "depth", "numchild"])
    if locked.is_grassroots and employers is not None:
        employers = list(employers)
        _check_employer_count(locked.formation, employers)
        _cover(union=locked, employers=employers, by=by)
        changed["employers"] = sorted(e.pk for e in employers)
    locked.version += 1
    locked.save()
    union_saved.send(sender=Union, union=locked)
    audit(by=by, action="union.update", obj=locked, node=locked, data=changed)
    return locked


def _check_employer_node(node: Union) -> None:
    if node.level == Level.GRASSROOTS:
        raise ValidationError({"node": _("An employer is located under a federation, not a grassroots union.")})


@transaction.atomic
def employer_create(*, by: AbstractBaseUser, **fields: Any) -> Employer:
    employer = Employer(**{k: v for k, v in fields.items() if k in EMPLOYER_FIELDS})
    _check_employer_node(employer.node)
    employer.full_clean()
    employer_saving.send(sender=Employer, employer=employer)
    employer.save()
    audit(by=by, action="employer.create", obj=employer, node=employer.node,
          data={"name": employer.name, "credit_code": employer.credit_code})
    return employer


@transaction.atomic
def employer_update(
    *, employer: Employer, by: AbstractBaseUser, version: int | None, **fields: Any
) -> Employer:
    locked = lock_current(employer, version=version)
    changed = assign_changes(locked, fields, allowed=EMPLOYER_FIELDS)
    _check_employer_node(locked.node)
    locked.full_clean()
    locked.version += 1
    employer_saving.send(sender=Employer, employer=locked)
    locked.save()
    audit(by=by, action="employer.update", obj=locked, node=locked.node, data=changed)
    return locked
