"""Breakdowns of a node's figures by a category (issue 14), with drill-down to its children.

Each dimension is one GROUP BY (child, category) over indexed columns of the subtree:

* by the employer (ownership group, industry section, special kind): the employer table, each
  employer counted where the counters count it (at its union if it has one, else where it is
  located), so the totals equal the dashboard's;
* by the member (new-employment-form category, eight key groups): the flagged active members
  only (a partial index keeps that a small scan);
* kept memberships and industry federations: the per-union counters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counting.figures import rate
from counting.models import NodeCounts
from counting.rules import (
    OTHER_GROUP,
    counted_employer_q,
    counted_member_q,
    employer_covered_q,
    member_figures_q,
    ownership_group_case,
)
from members.models import EightGroup, Member, NewFormCategory
from organizations.classifications import IndustrySection, SpecialKind
from organizations.models import Employer, IndustryFederation, Union
from organizations.scope import require_within

OWNERSHIP_GROUP_LABELS = {
    "state": gettext_lazy("State-owned"),  # 国有
    "collective": gettext_lazy("Collective"),  # 集体
    "private": gettext_lazy("Privately owned"),
    "foreign": gettext_lazy("Foreign, Hong Kong, Macao and Taiwan"),  # 外资(含港澳台)
    "public": gettext_lazy("Institutions and government organs"),  # 机关事业单位
    "social": gettext_lazy("Social organisations"),  # 社会组织
    "individual": gettext_lazy("Individual businesses"),  # 个体
    OTHER_GROUP: gettext_lazy("Not given"),
}
NOT_GIVEN = ""


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    source: str  # "employers", "members", "kept" or "federations"
    labels: Callable[[], dict]
    category: Callable[[], object] | None = None  # ORM expression of the category


def _choices(choices) -> Callable[[], dict]:
    return lambda: {value: label for value, label in choices if value} | {NOT_GIVEN: _("Not given")}


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension(
            "ownership",
            gettext_lazy("By ownership"),
            "employers",
            lambda: dict(OWNERSHIP_GROUP_LABELS),
            ownership_group_case,
        ),
        Dimension(
            "industry",
            gettext_lazy("By industry section"),
            "employers",
            _choices(IndustrySection.choices),
            lambda: F("industry_section"),
        ),
        Dimension(
            "special",
            gettext_lazy("Buildings, districts, parks, platforms"),
            "employers",
            lambda: _choices(SpecialKind.choices)() | {NOT_GIVEN: _("None of these")},
            lambda: F("special_kind"),
        ),
        Dimension(
            "new_form",
            gettext_lazy("By new-employment-form category"),
            "members",
            _choices(NewFormCategory.choices),
            lambda: F("new_form_category"),
        ),
        Dimension(
            "eight_group",
            gettext_lazy("By the eight key groups"),
            "members",
            _choices(EightGroup.choices),
            lambda: F("eight_group"),
        ),
        Dimension(
            "kept", gettext_lazy("Kept memberships"), "kept", lambda: {"kept": _("Kept membership")}
        ),
        Dimension(
            "federation",
            gettext_lazy("By industry federation"),
            "federations",
            lambda: {None: _("In no industry federation")},
        ),
    )
}

# The figures of each source: (field, label), the first is the one charts and children show.
COLUMNS = {
    "employers": (
        ("employers", gettext_lazy("Employers")),
        ("employers_covered", gettext_lazy("With a union")),
        ("employees", gettext_lazy("Employees")),
        ("employees_covered", gettext_lazy("Employees covered")),
        ("migrant_employees", gettext_lazy("Migrant employees")),
    ),
    "members": (
        ("members", gettext_lazy("Members")),
        ("members_migrant", gettext_lazy("Migrant-worker members")),
        ("members_female", gettext_lazy("Female members")),
    ),
    "kept": (
        ("members_kept", gettext_lazy("Kept memberships")),
        ("members", gettext_lazy("Members")),
    ),
    "federations": (
        ("members", gettext_lazy("Members")),
        ("unions", gettext_lazy("Grassroots unions")),
        ("members_migrant", gettext_lazy("Migrant-worker members")),
    ),
}
# (name, label, definition, part, whole) of the rates each source shows per category.
RATES = {
    "employers": (
        (
            "unionization_rate",
            gettext_lazy("Unionization rate"),
            gettext_lazy("employers with a union ÷ employers"),
            "employers_covered",
            "employers",
        ),
        (
            "employee_coverage_rate",
            gettext_lazy("Employee coverage rate"),
            gettext_lazy("employees of employers that have a union ÷ employees of all employers"),
            "employees_covered",
            "employees",
        ),
    ),
    "kept": (
        (
            "kept_share",
            gettext_lazy("Kept share"),
            gettext_lazy("kept memberships ÷ (members + kept memberships)"),
            "members_kept",
            None,
        ),
    ),
}


def _employer_rows(node: Union, width: int, dimension: Dimension) -> QuerySet:
    # Where the counters count an employer: its union if it has one, else where it is located.
    where = Q(union__path__startswith=node.path) | Q(
        union__isnull=True, node__path__startswith=node.path
    )
    covered = employer_covered_q()
    return (
        Employer.objects.filter(counted_employer_q(), where)
        .annotate(
            key=Substr(Coalesce("union__path", "node__path"), 1, width), cat=dimension.category()
        )
        .values("key", "cat")
        .annotate(
            total_employers=Count("id"),
            total_employers_covered=Count("id", filter=covered),
            total_employees=Sum("employees"),
            total_employees_covered=Sum("employees", filter=covered),
            total_migrant_employees=Sum("migrant_employees"),
        )
        .order_by()
    )


def _member_rows(node: Union, width: int, dimension: Dimension) -> QuerySet:
    flags = member_figures_q()
    flag = flags["members_new_form" if dimension.key == "new_form" else "members_eight_group"]
    return (
        Member.objects.filter(counted_member_q(), flag, union__path__startswith=node.path)
        .annotate(key=Substr("union__path", 1, width), cat=dimension.category())
        .values("key", "cat")
        .annotate(
            total_members=Count("id"),
            total_members_migrant=Count("id", filter=flags["members_migrant"]),
            total_members_female=Count("id", filter=flags["members_female"]),
        )
        .order_by()
    )


def _kept_rows(node: Union, width: int, dimension: Dimension) -> QuerySet:
    return (
        NodeCounts.objects.filter(path__startswith=node.path)
        .annotate(key=Substr("path", 1, width))
        .values("key")
        .annotate(total_members_kept=Sum("members_kept"), total_members=Sum("members"))
        .order_by()
    )


def _federation_rows(node: Union, width: int, dimension: Dimension) -> QuerySet:
    return (
        NodeCounts.objects.filter(path__startswith=node.path, built=True)
        .annotate(key=Substr("path", 1, width), cat=F("node__industry_federation__name"))
        .values("key", "cat")
        .annotate(
            total_unions=Count("pk"),
            total_members=Sum("members"),
            total_members_migrant=Sum("members_migrant"),
        )
        .order_by()
    )


ROWS = {
    "employers": _employer_rows,
    "members": _member_rows,
    "kept": _kept_rows,
    "federations": _federation_rows,
}


@dataclass
class Category:
    value: object
    label: str
    figures: dict[str, int]
    rates: list[float | None] = field(default_factory=list)


@dataclass
class ChildRow:
    node: Union
    figures: dict[str, int]  # of the main figure, by category value
    total: int = 0


@dataclass
class Breakdown:
    node: Union
    dimension: Dimension
    columns: tuple
    rates: tuple
    categories: list[Category]
    total: Category
    children: list[ChildRow]
    shown: list[Category]  # the categories the children table has columns for
    has_federations: bool = True


def _rates(source: str, figures: dict) -> list[float | None]:
    result = []
    for _name, _label, _definition, part, whole in RATES.get(source, ()):
        denominator = (
            figures.get(whole, 0) if whole else figures.get(part, 0) + figures.get("members", 0)
        )
        result.append(rate(figures.get(part, 0), denominator))
    return result


def breakdown_get(
    *, user: AbstractBaseUser, node: Union, key: str, children_columns: int = 6
) -> Breakdown:
    """The figures of `node`'s subtree by the categories of dimension `key`, in total and per
    child (404 outside the user's subtree or for an unknown dimension)."""
    require_within(user, node)
    dimension = DIMENSIONS.get(key)
    if dimension is None:
        raise Http404
    columns = COLUMNS[dimension.source]
    main = columns[0][0]
    width = (node.depth + 1) * Union.steplen
    by_category: dict = defaultdict(lambda: defaultdict(int))
    by_child: dict = defaultdict(lambda: defaultdict(int))
    for row in ROWS[dimension.source](node, width, dimension):
        cat = row.get("cat", "kept")
        # Aggregates are aliased total_<figure>: an alias may not shadow the column it sums.
        for name, _label in columns:
            by_category[cat][name] += int(row.get(f"total_{name}") or 0)
        by_child[row["key"]][cat] += int(row.get(f"total_{main}") or 0)
    labels = dimension.labels()
    categories = [
        Category(cat, str(labels.get(cat, cat)), dict(figures), _rates(dimension.source, figures))
        for cat, figures in by_category.items()
    ]
    categories.sort(key=lambda c: -c.figures[main])
    total_figures = {name: sum(c.figures[name] for c in categories) for name, _l in columns}
    total = Category("", _("Total"), total_figures, _rates(dimension.source, total_figures))
    shown = categories[:children_columns]
    children = []
    if not node.is_grassroots:
        kids = Union.objects.filter(path__startswith=node.path, depth=node.depth + 1)
        children = [
            ChildRow(
                kid, dict(by_child.get(kid.path, {})), sum(by_child.get(kid.path, {}).values())
            )
            for kid in kids
        ]
        children.sort(key=lambda r: (-r.total, r.node.path))
    has_federations = dimension.source != "federations" or IndustryFederation.objects.exists()
    return Breakdown(
        node=node,
        dimension=dimension,
        columns=columns,
        rates=RATES.get(dimension.source, ()),
        categories=categories,
        total=total,
        children=children,
        shown=shown,
        has_federations=has_federations,
    )
