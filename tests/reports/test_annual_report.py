"""The annual report (统计年报): the survey's indicators against a recount from the raw rows,
the 1 October - 30 September window, each level summing the level below, the signature block,
the county column, the empty-list line, the formula guard and the scope."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from governance.models import Committee, HomeRating, Officer
from governance.selectors import home_rating_counts
from organizations.models import Formation, Level, Union
from reports.files.annual_report.workbook import annual_build
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

YEAR = 2025  # 2024-10-01 .. 2025-09-30
FIRST, LAST = datetime.date(2024, 10, 1), datetime.date(2025, 9, 30)
HOSTILE = '=HYPERLINK("http://evil.example","点我")'


def _survey(union: Union, **facts) -> None:
    Union.objects.filter(pk=union.pk).update(**facts)


@pytest.fixture
def year_city(tree):
    """The cast's city with unions and members on both sides of each end of the year."""
    t = tree
    f.node(t.township_a, Level.GRASSROOTS, "九月三十日工会", founded_on=datetime.date(2024, 9, 30))
    joint = f.node(
        t.township_a, Level.GRASSROOTS, HOSTILE, formation=Formation.JOINT, founded_on=FIRST
    )
    f.employer(t.township_a, union=joint, employees=80, economic_type="300")
    f.employer(t.township_a, union=joint, employees=20, economic_type="170")
    last = f.node(t.county_b, Level.GRASSROOTS, "年末成立工会", founded_on=LAST)
    f.node(t.county_b, Level.GRASSROOTS, "下一年度工会", founded_on=datetime.date(2025, 10, 1))
    f.member(joint, joined_on=datetime.date(2024, 9, 30))  # before the year
    f.member(joint, joined_on=FIRST, resident_id=f.resident_id(female=True))
    f.member(last, joined_on=LAST, resident_id=f.resident_id(female=True))
    f.member(t.union_b, joined_on=datetime.date(2025, 10, 1))  # after the year
    type(t.employer_a).objects.filter(pk=t.employer_a.pk).update(economic_type="170", employees=300)
    _survey(
        t.union_a,
        full_time_staff=2,
        part_time_staff=5,
        congress_delegates=40,
        worker_directors=1,
        worker_supervisors=1,
        has_workers_congress=True,
    )
    _survey(t.union_b, part_time_staff=3)
    _survey(joint, part_time_staff=2)
    for union, level in ((t.union_a, "advanced"), (t.union_b, "model")):
        HomeRating.objects.create(
            union=union,
            year=YEAR,
            level=level,
            awarding_body="city",
            document_number="锡工〔2025〕1号",
        )
    snapshots_write(first=FIRST, last=datetime.date(2025, 9, 1))
    return t


@pytest.fixture
def city_chair(year_city):
    committee = Committee.objects.create(
        union=year_city.city,
        term_years=5,
        term_start=datetime.date(2023, 1, 1),
        term_end=datetime.date(2028, 1, 1),
    )
    Officer.objects.create(
        committee=committee,
        role="chair",
        name="王主席",
        resident_id=f.resident_id(),
        start_on=datetime.date(2023, 1, 1),
    )
    Union.objects.filter(pk=year_city.city.pk).update(chair_name="旧主席名")
    year_city.city.refresh_from_db()
    return "王主席"


def _build(user, node, tmp_path, name="a.xlsx"):
    path = tmp_path / name
    annual_build(user=user, node=node, year=YEAR, path=path)
    return openpyxl.load_workbook(path)


def _rows(ws) -> dict[str, dict]:
    return {row["工会"]: row for row in table(ws)}


def test_each_row_equals_a_recount_of_the_raw_rows(year_city, city_officer, tmp_path):
    rows = _rows(_build(city_officer, year_city.city, tmp_path).worksheets[0])
    assert list(rows) == ["甲区总工会", "乙区总工会", "合计"]
    for county in (year_city.county_a, year_city.county_b):
        row = rows[county.name]
        assert row["县（市、区）"] == county.name
        assert row["基层工会"] == unions_at(LAST, county)
        assert row["其中：单独建会"] == unions_at(LAST, county, formation=Formation.INDEPENDENT)
        assert row["其中：联合建会"] == unions_at(LAST, county, formation=Formation.JOINT)
        assert row["会员"] == members_at(LAST, county)
        assert row["其中：女会员"] == members_at(LAST, county, gender="F")
        assert row["本年度新建工会"] == unions_founded(FIRST, LAST, county)
        assert row["本年度新增会员"] == members_joined(FIRST, LAST, county)
    a, b = rows["甲区总工会"], rows["乙区总工会"]
    # The window: founded 2024-09-30 is last year's, 2024-10-01 and 2025-09-30 this year's,
    # 2025-10-01 next year's (and not built at this year's end).
    assert (a["本年度新建工会"], b["本年度新建工会"]) == (1, 1)
    assert (a["基层工会"], b["基层工会"]) == (3, 2)
    assert (a["本年度新增会员"], b["本年度新增会员"]) == (1, 1)
    assert a["建会单位职工数"] == 300 + 80 + 20 and a["其中：女职工"] == "—"
    assert (a["联合基层工会覆盖单位数"], a["联合基层工会会员数"]) == (2, 2)
    assert (a["专职工会干部"], a["兼职工会干部"], b["兼职工会干部"]) == (2, 7, 3)
    assert (a["职工代表大会代表"], a["职工董事"], a["职工监事"]) == (40, 1, 1)
    assert (a["职工之家（先进）"], b["职工之家（模范）"]) == (1, 1)


