"""Reads of the tree and employers; every one starts from what the user may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Left, Length, Substr
from django.shortcuts import get_object_or_404

from organizations.models import ENDED_STATUSES, Employer, Level, Union
from organizations.scope import scope_of


def union_list(*, user: AbstractBaseUser, node: Union | None = None) -> QuerySet[Union]:
    qs = Union.objects.within(scope_of(user))
    return qs.within(node) if node is not None else qs


def union_list_with_parent(*, user: AbstractBaseUser) -> QuerySet[Union]:
    """The unions in scope, each with `parent_id` found by path in the same query (the API's
    list: get_parent() would cost one query per row)."""
    parent = Union.objects.filter(
        path=Left(OuterRef("path"), Length(OuterRef("path")) - Union.steplen)
    ).values("pk")[:1]
    return union_list(user=user).select_related("industry_federation").annotate(
        parent_id=Subquery(parent)
    )


def union_get(*, user: AbstractBaseUser, pk: int) -> Union:
    return get_object_or_404(union_list(user=user), pk=pk)


def union_children(*, user: AbstractBaseUser, node: Union) -> QuerySet[Union]:
    """Direct children of a node within the user's scope, federations first."""
    return (
        union_list(user=user)
        .filter(path__startswith=node.path, depth=node.depth + 1)
        .select_related("industry_federation")
        .order_by("level", "name")
    )


def union_children_with_counts(*, user: AbstractBaseUser, node: Union) -> list[Union]:
    """The child federations of `node`, each with `grassroots_count` and `employer_count`:
    how many grassroots unions and employers lie under it (two grouped queries in all)."""
    children = list(union_children(user=user, node=node).federations())
    unions_below = _counts_by_child(union_list(user=user, node=node).grassroots(), node, "path")
    employers_below = _counts_by_child(employer_list(user=user, node=node), node, "node__path")
    for child in children:
        child.grassroots_count = unions_below.get(child.path, 0)
        child.employer_count = employers_below.get(child.path, 0)
    return children


def _counts_by_child(qs: QuerySet, node: Union, path_field: str) -> dict[str, int]:
    """One grouped query: how many rows of `qs` sit under each child of `node`."""
    prefix_len = (node.depth + 1) * Union.steplen
    rows = (
        qs.annotate(prefix=Substr(path_field, 1, prefix_len))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["prefix"]: row["n"] for row in rows}


def grassroots_below(*, user: AbstractBaseUser, node: Union, search: str = "") -> QuerySet[Union]:
    """The grassroots unions under `node`, by name if searched, in tree order."""
    qs = union_list(user=user, node=node).grassroots()
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.order_by("path")


def union_search(*, user: AbstractBaseUser, term: str) -> QuerySet[Union]:
    """Grassroots unions by name, or by the start of their credit code, anywhere in the user's
    area: the tree page's finder. A union outside the area is never found, so the answer
    neither shows nor hints that it exists."""
    term = term.strip()[:100]
    if not term:
        return Union.objects.none()
    return (
        union_list(user=user).grassroots()
        .filter(Q(name__icontains=term) | Q(credit_code__startswith=term.upper()))
        .order_by("name", "pk")
    )


def unions_add_parent_names(*, user: AbstractBaseUser, unions: list[Union]) -> list[Union]:
    """Set `parent_name` on a page of unions, read in one query (get_parent() would be one each).

    A parent outside the user's scope is left unnamed.
    """
    paths = {u.path[: -Union.steplen] for u in unions}
    names = dict(union_list(user=user).filter(path__in=paths).values_list("path", "name"))
    for u in unions:
        u.parent_name = names.get(u.path[: -Union.steplen], "")
    return unions


def union_ancestors(*, user: AbstractBaseUser, node: Union) -> list[Union]:
    """The breadcrumb from the user's own node down to `node`."""
    scope = scope_of(user)
    if scope is None:
        return []
    return [n for n in [*Union.objects.get_ancestors(node), node] if n.depth >= scope.depth]


def federation_list(*, user: AbstractBaseUser) -> QuerySet[Union]:
    """Nodes a grassroots union or employer may be placed under."""
    return union_list(user=user).filter(
        level__in=[Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE, Level.CITY]
    ).order_by("path")


def employer_list(
    *, user: AbstractBaseUser, node: Union | None = None, search: str = ""
) -> QuerySet[Employer]:
    qs = Employer.objects.within(scope_of(user)).select_related("node", "union")
    if node is not None:
        qs = qs.within(node)
    if search:
        qs = qs.filter(_employer_search_filter(search))
    return qs


def _employer_search_filter(term: str) -> Q:
    """Name, or the start of the credit code."""
    return Q(name__icontains=term) | Q(credit_code__startswith=term.upper())


def employer_directory(
    *, user: AbstractBaseUser, search: str = "", uncovered_only: bool = False
) -> QuerySet[Employer]:
    """The employers page: searched, optionally only those no union covers; the pk breaks ties
    between equal names so that paging is stable."""
    qs = employer_list(user=user, search=search)
    if uncovered_only:
        qs = qs.uncovered()
    return qs.order_by("name", "pk")


def union_employers(*, user: AbstractBaseUser, union: Union) -> QuerySet[Employer]:
    """The employers a union covers, as far as the user may see them."""
    return employer_list(user=user).filter(union=union)


def employer_get(*, user: AbstractBaseUser, pk: int) -> Employer:
    return get_object_or_404(employer_list(user=user), pk=pk)


def employer_choices_for_union(
    *, user: AbstractBaseUser, union: Union | None = None
) -> QuerySet[Employer]:
    """Employers a union may cover: operating ones in scope that no union holds (none, or one
    dissolved), plus those it covers already."""
    coverable = Q(union__isnull=True) | Q(union__status__in=ENDED_STATUSES)
    if union is not None and union.pk:
        coverable |= Q(union=union)
    return employer_list(user=user).open().filter(coverable)


def employer_picker_choices(
    *, user: AbstractBaseUser, union: Union | None = None, search: str = "", limit: int = 20
) -> list[Employer]:
    """The picker's search: the first `limit` employers by name that the union may cover."""
    qs = employer_choices_for_union(user=user, union=union)
    if search:
        qs = qs.filter(_employer_search_filter(search))
    return list(qs.order_by("name")[:limit])


def unions_count_employers(unions: list[Union]) -> None:
    """Set `employer_count` on a page of unions in one query.

    Counting for the page only, not annotating the whole list before paging: at a city's
    size that annotation made the count and the page scan 14,000 unions and their employers.
    """
    counts = dict(
        Employer.objects.filter(union__in=[u.pk for u in unions])
        .values_list("union").annotate(n=Count("id")).values_list("union", "n")
    )
    for union in unions:
        union.employer_count = counts.get(union.pk, 0)
