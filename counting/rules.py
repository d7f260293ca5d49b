"""Every counting rule of the registry, defined once (DESIGN.md §4).

What makes a member count as female, a migrant worker, a new-employment-form worker or one of
the eight key groups; which employers are "large"; which unions are built. The live counters
(`counting.live`), the recount (`counting.recount`), the month-end figures
(`counting.month_end`) and the benchmark's raw SQL all derive their test from the rules here:
as a Python predicate on a row, as an ORM filter, or as SQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone

from organizations.models import EmployerStatus, Level, UnionStatus

# 百人以上企业: the threshold of the unionization rate of larger employers.
LARGE_EMPLOYER = 100


@dataclass(frozen=True)
class MemberFlag:
    """A member counts in `figure` when `column` equals `value` (or, with value None, is not blank)."""

    figure: str
    column: str
    value: Any = None

    def holds(self, row: Mapping) -> bool:
        actual = row[self.column]
        return bool(actual) if self.value is None else actual == self.value

    def q(self) -> Q:
        if self.value is None:
            return ~Q(**{self.column: ""})
        return Q(**{self.column: self.value})

    def sql(self, alias: str) -> str:
        column = f"{alias}.{self.column}"
        if self.value is None:
            return f"{column} <> ''"
        if self.value is True:
            return column
        return f"{column} = '{self.value}'"


# The flagged member figures; "members" itself is every active membership.
MEMBER_FLAGS = (
    MemberFlag("members_female", "gender", "F"),
    MemberFlag("members_migrant", "is_migrant", True),
    MemberFlag("members_new_form", "new_form_category"),
    MemberFlag("members_eight_group", "eight_group"),
)
MEMBER_FIGURES = ("members",) + tuple(flag.figure for flag in MEMBER_FLAGS)
# The member columns the rules read (plus the month joined, for "new members").
MEMBER_COLUMNS = (
    "union_id", "status", "gender", "is_migrant", "new_form_category", "eight_group", "joined_on",
)


# 保留会籍: a kept membership counts here only, never among the members above.
KEPT_FIGURE = "members_kept"


def is_counted_member(status: str) -> bool:
    return status == "active"


def is_kept_member(status: str) -> bool:
    return status == "kept"


def counted_member_q() -> Q:
    return Q(status="active")


def member_kept_q() -> Q:
    return Q(status="kept")


def member_figures(row: Mapping) -> dict[str, int]:
    """What one counted membership adds to each member figure."""
    return {"members": 1, **{flag.figure: int(flag.holds(row)) for flag in MEMBER_FLAGS}}


def member_figures_q() -> dict[str, Q | None]:
    """The member figures as ORM filters (None: every counted membership)."""
    return {"members": None, **{flag.figure: flag.q() for flag in MEMBER_FLAGS}}


def member_figures_sql(alias: str = "m") -> list[str]:
    """The member figures as SQL aggregates, in MEMBER_FIGURES order (for raw-SQL checks)."""
    return ["count(*)"] + [f"count(*) FILTER (WHERE {f.sql(alias)})" for f in MEMBER_FLAGS]


EMPLOYER_FIGURES = ("employers", "employers_100", "employees", "migrant_employees")


def is_counted_employer(row: Mapping) -> bool:
    """An employer counts (in 建会率's denominator, staff, the 四清 list) while it operates here;
    closed (注销/吊销) or moved out, it counts nowhere. The services refuse a closing date in the
    future, so "now" needs no date."""
    return row["status"] == EmployerStatus.OPEN


def counted_employer_q() -> Q:
    return Q(status=EmployerStatus.OPEN)


def employer_counted_at(row: Mapping, day: datetime.date) -> bool:
    """Month ends: an employer closed or moved out after `day` still counted on `day`."""
    if is_counted_employer(row):
        return True
    return row["closed_on"] is not None and row["closed_on"] > day


def is_large_employer(employees: int | None) -> bool:
    return (employees or 0) >= LARGE_EMPLOYER


def large_employer_q() -> Q:
    return Q(employees__gte=LARGE_EMPLOYER)


def employer_figures(row: Mapping) -> dict[str, int]:
    """What one employer adds where it counts."""
    return {
        "employers": 1,
        "employers_100": int(is_large_employer(row["employees"])),
        "employees": row["employees"] or 0,
        "migrant_employees": row["migrant_employees"] or 0,
    }


def is_built(
    *, level: str, status: str, founded_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> bool:
    """A union counts as built while it is a founded grassroots union, from its founding date.

    `on` is the day asked about (the live counters and the recount pass today). A founded union
    with no founding date (registered before the dates were kept) counts.
    """
    if level != Level.GRASSROOTS or status != UnionStatus.ACTIVE:
        return False
    return on is None or founded_on is None or founded_on <= on


def built_at(union: Mapping, day: datetime.date) -> bool:
    """Month ends: was the union (a dict with level, status, founded_on, dissolved_on) built on
    `day`? Founded by then and not dissolved by then; a withdrawn preparation never was."""
    if union["level"] != Level.GRASSROOTS:
        return False
    founded = union["founded_on"]
    if founded is not None and founded > day:
        return False
    if union["status"] == UnionStatus.ACTIVE:
        return True
    dissolved = union["dissolved_on"]
    return union["status"] == UnionStatus.DISSOLVED and dissolved is not None and dissolved > day


# --- statistics as federations report them (issue 14) ---------------------------------------

# 覆盖职工 and the covered twins of the employer figures: an employer's figures count as
# covered while a built union covers it (the `built` flag of its union's counters row, or, on
# the employer table, `employer_covered_q`). Covered twin -> the employer figure it filters.
COVERED_FIGURES = {
    "employers_covered": "employers",
    "employers_100_covered": "employers_100",
    "employees_covered": "employees",
    "migrant_employees_covered": "migrant_employees",
}


def employer_covered_q(prefix: str = "") -> Q:
    """On the employer table: covered by a founded grassroots union (is_built, as of now)."""
    union = f"{prefix}union__"
    founded = Q(**{f"{union}founded_on__isnull": True}) | Q(
        **{f"{union}founded_on__lte": timezone.localdate()})
    return Q(**{f"{union}level": Level.GRASSROOTS, f"{union}status": UnionStatus.ACTIVE}) & founded


def is_covered_employer(row: Mapping, union: Mapping | None) -> bool:
    """The same test on a row: `union` is a dict of level, status, founded_on (or None)."""
    return union is not None and is_built(
        level=union["level"], status=union["status"], founded_on=union["founded_on"],
        on=timezone.localdate())


# The ownership groups federations report (国有, 集体, 民营, 外资, 机关事业, 社会组织, 个体),
# from the registration form's economic type; an employer without one falls back to its
# ownership type. Group -> (economic types, ownership types).
OWNERSHIP_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "state": (("110", "151", "161"), ("state",)),
    "collective": (("120", "130"), ()),
    "private": (("140", "159", "169", "170", "190"), ("private",)),
    "foreign": (("200", "300"), ("foreign",)),
    "public": (("400", "500"), ("institution", "government")),
    "social": (("700",), ("social",)),
    "individual": (("600",), ("individual",)),
}
OTHER_GROUP = "other"


def ownership_group(row: Mapping) -> str:
    """The group of an employer (a dict with economic_type and ownership)."""
    for group, (types, ownerships) in OWNERSHIP_GROUPS.items():
        if row["economic_type"] in types:
            return group
    for group, (_types, ownerships) in OWNERSHIP_GROUPS.items():
        if not row["economic_type"] and row["ownership"] in ownerships:
            return group
    return OTHER_GROUP


def ownership_group_case(prefix: str = ""):
    """The same grouping as an ORM expression (for GROUP BY on the employer table)."""
    by_type = [When(Q(**{f"{prefix}economic_type__in": types}), then=Value(group))
               for group, (types, _o) in OWNERSHIP_GROUPS.items()]
    by_ownership = [
        When(Q(**{f"{prefix}economic_type": "", f"{prefix}ownership__in": ownerships}),
             then=Value(group))
        for group, (_t, ownerships) in OWNERSHIP_GROUPS.items() if ownerships
    ]
    return Case(*by_type, *by_ownership, default=Value(OTHER_GROUP), output_field=CharField())
