"""The columns of the employer sheet and of the union sheet, the header spellings accepted and
the coded values' vocabularies. Headers and drop-down values are the file format federations
use, so they are Chinese data here; the coded values are the official Chinese names of the
national codes (organizations.classifications), read from the zh_Hans catalogue."""

from __future__ import annotations

import functools

from django.utils import translation

from common.sheets.headers import Column, header_key, value_lookup
from common.sheets.reader import Layout
from organizations.classifications import (
    FORM_NUMBER,
    EconomicType,
    IndustrySection,
    SizeClass,
    SpecialKind,
)
from organizations.models import Formation, Ownership

EMPLOYER_COLUMNS: tuple[Column, ...] = (
    Column("name", "单位名称", ("企业名称", "名称", "用人单位", "用人单位名称", "单位"), True, 28),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一代码",
                                              "单位统一社会信用代码"), True, 22),
    Column("node", "所在地区", ("所属地区", "所属组织", "所在乡镇街道", "所在街道", "区域",
                              "行政区划代码", "地区"), width=18),
    Column("economic_type", "单位类别", ("经济类型", "登记注册类型", "企业类型", "单位性质"),
           width=24),
    Column("ownership", "所有制", ("所有制类型", "所有制形式"), width=12),
    Column("industry_section", "行业门类", ("行业", "所属行业", "国民经济行业分类", "行业分类"),
           width=28),
    Column("industry_division", "行业大类", ("行业大类代码", "行业代码"), width=10),
    Column("employees", "职工人数", ("从业人数", "职工数", "员工人数", "在岗职工人数"), width=10),
    Column("migrant_employees", "农民工人数", ("其中农民工", "农民工数"), width=10),
    Column("size_class", "企业规模", ("规模", "单位规模"), width=10),
    Column("above_designated_size", "是否规上", ("规上企业", "规模以上", "是否规模以上"), width=10),
    Column("special_kind", "特殊类型", ("楼宇商圈园区", "所属类型"), width=12),
    Column("address", "地址", ("单位地址", "注册地址", "经营地址", "住所"), width=30),
    Column("legal_representative", "法定代表人", ("法人", "法人代表", "负责人"), width=12),
    Column("contact_name", "联系人", ("联系人姓名",), width=10),
    Column("contact_phone", "联系电话", ("电话", "手机", "联系方式", "联系人电话"), width=14),
    Column("union", "所属工会", ("覆盖工会", "基层工会", "工会名称"), width=26),
)
UNION_COLUMNS: tuple[Column, ...] = (
    Column("name", "工会名称", ("基层工会名称", "名称", "工会"), True, 30),
    Column("credit_code", "工会统一社会信用代码", ("工会信用代码", "工会代码"), width=22),
    Column("parent", "上级工会", ("所属组织", "所在地区", "上级组织", "隶属"), width=18),
    Column("formation", "组建形式", ("建会形式", "独立或联合", "类型"), True, 10),
    Column("employers", "单位统一社会信用代码", ("单位信用代码", "覆盖单位", "所含单位",
                                                "统一社会信用代码", "单位代码"), True, 40),
    Column("founded_on", "成立日期", ("建会日期", "建会时间", "成立时间"), True, 12),
    Column("chair_name", "工会主席", ("主席", "主席姓名"), width=10),
    Column("chair_phone", "主席电话", ("主席联系电话", "联系电话"), width=14),
    Column("full_time_staff", "专职工会干部", ("专职干部",), width=10),
    Column("part_time_staff", "兼职工会干部", ("兼职干部",), width=10),
)


def _layout(columns: tuple[Column, ...], marks: tuple[str, ...]) -> Layout:
    lookup = {header_key(s): c.field for c in columns for s in (c.header, *c.variants)}
    return Layout(lookup, marks, {c.field: c.header for c in columns if c.required})


EMPLOYER_LAYOUT = _layout(EMPLOYER_COLUMNS, ("name", "credit_code"))
UNION_LAYOUT = _layout(UNION_COLUMNS, ("name", "employers"))


def _zh(label: object) -> str:
    with translation.override("zh-hans"):
        return str(label)


@functools.cache
def vocabularies() -> dict[str, dict[str, tuple[str, ...]]]:
    """code -> spellings, the first offered in the drop-down: "170 私营企业", "C 制造业"."""
    economic = {code: (f"{code} {_zh(label)}", _zh(label), str(label))
                for code, label in EconomicType.choices}
    sections = {letter: (f"{letter} {_zh(label)}", _zh(label), str(label), FORM_NUMBER[letter],
                         f"{FORM_NUMBER[letter]} {_zh(label)}")
                for letter, label in IndustrySection.choices}
    return {
        "economic_type": economic,
        "industry_section": sections,
        "ownership": {code: (_zh(label), str(label)) for code, label in Ownership.choices},
        "size_class": {code: (_zh(label), _zh(label) + "企业", str(label))
                       for code, label in SizeClass.choices},
        "special_kind": {code: (_zh(label), str(label)) if code else ("无", "否", "/", "-")
                         for code, label in SpecialKind.choices} | {"platform": ("平台企业",
                                                                                 "平台")},
        "formation": {Formation.INDEPENDENT.value: ("独立", "独立建会", "单独", "单独建会"),
                      Formation.JOINT.value: ("联合", "联合建会", "联合基层工会")},
        "flag": {True: ("是", "y", "yes", "1", "√"), False: ("否", "n", "no", "0", "×", "无")},
    }


@functools.cache
def lookups() -> dict[str, dict[str, object]]:
    return {name: value_lookup(vocabulary) for name, vocabulary in vocabularies().items()}


def offered(name: str) -> list[str]:
    return [spellings[0] for code, spellings in vocabularies()[name].items() if code != ""]
