"""The sheets of the annual report: the survey per child with totals and the signature block,
unions by employer type, every grassroots union, and the unions founded in the year."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from common.xlsx_guard import guard_cell
from governance.models import HomeLevel
from organizations.facts import UNION_SURVEY_FIELDS
from organizations.models import Formation
from reports.files.annual_report.employer_types import GROUPS, group_label
from reports.files.annual_report.survey import AnnualData, SurveyRow
from reports.files.monthly_report.sheets import (
    county_column,
    founded_columns,
    numbered_list_sheet,
)
from reports.files.monthly_report.styles import (
    BODY_FONT,
    Column,
    finish_sheet,
    write_note,
    write_table,
    write_title,
)
from reports.files.periods import reporting_year_label, reporting_year_span

NOT_RECORDED_MARK = "—"


def _v(key: str):
    return lambda row: row.values.get(key, 0)


def _unit(row: SurveyRow) -> str:
    return _("Total") if row.label else row.node.name


def _staff_labels() -> dict[str, str]:
    return {
        "full_time_staff": _("Full-time union staff"),
        "part_time_staff": _("Part-time union staff"),
        "congress_delegates": _("Workers' congress delegates"),
        "worker_directors": _("Worker directors"),
        "worker_supervisors": _("Worker supervisors"),
    }


def summary_columns() -> list[Column]:
    c = Column
    staff = _staff_labels()
    homes = {
        level: _("Workers' homes: %(level)s") % {"level": label}
        for level, label in HomeLevel.choices
    }
    return [
        county_column(),
        c(_("Unit"), 28, "text", _unit),
        c(_("Grassroots unions"), 10, "count", _v("unions")),
        c(_("Of which independent"), 10, "count", _v("unions_independent")),
        c(_("Of which joint"), 10, "count", _v("unions_joint")),
        c(_("Employers covered"), 10, "count", _v("employers_covered")),
        c(_("Employees of unionized employers"), 11, "count", _v("employees")),
        c(_("Of which women"), 9, "center", lambda row: NOT_RECORDED_MARK),
        c(_("Members"), 10, "count", _v("members")),
        c(_("Of which women members"), 10, "count", _v("members_female")),
        c(_("Employers covered by joint unions"), 11, "count", _v("joint_employers")),
        c(_("Members of joint unions"), 11, "count", _v("joint_members")),
        *(c(staff[name], 10, "count", _v(name)) for name in UNION_SURVEY_FIELDS),
        c(_("New unions in the year"), 10, "count", _v("unions_new")),
        c(_("New members in the year"), 10, "count", _v("members_new")),
        *(
            c(homes[level], 10, "count", lambda row, level=level: row.homes.get(level, 0))
            for level in HomeLevel.values
        ),
    ]


def _args(data: AnnualData) -> dict:
    return {"node": data.node.name, "period": reporting_year_label(data.year)}


def subtitle_of(data: AnnualData) -> str:
    return _(
        "Reporting year: %(span)s    Units: unions and employers in units, persons in persons"
        "    Generated: %(when)s    By: %(who)s"
    ) % {
        "span": reporting_year_span(data.year),
        "when": date_format(data.generated_at, "Y-m-d H:i"),
        "who": data.generated_by or _("scheduled build"),
    }


def summary_sheet(ws: Worksheet, data: AnnualData, subtitle: str) -> None:
    columns = summary_columns()
    ws.title = _("Annual survey")
    title = _("%(node)s: annual statistics of unions, %(period)s") % _args(data)
    header = write_title(ws, title, subtitle, len(columns))
    last = write_table(ws, header, columns, data.rows, total=data.total)
    write_note(
        ws,
        last + 1,
        _(
            "Each row sums the grassroots unions below it; the totals sum the rows. The registry "
            "does not record women among an employer's staff: fill that column from the "
            "employers' returns. Union staff, delegates, directors, supervisors and employer types "
            "are as recorded when the report was built."
        ),
        len(columns),
    )
    signature_block(ws, last + 3, data)
    finish_sheet(ws, header, len(columns))


def signature_block(ws: Worksheet, row: int, data: AnnualData) -> None:
    """单位负责人 / 审核人 / 填表人 / 报出日期, label and value side by side, under the table."""
    sig = data.signature
    pairs = [
        (_("Head of the unit"), sig.head),
        (_("Reviewed by"), sig.reviewer),
        (_("Filled in by"), sig.filled_by),
        (_("Date reported"), date_format(sig.reported_on, "DATE_FORMAT")),
    ]
    for n, (label, value) in enumerate(pairs):
        col = 2 + 4 * n
        ws.cell(row, col, f"{label}：").font = Font(name=BODY_FONT, size=11, bold=True)
        cell = guard_cell(ws.cell(row, col + 1, value))  # a chair's name is typed by people
        cell.font = Font(name=BODY_FONT, size=11, underline="single")


def types_sheet(ws: Worksheet, data: AnnualData, subtitle: str) -> None:
    columns = [county_column(), Column(_("Unit"), 28, "text", _unit)]
    columns += [Column(group_label(key), 10, "count", _v(f"type:{key}")) for key, _codes in GROUPS]
    columns.append(Column(_("Grassroots unions"), 10, "count", _v("unions")))
    title = _("%(node)s: grassroots unions by employer type, %(period)s") % _args(data)
    header = write_title(ws, title, subtitle, len(columns))
    last = write_table(ws, header, columns, data.rows, total=data.total)
    write_note(
        ws,
        last + 1,
        _("A union is counted under the type of the largest employer it covers."),
        len(columns),
    )
    finish_sheet(ws, header, len(columns))


def unions_columns() -> list[Column]:
    formations = {Formation.INDEPENDENT: _("Independent"), Formation.JOINT: _("Joint")}
    staff = _staff_labels()
    c = Column
    return [
        c(_("No."), 6, "center", lambda row: row.index),
        c(_("Grassroots union"), 32, "text", lambda row: row.node.name),
        county_column(),
        c(_("Higher union"), 24, "text", lambda row: row.parent_name),
        c(_("Formation"), 10, "center", lambda row: formations.get(row.node.formation, "")),
        c(_("Employer type"), 16, "text", lambda row: group_label(row.type_group)),
        c(_("Founding date"), 11, "date", lambda row: row.node.founded_on),
        c(_("Employers covered"), 9, "count", _v("employers_covered")),
        c(_("Employees"), 10, "count", _v("employees")),
        c(_("Members"), 10, "count", _v("members")),
        c(_("Female members"), 9, "count", _v("members_female")),
        c(
            _("Workers' congress"),
            8,
            "center",
            lambda row: _("Yes") if row.has_congress else _("No"),
        ),
        *(c(staff[name], 10, "count", _v(name)) for name in UNION_SURVEY_FIELDS),
        c(_("New members in the year"), 10, "count", _v("members_new")),
    ]


def unions_sheet(ws: Worksheet, data: AnnualData, subtitle: str) -> None:
    title = _("%(node)s: grassroots unions, %(period)s") % _args(data)
    numbered_list_sheet(
        ws, title, subtitle, unions_columns(), data.unions, _("No grassroots union in this period.")
    )


def founded_sheet(ws: Worksheet, data: AnnualData, subtitle: str) -> None:
    title = _("%(node)s: unions founded in %(period)s") % _args(data)
    columns = founded_columns(_("New members in the year"))
    numbered_list_sheet(
        ws, title, subtitle, columns, data.founded, _("No union was founded in this period.")
    )
