"""Writes of the work-list: assigning an employer, recording what was done, setting targets.

Each is keyword-only, one transaction, with an audit entry; scope is checked here too, since a
service may be called by more than the page.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.audit import audit
from organizations.concurrency import ConflictError
from organizations.models import Employer, Union
from organizations.scope import is_within, require_editor, require_within, staff_of
from reports.worklist.models import Target, Visit, VisitKind, WorkItem


def _item_locked(employer: Employer) -> WorkItem:
    # Lock the item: two editors may assign, or record a visit on, the same employer at once.
    item, _created = WorkItem.objects.get_or_create(employer=employer)
    return WorkItem.objects.select_for_update().get(pk=item.pk)


def _check_assignee(by: AbstractBaseUser, assignee: AbstractBaseUser | None) -> None:
    if assignee is None:
        return
    staff = staff_of(assignee)
    if staff is None or not assignee.is_active or not is_within(by, staff.node):
        raise ValidationError({"assignee": _("Assign the work to an account of your area.")})


@transaction.atomic
def workitem_assign(
    *, employer: Employer, by: AbstractBaseUser, assignee: AbstractBaseUser | None,
    due_on: datetime.date | None = None, notes: str = "", version: int | None = None,
) -> WorkItem:
    """Give an employer of the list to a staff member of the area, with a due date and notes."""
    require_editor(by)
    require_within(by, employer.node)
    _check_assignee(by, assignee)
    item = _item_locked(employer)
    if version is not None and item.assigned_at is not None and item.version != version:
        raise ConflictError()
    item.assignee, item.due_on, item.notes = assignee, due_on, notes[:500]
    item.assigned_by, item.assigned_at = by, timezone.now()
    item.version += 1
    item.save()
    audit(by=by, action="worklist.assign", obj=item, node=employer.node, data={
        "employer": employer.name,
        "assignee": assignee.get_username() if assignee else "",
        "due_on": due_on.isoformat() if due_on else "",
    })
    return item


@transaction.atomic
def visit_record(
    *, employer: Employer, by: AbstractBaseUser, kind: str, on: datetime.date, note: str = "",
) -> Visit:
    """An entry on the employer's item: 一函两书 sent, a meeting held, a visit, or other."""
    require_editor(by)
    require_within(by, employer.node)
    if kind not in VisitKind.values:
        raise ValidationError({"kind": _("Choose what was done.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    item = _item_locked(employer)
    visit = Visit.objects.create(item=item, kind=kind, on=on, note=note[:500], by=by)
    audit(by=by, action="worklist.visit", obj=visit, node=employer.node, data={
        "employer": employer.name, "kind": kind, "on": on.isoformat(),
    })
    return visit


@transaction.atomic
def targets_set(
    *, parent: Union, year: int, targets: dict[int, tuple[int, int]], by: AbstractBaseUser,
) -> list[Target]:
    """A federation's targets for `year`: {child id: (new unions, new members)}.

    Only the parent sets a child's target: every id must be a federation directly below
    `parent`, and `parent` must be in the user's subtree."""
    require_editor(by)
    require_within(by, parent)
    children = {c.pk: c for c in Union.objects.filter(
        pk__in=list(targets), depth=parent.depth + 1, path__startswith=parent.path)}
    saved = []
    for pk, (unions, members) in targets.items():
        child = children.get(pk)
        if child is None or child.is_grassroots:
            raise ValidationError(_("A target is set for a federation directly below."))
        if unions < 0 or members < 0:
            raise ValidationError(_("Targets cannot be negative."))
        target, _created = Target.objects.update_or_create(
            node=child, year=year,
            defaults={"new_unions": unions, "new_members": members, "set_by": by})
        saved.append(target)
    audit(by=by, action="target.set", obj=parent, node=parent, data={
        "year": year, "targets": {children[pk].name: list(v) for pk, v in targets.items()},
    })
    return saved
