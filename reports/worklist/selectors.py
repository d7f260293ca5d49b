"""Reads of the 四清 work-list; each starts from a node of the user's subtree (404 outside).

The list is computed from the employers: open, 100+ staff (or the chosen threshold), and no
founded union (none, one still preparing, or one dissolved). On PostgreSQL the partial index
`employer_worklist` (open employers with no union, by staff) carries it (see the migration).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from counting.months import month_start, next_month
from counting.rules import counted_employer_q
from organizations.models import (
    AuditEntry,
    Employer,
    EmployerStatus,
    Level,
    Union,
    UnionStatus,
)
from organizations.scope import require_within, scope_of
from reports.worklist.filters import UNRECORDED, WorklistFilters
from reports.worklist.models import Visit, WorkItem

FACT_FILTERS = ("industry_section", "ownership", "economic_type", "special_kind")


def uncovered_q() -> Q:
    """No founded union: none at all, one still being prepared, or one that ended.

    Written as "no union, or a union among the not-founded ones" rather than as "the union's
    status is not founded": the first arm is the partial index `employer_worklist`, the
    second the few employers of unions in preparation or dissolved (the union_id index), and
    PostgreSQL ORs the two bitmaps instead of joining every employer to its union."""
    # The ids, not a subquery: a list is an index condition (= ANY), a subquery a filter.
    not_founded = list(Union.objects.filter(level=Level.GRASSROOTS).exclude(
        status=UnionStatus.ACTIVE).values_list("pk", flat=True))
    return Q(union__isnull=True) | Q(union_id__in=not_founded)


def _filtered(qs: QuerySet[Employer], filters: WorklistFilters) -> QuerySet[Employer]:
    qs = qs.filter(counted_employer_q(), uncovered_q(), employees__gte=filters.min_staff)
    if filters.reason == UNRECORDED:
        qs = qs.filter(no_union_reason="")
    elif filters.reason:
        qs = qs.filter(no_union_reason=filters.reason)
    for name in FACT_FILTERS:
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.assignee_id is not None:
        qs = qs.filter(work_item__assignee_id=filters.assignee_id)
    return qs.order_by(*filters.ordering)


def worklist_of(node: Union, filters: WorklistFilters) -> QuerySet[Employer]:
    """The filtered list under `node`, for a file being built: its scope was checked when the
    file was requested (reports.files.services.file_request)."""
    qs = Employer.objects.within(node).select_related(
        "node", "union", "work_item", "work_item__assignee")
    return _filtered(qs, filters)


def worklist_filtered(
    *, user: AbstractBaseUser, node: Union, filters: WorklistFilters
) -> QuerySet[Employer]:
    require_within(user, node)
    return worklist_of(node, filters)


def area_names(employers) -> dict[int, tuple[str, str]]:
    """{employer id: (county, township)}: the names of the employer's ancestors at those
    levels, for a page or a chunk of rows, in one query over their paths' prefixes."""
    step = Union.steplen
    prefixes = {e.node.path[:n] for e in employers for n in range(step, len(e.node.path) + 1, step)}
    names = {
        path: (level, name) for path, level, name in Union.objects.filter(
            path__in=prefixes, level__in=(Level.COUNTY, Level.TOWNSHIP),
        ).values_list("path", "level", "name")
    }
    result = {}
    for employer in employers:
        path = employer.node.path
        found = {names[path[:n]][0]: names[path[:n]][1]
                 for n in range(step, len(path) + 1, step) if path[:n] in names}
        result[employer.pk] = (found.get(Level.COUNTY, ""), found.get(Level.TOWNSHIP, ""))
    return result


def assignable_staff(*, user: AbstractBaseUser) -> QuerySet:
    """Accounts a work item may be given to: active staff whose node is in the user's subtree."""
    scope = scope_of(user)
    if scope is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(
        is_active=True, staff__node__path__startswith=scope.path,
    ).order_by("username")


def work_item_of(*, user: AbstractBaseUser, employer: Employer) -> WorkItem | None:
    require_within(user, employer.node)
    return WorkItem.objects.select_related("assignee").filter(employer=employer).first()


def visits_of(*, user: AbstractBaseUser, employer: Employer) -> QuerySet[Visit]:
    require_within(user, employer.node)
    return Visit.objects.filter(item__employer=employer).select_related("by")


@dataclass
class ClosedRow:
    """An employer that left the list this month, how and by whom (对账销号)."""

    employer: Employer
    how: str  # "union" (a union was founded), or the employer's closing status
    on: datetime.date
    by: str


CLOSED_LIMIT = 500


def closed_this_month(
    *, user: AbstractBaseUser, node: Union, min_staff: int, today: datetime.date | None = None,
) -> list[ClosedRow]:
    """Employers of `min_staff`+ staff under `node` whose union was founded this month, or that
    closed or moved out this month; who recorded it, from the audit log. At most CLOSED_LIMIT."""
    require_within(user, node)
    start = month_start(today or timezone.localdate())
    base = Employer.objects.within(node).filter(employees__gte=min_staff).select_related(
        "node", "union")
    founded = base.filter(union__status=UnionStatus.ACTIVE, union__founded_on__gte=start,
                          union__founded_on__lt=next_month(start))[:CLOSED_LIMIT]
    closed = base.exclude(status=EmployerStatus.OPEN).filter(
        closed_on__gte=start, closed_on__lt=next_month(start))[:CLOSED_LIMIT]
    founded, closed = list(founded), list(closed)
    by_union = _recorders("organizations.union", ("union.found", "union.create"),
                          {e.union_id for e in founded})
    by_employer = _recorders("organizations.employer", ("employer.close",),
                             {e.pk for e in closed})
    rows = [ClosedRow(e, "union", e.union.founded_on, by_union.get(e.union_id, ""))
            for e in founded]
    rows += [ClosedRow(e, e.status, e.closed_on, by_employer.get(e.pk, "")) for e in closed]
    rows.sort(key=lambda r: (r.on, r.employer.name), reverse=True)
    return rows[:CLOSED_LIMIT]


def _recorders(object_type: str, actions: tuple[str, ...], ids: set[int]) -> dict[int, str]:
    """{object id: who wrote its latest entry of these actions}, in one query."""
    entries = AuditEntry.objects.filter(
        object_type=object_type, action__in=actions, object_id__in=[str(i) for i in ids],
    ).order_by("at", "pk").values_list("object_id", "username")
    return {int(object_id): username for object_id, username in entries}
