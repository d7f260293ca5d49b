"""The reports of a period longer than a month, as the generated-files service builds them:
which month-end snapshots each needs, and the function that writes its workbook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reports.files.annual_report.survey import months_needed as annual_months
from reports.files.annual_report.workbook import annual_write
from reports.files.models import FileKind
from reports.files.quarterly_report.data import months_needed as quarter_months
from reports.files.quarterly_report.workbook import quarterly_write


@dataclass(frozen=True)
class PeriodReport:
    months_needed: Callable  # (first month) -> the months whose snapshots it reads
    write: Callable  # (*, node, first, path, user) -> rows written


PERIOD_REPORTS = {
    FileKind.QUARTERLY: PeriodReport(quarter_months, quarterly_write),
    FileKind.ANNUAL: PeriodReport(annual_months, annual_write),
}
