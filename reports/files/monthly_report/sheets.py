"""The five sheets of the monthly report. Titles and headers are msgids rendered in the
language active while the workbook is built (the builder selects Chinese)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from counting.figures import Figures
from organizations.models import Formation, NoUnionReason
from reports.files.monthly_report.data import NodeRow, ReportData
from reports.files.monthly_report.joining import joining_sheet
from reports.files.monthly_report.member_events import member_events_sheet
from reports.files.monthly_report.styles import (
    Column,
    finish_sheet,
    write_list,
    write_table,
    write_title,
)


def _pct(value: float | None) -> float | None:
    """Figures give percentages (0-100); a cell formatted 0.0% holds the fraction."""
    return None if value is None else value / 100.0


def _fig(name: str):
    return lambda row: getattr(row.figures, name)


def _rate(name: str):
    return lambda row: _pct(getattr(row.figures, name))


def figure_columns() -> list[Column]:
    """The dashboard's columns, in its order, for the summary sheet."""
    c = Column
    return [
        c(_("Grassroots unions"), 10, "count", _fig("unions")),
        c(_("Independent"), 9, "count", _fig("unions_independent")),
        c(_("Joint"), 9, "count", _fig("unions_joint")),
        c(_("Employers"), 10, "count", _fig("employers")),
        c(_("Employers covered"), 10, "count", _fig("employers_covered")),
        c(_("Unionization rate"), 9, "rate", _rate("unionization_rate")),
        c(_("Employers with 100+ staff"), 10, "count", _fig("employers_100")),
        c(_("of which unionized"), 10, "count", _fig("employers_100_covered")),
        c(_("Unionization rate (100+ staff)"), 10, "rate", _rate("unionization_rate_100")),
        c(_("Employees"), 11, "count", _fig("employees")),
        c(_("Members"), 11, "count", _fig("members")),
        c(_("Membership rate"), 9, "rate", _rate("membership_rate")),
        c(_("Female members"), 10, "count", _fig("members_female")),
        c(_("Migrant-worker members"), 10, "count", _fig("members_migrant")),
        c(_("New-employment-form members"), 11, "count", _fig("members_new_form")),
        c(_("Eight-group members"), 10, "count", _fig("members_eight_group")),
        c(_("New unions in the month"), 10, "count", _fig("unions_new")),
        c(_("New members in the month"), 10, "count", _fig("members_new")),
    ]


def _node_label(row: NodeRow) -> str:
    if row.label:
        return row.label
    return _("%(node)s (own level)") % {"node": row.node.name} if row.is_own else row.node.name


def summary_sheet(ws: Worksheet, data: ReportData, subtitle: str) -> None:
    columns = [Column(_("Unit"), 34, "text", _node_label), *figure_columns()]
    ws.title = _("Summary")
    title = _("%(node)s: union organizations and members, %(period)s") % _title_args(data)
    header = write_title(ws, title, subtitle, len(columns))
    # The totals row is the node's own snapshot, not a SUM formula: the file carries the
    # exact figures even in readers that do not recalculate.
    total = NodeRow(data.node, data.totals, label=_("Total"))
    write_table(ws, header, columns, data.children, total=total)
    finish_sheet(ws, header, len(columns))
    if data.children:
        _bar_chart(
            ws, header, header + _charted(data.children), anchor_row=header + len(data.children) + 3
        )


CHART_MAX_BARS = 30


def _charted(children: list[NodeRow]) -> int:
    """How many leading rows the bar chart draws: the federations (listed first) when there
    are any, since fifty small grassroots bars read as noise; never more than a page holds."""
    federations = sum(1 for row in children if not row.node.is_grassroots and not row.is_own)
    return min(federations or len(children), CHART_MAX_BARS)


# 1-based columns of the summary and trend sheets that the charts draw.
MEMBERS_COL, MIGRANTS_COL = 12, 15


def _bar_chart(ws: Worksheet, header: int, last: int, anchor_row: int) -> None:
    """Members and migrant-worker members of each child, as clustered columns."""
    chart = BarChart()
    chart.type = "col"
    chart.title = _("Members by unit")
    _draw(chart, ws, header, last)
    ws.add_chart(chart, f"A{anchor_row}")


