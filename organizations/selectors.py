"""Reads of the tree and employers; every one starts from what the user may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from organizations.models import Employer, Level, Union
from organizations.scope import scope_of


def union_list(*, user: AbstractBaseUser, node: Union | None = None) -> QuerySet[Union]:
    qs = Union.objects.within(scope_of(user))
    return qs.within(node) if node is not None else qs


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
        qs = qs.filter(Q(name__icontains=search) | Q(credit_code__startswith=search.upper()))
    return qs


def employer_get(*, user: AbstractBaseUser, pk: int) -> Employer:
    return get_object_or_404(employer_list(user=user), pk=pk)


def employer_choices_for_union(
    *, user: AbstractBaseUser, union: Union | None = None
) -> QuerySet[Employer]:
    """Employers a union may cover: uncovered ones in scope, plus those it covers already."""
    coverable = Q(union__isnull=True)
    if union is not None and union.pk:
        coverable |= Q(union=union)
    return employer_list(user=user).filter(coverable)


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
