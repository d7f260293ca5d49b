"""The member roster export: sheet split, ID masking by role, audit, formula guard, scope."""

from __future__ import annotations

import openpyxl
import pytest
from django.http import Http404
from django.utils import translation

from common.xlsx_guard import is_formula_like
from members.identity import birth_date_of, mask_resident_id
from organizations.models import AuditEntry
from reports.files.roster_export import TITLE_ROWS, roster_export, roster_headers
from tests import factories as f


def _zh_headers() -> list[str]:
    with translation.override("zh-hans"):
        return roster_headers()


def _data_rows(path) -> dict[str, list[tuple]]:
    """{sheet name: data rows without the title and header rows}."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(min_row=TITLE_ROWS + 1, values_only=True)) for ws in wb}


def test_it_splits_sheets_at_the_row_limit(tree, city_officer, tmp_path):
    for n in range(5):
        f.member(tree.union_a, name=f"会员{n:02d}")
    path = tmp_path / "roster.xlsx"

    result = roster_export(user=city_officer, node=tree.city, path=path, sheet_rows=3)

    sheets = _data_rows(path)
    assert result.rows == 7 and result.sheets == 3
    assert [len(rows) for rows in sheets.values()] == [3, 3, 1]
    wb = openpyxl.load_workbook(path)
    for ws in wb:  # every part carries the title and the headers, frozen under them
        assert ws.cell(TITLE_ROWS, 1).value == _zh_headers()[0]
        assert ws.freeze_panes == f"A{TITLE_ROWS + 1}"
    names = [row[0] for rows in sheets.values() for row in rows]
    assert len(set(names)) == 7


def test_it_fills_one_sheet_exactly_without_an_empty_one(tree, city_officer, tmp_path):
    f.member(tree.union_a)
    path = tmp_path / "roster.xlsx"
    result = roster_export(user=city_officer, node=tree.city, path=path, sheet_rows=3)
    assert result.sheets == 1
    assert [len(rows) for rows in _data_rows(path).values()] == [3]


def test_an_admin_gets_full_ids_and_an_audit_entry(tree, city_officer, tmp_path):
    path = tmp_path / "roster.xlsx"
    roster_export(user=city_officer, node=tree.county_a, path=path)

    (row,) = next(iter(_data_rows(path).values()))
    assert row[1] == tree.member_a.resident_id
    entry = AuditEntry.objects.get(action="roster_export_full_ids")
    assert entry.user == city_officer and entry.node == tree.county_a
    assert entry.data["rows"] == 1 and entry.data["file"] == "roster.xlsx"


def test_an_editor_gets_masked_ids_and_no_audit_entry(tree, editor_a, tmp_path):
    path = tmp_path / "roster.xlsx"
    roster_export(user=editor_a, node=tree.county_a, path=path)

    (row,) = next(iter(_data_rows(path).values()))
    assert row[1] == mask_resident_id(tree.member_a.resident_id)
    assert tree.member_a.resident_id not in path.read_bytes().decode("latin-1")
    assert not AuditEntry.objects.filter(action="roster_export_full_ids").exists()


def test_it_writes_the_member_facts(tree, editor_a, tmp_path):
    path = tmp_path / "roster.xlsx"
    roster_export(user=editor_a, node=tree.county_a, path=path)
    (row,) = next(iter(_data_rows(path).values()))
    assert row[0] == "张三" and row[4] == "13800001111"
    assert row[5] == "甲公司工会委员会" and row[6] == "甲街道总工会" and row[7] == "甲公司"
    assert row[8].date() == tree.member_a.joined_on


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"]


def test_formula_like_names_come_out_as_text(tree, city_officer, tmp_path):
    for name in FORMULAS:
        f.member(tree.union_a, name=name)
    employer = f.employer(tree.township_a, union=tree.union_a, name="=cmd|' /C calc'!A0")
    f.member(tree.union_a, name="正常", employer=employer)
    path = tmp_path / "roster.xlsx"
    roster_export(user=city_officer, node=tree.city, path=path)

    ws = openpyxl.load_workbook(path).active
    # The writer stores a carriage return as OOXML's _x000D_ escape, which Excel decodes.
    cells = [
        c
        for row in ws.iter_rows(min_row=TITLE_ROWS + 1)
        for c in row
        if is_formula_like(
            c.value.replace("_x000D_", "\r") if isinstance(c.value, str) else c.value
        )
    ]
    assert len(cells) == len(FORMULAS) + 1
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value


def test_an_outsider_cannot_export_another_county(tree, editor_a, tmp_path):
    with pytest.raises(Http404):
        roster_export(user=editor_a, node=tree.county_b, path=tmp_path / "roster.xlsx")
    assert not (tmp_path / "roster.xlsx").exists()


def test_an_empty_roster_still_has_its_headers(tree, editor_a, tmp_path):
    path = tmp_path / "roster.xlsx"
    result = roster_export(user=editor_a, node=tree.village_a, path=path)
    ws = openpyxl.load_workbook(path).active
    assert result.rows == 0 and ws.cell(TITLE_ROWS, 1).value == _zh_headers()[0]


def test_a_masked_roster_gives_nothing_that_completes_an_id(tree, editor_a, tmp_path):
    """Masked ID + full birth date = the full ID: a masked roster gives year and month only."""
    from tests.members.pii_support import member_born_on_a_distinct_day, rebuildable_from_values

    person = member_born_on_a_distinct_day(tree.union_a, name="周八")
    path = tmp_path / "roster.xlsx"
    roster_export(user=editor_a, node=tree.county_a, path=path)

    rows = [row for rows in _data_rows(path).values() for row in rows]
    (row,) = [row for row in rows if row[0] == "周八"]
    assert row[1] == person.masked_resident_id
    assert rebuildable_from_values(row, person) == []
    assert row[3] == f"{person.birth_date:%Y-%m}"
    ws = openpyxl.load_workbook(path).active
    assert ws.cell(TITLE_ROWS, 4).value == "出生年月"


def test_a_full_id_roster_keeps_the_birth_date(tree, city_officer, tmp_path):
    path = tmp_path / "roster.xlsx"
    roster_export(user=city_officer, node=tree.county_a, path=path)
    (row,) = next(iter(_data_rows(path).values()))
    assert row[1] == tree.member_a.resident_id
    # The full date, read from the decrypted ID (the row stores the birth month only).
    assert row[3].date() == birth_date_of(tree.member_a.resident_id)
    assert openpyxl.load_workbook(path).active.cell(TITLE_ROWS, 4).value == "出生日期"
