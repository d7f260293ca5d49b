"""The roster template and the error sheet: what the roster's are (the writing is shared,
common.sheets.workbooks, through the formula guard)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.utils.translation import gettext as _

from common.sheets.workbooks import Template
from common.sheets.workbooks import error_workbook as workbook_errors
from common.sheets.workbooks import template_workbook as workbook_template
from members.importing.columns import (
    COLUMNS,
    EIGHT_GROUP_VALUES,
    NEW_FORM_VALUES,
    choices_offered,
)
from members.importing.reader import Roster, max_rows
from members.importing.reasons import reason_text
from members.importing.validate import EXAMPLE_ID

EXAMPLE = {
    "name": "张三", "resident_id": EXAMPLE_ID, "phone": "13800001111",
    "joined_on": datetime.date(2019, 3, 5), "is_migrant": "是", "new_form_category": "快递员",
    "eight_group": "快递员", "employer": "示例物流有限公司", "union": "示例物流有限公司工会委员会",
}
DROP_DOWNS = {
    "is_migrant": ["是", "否"],
    "new_form_category": choices_offered(NEW_FORM_VALUES),
    "eight_group": choices_offered(EIGHT_GROUP_VALUES),
}
ROSTER = Template(
    title="会员名册", columns=COLUMNS, example=EXAMPLE, rows=0, drop_downs=DROP_DOWNS,
    text_fields=("resident_id",), date_fields=("joined_on",))


def template_workbook() -> bytes:
    return workbook_template(replace(ROSTER, rows=max_rows(), notes=_notes()))


def _notes() -> list[str]:
    return [
        _("How to fill in the member roster"),
        _("1. Row 2 is an example: delete it before uploading."),
        _("2. Columns marked in red are required: 姓名, 身份证号, 入会日期."),
        _("3. 身份证号: 18 characters; an old 15-digit number is converted automatically. "
          "Keep the column as text, or Excel will lose the last digits."),
        _("4. 入会日期: a date such as 2019-03-05, 2019.3.5, 2019年3月5日 or 20190305."),
        _("5. 是否农民工: 是 or 否. 新就业形态 and 八大群体: choose from the list, or leave empty."),
        _("6. 所属工会: required when you import into a federation; the name or credit code of "
          "the member's grassroots union."),
        _("7. 工作单位: optional; the name or credit code of an employer the union covers."),
        _("8. A person already in the union is updated: only filled-in cells change their record. "
          "A person who belongs to another union needs a membership transfer instead."),
        _("9. Column order does not matter; columns not listed here are ignored. "
          "At most %(rows)s rows per file.") % {"rows": max_rows()},
    ]


def error_workbook(roster: Roster, errors: list[list]) -> bytes:
    """The rows with errors as uploaded, reasons first (common.sheets.workbooks)."""
    return workbook_errors(roster, errors, columns=COLUMNS, reason=reason_text,
                           text_fields=("resident_id",))
