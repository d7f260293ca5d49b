"""The monthly report counts the month's online applications per area (网上入会)."""

from __future__ import annotations

import openpyxl
from django.utils import translation

from members.joining import services as joining
from reports.files.monthly_report.workbook import report_build
from tests.members.joining.support import apply
from tests.reports.excel_support import busy_city, month  # noqa: F401

HEADER_ROW = 3


def _joining_sheet(path):
    with translation.override("zh-hans"):
        title = str(translation.gettext("Online joining"))
    return openpyxl.load_workbook(path)[title]


def test_the_report_counts_the_months_applications_per_area(busy_city, city_officer, month,
                                                             tmp_path):
    tree = busy_city
    approved = apply(tree.union_a)
    joining.application_approve(application=approved, by=city_officer)
    rejected = apply(tree.union_a)
    joining.application_reject(application=rejected, by=city_officer, reason="资料不全")
    apply(tree.union_b)  # waiting, in county B
    path = tmp_path / "report.xlsx"
    report_build(user=city_officer, node=tree.city, month=month, path=path)
    ws = _joining_sheet(path)
    rows = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 7)]
            for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    assert rows[tree.county_a.name] == [2, 1, 1, 0, 0]
    assert rows[tree.county_b.name] == [1, 0, 0, 0, 1]
    with translation.override("zh-hans"):
        total = str(translation.gettext("Total"))
    assert rows[total] == [3, 1, 1, 0, 1]


def test_a_county_report_counts_only_its_own_applications(busy_city, editor_a, month, tmp_path):
    apply(busy_city.union_b)
    path = tmp_path / "report.xlsx"
    report_build(user=editor_a, node=busy_city.county_a, month=month, path=path)
    ws = _joining_sheet(path)
    values = [ws.cell(r, c).value for r in range(HEADER_ROW + 1, ws.max_row + 1)
              for c in range(2, 7)]
    assert set(values) <= {0}
