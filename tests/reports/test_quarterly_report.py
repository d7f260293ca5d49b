"""The quarterly report (季度通报): its figures against a recount from the raw rows, at the
quarter's end, the previous quarter's end and the same quarter a year before."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from django.http import Http404

from counting.months import month_end
from organizations.models import Formation, Level
from reports.files.monthly_report.sheets import founded_columns
from reports.files.quarterly_report.workbook import quarterly_build
from reports.services import snapshots_write
from tests import factories as f
from tests.reports.period_support import (
    HEADER_ROW,
    members_at,
    members_joined,
    table,
    unions_at,
    unions_founded,
    zh,
)

Q2 = datetime.date(2025, 4, 1)
END, BEFORE, YEAR_AGO = (
    datetime.date(2025, 6, 30),
    datetime.date(2025, 3, 31),
    datetime.date(2024, 6, 30),
)
HOSTILE = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
def quarter_city(tree):
    """The cast's city with life around the second quarter of 2025."""
    new = f.node(
        tree.township_a,
        Level.GRASSROOTS,
        HOSTILE,
        formation=Formation.JOINT,
        founded_on=datetime.date(2025, 5, 10),
    )
    f.employer(tree.township_a, union=new, employees=40)
    f.member(new, joined_on=datetime.date(2025, 5, 20), resident_id=f.resident_id(female=True))
    f.member(new, joined_on=datetime.date(2025, 6, 30))  # the quarter's last day: new in it
    f.member(tree.union_a, joined_on=datetime.date(2025, 3, 10))  # before the quarter
    f.member(tree.union_b, joined_on=datetime.date(2025, 7, 1))  # after it
    f.node(tree.county_b, Level.GRASSROOTS, "去年同期工会", founded_on=datetime.date(2024, 6, 15))
    f.node(tree.county_b, Level.GRASSROOTS, "下季度工会", founded_on=datetime.date(2025, 7, 1))
    snapshots_write(first=datetime.date(2024, 6, 1), last=datetime.date(2025, 6, 1))
    return tree


def _build(user, node, tmp_path):
    path = tmp_path / "q.xlsx"
    quarterly_build(user=user, node=node, first=Q2, path=path)
    return openpyxl.load_workbook(path)


def _header(name: str, when: str) -> str:
    return zh(
        lambda: (
            {"now": "%s（本季末）", "before": "%s（上季末）", "ago": "%s（上年同期）"}[when] % name
        )
    )


def test_each_county_row_equals_a_recount_of_the_raw_rows(quarter_city, city_officer, tmp_path):
    rows = table(_build(city_officer, quarter_city.city, tmp_path).worksheets[0])
    by_name = {row["工会"]: row for row in rows}
    assert list(by_name) == ["甲区总工会", "乙区总工会", "合计"]
    for county in (quarter_city.county_a, quarter_city.county_b):
        row = by_name[county.name]
        assert row["县（市、区）"] == county.name
        for when, day in (("now", END), ("before", BEFORE), ("ago", YEAR_AGO)):
            assert row[_header("基层工会", when)] == unions_at(day, county), (county, when)
            assert row[_header("会员", when)] == members_at(day, county), (county, when)
        assert row["基层工会环比增减"] == unions_at(END, county) - unions_at(BEFORE, county)
        assert row["会员同比增减"] == members_at(END, county) - members_at(YEAR_AGO, county)
        assert row["本季新建工会"] == unions_founded(Q2, END, county)
        assert row["本季新增会员"] == members_joined(Q2, END, county)
    total = by_name["合计"]
    assert total[_header("会员", "now")] == members_at(END, quarter_city.city) == 5
    assert total[_header("会员", "ago")] == members_at(YEAR_AGO, quarter_city.city) == 2
    assert total["本季新建工会"] == 1 and total["本季新增会员"] == 2
    for header, value in total.items():
        if isinstance(value, int) and not header.endswith("率"):  # rates do not add up
            assert value == sum(
                by_name[c.name][header] for c in (quarter_city.county_a, quarter_city.county_b)
            ), header


def test_the_unions_founded_in_the_quarter_are_listed_with_their_county(
    quarter_city, city_officer, tmp_path
):
    ws = _build(city_officer, quarter_city.city, tmp_path).worksheets[1]
    rows = table(ws)
    assert [row["基层工会"] for row in rows] == [HOSTILE]
    assert rows[0]["县（市、区）"] == "甲区总工会" and rows[0]["本季新增会员"] == 2
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    assert headers == zh(lambda: [c.header for c in founded_columns("本季新增会员")])
    name = ws.cell(HEADER_ROW + 1, 2)
    assert name.value == HOSTILE and name.data_type == "s" and name.quotePrefix  # the guard


def test_a_quarter_with_no_new_union_says_so(quarter_city, editor_a, tmp_path):
    Q3 = datetime.date(2024, 7, 1)
    snapshots_write(first=datetime.date(2023, 9, 1), last=datetime.date(2023, 9, 1))
    snapshots_write(first=Q3, last=datetime.date(2024, 9, 1))
    path = tmp_path / "q3.xlsx"
    quarterly_build(user=editor_a, node=quarter_city.county_a, first=Q3, path=path)
    founded = openpyxl.load_workbook(path).worksheets[1]
    assert founded.cell(HEADER_ROW + 1, 1).value == "本期无新建工会"


def test_the_months_sheet_holds_the_three_month_ends(quarter_city, city_officer, tmp_path):
    rows = table(_build(city_officer, quarter_city.city, tmp_path).worksheets[2])
    months = [datetime.date(2025, m, 1) for m in (4, 5, 6)]
    assert [row["月份"].date() for row in rows] == months
    assert [row["会员"] for row in rows] == [
        members_at(month_end(m), quarter_city.city) for m in months
    ]


def test_every_sheet_reads_like_a_report(quarter_city, city_officer, tmp_path):
    wb = _build(city_officer, quarter_city.city, tmp_path)
    assert wb.sheetnames == ["季度汇总", "新建工会", "季内各月"]
    for ws in wb.worksheets:
        assert "2025年第2季度" in ws["A1"].value and quarter_city.city.name in ws["A1"].value
        assert "city_officer" in ws["A2"].value
        assert ws.print_title_rows == f"$1:${HEADER_ROW}"
    for ws in wb.worksheets[:2]:
        assert "县（市、区）" in [c.value for c in ws[HEADER_ROW]]


def test_an_outsider_gets_no_quarterly_report(quarter_city, editor_a, tmp_path):
    with pytest.raises(Http404):
        quarterly_build(
            user=editor_a, node=quarter_city.county_b, first=Q2, path=tmp_path / "q.xlsx"
        )
