"""The monthly report workbook: every figure equals the snapshot and the dashboard."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from django.http import Http404
from django.utils import translation

from counting.figures import Figures
from organizations.models import Level, NoUnionReason
from reports.files.monthly_report.data import SnapshotMissing
from reports.files.monthly_report.sheets import detail_columns, figure_columns
from reports.files.monthly_report.workbook import report_build
from reports.models import MonthlySnapshot
from reports.selectors import dashboard_get, trend_of
from reports.services import snapshots_write
from tests.reports.excel_support import busy_city, month  # noqa: F401

HEADER_ROW = 3  # under the title and the subtitle


def _zh(fn):
    with translation.override("zh-hans"):
        return fn()


def _table(ws, columns) -> list[dict]:
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    want = [c.header for c in columns]
    assert headers[-len(want) :] == want
    rows = []
    for values in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if values[0] is None:
            break  # the chart sits below the table
        rows.append(dict(zip(headers, values)))
    return rows


def _expected(figures: Figures, columns, item) -> dict:
    out = {}
    for column in columns:
        value = column.value(item)
        out[column.header] = "—" if column.kind == "rate" and value is None else value
    return out


def _same(actual: dict, expected: dict) -> None:
    for header, value in expected.items():
        if isinstance(value, float):
            assert actual[header] == pytest.approx(value), header
        else:
            assert actual[header] == value, header


class _Row:
    def __init__(self, figures: Figures, **extra):
        self.figures = figures
        self.__dict__.update(extra)


def test_every_summary_figure_equals_the_snapshot_and_the_dashboard(
    busy_city, city_officer, month, tmp_path
):
    path = tmp_path / "report.xlsx"
    report_build(user=city_officer, node=busy_city.city, month=month, path=path)
    dash = dashboard_get(user=city_officer, node=busy_city.city)

    columns = _zh(figure_columns)
    rows = _table(openpyxl.load_workbook(path).worksheets[0], columns)
    by_name = {row[next(iter(row))]: row for row in rows}
    assert len(rows) == len(dash.children) + 1  # the children and the totals row
    for child in dash.children:
        snapshot = MonthlySnapshot.objects.get(node=child.node, month=month).figures
        assert snapshot == child.figures  # snapshot and dashboard agree to begin with
        _same(by_name[child.node.name], _expected(snapshot, columns, _Row(snapshot)))
    totals = MonthlySnapshot.objects.get(node=busy_city.city, month=month).figures
    assert totals == dash.totals
    _same(rows[-1], _expected(totals, columns, _Row(totals)))
    assert totals.unions_new == 1 and totals.members_new == 4 and totals.unions == 3


def test_the_detail_lists_every_grassroots_union_with_its_snapshot(
    busy_city, city_officer, month, tmp_path
):
    path = tmp_path / "report.xlsx"
    report_build(user=city_officer, node=busy_city.city, month=month, path=path)
    wb = openpyxl.load_workbook(path)

    columns = _zh(detail_columns)
    rows = _table(wb.worksheets[1], columns)
    snapshots = MonthlySnapshot.objects.filter(month=month, node__level=Level.GRASSROOTS)
    assert len(rows) == snapshots.count() == 3
    names = {row[columns[1].header]: row for row in rows}
    for snap in snapshots.select_related("node"):
        expected = _expected(snap.figures, columns[6:], _Row(snap.figures))
        _same(names[snap.node.name], expected)
    county = columns[2].header
    assert {name: row[county] for name, row in names.items()} == {
        "甲公司工会委员会": "甲区总工会", "乙公司工会委员会": "乙区总工会",
        "=新成立联合工会": "乙区总工会"}
    assert (
        sum(row[columns[8].header] for row in rows)
        == dashboard_get(user=city_officer, node=busy_city.city).totals.members
    )


def test_the_other_sheets_list_the_worklist_new_unions_and_the_trend(
    busy_city, city_officer, month, tmp_path
):
    path = tmp_path / "report.xlsx"
    report_build(user=city_officer, node=busy_city.city, month=month, path=path)
    wb = openpyxl.load_workbook(path)
    uncovered, founded, trend = wb.worksheets[2], wb.worksheets[3], wb.worksheets[4]

    assert uncovered.cell(HEADER_ROW + 1, 2).value == "大厂未建会"
    assert uncovered.cell(HEADER_ROW + 1, 4).value == "甲区总工会"  # the county column
    assert uncovered.cell(HEADER_ROW + 1, 7).value == 300
    assert uncovered.cell(HEADER_ROW + 1, 8).value == _zh(
        lambda: str(NoUnionReason.EMPLOYER_UNWILLING.label)
    )
    name = founded.cell(HEADER_ROW + 1, 2)
    assert name.value == "=新成立联合工会" and name.data_type == "s" and name.quotePrefix
    assert founded.cell(HEADER_ROW + 2, 1).value is None

    columns = _zh(figure_columns)
    rows = _table(trend, [*columns])
    expected = trend_of(busy_city.city, today=month + datetime.timedelta(days=40))
    assert len(rows) == len(expected) == 2
    for row, (when, figures) in zip(rows, expected):
        assert row[trend.cell(HEADER_ROW, 1).value].date() == when
        _same(row, _expected(figures, columns, _Row(figures)))


def test_the_workbook_reads_like_a_report(busy_city, city_officer, month, tmp_path):
    path = tmp_path / "report.xlsx"
    report_build(user=city_officer, node=busy_city.city, month=month, path=path)
    wb = openpyxl.load_workbook(path)

    for ws in wb.worksheets:
        assert busy_city.city.name in ws["A1"].value
        assert "city_officer" in ws["A2"].value
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith(str(HEADER_ROW + 1))
        assert ws.print_title_rows == f"$1:${HEADER_ROW}"
        assert ws.page_setup.orientation == "landscape"
    assert len(wb.worksheets[0]._charts) == 1 and len(wb.worksheets[4]._charts) == 1
    assert wb.worksheets[0].cell(HEADER_ROW + 1, 12).number_format == "#,##0"


def test_a_county_report_covers_the_county_only(busy_city, editor_a, month, tmp_path):
    path = tmp_path / "report.xlsx"
    report_build(user=editor_a, node=busy_city.county_a, month=month, path=path)
    rows = _table(openpyxl.load_workbook(path).worksheets[1], _zh(detail_columns))
    assert [row[_zh(detail_columns)[1].header] for row in rows] == ["甲公司工会委员会"]


def test_an_outsider_gets_no_report(busy_city, editor_a, month, tmp_path):
    with pytest.raises(Http404):
        report_build(user=editor_a, node=busy_city.county_b, month=month, path=tmp_path / "r.xlsx")


def test_a_month_without_snapshot_is_refused(tree, city_officer, tmp_path):
    with pytest.raises(SnapshotMissing):
        report_build(
            user=city_officer,
            node=tree.city,
            month=datetime.date(2001, 1, 1),
            path=tmp_path / "r.xlsx",
        )


def test_a_month_rewritten_gives_the_same_report(busy_city, city_officer, month, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    report_build(user=city_officer, node=busy_city.city, month=month, path=first)
    snapshots_write(first=month, last=month)
    report_build(user=city_officer, node=busy_city.city, month=month, path=second)
    a, b = (openpyxl.load_workbook(p).worksheets[0] for p in (first, second))
    assert list(a.iter_rows(min_row=HEADER_ROW, values_only=True)) == list(
        b.iter_rows(min_row=HEADER_ROW, values_only=True)
    )