def test_the_totals_sum_the_rows_and_a_county_report_its_city_row(
    year_city, city_officer, editor_a, tmp_path
):
    rows = _rows(_build(city_officer, year_city.city, tmp_path).worksheets[0])
    total = rows.pop("合计")
    for header, value in total.items():
        if isinstance(value, int):
            assert value == sum(row[header] for row in rows.values()), header
    assert total["会员"] == members_at(LAST, year_city.city)
    ratings = home_rating_counts(year_city.city, YEAR).by_level
    assert (total["职工之家（先进）"], total["职工之家（模范）"]) == (
        ratings["advanced"],
        ratings["model"],
    )

    county = _rows(_build(editor_a, year_city.county_a, tmp_path, "c.xlsx").worksheets[0])
    assert list(county) == ["甲街道总工会", "合计"]
    expected = {k: v for k, v in rows["甲区总工会"].items() if k not in ("工会", "县（市、区）")}
    assert {k: v for k, v in county["合计"].items() if k in expected} == expected


def test_unions_are_counted_by_the_type_of_their_largest_employer(
    year_city, city_officer, tmp_path
):
    rows = _rows(_build(city_officer, year_city.city, tmp_path).worksheets[1])
    a, total = rows["甲区总工会"], rows["合计"]
    assert a["私营企业"] == 1  # union_a's employer
    assert a["外商投资企业"] == 1  # the joint union: 80 staff at 300, 20 at 170
    assert a["未填单位类型"] == 1  # founded 2024-09-30, no employer
    assert total["基层工会"] == sum(
        v for k, v in total.items() if isinstance(v, int) and k != "基层工会"
    )


def test_the_sheet_says_the_year_and_carries_the_signature_block(
    year_city, city_officer, city_chair, tmp_path
):
    city_officer.first_name = "李明"
    city_officer.save()
    ws = _build(city_officer, year_city.city, tmp_path).worksheets[0]
    assert ws["A1"].value == "测试市总工会2025年度工会组织和会员统计年报"
    assert "统计年度：2024年10月1日至2025年9月30日" in ws["A2"].value
    cells = {
        c.value: ws.cell(c.row, c.column + 1).value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.endswith("：")
    }
    assert cells["单位负责人："] == city_chair  # governance's chair, not the node's old name
    assert cells["审核人："] is None
    assert cells["填表人："] == "李明"
    assert cells["报出日期："] == zh(lambda: date_format(timezone.localdate(), "DATE_FORMAT"))


def test_without_a_committee_the_head_is_the_chair_named_on_the_node(year_city, editor_a, tmp_path):
    Union.objects.filter(pk=year_city.county_a.pk).update(chair_name="赵主席")
    year_city.county_a.refresh_from_db()
    ws = _build(editor_a, year_city.county_a, tmp_path).worksheets[0]
    heads = [
        ws.cell(c.row, c.column + 1).value
        for row in ws.iter_rows()
        for c in row
        if c.value == "单位负责人："
    ]
    assert heads == ["赵主席"]


def test_every_list_sheet_has_a_county_column_and_names_are_guarded(
    year_city, city_officer, tmp_path
):
    wb = _build(city_officer, year_city.city, tmp_path)
    assert wb.sheetnames == ["年报汇总", "按单位类型", "基层工会", "新建工会"]
    for ws in wb.worksheets:
        assert "县（市、区）" in [c.value for c in ws[HEADER_ROW]], ws.title
    unions = table(wb["基层工会"])
    assert {row["基层工会"]: row["县（市、区）"] for row in unions}[HOSTILE] == "甲区总工会"
    founded = table(wb["新建工会"])
    assert sorted(row["基层工会"] for row in founded) == sorted([HOSTILE, "年末成立工会"])
    for ws in (wb["基层工会"], wb["新建工会"]):
        cell = next(c for row in ws.iter_rows() for c in row if c.value == HOSTILE)
        assert cell.data_type == "s" and cell.quotePrefix


def test_a_year_with_no_new_union_says_so(tree, editor_a, tmp_path):
    snapshots_write(first=datetime.date(2023, 10, 1), last=datetime.date(2024, 9, 1))
    path = tmp_path / "y.xlsx"
    annual_build(user=editor_a, node=tree.county_a, year=2024, path=path)
    founded = openpyxl.load_workbook(path)["新建工会"]
    assert founded.cell(HEADER_ROW + 1, 1).value == "本期无新建工会"


def test_an_outsider_gets_no_annual_report(year_city, editor_a, tmp_path):
    with pytest.raises(Http404):
        annual_build(user=editor_a, node=year_city.county_b, year=YEAR, path=tmp_path / "a.xlsx")
