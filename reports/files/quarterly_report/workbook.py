"""The quarterly report workbook (季度通报): a summary per child with the quarter-on-quarter
and year-on-year changes, the unions founded in the quarter, and the quarter's three months.
Titles and headers are msgids rendered in Chinese, as the monthly report's are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from counting.figures import Figures
from organizations.models import Union
from organizations.scope import require_within
from reports.files.monthly_report.data import generated_by_name
from reports.files.monthly_report.sheets import (
    county_column,
    figure_columns,
    founded_columns,
    numbered_list_sheet,
)
from reports.files.monthly_report.styles import (
    Column,
    finish_sheet,
    write_table,
    write_title,
)
from reports.files.monthly_report.workbook import styled_workbook
from reports.files.periods import quarter_label
from reports.files.quarterly_report.data import (
    QuarterData,
    QuarterRow,
    compared_months,
    quarter_data,
)


def _pct(value: float | None) -> float | None:
    return None if value is None else value / 100.0


def _compared(header: str, figure: str) -> list[Column]:
    """A figure at the quarter's end, then, and the change, against the previous quarter and
    the same quarter last year."""

    def at(when: str):
        return lambda row: getattr(getattr(row, when), figure)

    def change(when: str):
        return lambda row: getattr(row.now, figure) - getattr(getattr(row, when), figure)

    c = Column
    return [
        c(_("%(figure)s at quarter end") % {"figure": header}, 11, "count", at("now")),
        c(_("%(figure)s at previous quarter end") % {"figure": header}, 11, "count", at("before")),
        c(
            _("%(figure)s: change on previous quarter") % {"figure": header},
            10,
            "change",
            change("before"),
        ),
        c(_("%(figure)s a year before") % {"figure": header}, 11, "count", at("year_ago")),
        c(
            _("%(figure)s: change on a year before") % {"figure": header},
            10,
            "change",
            change("year_ago"),
        ),
    ]


def _label(row: QuarterRow) -> str:
    if row.label:
        return _("Total")
    return _("%(node)s (own level)") % {"node": row.node.name} if row.is_own else row.node.name


def summary_columns() -> list[Column]:
    c = Column
    return [
        county_column(),
        c(_("Unit"), 30, "text", _label),
        *_compared(_("Grassroots unions"), "unions"),
        *_compared(_("Members"), "members"),
        c(_("New unions in the quarter"), 10, "count", lambda row: row.flows.unions_new),
        c(_("New members in the quarter"), 10, "count", lambda row: row.flows.members_new),
        c(_("Employers covered"), 10, "count", lambda row: row.now.employers_covered),
        c(_("Employees"), 10, "count", lambda row: row.now.employees),
        c(_("Unionization rate"), 9, "rate", lambda row: _pct(row.now.unionization_rate)),
        c(_("Membership rate"), 9, "rate", lambda row: _pct(row.now.membership_rate)),
        c(_("Migrant-worker members"), 10, "count", lambda row: row.now.members_migrant),
    ]


def subtitle_of(data: QuarterData) -> str:
    before, year_ago = compared_months(data.first)
    return _(
        "Period: %(period)s, to %(end)s; compared with %(before)s and %(year_ago)s    "
        "Generated: %(when)s    By: %(who)s"
    ) % {
        "period": quarter_label(data.first),
        "end": date_format(data.end, "YEAR_MONTH_FORMAT"),
        "before": date_format(before, "YEAR_MONTH_FORMAT"),
        "year_ago": date_format(year_ago, "YEAR_MONTH_FORMAT"),
        "when": date_format(data.generated_at, "Y-m-d H:i"),
        "who": data.generated_by or _("scheduled build"),
    }


def _args(data: QuarterData) -> dict:
    return {"node": data.node.name, "period": quarter_label(data.first)}


def summary_sheet(ws: Worksheet, data: QuarterData, subtitle: str) -> None:
    columns = summary_columns()
    ws.title = _("Quarter summary")
    title = _("%(node)s: union organizations and members, %(period)s") % _args(data)
    header = write_title(ws, title, subtitle, len(columns))
    write_table(ws, header, columns, data.rows, total=data.total)
    finish_sheet(ws, header, len(columns))


def founded_sheet(ws: Worksheet, data: QuarterData, subtitle: str) -> None:
    title = _("%(node)s: unions founded in %(period)s") % _args(data)
    columns = founded_columns(_("New members in the quarter"))
    numbered_list_sheet(
        ws, title, subtitle, columns, data.founded, _("No union was founded in this period.")
    )


@dataclass
class _MonthRow:
    month: datetime.date
    figures: Figures


def months_sheet(ws: Worksheet, data: QuarterData, subtitle: str) -> None:
    columns = [Column(_("Month"), 10, "month", lambda row: row.month), *figure_columns()]
    title = _("%(node)s: month by month, %(period)s") % _args(data)
    header = write_title(ws, title, subtitle, len(columns))
    write_table(ws, header, columns, [_MonthRow(m, f) for m, f in data.months])
    finish_sheet(ws, header, len(columns))


def _fill(wb: Workbook, data: QuarterData) -> None:
    subtitle = subtitle_of(data)
    summary_sheet(wb.active, data, subtitle)
    founded_sheet(wb.create_sheet(_("Unions founded")), data, subtitle)
    months_sheet(wb.create_sheet(_("Months of the quarter")), data, subtitle)


def quarterly_workbook(data: QuarterData) -> Workbook:
    return styled_workbook(
        lambda wb: _fill(wb, data), title=data.node.name, author=data.generated_by
    )


def quarterly_write(
    *, node: Union, first: datetime.date, path: Path | str, user: AbstractBaseUser | None = None
) -> int:
    """Write the quarterly report into `path`; returns the rows of its summary. Scope is the
    caller's (the generated-files service checked it on request)."""
    data = quarter_data(node=node, first=first, by=generated_by_name(user))
    quarterly_workbook(data).save(path)
    return len(data.rows)


def quarterly_build(
    *, user: AbstractBaseUser, node: Union, first: datetime.date, path: Path | str
) -> int:
    """The quarterly report of `node` for `user`, built at once: the scope is checked here."""
    require_within(user, node)
    return quarterly_write(node=node, first=first, path=path, user=user)