def _draw(chart, ws: Worksheet, header: int, last: int) -> None:
    chart.y_axis.title = _("persons")
    chart.y_axis.numFmt = "#,##0"
    for col in (MEMBERS_COL, MIGRANTS_COL):
        chart.add_data(
            Reference(ws, min_col=col, min_row=header, max_row=last), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    chart.height, chart.width = 11, 30
    chart.legend.position = "b"


def detail_columns() -> list[Column]:
    formations = {Formation.INDEPENDENT: _("Independent"), Formation.JOINT: _("Joint")}
    c = Column
    return [
        c(_("No."), 6, "center", lambda row: row.index),
        c(_("Grassroots union"), 32, "text", lambda row: row.node.name),
        county_column(),
        c(_("Higher union"), 24, "text", lambda row: row.parent_name),
        c(_("Formation"), 10, "center", lambda row: formations.get(row.node.formation, "")),
        c(_("Founding date"), 11, "date", lambda row: row.node.founded_on),
        c(_("Employers covered"), 9, "count", _fig("employers_covered")),
        c(_("Employees"), 10, "count", _fig("employees")),
        c(_("Members"), 10, "count", _fig("members")),
        c(_("Membership rate"), 9, "rate", _rate("membership_rate")),
        c(_("Female members"), 9, "count", _fig("members_female")),
        c(_("Migrant-worker members"), 10, "count", _fig("members_migrant")),
        c(_("New-employment-form members"), 11, "count", _fig("members_new_form")),
        c(_("Eight-group members"), 10, "count", _fig("members_eight_group")),
        c(_("New members in the month"), 10, "count", _fig("members_new")),
    ]


def county_column() -> Column:
    """The county (县/市/区) of a row: every list sheet carries it (reports.files.counties)."""
    return Column(_("County/district"), 14, "text", lambda row: row.county)


def numbered_list_sheet(
    ws: Worksheet, title: str, subtitle: str, columns: list[Column], rows: list, empty: str
) -> None:
    """A list with a No. column under its title, or the line saying the list is empty; the
    list sheets of the monthly, quarterly and annual reports."""
    header = write_title(ws, title, subtitle, len(columns))
    for index, row in enumerate(rows, 1):
        row.index = index  # the No. column
    write_list(ws, header, columns, rows, empty)
    finish_sheet(ws, header, len(columns))


def founded_columns(new_members: str) -> list[Column]:
    """The detail columns, with the new members of a longer period (quarter, year) last."""
    return [*detail_columns()[:-1],
            Column(new_members, 10, "count", lambda row: row.new_members)]


def unions_sheet(
    ws: Worksheet, data: ReportData, subtitle: str, rows: list[NodeRow], title: str,
    empty: str = "",
) -> None:
    numbered_list_sheet(ws, title % _title_args(data), subtitle, detail_columns(), rows,
                        empty or _("None in this period."))


def uncovered_sheet(ws: Worksheet, data: ReportData, subtitle: str) -> None:
    reasons = dict(NoUnionReason.choices)
    c = Column
    columns = [
        c(_("No."), 6, "center", lambda e: e.index),
        c(_("Employer"), 34, "text", lambda e: e.name),
        c(_("Unified social credit code"), 21, "text", lambda e: e.credit_code),
        county_column(),
        c(_("Located under"), 24, "text", lambda e: e.node.name),
        c(_("Industry"), 14, "text", lambda e: e.industry),
        c(_("Employees"), 10, "count", lambda e: e.employees),
        c(_("Reason for no union"), 16, "text", lambda e: str(reasons.get(e.no_union_reason, ""))),
        c(_("Reason details"), 36, "text", lambda e: e.no_union_note),
    ]
    title = _("%(node)s: employers with 100 or more staff and no union, %(period)s")
    header = write_title(ws, title % _title_args(data), subtitle, len(columns))
    for index, employer in enumerate(data.uncovered, 1):
        employer.index = index
    write_list(ws, header, columns, data.uncovered,
               _("No employer with 100 or more staff is without a union."))
    finish_sheet(ws, header, len(columns))


@dataclass
class _TrendRow:
    month: datetime.date
    figures: Figures


def trend_sheet(ws: Worksheet, data: ReportData, subtitle: str) -> None:
    columns = [Column(_("Month"), 10, "month", lambda row: row.month), *figure_columns()]
    title = _("%(node)s: 12-month trend to %(period)s") % _title_args(data)
    header = write_title(ws, title, subtitle, len(columns))
    last = write_table(ws, header, columns, [_TrendRow(m, f) for m, f in data.trend])
    finish_sheet(ws, header, len(columns))
    if data.trend:
        chart = LineChart()
        chart.title = _("Members over 12 months")
        _draw(chart, ws, header, last)
        ws.add_chart(chart, f"A{last + 3}")


def _title_args(data: ReportData) -> dict:
    return {"node": data.node.name, "period": date_format(data.month, "YEAR_MONTH_FORMAT")}


def add_sheets(wb: Workbook, data: ReportData, subtitle: str) -> None:
    summary_sheet(wb.active, data, subtitle)
    unions = wb.create_sheet(_("Grassroots unions"))
    unions_sheet(unions, data, subtitle, data.unions, _("%(node)s: grassroots unions, %(period)s"))
    uncovered_sheet(wb.create_sheet(_("Employers 100+ without union")), data, subtitle)
    founded = wb.create_sheet(_("Unions founded"))
    unions_sheet(founded, data, subtitle, data.founded, _("%(node)s: unions founded in %(period)s"),
                 empty=_("No union was founded this month."))
    trend_sheet(wb.create_sheet(_("12-month trend")), data, subtitle)
    member_events_sheet(wb.create_sheet(_("Membership changes")), data, subtitle)
    joining_sheet(wb.create_sheet(_("Online joining")), data, subtitle)
