"""The columns a roster may have, the header spellings we accept, and the value vocabularies.

Headers and drop-down values are part of the file format county staff already use, so they
are Chinese data here, not UI text for translation.
"""

from __future__ import annotations

from common.sheets.headers import Column, header_key, value_lookup
from common.sheets.reader import Layout

COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("名字", "会员姓名", "职工姓名", "name"), required=True, width=10),
    Column("resident_id", "身份证号", ("身份证号码", "公民身份号码", "身份证", "身份证件号码",
                                      "证件号码", "居民身份证号码", "resident id"),
           required=True, width=22),
    Column("phone", "手机号", ("手机", "手机号码", "联系电话", "电话", "联系方式", "phone"), width=14),
    Column("joined_on", "入会日期", ("入会时间", "入会年月日", "加入工会时间", "joined"),
           required=True, width=12),
    Column("is_migrant", "是否农民工", ("农民工", "农民工会员", "是否农民工会员"), width=10),
    Column("new_form_category", "新就业形态", ("新就业形态劳动者", "新就业形态类别", "新业态"),
           width=14),
    Column("eight_group", "八大群体", ("八大群体类别", "所属八大群体", "重点群体"), width=14),
    Column("employer", "工作单位", ("单位", "单位名称", "所在单位", "工作单位名称", "用人单位",
                                   "单位统一社会信用代码", "统一社会信用代码"), width=24),
    Column("union", "所属工会", ("工会", "工会名称", "基层工会", "所在工会", "基层工会名称"),
           width=24),
)
BY_FIELD = {c.field: c for c in COLUMNS}

HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _spelling in (_column.header, *_column.variants):
        HEADER_LOOKUP[header_key(_spelling)] = _column.field


# The first spelling of each value is the one offered in the template's drop-down.
NEW_FORM_VALUES: dict[str, tuple[str, ...]] = {
    "courier": ("快递员", "快递小哥", "快递"),
    "truck": ("货车司机", "卡车司机"),
    "rider": ("外卖送餐员", "外卖骑手", "外卖员", "骑手", "网约送餐员"),
    "ride_hailing": ("网约车司机", "网约车驾驶员"),
    "other": ("其他新就业形态", "其他"),
    "": ("无", "否", "不是", "/", "-"),
}
EIGHT_GROUP_VALUES: dict[str, tuple[str, ...]] = {
    "truck": ("货车司机", "卡车司机"),
    "courier": ("快递员", "快递小哥", "快递"),
    "carer": ("护工护理员", "护工", "护理员"),
    "domestic": ("家政服务员", "家政"),
    "mall_info": ("商场信息员", "信息员"),
    "rider": ("网约送餐员", "外卖送餐员", "外卖骑手", "外卖员", "骑手"),
    "estate_agent": ("房产中介员", "房产中介", "中介"),
    "security": ("保安员", "保安"),
    "": ("无", "否", "不是", "/", "-"),
}
FLAG_VALUES: dict[bool, tuple[str, ...]] = {
    True: ("是", "y", "yes", "true", "1", "√", "✓", "对", "是的"),
    False: ("否", "n", "no", "false", "0", "×", "✗", "不是", "无"),
}


NEW_FORM_LOOKUP = value_lookup(NEW_FORM_VALUES)
EIGHT_GROUP_LOOKUP = value_lookup(EIGHT_GROUP_VALUES)
FLAG_LOOKUP = value_lookup(FLAG_VALUES)


def choices_offered(vocabulary: dict) -> list[str]:
    """What the template's drop-down lists, and what an error message suggests."""
    return [spellings[0] for code, spellings in vocabulary.items() if code]


def roster_layout(*, need_union: bool = False) -> Layout:
    """The roster sheet for the reader: its header row has 姓名 and 身份证号."""
    required = {c.field: c.header for c in COLUMNS
                if c.required or (need_union and c.field == "union")}
    return Layout(HEADER_LOOKUP, ("name", "resident_id"), required)
