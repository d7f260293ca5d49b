"""Build the annual report workbook (统计年报) of a node for a reporting year."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from openpyxl import Workbook

from organizations.models import Union
from organizations.scope import require_within
from reports.files.annual_report.sheets import (
    founded_sheet,
    subtitle_of,
    summary_sheet,
    types_sheet,
    unions_sheet,
)
from reports.files.annual_report.signature import signature_of
from reports.files.annual_report.survey import AnnualData, annual_data
from reports.files.monthly_report.data import generated_by_name
from reports.files.monthly_report.workbook import styled_workbook
from reports.files.periods import reporting_year_of, reporting_year_start


def _fill(wb: Workbook, data: AnnualData) -> None:
    subtitle = subtitle_of(data)
    summary_sheet(wb.active, data, subtitle)
    types_sheet(wb.create_sheet(_("By employer type")), data, subtitle)
    unions_sheet(wb.create_sheet(_("Grassroots unions")), data, subtitle)
    founded_sheet(wb.create_sheet(_("Unions founded")), data, subtitle)


def annual_workbook(data: AnnualData) -> Workbook:
    return styled_workbook(
        lambda wb: _fill(wb, data), title=data.node.name, author=data.generated_by
    )


def annual_write(
    *, node: Union, first: datetime.date, path: Path | str, user: AbstractBaseUser | None = None
) -> int:
    """Write the annual report of the reporting year starting `first` into `path`; returns the
    grassroots unions listed. Scope is the caller's (checked when the file was requested)."""
    data = annual_data(
        node=node,
        year=reporting_year_of(first),
        signature=signature_of(node, user),
        by=generated_by_name(user),
    )
    annual_workbook(data).save(path)
    return len(data.unions)


def annual_build(*, user: AbstractBaseUser, node: Union, year: int, path: Path | str) -> int:
    """The annual report of `node` for `user`, built at once: the scope is checked here."""
    require_within(user, node)
    return annual_write(node=node, first=reporting_year_start(year), path=path, user=user)
