"""What the annual report shows: the survey's indicators of each grassroots union (基层工会调查表),
summed level by level (基层以上工会调查表).

The reporting year Y runs 1 October Y-1 to 30 September Y (reports.files.periods). Stocks are
those of the snapshot of September Y: the unions built then, their members and the employees
of the employers they cover (a union in preparation holding members counts its members only).
Flows (new unions, new members) sum the year's twelve monthly snapshots. The survey counts
(union staff, congress delegates, worker directors and supervisors) and each union's employer
type are the registry's facts as they stand when the report is built: the registry keeps no
history of them. Each row is the sum of the grassroots unions under it, and the totals are the
sum of the rows; 职工之家 ratings of the year come from governance.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from counting.figures import Figures
from counting.rules import counted_employer_q
from governance.models import HomeLevel
from governance.selectors import home_rating_counts
from organizations.facts import UNION_SURVEY_FIELDS
from organizations.models import Employer, Level, Union
from reports.files.annual_report.employer_types import type_group_of
from reports.files.annual_report.signature import Signature
from reports.files.counties import Counties, counties_at
from reports.files.monthly_report.data import NodeInfo, NodeRow, grassroots_rows, month_tree
from reports.files.period_figures import founded_rows
from reports.files.periods import reporting_year_months
from reports.models import MonthlySnapshot

# The additive indicators of a row, in the summary sheet's order; "type:<group>" keys hold the
# unions by employer type.
INDICATORS = (
    "unions",
    "unions_independent",
    "unions_joint",
    "employers_covered",
    "employees",
    "members",
    "members_female",
    "joint_employers",
    "joint_members",
    *UNION_SURVEY_FIELDS,
    "unions_new",
    "members_new",
)


def months_needed(first: datetime.date) -> list[datetime.date]:
    """The twelve months of the reporting year that starts with `first`."""
    return reporting_year_months(first.year + 1)


@dataclass
class SurveyRow:
    node: Union | NodeInfo
    values: dict[str, int] = field(default_factory=dict)
    homes: dict[str, int] = field(default_factory=dict)  # 职工之家 by rating level
    county: str = ""
    label: str = ""  # the totals row
    # The grassroots list's own columns.
    parent_name: str = ""
    type_group: str = ""
    has_congress: bool = False
    index: int = 0

    def add(self, values: dict[str, int]) -> None:
        for key, value in values.items():
            self.values[key] = self.values.get(key, 0) + value


@dataclass
class AnnualData:
    node: Union
    year: int
    rows: list[SurveyRow]
    total: SurveyRow
    unions: list[SurveyRow]
    founded: list[NodeRow]
    signature: Signature
    generated_by: str
    generated_at: datetime.datetime = field(default_factory=timezone.localtime)


def _union_values(figures: Figures, flows: tuple[int, int], facts: dict, group: str) -> dict:
    built = figures.unions > 0
    joint = figures.unions_joint > 0
    values = {
        "unions": figures.unions,
        "unions_independent": figures.unions_independent,
        "unions_joint": figures.unions_joint,
        "employers_covered": figures.employers_covered,
        "employees": figures.employees if built else 0,
        "members": figures.members,
        "members_female": figures.members_female,
        "joint_employers": figures.employers_covered if joint else 0,
        "joint_members": figures.members if joint else 0,
        "unions_new": flows[0],
        "members_new": flows[1],
    }
    for name in UNION_SURVEY_FIELDS:
        values[name] = facts.get(name, 0) if built else 0
    if built:
        values[f"type:{group}"] = 1
    return values


def _facts(node: Union) -> dict[int, dict]:
    rows = (
        Union.objects.filter(path__startswith=node.path, level=Level.GRASSROOTS)
        .values("pk", "has_workers_congress", *UNION_SURVEY_FIELDS)
        .order_by()
    )
    return {row.pop("pk"): row for row in rows}


def _main_types(node: Union) -> dict[int, str]:
    """Each union's employer type: that of its largest covered employer (a joint union's too)."""
    rows = (
        Employer.objects.filter(counted_employer_q(), union__path__startswith=node.path)
        .order_by("union_id", "-employees", "pk")
        .values_list("union_id", "economic_type")
    )
    types: dict[int, str] = {}
    for union_id, economic_type in rows:
        types.setdefault(union_id, economic_type)
    return types


def _flows(node: Union, months: list[datetime.date]) -> dict[int, tuple[int, int]]:
    rows = (
        MonthlySnapshot.objects.filter(
            month__in=months, node__level=Level.GRASSROOTS, node__path__startswith=node.path
        )
        .values("node_id")
        .annotate(u=Sum("unions_new"), m=Sum("members_new"))
        .order_by()
    )
    return {row["node_id"]: (row["u"] or 0, row["m"] or 0) for row in rows}


def _grassroots(node, tree, figures, months, counties: Counties) -> list[SurveyRow]:
    """A survey row per grassroots union counted at the year's end or new in the year."""
    flows, facts, types = _flows(node, months), _facts(node), _main_types(node)
    listed = {row.node.pk: row for row in grassroots_rows(tree, figures)}
    rows = []
    for path, union in sorted(tree.items()):
        if union.level != Level.GRASSROOTS or (union.pk not in listed and union.pk not in flows):
            continue
        group = type_group_of(types.get(union.pk, ""))
        row = SurveyRow(
            union,
            county=counties.of(path),
            type_group=group,
            has_congress=facts.get(union.pk, {}).get("has_workers_congress", False),
            parent_name=listed[union.pk].parent_name if union.pk in listed else "",
        )
        row.add(
            _union_values(
                figures.get(union.pk, Figures()),
                flows.get(union.pk, (0, 0)),
                facts.get(union.pk, {}),
                group,
            )
        )
        rows.append(row)
    return rows


