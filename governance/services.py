"""Writes of committees, officers and elections: one use case, one transaction, one audit entry.

Stipends, ratings and service sites are written in governance/records.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import officer_ids
from governance.models import Committee, Election, Officer, OfficerRole
from governance.officer_ids import officer_id_set, officer_same_person
from governance.terms import term_end_of
from organizations import services as org_services
from organizations.audit import audit
from organizations.models import Union, UnionStatus
from organizations.scope import require_within

OFFICER_FIELDS = ("role", "name", "phone", "full_time")


def _check_date(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _new_officer(*, committee: Committee, start_on: datetime.date,
                 values: Mapping[str, Any]) -> Officer:
    officer = Officer(committee=committee, start_on=start_on,
                      **{k: values.get(k) for k in OFFICER_FIELDS if k in values})
    officer.name = (officer.name or "").strip()
    officer.phone = (officer.phone or "").strip()
    officer.full_time = bool(officer.full_time)
    try:
        officer_id_set(officer, values.get("resident_id") or "")
    except ValidationError as exc:
        raise ValidationError(_("%(name)s: %(error)s") % {
            "name": officer.name, "error": " ".join(exc.messages)})
    officer.full_clean(exclude=["committee", officer_ids.FIELD])  # checked above
    return officer


def _check_slate(officers: list[Officer]) -> None:
    """A committee has exactly one chair, and nobody holds the same role twice."""
    chairs = sum(1 for o in officers if o.role == OfficerRole.CHAIR)
    if chairs != 1:
        raise ValidationError(_("A committee has exactly one chair."))
    for index, officer in enumerate(officers):
        for earlier in officers[:index]:
            if earlier.role == officer.role and officer_same_person(earlier, officer):
                raise ValidationError(_("%(name)s is entered twice in the same role.") % {
                    "name": officer.name})


@transaction.atomic
def election_record(
    *,
    union: Union,
    held_on: datetime.date,
    term_years: int,
    officers: Iterable[Mapping[str, Any]],
    by: AbstractBaseUser,
    term_start: datetime.date | None = None,
    note: str = "",
) -> Election:
    """换届选举: end the current committee (its officers' roles end that day, rows kept) and
    start the elected one."""
    require_within(by, union)
    # Lock the union: two editors recording an election at once would both replace the
    # same committee.
    union = Union.objects.select_for_update().get(pk=union.pk)
    if union.status == UnionStatus.DISSOLVED:
        raise ValidationError(_("A dissolved union holds no elections."))
    _check_date(held_on, "held_on")
    if term_years not in (3, 5):
        raise ValidationError({"term_years": _("A term is 3 or 5 years.")})
    term_start = term_start or held_on
    previous = Committee.objects.current().filter(union=union).first()
    if previous is not None and held_on < previous.term_start:
        raise ValidationError({"held_on": _(
            "The election date is before the start of the current committee's term.")})
    committee = Committee(union=union, term_years=term_years, term_start=term_start,
                          term_end=term_end_of(term_start, term_years))
    slate = [_new_officer(committee=committee, start_on=term_start, values=v) for v in officers]
    _check_slate(slate)
    if previous is not None:
        previous.ended_on = held_on
        previous.save(update_fields=["ended_on"])
        previous.officers.current().update(end_on=held_on)
    committee.save()
    for officer in slate:
        officer.committee = committee
    Officer.objects.bulk_create(slate)
    election = Election.objects.create(union=union, held_on=held_on, committee=committee,
                                       replaced=previous, note=note.strip(), by=by)
    _sync_union_chair(union=union, chair=next(o for o in slate if o.role == OfficerRole.CHAIR),
                      by=by)
    audit(by=by, action="election.record", obj=election, node=union, data={
        "held_on": held_on.isoformat(), "term_end": committee.term_end.isoformat(),
        "officers": len(slate), "replaced_committee": previous.pk if previous else None,
    })
    return election


def _sync_union_chair(*, union: Union, chair: Officer, by: AbstractBaseUser) -> None:
    """The union's own chair name and phone follow the election (through its service)."""
    if (union.chair_name, union.chair_phone) != (chair.name, chair.phone):
        org_services.union_update(union=union, by=by, version=None,
                                  chair_name=chair.name, chair_phone=chair.phone)


@transaction.atomic
def officer_add(*, committee: Committee, by: AbstractBaseUser, start_on: datetime.date,
                **values: Any) -> Officer:
    """补选: a new officer of the current committee between elections."""
    require_within(by, committee.union)
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if not committee.is_current:
        raise ValidationError(_("Officers are added to the current committee only."))
    _check_date(start_on, "start_on")
    if start_on < committee.term_start:
        raise ValidationError({"start_on": _("This date is before the term started.")})
    officer = _new_officer(committee=committee, start_on=start_on, values=values)
    if officer.role == OfficerRole.CHAIR and committee.officers.current().filter(
            role=OfficerRole.CHAIR).exists():
        raise ValidationError({"role": _(
            "The committee has a chair; end the current chair's role first.")})
    officer.save()
    if officer.role == OfficerRole.CHAIR:
        _sync_union_chair(union=committee.union, chair=officer, by=by)
    audit(by=by, action="officer.add", obj=officer, node=committee.union,
          data={"name": officer.name, "role": officer.role})
    return officer


@transaction.atomic
def officer_end(*, officer: Officer, on: datetime.date, by: AbstractBaseUser) -> Officer:
    """The role ends (resignation, leaving the employer); the row stays in the history."""
    union = officer.committee.union
    require_within(by, union)
    locked = Officer.objects.select_for_update().get(pk=officer.pk)
    if locked.end_on is not None:
        raise ValidationError(_("This role has already ended."))
    _check_date(on, "end_on")
    if on < locked.start_on:
        raise ValidationError({"end_on": _("The role cannot end before it started.")})
    locked.end_on = on
    locked.save(update_fields=["end_on"])
    audit(by=by, action="officer.end", obj=locked, node=union,
          data={"name": locked.name, "role": locked.role, "end_on": on.isoformat()})
    return locked
