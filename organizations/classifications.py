"""National codes the 四清 facts use: industries (GB/T 4754-2017), economic types (the union
registration form's 单位类别, GB/T 12402 plus 400-700), size classes, special kinds and
administrative-area codes (GB/T 2260). Each list is defined here once; the labels are English
msgids with the official Chinese names in the zh_Hans catalogue (the comment on each line).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndustrySection(models.TextChoices):
    """国民经济行业分类 GB/T 4754-2017, 门类 (stored as its letter)."""

    A = "A", _("Agriculture, forestry, animal husbandry and fishery")  # 农、林、牧、渔业
    B = "B", _("Mining")  # 采矿业
    C = "C", _("Manufacturing")  # 制造业
    D = "D", _("Electricity, heat, gas and water supply")  # 电力、热力、燃气及水生产和供应业
    E = "E", _("Construction")  # 建筑业
    F = "F", _("Wholesale and retail trade")  # 批发和零售业
    G = "G", _("Transport, storage and postal services")  # 交通运输、仓储和邮政业
    H = "H", _("Accommodation and catering")  # 住宿和餐饮业
    I = "I", _("Information transmission, software and IT services")  # 信息传输、软件和信息技术服务业
    J = "J", _("Finance")  # 金融业
    K = "K", _("Real estate")  # 房地产业
    L = "L", _("Leasing and business services")  # 租赁和商务服务业
    M = "M", _("Scientific research and technical services")  # 科学研究和技术服务业
    N = "N", _("Water conservancy, environment and public facilities management")  # 水利、环境和公共设施管理业
    O = "O", _("Resident services, repair and other services")  # 居民服务、修理和其他服务业
    P = "P", _("Education")  # 教育
    Q = "Q", _("Health and social work")  # 卫生和社会工作
    R = "R", _("Culture, sports and entertainment")  # 文化、体育和娱乐业
    S = "S", _("Public administration, social security and social organisations")  # 公共管理、社会保障和社会组织
    T = "T", _("International organisations")  # 国际组织


# The 大类 (two-digit divisions 01-97) of each section, first and last.
SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
    "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
    "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
    "S": (91, 96), "T": (97, 97),
}

# The two-digit number (01-20) the union registration form (《工会组织信息登记表》) gives each
# section. Its list follows GB/T 4754-2002's order, in which transport (06) and information
# (07) came before wholesale and retail (08) and catering (09): not the 2017 letters' order.
FORM_NUMBER: dict[str, str] = {
    "A": "01", "B": "02", "C": "03", "D": "04", "E": "05", "F": "08", "G": "06", "H": "09",
    "I": "07", "J": "10", "K": "11", "L": "12", "M": "13", "N": "14", "O": "15", "P": "16",
    "Q": "17", "R": "18", "S": "19", "T": "20",
}
SECTION_OF_FORM_NUMBER = {number: letter for letter, number in FORM_NUMBER.items()}


def section_of_division(division: str) -> str | None:
    """The section letter of a two-digit division code, or None for no such division."""
    if not re.fullmatch(r"\d{2}", division or ""):
        return None
    number = int(division)
    return next((s for s, (lo, hi) in SECTION_DIVISIONS.items() if lo <= number <= hi), None)


def validate_division(value: str) -> None:
    if value and section_of_division(value) is None:
        raise ValidationError(
            _("%(code)s is not an industry division: enter its two-digit code, 01 to 97."),
            code="division", params={"code": value})


def check_division_in_section(section: str, division: str) -> None:
    """Raise ValidationError unless the division (if any) belongs to the section."""
    if not division:
        return
    found = section_of_division(division)
    if found is None:
        return  # the field's own validator says what is wrong with it
    if not section:
        raise ValidationError({"industry_section": _(
            "Choose the industry section of division %(code)s.") % {"code": division}})
    if found != section:
        lo, hi = SECTION_DIVISIONS[section]
        raise ValidationError({"industry_division": _(
            "Division %(code)s is not in section %(section)s (its divisions are %(lo)02d to "
            "%(hi)02d).") % {"code": division, "section": section, "lo": lo, "hi": hi}})


class EconomicType(models.TextChoices):
    """单位类别 of the union registration form: GB/T 12402 economic types, and 400-700."""

    STATE_ENTERPRISE = "110", _("State-owned enterprise")  # 国有企业
    COLLECTIVE = "120", _("Collective enterprise")  # 集体企业
    JOINT_STOCK_COOPERATIVE = "130", _("Joint-stock cooperative enterprise")  # 股份合作企业
    JOINT_OPERATION = "140", _("Jointly operated enterprise")  # 联营企业
    WHOLLY_STATE_OWNED_COMPANY = "151", _("Wholly state-owned company")  # 国有独资公司
    OTHER_LIMITED_LIABILITY = "159", _("Other limited liability company")  # 其他有限责任公司
    STATE_CONTROLLED_SHARES = "161", _("State-controlled company limited by shares")  # 股份有限公司中的国有控股公司
    OTHER_SHARES = "169", _("Other company limited by shares")  # 其他股份有限公司
    PRIVATE_ENTERPRISE = "170", _("Private enterprise")  # 私营企业
    OTHER_DOMESTIC = "190", _("Other domestic enterprise")  # 其他内资企业
    HK_MACAO_TAIWAN = "200", _("Enterprise with Hong Kong, Macao or Taiwan investment")  # 港澳台商投资企业
    FOREIGN_INVESTED = "300", _("Foreign-invested enterprise")  # 外商投资企业
    PUBLIC_INSTITUTION = "400", _("Public institution")  # 事业单位
    GOVERNMENT_ORGAN = "500", _("Government organ")  # 机关
    INDIVIDUAL = "600", _("Individual economic organisation")  # 个体经济组织
    PRIVATE_NON_ENTERPRISE = "700", _("Private non-enterprise unit")  # 民办非企业单位


# The ownership types (organizations.models.Ownership values) each economic type allows; the
# first is the one derived when only the economic type is given. Collective, cooperative,
# jointly operated and "other" enterprises may be state- or privately held.
ECONOMIC_TYPE_OWNERSHIPS: dict[str, tuple[str, ...]] = {
    "110": ("state",), "151": ("state",), "161": ("state",),
    "120": ("private", "state"), "130": ("private", "state"), "140": ("private", "state"),
    "159": ("private", "state"), "169": ("private", "state"), "190": ("private", "state"),
    "170": ("private",),
    "200": ("foreign",), "300": ("foreign",),
    "400": ("institution",), "500": ("government",), "600": ("individual",), "700": ("social",),
}


class SizeClass(models.TextChoices):
    """统计上大中小微型企业划分办法 (2017)."""

    LARGE = "large", _("Large")  # 大型
    MEDIUM = "medium", _("Medium")  # 中型
    SMALL = "small", _("Small")  # 小型
    MICRO = "micro", _("Micro")  # 微型


# Staff thresholds (large, medium, small) of the 2017 size rules, by section; the rules also
# weigh revenue, which the registry does not keep, so these are what staff alone say.
_SIZE_BY_STAFF: dict[str, tuple[int, int, int]] = {
    "B": (1000, 300, 20), "C": (1000, 300, 20), "D": (1000, 300, 20), "E": (1000, 300, 20),
    "F": (300, 50, 10), "G": (1000, 300, 20), "H": (300, 100, 10), "K": (1000, 300, 100),
}
_SIZE_OTHERWISE = (300, 100, 10)
_WHOLESALE = (200, 20, 5)  # division 51


def size_class_for(section: str, employees: int, division: str = "") -> str:
    """The size class that `employees` staff give in `section` (wholesale: division 51)."""
    large, medium, small = _WHOLESALE if division == "51" else _SIZE_BY_STAFF.get(
        section, _SIZE_OTHERWISE)
    if employees >= large:
        return SizeClass.LARGE.value
    if employees >= medium:
        return SizeClass.MEDIUM.value
    return SizeClass.SMALL.value if employees >= small else SizeClass.MICRO.value


class SpecialKind(models.TextChoices):
    """Employers the 四清 work counts apart: in a building, business district, park, or a
    platform company (their workers join 楼宇/商圈/园区/平台 unions)."""

    NONE = "", _("None")
    BUILDING = "building", _("Office building")  # 楼宇
    DISTRICT = "district", _("Business district")  # 商圈
    PARK = "park", _("Industrial park")  # 园区
    PLATFORM = "platform", _("Platform company")  # 平台企业


# GB/T 2260: the first two digits name the province (11 北京 … 65 新疆, 71 台湾, 81/82 港澳).
PROVINCES = frozenset((
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
))


def validate_area_code(value: str) -> None:
    """A six-digit administrative-area code (GB/T 2260). It goes down to the county: a city
    federation carries its city's code (e.g. 320200), a county federation its county's
    (320205), and townships, villages and grassroots unions their county's code, since the six
    digits have no township level."""
    if not value:
        return
    if not re.fullmatch(r"\d{6}", value) or value[:2] not in PROVINCES:
        raise ValidationError(
            _("%(code)s is not an administrative-area code: enter its six digits (GB/T 2260), "
              "e.g. 320205."),
            code="area_code", params={"code": value})
