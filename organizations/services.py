"""Writes to the tree and employers: one use case, one transaction, one audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import history
from organizations.audit import audit
from organizations.concurrency import assign_changes, lock_current
from organizations.facts import EMPLOYER_FACT_FIELDS, UNION_SURVEY_FIELDS
from organizations.models import (
    Employer,
    EmployerStatus,
    Formation,
    Level,
    Union,
    UnionStatus,
    check_tier,
)
from organizations.scope import is_within
from organizations.signals import cover_changing, employer_saving, union_saved

# The status is not among them: it changes only through the 建会 steps (organizations.lifecycle).
UNION_FIELDS = (
    "name", "formation", "founded_on", "chair_name", "chair_phone",
    "has_workers_congress", "has_open_management", "industry_federation", "credit_code",
    "certificate_number", "area_code", *UNION_SURVEY_FIELDS,
)
EMPLOYER_FIELDS = (
    "name", "credit_code", "ownership", "industry", "node", "employees",
    "migrant_employees", "no_union_reason", "no_union_note", *EMPLOYER_FACT_FIELDS,
)
# A union is registered either to start its preparation (建会), or as already founded (an
# existing union entered into the registry, with its founding date).
CREATE_STATUSES = (UnionStatus.PREPARING, UnionStatus.ACTIVE)


def _check_employer_count(formation: str, employers: list[Employer]) -> None:
    if formation == Formation.INDEPENDENT and len(employers) != 1:
        raise ValidationError(
            {"employers": _("An independent union covers exactly one employer.")}
        )
    if formation == Formation.JOINT and len(employers) < 2:
        raise ValidationError({"employers": _("A joint union covers at least two employers.")})


def check_founding_date(union: Union, *, required: bool = True) -> None:
    """A founded union has its founding date, never in the future (the counters count it from
    that day on, and nothing re-counts at midnight); an unfounded one has none yet.

    `required=False` for unions registered before the dates were kept (they count always).
    """
    day = union.founded_on
    if required and union.status == UnionStatus.ACTIVE and union.is_grassroots and day is None:
        raise ValidationError({"founded_on": _("A founded union needs its founding date.")})
    if day is not None and day > timezone.localdate():
        raise ValidationError({"founded_on": _("The founding date cannot be in the future.")})
    if day is not None and union.is_grassroots and union.status != UnionStatus.ACTIVE:
        raise ValidationError(
            {"founded_on": _("The founding date is recorded when the union is founded.")})


def cover_employers(*, union: Union, employers: list[Employer], by: AbstractBaseUser) -> None:
    """Point the employers at the union; refuse any that another union holds, or that closed.

    A dissolved or withdrawn union holds nothing: its employers are free to be covered again.
    """
    ids = [e.pk for e in employers]
    locked = list(
        Employer.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("union")
    )
    for employer in locked:
        if not employer.is_open and employer.union_id != union.pk:
            raise ValidationError({"employers": _("%(employer)s has closed or moved away.") % {
                "employer": employer.name}})
        if employer.union_id and employer.union_id != union.pk and not employer.union.is_ended:
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
    # A closed employer stays with its union: the months it counted there keep it.
    released = list(Employer.objects.filter(union=union).exclude(pk__in=ids)
                    .filter(status=EmployerStatus.OPEN).values_list("pk", flat=True))
    Employer.objects.filter(pk__in=released).update(union=None)
    taken = list(Employer.objects.filter(pk__in=ids).exclude(union=union).values_list("pk", flat=True))
    Employer.objects.filter(pk__in=ids).update(union=union, no_union_reason="", no_union_note="")
    history.record(Employer, released, by=by, reason=f"release:{union.pk}")
    history.record(Employer, taken, by=by, reason=f"cover:{union.pk}")


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
    status = fields.get("status") or (
        UnionStatus.PREPARING if level == Level.GRASSROOTS else UnionStatus.ACTIVE)
    if level == Level.GRASSROOTS and status not in CREATE_STATUSES:
        raise ValidationError({"status": _("A new union is either in preparation or founded.")})
    node = Union(level=level, status=status,
                 **{k: v for k, v in fields.items() if k in UNION_FIELDS})
    node.full_clean(exclude=["path", "depth", "numchild"])
    check_founding_date(node)
    if level == Level.GRASSROOTS:
        _check_employer_count(node.formation, employers)
    parent = Union.objects.select_for_update().get(pk=parent.pk)  # numchild is updated below
    node = Union.objects.add_child(parent, instance=history.as_user(node, by))
    union_saved.send(sender=Union, union=node)
    if level == Level.GRASSROOTS:
        cover_employers(union=node, employers=employers, by=by)
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
    if locked.is_ended:
        raise ValidationError(_("A dissolved union is kept as it was; it cannot be changed."))
    had_date = locked.founded_on is not None
    changed = assign_changes(locked, fields, allowed=UNION_FIELDS)
    locked.full_clean(exclude=["path", "depth", "numchild"])
    check_founding_date(locked, required=had_date)
    if locked.is_grassroots and employers is not None:
        employers = list(employers)
        _check_employer_count(locked.formation, employers)
        cover_employers(union=locked, employers=employers, by=by)
        changed["employers"] = sorted(e.pk for e in employers)
    locked.version += 1
    history.as_user(locked, by).save()
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
    employer.derive_ownership()
    employer.full_clean()
    employer_saving.send(sender=Employer, employer=employer)
    history.as_user(employer, by).save()
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
    locked.derive_ownership()
    locked.full_clean()
    locked.version += 1
    employer_saving.send(sender=Employer, employer=locked)
    history.as_user(locked, by).save()
    audit(by=by, action="employer.update", obj=locked, node=locked.node, data=changed)
    return locked
