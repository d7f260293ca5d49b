"""Real office software reads the quarterly and annual reports: LibreOffice converts them to
CSV, the totals are the recounted figures and a formula-like union name stays text."""

from __future__ import annotations

import datetime

import pytest

from organizations.models import Level
from reports.files.annual_report.workbook import annual_build
from reports.files.quarterly_report.workbook import quarterly_build
from reports.services import snapshots_write
from tests import factories as f
from tests.reports.period_support import members_at
from tests.reports.test_excel_libreoffice import _convert, _number

HOSTILE = "=1+2"


@pytest.mark.libreoffice
def test_libreoffice_reads_the_quarterly_and_annual_reports(tree, city_officer, tmp_path):
    f.node(tree.county_b, Level.GRASSROOTS, HOSTILE, founded_on=datetime.date(2025, 8, 1))
    snapshots_write(first=datetime.date(2024, 9, 1), last=datetime.date(2025, 9, 1))
    quarterly, annual = tmp_path / "quarterly.xlsx", tmp_path / "annual.xlsx"
    quarterly_build(
        user=city_officer, node=tree.city, first=datetime.date(2025, 7, 1), path=quarterly
    )
    annual_build(user=city_officer, node=tree.city, year=2025, path=annual)

    sheets = _convert([quarterly, annual], tmp_path / "csv")

    members = members_at(datetime.date(2025, 9, 30), tree.city)
    summary = sheets["quarterly-季度汇总"]
    totals = next(row for row in summary if row and row[1] == "合计")
    assert _number(totals[7]) == members  # 会员（本季末）
    survey = sheets["annual-年报汇总"]
    totals = next(row for row in survey if row and row[1] == "合计")
    assert [_number(totals[i]) for i in (2, 8)] == [3, members]  # unions, members
    names = [row[1] for row in sheets["annual-基层工会"][3:]]
    assert HOSTILE in names  # stayed text: a formula would have come out as 3