def _homes(node: Union | NodeInfo, year: int) -> dict[str, int]:
    return dict(home_rating_counts(node, year).by_level)


def _by_child(node, tree, depth, unions: list[SurveyRow], counties, year) -> list[SurveyRow]:
    """The node's children as rows (federations first), each the sum of its grassroots unions."""
    width = (depth + 1) * Union.steplen
    kids = sorted(
        (n for n in tree.values() if n.depth == depth + 1),
        key=lambda n: (n.level == Level.GRASSROOTS, n.path),
    )
    rows = {kid.path: SurveyRow(kid, county=counties.of(kid.path)) for kid in kids}
    for union in unions:
        rows[union.node.path[:width]].add(union.values)
    kept = [
        row
        for row in rows.values()
        if row.node.level != Level.GRASSROOTS or any(row.values.values())
    ]
    for row in kept:
        row.homes = _homes(row.node, year)
    return kept


def survey_rows(node: Union, year: int, end_tree=None, counties: Counties | None = None):
    """(rows per child, totals row, grassroots rows) of `node` for the reporting year."""
    months = reporting_year_months(year)
    tree, figures, depth = end_tree or month_tree(node, months[-1])
    counties = counties or counties_at(months[-1])
    unions = _grassroots(node, tree, figures, months, counties)
    rows = _by_child(node, tree, depth, unions, counties, year)
    total = SurveyRow(node, label="total", homes={level: 0 for level in HomeLevel.values})
    for row in rows:
        total.add(row.values)
        for level, n in row.homes.items():
            total.homes[level] = total.homes.get(level, 0) + n
    return rows, total, unions


def annual_data(*, node: Union, year: int, signature: Signature, by: str = "") -> AnnualData:
    """Everything the annual workbook shows for `node` and reporting year `year`; the caller
    has checked that whoever asked may see `node`."""
    months = reporting_year_months(year)
    end_tree = month_tree(node, months[-1])
    counties = counties_at(months[-1])
    rows, total, unions = survey_rows(node, year, end_tree, counties)
    tree, figures, _depth = end_tree
    return AnnualData(
        node=node,
        year=year,
        rows=rows,
        total=total,
        unions=unions,
        founded=founded_rows(node, tree, figures, months, counties),
        signature=signature,
        generated_by=by,
    )
