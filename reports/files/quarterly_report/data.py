"""What a quarterly report (季度通报) shows, gathered from the month-end snapshots.

For each child of the node (and the node's own level, so that the rows add up to the totals):
the figures at the quarter's end, at the end of the previous quarter and at the end of the same
quarter a year before, and the unions and members new in the quarter. The rows are the children
as the tree stood at the quarter's end; a child's earlier figures are its own snapshot rows. As
for the monthly report, scope is the caller's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from counting.figures import Figures
from counting.months import previous_month
from organizations.models import Union
from reports.files.counties import counties_at
from reports.files.monthly_report.data import (
    NodeInfo,
    NodeRow,
    month_tree,
    summary_rows,
    with_counties,
)
from reports.files.period_figures import figures_at, flows_over, founded_rows, minus
from reports.files.periods import quarter_months


@dataclass
class QuarterRow:
    node: Union | NodeInfo
    now: Figures  # at the quarter's end
    before: Figures  # at the previous quarter's end
    year_ago: Figures  # at the end of the same quarter last year
    flows: Figures  # new unions and members in the quarter
    county: str = ""
    is_own: bool = False
    label: str = ""


@dataclass
class QuarterData:
    node: Union
    first: datetime.date  # the quarter's first month
    rows: list[QuarterRow]
    total: QuarterRow
    founded: list[NodeRow]
    months: list[tuple[datetime.date, Figures]]  # the node at each month end of the quarter
    generated_by: str
    generated_at: datetime.datetime = field(default_factory=timezone.localtime)

    @property
    def end(self) -> datetime.date:
        return quarter_months(self.first)[-1]


def compared_months(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last months of the previous quarter and of the same quarter a year before."""
    end = quarter_months(first)[-1]
    return previous_month(quarter_months(first)[0]), end.replace(year=end.year - 1)


def months_needed(first: datetime.date) -> list[datetime.date]:
    return [*quarter_months(first), *compared_months(first)]


def _rows(
    node: Union,
    children: list[NodeRow],
    months: list[datetime.date],
    before_month: datetime.date,
    year_ago_month: datetime.date,
) -> list[QuarterRow]:
    ids = [node.pk, *(row.node.pk for row in children if not row.is_own)]
    before, year_ago = figures_at(before_month, ids), figures_at(year_ago_month, ids)
    flows = flows_over(months, ids)
    zero = Figures()
    rows = []
    for row in children:
        if row.is_own:  # the node less its children, at each time, as the summary does
            others = [r.node.pk for r in children if not r.is_own]
            pick = [(before, "before"), (year_ago, "year_ago"), (flows, "flows")]
            own = {
                name: minus(src.get(node.pk, zero), [src.get(pk, zero) for pk in others])
                for src, name in pick
            }
            rows.append(QuarterRow(row.node, row.figures, county=row.county, is_own=True, **own))
            continue
        pk = row.node.pk
        rows.append(
            QuarterRow(
                row.node,
                row.figures,
                before.get(pk, zero),
                year_ago.get(pk, zero),
                flows.get(pk, zero),
                county=row.county,
            )
        )
    total = QuarterRow(
        node,
        Figures(),
        before.get(node.pk, zero),
        year_ago.get(node.pk, zero),
        flows.get(node.pk, zero),
        label="total",
    )
    return [*rows, total]


def quarter_data(*, node: Union, first: datetime.date, by: str = "") -> QuarterData:
    """Everything the quarterly workbook shows for `node` and the quarter starting `first`."""
    months = quarter_months(first)
    end = months[-1]
    tree, figures, depth = month_tree(node, end)
    counties = counties_at(end)
    children = with_counties(summary_rows(node, tree, figures, depth), counties)
    *rows, total = _rows(node, children, months, *compared_months(first))
    total.now = figures[node.pk]
    return QuarterData(
        node=node,
        first=months[0],
        rows=rows,
        total=total,
        founded=founded_rows(node, tree, figures, months, counties),
        months=[(month, figures_at(month, [node.pk]).get(node.pk, Figures())) for month in months],
        generated_by=by,
    )
