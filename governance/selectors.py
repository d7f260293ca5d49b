"""Reads of committees, stipends, ratings and sites; every one starts from what the user may see.

Outside the user's subtree an object answers 404 (through organizations.selectors), never 403:
whether a union, officer or site exists elsewhere is not the user's to know.

`home_rating_counts(node, year)` and the other `*_counts` functions below take a node that the
caller has already checked against the user's scope (as reports.selectors.rollup_by_child does):
the annual report (issue #14) uses them for its rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from governance.models import (
    ROLE_ORDER,
    ChairStipend,
    Committee,
    HomeLevel,
    HomeRating,
    Officer,
    ServiceSite,
    SiteImport,
    SiteKind,
)
from governance.officer_ids import officers_of_member
from governance.terms import days_overdue, due_from
from organizations.models import Union, UnionStatus
from organizations.scope import require_within, scope_of
from organizations.selectors import union_children, union_get, union_list


def node_get(*, user: AbstractBaseUser, pk: int) -> Union:
    return union_get(user=user, pk=pk)


def default_node(*, user: AbstractBaseUser) -> Union | None:
    return scope_of(user)


# Committees and officers ---------------------------------------------------------------------

def _sorted_officers(officers) -> list[Officer]:
    return sorted(officers, key=lambda o: (ROLE_ORDER.get(o.role, 99), o.start_on, o.pk))


def committee_history(*, user: AbstractBaseUser, union: Union) -> list[Committee]:
    """The union's committees, newest first, each with `officer_list` in role order."""
    require_within(user, union)
    committees = list(
        Committee.objects.filter(union=union)
        .select_related("election", "replaced_by")
        .prefetch_related(Prefetch("officers", queryset=Officer.objects.order_by("pk")))
    )
    for committee in committees:
        committee.officer_list = _sorted_officers(committee.officers.all())
    return committees


def committee_current(*, user: AbstractBaseUser, union: Union) -> Committee | None:
    require_within(user, union)
    return Committee.objects.current().filter(union=union).first()


def officer_get(*, user: AbstractBaseUser, pk: int) -> Officer:
    qs = Officer.objects.within(scope_of(user)).select_related("committee__union")
    return get_object_or_404(qs, pk=pk)


def officer_roles_of_member(*, user: AbstractBaseUser, member) -> list[Officer]:
    """The officer roles, current and past, of the person a member row belongs to, as far as
    the user's scope reaches (a role elsewhere is not shown, nor hinted at)."""
    qs = Officer.objects.within(scope_of(user)).select_related("committee__union")
    return list(officers_of_member(qs, member).order_by("-start_on", "pk"))


@dataclass
class DueRow:
    committee: Committee
    union: Union
    days_overdue: int  # negative while the term runs

    @property
    def days_left(self) -> int:
        return -self.days_overdue


def elections_due(*, user: AbstractBaseUser, node: Union,
                  today: datetime.date) -> list[DueRow]:
    """换届: the unions below `node` whose committee's term ends within the due window or has
    ended, most overdue first. Dissolved unions are left out."""
    require_within(user, node)
    committees = (
        Committee.objects.current().within(node).exclude(union=node)
        .exclude(union__status=UnionStatus.DISSOLVED)
        .filter(term_end__lte=due_from(today))
        .select_related("union").order_by("term_end", "union__path")
    )
    return [DueRow(c, c.union, days_overdue(c.term_end, today)) for c in committees]


def elections_due_count(node: Union, *, today: datetime.date) -> int:
    """How many rows elections_due would list (the dashboard's figure, without the list)."""
    return (Committee.objects.current().within(node).exclude(union=node)
            .exclude(union__status=UnionStatus.DISSOLVED)
            .filter(term_end__lte=due_from(today)).count())


@dataclass
class CommitteeShare:
    unions: int
    with_current: int

    @property
    def percent(self) -> float | None:
        return None if not self.unions else 100 * self.with_current / self.unions


def committee_share(node: Union, *, today: datetime.date) -> CommitteeShare:
    """Active grassroots unions under `node`, and how many have a committee whose term runs."""
    unions = Union.objects.within(node).grassroots().filter(status=UnionStatus.ACTIVE)
    current = (Committee.objects.current().within(node).filter(term_end__gt=today)
               .filter(union__level="grassroots", union__status=UnionStatus.ACTIVE))
    return CommitteeShare(unions=unions.count(), with_current=current.count())


def unions_without_committee(node: Union) -> int:
    return (Union.objects.within(node).exclude(pk=node.pk).filter(status=UnionStatus.ACTIVE)
            .exclude(pk__in=Committee.objects.current().values("union")).count())


# Grouping by child -------------------------------------------------------------------------

def _prefix(qs: QuerySet, node: Union, path_field: str) -> QuerySet:
    width = (node.depth + 1) * Union.steplen
    return qs.annotate(prefix=Substr(path_field, 1, width))


@dataclass
class ChildRow:
    node: Union | None  # None: the node's own row (what sits at its level itself)
    values: dict = field(default_factory=dict)


def _child_rows(*, user: AbstractBaseUser, node: Union, grouped: dict[str, dict]) -> list[ChildRow]:
    rows = [ChildRow(child, grouped.get(child.path, {}))
            for child in union_children(user=user, node=node)]
    if node.path in grouped:
        rows.insert(0, ChildRow(None, grouped[node.path]))
    return rows


# Stipends ---------------------------------------------------------------------------------

def stipend_list(*, user: AbstractBaseUser, node: Union, year: int) -> QuerySet[ChairStipend]:
    require_within(user, node)
    return (ChairStipend.objects.within(node).filter(paid_on__year=year)
            .select_related("officer", "union").order_by("union__path", "paid_on", "pk"))


