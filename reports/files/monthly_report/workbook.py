"""Build the monthly report workbook for a node and month."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from organizations.models import Union
from organizations.scope import require_within
from reports.files.monthly_report.data import ReportData, generated_by_name, report_data
from reports.files.monthly_report.sheets import add_sheets
from reports.files.monthly_report.styles import register_styles

REPORT_LANGUAGE = "zh-hans"  # a report is sent upward in Chinese, whatever the UI language


def subtitle_of(data: ReportData) -> str:
    return _(
        "Period: %(period)s    Units: unions and employers in units, persons in persons    "
        "Generated: %(when)s    By: %(who)s"
    ) % {
        "period": date_format(data.month, "YEAR_MONTH_FORMAT"),
        "when": date_format(data.generated_at, "Y-m-d H:i"),
        "who": data.generated_by or _("scheduled build"),
    }


def styled_workbook(
    fill: Callable[[Workbook], None], *, title: str, author: str
) -> Workbook:
    """A workbook with the report styles, filled in the report language (every report)."""
    with translation.override(REPORT_LANGUAGE):
        wb = Workbook()
        register_styles(wb)
        fill(wb)
        wb.properties.title = title
        wb.properties.creator = author or "unionreg"
    return wb


def report_workbook(data: ReportData) -> Workbook:
    return styled_workbook(lambda wb: add_sheets(wb, data, subtitle_of(data)),
                           title=data.node.name, author=data.generated_by)


def report_write(
    *, node: Union, month: datetime.date, path: Path | str, by: str = ""
) -> ReportData:
    """Write the report of `node` for `month` into `path`; `by` is the author's name, empty
    for a scheduled build. Scope is the caller's: the generated-files service checked it when
    the file was requested."""
    data = report_data(node=node, month=month, by=by)
    report_workbook(data).save(path)
    return data


def report_build(
    *, user: AbstractBaseUser, node: Union, month: datetime.date, path: Path | str
) -> ReportData:
    """The report of `node` for `user`, built at once: check the scope once, name the author."""
    require_within(user, node)
    return report_write(node=node, month=month, path=path, by=generated_by_name(user))
