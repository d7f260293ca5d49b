"""The templates of the employer and union sheets (written by common.sheets.workbooks)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from common.sheets.reader import max_rows
from common.sheets.workbooks import Template, template_workbook
from organizations.importing.columns import EMPLOYER_COLUMNS, UNION_COLUMNS, offered
from organizations.importing.employers import EXAMPLE_CODE
from organizations.importing.models import RegisterKind

EMPLOYER_EXAMPLE = {
    "name": "示例精密机械有限公司", "credit_code": EXAMPLE_CODE, "node": "", "economic_type":
    "170 私营企业", "industry_section": "C 制造业", "industry_division": "34", "employees": 120,
    "migrant_employees": 40, "size_class": "中型", "above_designated_size": "是",
    "special_kind": "园区", "address": "示例路1号", "legal_representative": "张三",
    "contact_name": "李四", "contact_phone": "13800001111",
}
UNION_EXAMPLE = {
    "name": "示例精密机械有限公司工会委员会", "credit_code": "", "parent": "",
    "formation": "独立", "employers": EXAMPLE_CODE, "founded_on": datetime.date(2015, 5, 1),
    "chair_name": "王五", "chair_phone": "13800002222",
}


def register_template(kind: str) -> bytes:
    if kind == RegisterKind.UNIONS:
        spec = Template(title="基层工会", columns=UNION_COLUMNS, example=UNION_EXAMPLE,
                        rows=max_rows(), drop_downs={"formation": offered("formation")},
                        text_fields=("credit_code", "employers"), date_fields=("founded_on",),
                        notes=_union_notes())
    else:
        spec = Template(title="单位名册", columns=EMPLOYER_COLUMNS, example=EMPLOYER_EXAMPLE,
                        rows=max_rows(), drop_downs={
                            name: offered(name) for name in (
                                "economic_type", "ownership", "industry_section", "size_class",
                                "special_kind")} | {"above_designated_size": ["是", "否"]},
                        text_fields=("credit_code", "industry_division"), notes=_employer_notes())
    return template_workbook(spec)


def _employer_notes() -> list[str]:
    return [
        _("How to fill in the employer list"),
        _("1. Row 2 is an example: delete it before uploading."),
        _("2. 单位名称 and 统一社会信用代码 are required; the credit code identifies the employer: "
          "an employer already registered is updated in the cells you filled in."),
        _("3. 所在地区: the name or area code of a federation under the node you import into; "
          "empty means that node."),
        _("4. Coded columns (单位类别, 行业门类, 企业规模, 特殊类型): choose from the list."),
        _("5. At most %(rows)s rows per file.") % {"rows": max_rows()},
    ]


def _union_notes() -> list[str]:
    return [
        _("How to fill in the grassroots unions"),
        _("1. Row 2 is an example: delete it before uploading."),
        _("2. 单位统一社会信用代码: the credit codes of the employers the union covers, separated "
          "by 、 or commas; import the employers first."),
        _("3. 组建形式: 独立 (one employer) or 联合 (two or more)."),
        _("4. 上级工会: the name or area code of a federation under the node you import into; "
          "empty means that node."),
        _("5. At most %(rows)s rows per file.") % {"rows": max_rows()},
    ]
