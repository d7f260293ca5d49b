"""Reads of the life cycle; every one starts from what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.facts import EMPLOYER_FACT_FIELDS, UNION_SURVEY_FIELDS
from organizations.models import ALLOWED_PARENTS, Employer, EmployerStatus, Union, UnionStatus
from organizations.selectors import union_list

TIMELINE_LENGTH = 50
UNION_SHOWN = (
    "name", "status", "formation", "path", "founded_on", "certificate_number", "approval_number",
    "approved_on", "returned_reason", "dissolved_on", "dissolution_reason", "chair_name",
    "chair_phone", "has_workers_congress", "has_open_management", "industry_federation",
    "credit_code", "area_code", *UNION_SURVEY_FIELDS,
)
EMPLOYER_SHOWN = (
    "name", "credit_code", "status", "closed_on", "closed_reason", "union", "node", "ownership",
    "industry", "employees", "migrant_employees", "no_union_reason", "no_union_note",
    *EMPLOYER_FACT_FIELDS,
)


def approvals_waiting(*, user: AbstractBaseUser, node: Union) -> QuerySet[Union]:
    """The preparations under `node` waiting for its (or a lower federation's) 批复."""
    return union_list(user=user, node=node).grassroots().filter(status=UnionStatus.PREPARING)


def preparations_in_progress(*, user: AbstractBaseUser, node: Union) -> QuerySet[Union]:
    """Sent back for changes, or approved and not yet founded."""
    return union_list(user=user, node=node).grassroots().filter(
        status__in=[UnionStatus.RETURNED, UnionStatus.APPROVED])


def closed_employers_of(*, union: Union) -> QuerySet[Employer]:
    """The employers of a union that closed or moved away (the union is told of them)."""
    return union.employers.exclude(status=EmployerStatus.OPEN).order_by("-closed_on", "name")


def federations_to_move_to(*, user: AbstractBaseUser, union: Union) -> QuerySet[Union]:
    """Where a union may move: federations in scope of a tier that may hold it, not below it."""
    return (union_list(user=user).filter(level__in=ALLOWED_PARENTS[union.level])
            .exclude(path__startswith=union.path).order_by("path"))


# The reasons the services give to rows they record explicitly ("move:<from>:<to>" …).
REASONS = {
    "move": gettext_lazy("Moved under another federation"),
    "cover": gettext_lazy("Covered by a union"),
    "release": gettext_lazy("Released by its union"),
    "merge": gettext_lazy("Merger"),
}


def reason_label(code: str) -> str:
    return str(REASONS.get(code.split(":", 1)[0], "")) if code else ""


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    at: datetime.datetime
    who: str
    created: bool
    reason: str
    changes: list[Change] = field(default_factory=list)


def _names(user: AbstractBaseUser, records: list, fk_fields: dict[str, type]) -> dict:
    """Names of the unions, employers… the records point at; outside the scope, none."""
    names: dict[tuple[type, object], str] = {}
    paths = {r.path[: -Union.steplen] for r in records if getattr(r, "path", None)}
    if paths:
        for path, name in union_list(user=user).filter(path__in=paths).values_list("path", "name"):
            names[("path", path)] = name
    for name, model in fk_fields.items():
        ids = {getattr(r, f"{name}_id") for r in records} - {None}
        qs = union_list(user=user) if model is Union else model.objects
        for pk, label in qs.filter(pk__in=ids).values_list("pk", "name"):
            names[(model, pk)] = label
    return names


def _shown(model_field: models.Field, record, names: dict) -> str:
    name = model_field.name
    if name == "path":
        return names.get(("path", record.path[: -Union.steplen]), _("(outside your area)"))
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return names.get((model_field.related_model, value), _("(outside your area)"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _timeline(user: AbstractBaseUser, model: type, obj: models.Model, shown: tuple) -> list[Entry]:
    records = list(obj.history.select_related("history_user")
                   .order_by("-history_date", "-history_id")[: TIMELINE_LENGTH + 1])
    fields = [model._meta.get_field(name) for name in shown]
    fk = {f.name: f.related_model for f in fields if f.is_relation}
    names = _names(user, records, fk)
    entries = []
    for newer, older in zip(records, [*records[1:], None]):
        if len(entries) == TIMELINE_LENGTH:
            break
        who = newer.history_user
        entry = Entry(at=newer.history_date, created=older is None and newer.history_type == "+",
                      who=(who.get_full_name() or who.get_username()) if who else _("system"),
                      reason=reason_label(newer.history_change_reason or ""))
        for f in fields:
            after = _shown(f, newer, names)
            before = _shown(f, older, names) if older is not None else "—"
            if older is None and after == "—" or older is not None and before == after:
                continue
            label = _("Parent union") if f.name == "path" else str(f.verbose_name)
            entry.changes.append(Change(label, before, after))
        if entry.changes or entry.reason:
            entries.append(entry)
    return entries


def union_timeline(*, user: AbstractBaseUser, union: Union) -> list[Entry]:
    """Who changed what of the union, and when, newest first (the caller fetched `union`
    through union_get: it is in scope)."""
    return _timeline(user, Union, union, UNION_SHOWN)


def employer_timeline(*, user: AbstractBaseUser, employer: Employer) -> list[Entry]:
    return _timeline(user, Employer, employer, EMPLOYER_SHOWN)
