"""The downloadable sheet of rows with errors: text stays text, and it is fit to work in."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from tests import factories as f
from tests.members.import_support import HEADERS, check, import_media, row

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]

HYPERLINK = '=HYPERLINK("http://evil.example/","点击查看")'


def _roster() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(row(HYPERLINK, 320000000000000000.0))  # an ID Excel stored as a number
    sheet.append(row("+cmd|' /C calc'!A0", f.resident_id(), joined="明天"))
    sheet.append(row("好人", f.resident_id()))
    for cell in (sheet["A2"], sheet["A3"]):
        cell.data_type = "s"  # typed as text in the uploaded file, not formulas
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def error_sheet(tree, editor_a, client_for):
    batch = check(tree.union_a, editor_a, _roster())
    assert batch.count_error == 2 and batch.count_new == 1
    response = client_for(editor_a).get(f"/imports/{batch.pk}/errors.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_no_cell_of_the_error_sheet_is_a_formula(error_sheet):
    for line in error_sheet.iter_rows():
        for cell in line:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.quotePrefix, cell.coordinate
    values = [c.value for line in error_sheet.iter_rows() for c in line]
    assert HYPERLINK in values


def test_the_reason_comes_first_and_the_id_is_text(error_sheet):
    header = [c.value for c in error_sheet[1]]
    assert header[:2] == ["错误原因", "原文件行号"]
    assert header[2:2 + len(HEADERS)] == HEADERS
    id_cell = error_sheet.cell(row=2, column=2 + HEADERS.index("身份证号") + 1)
    assert id_cell.data_type == "s" and id_cell.value == "320000000000000000"
    assert id_cell.number_format == "@"
    assert "身份证号" in error_sheet.cell(row=2, column=1).value
    assert error_sheet.cell(row=2, column=2).value == 2


def test_the_error_sheet_is_styled_and_marks_the_bad_cells(error_sheet):
    assert all(c.font.b for c in error_sheet[1])
    assert error_sheet.freeze_panes == "C2"
    assert error_sheet.column_dimensions["A"].width >= 40
    id_column = 2 + HEADERS.index("身份证号") + 1
    date_column = 2 + HEADERS.index("入会日期") + 1
    bad = error_sheet.cell(row=2, column=id_column).fill.fgColor.rgb
    good = error_sheet.cell(row=2, column=date_column).fill.fgColor.rgb
    assert bad != good
    assert error_sheet.cell(row=3, column=date_column).fill.fgColor.rgb == bad