def stipend_totals(node: Union, year: int) -> dict[str, dict]:
    """Sum and number of payments in `year`, by child of `node` (key: child path)."""
    rows = (_prefix(ChairStipend.objects.within(node).filter(paid_on__year=year), node,
                    "union__path")
            .values("prefix").annotate(total=Sum("amount"), payments=Count("pk"),
                                       chairs=Count("officer", distinct=True)).order_by())
    return {r["prefix"]: {"total": r["total"] or Decimal(0), "payments": r["payments"],
                          "chairs": r["chairs"]} for r in rows}


def stipend_table(*, user: AbstractBaseUser, node: Union, year: int) -> tuple[list[ChildRow], dict]:
    require_within(user, node)
    grouped = stipend_totals(node, year)
    total = {"total": sum((g["total"] for g in grouped.values()), Decimal(0)),
             "payments": sum(g["payments"] for g in grouped.values())}
    return _child_rows(user=user, node=node, grouped=grouped), total


# 职工之家 ratings ----------------------------------------------------------------------------

@dataclass
class RatingCounts:
    by_level: dict[str, int]
    by_body: dict[str, dict[str, int]]  # awarding body -> level -> count

    @property
    def total(self) -> int:
        return sum(self.by_level.values())


def home_rating_counts(node: Union, year: int) -> RatingCounts:
    """职工之家 ratings of `year` under `node`, by level and by awarding body and level.

    For the dashboard and the annual report; the caller has checked `node` against the scope.
    """
    rows = (HomeRating.objects.within(node).filter(year=year)
            .values("awarding_body", "level").annotate(n=Count("pk")).order_by())
    by_level = {level: 0 for level in HomeLevel.values}
    by_body: dict[str, dict[str, int]] = {}
    for row in rows:
        by_level[row["level"]] += row["n"]
        by_body.setdefault(row["awarding_body"], {})[row["level"]] = row["n"]
    return RatingCounts(by_level=by_level, by_body=by_body)


def home_rating_latest_year(node: Union) -> int | None:
    return (HomeRating.objects.within(node).order_by("-year")
            .values_list("year", flat=True).first())


def home_rating_table(*, user: AbstractBaseUser, node: Union, year: int) -> list[ChildRow]:
    require_within(user, node)
    rows = (_prefix(HomeRating.objects.within(node).filter(year=year), node, "union__path")
            .values("prefix", "level").annotate(n=Count("pk")).order_by())
    grouped: dict[str, dict] = {}
    for row in rows:
        grouped.setdefault(row["prefix"], {level: 0 for level in HomeLevel.values})
        grouped[row["prefix"]][row["level"]] = row["n"]
    return _child_rows(user=user, node=node, grouped=grouped)


def home_rating_list(*, user: AbstractBaseUser, node: Union, year: int) -> QuerySet[HomeRating]:
    require_within(user, node)
    return (HomeRating.objects.within(node).filter(year=year).select_related("union")
            .order_by("union__path", "kind", "awarding_body"))


def home_ratings_of(*, user: AbstractBaseUser, union: Union) -> QuerySet[HomeRating]:
    require_within(user, union)
    return HomeRating.objects.filter(union=union).order_by("-year", "kind", "awarding_body")


def home_rating_get(*, user: AbstractBaseUser, pk: int) -> HomeRating:
    return get_object_or_404(HomeRating.objects.within(scope_of(user)).select_related("union"),
                             pk=pk)


# Service sites ---------------------------------------------------------------------------

def site_counts(node: Union) -> dict[str, dict]:
    """Sites under `node` by child (key: child path): number, by type, and floor area."""
    rows = (_prefix(ServiceSite.objects.within(node), node, "node__path")
            .values("prefix", "kind").annotate(n=Count("pk"), area=Sum("area_m2")).order_by())
    grouped: dict[str, dict] = {}
    for row in rows:
        entry = grouped.setdefault(row["prefix"], {"total": 0, "area": Decimal(0),
                                                   **{k: 0 for k in SiteKind.values}})
        entry[row["kind"]] = row["n"]
        entry["total"] += row["n"]
        entry["area"] += row["area"] or Decimal(0)
    return grouped


def site_table(*, user: AbstractBaseUser, node: Union) -> tuple[list[ChildRow], dict]:
    require_within(user, node)
    grouped = site_counts(node)
    total = {"total": sum(g["total"] for g in grouped.values()),
             **{k: sum(g[k] for g in grouped.values()) for k in SiteKind.values}}
    return _child_rows(user=user, node=node, grouped=grouped), total


def site_list(*, user: AbstractBaseUser, node: Union, kind: str = "",
              search: str = "") -> QuerySet[ServiceSite]:
    require_within(user, node)
    qs = ServiceSite.objects.within(node).select_related("node")
    if kind in SiteKind.values:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(name__icontains=search) | qs.filter(address__icontains=search)
    return qs.order_by("node__path", "name", "pk")


def site_get(*, user: AbstractBaseUser, pk: int) -> ServiceSite:
    return get_object_or_404(ServiceSite.objects.within(scope_of(user)).select_related("node"),
                             pk=pk)


def site_import_get(*, user: AbstractBaseUser, pk: int) -> SiteImport:
    """An import is seen by whoever may see its node (like the roster imports)."""
    return get_object_or_404(SiteImport.objects.within(scope_of(user)).select_related("node"),
                             pk=pk)


def unions_in(*, user: AbstractBaseUser, node: Union, search: str) -> QuerySet[Union]:
    """Unions under `node` by name, to open one's committee page."""
    return union_list(user=user, node=node).filter(name__icontains=search).order_by("path")
