"""The 四清 facts of the seeded employers and the area codes and survey facts of the seeded
nodes. Drawn from a random.Random of their own, after the tree, employers and members are
built, so the draws that make the published totals stay exactly as they were.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from organizations.classifications import (
    SizeClass,
    section_of_division,
    size_class_for,
)
from seeding.companies import name_employers
from seeding.names import GIVEN, SURNAMES

if TYPE_CHECKING:
    from seeding.generate import DataSet, EmployerRow, NodeRow

# Enterprises by division, weighted like a manufacturing city (Wuxi: machinery, electrical,
# electronics, textiles), with the trade word the free-text industry shows.
ENTERPRISE_DIVISIONS = (
    ("38", 5, "电气机械"), ("34", 5, "通用设备"), ("39", 5, "电子信息"), ("33", 4, "金属制品"),
    ("17", 4, "纺织"), ("18", 2, "服装服饰"), ("26", 2.5, "化工"), ("36", 2.5, "汽车零部件"),
    ("29", 2, "橡胶塑料"), ("35", 2, "专用设备"), ("31", 1, "钢铁"), ("32", 1, "有色金属"),
    ("27", 1, "医药"), ("14", 1, "食品"), ("41", 0.5, "工艺品"),
    ("51", 9, "商贸"), ("52", 9, "零售"),
    ("47", 3, "建筑工程"), ("48", 1.5, "市政工程"), ("49", 1, "建筑安装"), ("50", 1.5, "装饰工程"),
    ("54", 2.5, "道路运输"), ("58", 1, "货运代理"), ("59", 1, "仓储"), ("60", 1.5, "快递"),
    ("61", 1.5, "酒店"), ("62", 3.5, "餐饮"), ("64", 1, "网络科技"), ("65", 3, "软件"),
    ("66", 0.8, "银行"), ("68", 0.7, "保险代理"), ("70", 3, "物业管理"),
    ("71", 1, "租赁"), ("72", 5, "企业管理咨询"), ("73", 1, "研发"), ("74", 1.5, "检验检测"),
    ("75", 1.5, "科技推广"), ("77", 0.3, "环保"), ("78", 0.2, "园林绿化"),
    ("80", 1, "家政服务"), ("81", 1, "汽车维修"), ("44", 0.3, "电力"), ("46", 0.2, "水务"),
    ("01", 0.7, "农业"), ("05", 0.3, "农业服务"), ("10", 0.1, "矿石开采"),
    ("83", 0.5, "教育培训"), ("84", 0.5, "医疗"), ("87", 0.5, "文化传媒"), ("89", 0.5, "体育健身"),
)
# Other kinds of employer by what they are: schools, hospitals, organs, associations, shops.
DIVISIONS_BY_OWNERSHIP = {
    "institution": (("83", 4, "教育"), ("84", 3, "卫生"), ("73", 1, "科研"), ("87", 1, "文化"),
                    ("78", 1, "市政管理")),
    "government": (("92", 8, "国家机关"), ("91", 1, "党政机关"), ("94", 1, "社会保障")),
    "social": (("95", 5, "社会团体"), ("83", 2.5, "民办教育"), ("84", 1.5, "民办医疗"),
               ("80", 1, "社区服务")),
    "individual": (("52", 4, "零售"), ("62", 3, "餐饮"), ("80", 1, "居民服务"),
                   ("81", 1, "维修"), ("18", 1, "服装加工")),
}
# Economic types (the registration form's 单位类别) by ownership, weighted.
ECONOMIC_TYPES = {
    "state": (("151", 35), ("159", 35), ("110", 15), ("161", 15)),
    "private": (("170", 78), ("159", 10), ("169", 4), ("120", 3), ("190", 3), ("130", 2)),
    "foreign": (("300", 75), ("200", 25)),
    "institution": (("400", 1),), "government": (("500", 1),),
    "individual": (("600", 1),), "social": (("700", 1),),
}
ENTERPRISES = ("state", "private", "foreign")
INDUSTRIAL = "BCD"
# GB/T 2260 codes of Wuxi's districts and county-level cities (the city's own: 320200). The
# development zone and the new town are not administrative areas: they carry the code of the
# district they lie in (经开区 in 滨湖区, 锡东新城 in 锡山区).
WUXI_CODES = {
    "无锡市总工会": "320200", "锡山区总工会": "320205", "惠山区总工会": "320206",
    "滨湖区总工会": "320211", "梁溪区总工会": "320213", "新吴区总工会": "320214",
    "江阴市总工会": "320281", "宜兴市总工会": "320282", "经开区总工会": "320211",
    "锡东新城总工会": "320205",
}
# The demo city is made up: 3299xx is no real prefecture of Jiangsu (32).
MADE_UP_CITY = "329900"
ROADS = "中山人民解放建设长江太湖新华学前健康青年胜利东风和平金城梁溪清扬"
# 未建会原因 "too few staff" is only for employers under 25 (a union committee is elected
# from 25 members up; below that, an organiser or a joint union).
TOO_FEW_BELOW = 25
OTHER_REASONS = ("unwilling", "preparing", "closed", "no_contact", "other")


def assign_facts(data: DataSet) -> None:
    rng = random.Random(data.seed * 4_754 + 2_260)
    _assign_area_codes(data)
    for employer in data.employers:
        _employer_facts(employer, rng)
        if not employer.union_id:
            _fit_reason(employer, rng)
    by_id = {e.id: e for e in data.employers}
    for union, members in zip(data.grassroots, data.members_per_union):
        _union_facts(union, members, [by_id[i] for i in union.employer_ids], rng)
    name_employers(data)  # its own random stream, after the trades above


def _assign_area_codes(data: DataSet) -> None:
    city = data.nodes[0]
    city.area_code = WUXI_CODES.get(city.name, MADE_UP_CITY)
    counties = [n for n in data.nodes if n.level == "county"]
    for i, county in enumerate(counties, start=1):
        county.area_code = WUXI_CODES.get(county.name) or f"{city.area_code[:4]}{i:02d}"
    for node in data.nodes:
        if node.level not in ("city", "county"):
            node.area_code = node.parent.area_code  # the code's six digits end at the county


def _pick(rng: random.Random, table: tuple) -> tuple:
    return rng.choices(table, weights=[row[1] for row in table])[0]


def _employer_facts(e: EmployerRow, rng: random.Random) -> None:
    division, _weight, trade = _pick(rng, DIVISIONS_BY_OWNERSHIP.get(e.ownership, ENTERPRISE_DIVISIONS))
    e.industry_division, e.industry_section = division, section_of_division(division)
    e.industry = trade
    e.economic_type = _pick(rng, ECONOMIC_TYPES[e.ownership])[0]
    e.size_class = size_class_for(e.industry_section, e.employees, division)
    e.above_designated_size = _above_designated_size(e, rng)
    e.special_kind = _special_kind(e, rng.random())
    e.legal_representative = _person(rng)
    e.contact_name = _person(rng)
    e.contact_phone = (f"1{'35789'[rng.randrange(5)]}{rng.randrange(10**9):09d}" if rng.random() < 0.8
                       else f"0510-8{rng.randrange(10**6, 10**7)}")
    e.address = f"{''.join(rng.sample(ROADS, 2))}路{rng.randint(1, 999)}号"


def _above_designated_size(e: EmployerRow, rng: random.Random) -> bool:
    """规上: enterprises past the revenue line, which larger industrial and trading ones are."""
    if e.ownership not in ENTERPRISES or e.size_class == SizeClass.MICRO:
        return False
    if e.size_class in (SizeClass.LARGE, SizeClass.MEDIUM):
        return e.industry_section in INDUSTRIAL + "EF" or rng.random() < 0.6
    return e.industry_section in INDUSTRIAL and e.employees >= 50 and rng.random() < 0.6


def _special_kind(e: EmployerRow, roll: float) -> str:
    """A few per cent: offices in buildings, shops in business districts, firms in parks,
    and the odd platform company."""
    section = e.industry_section
    if roll < 0.04 and section in "IJKLM" and e.ownership in ENTERPRISES:
        return "building"
    if roll < 0.05 and section in "FH":
        return "district"
    if roll < 0.05 and section in "CIM" and e.ownership in ENTERPRISES:
        return "park"
    if roll < 0.02 and e.industry_division in ("60", "64") and e.ownership == "private":
        return "platform"
    return ""


def _person(rng: random.Random) -> str:
    name = SURNAMES[rng.randrange(len(SURNAMES))] + GIVEN[rng.randrange(len(GIVEN))]
    return name + GIVEN[rng.randrange(len(GIVEN))] if rng.random() < 0.7 else name


def _fit_reason(e: EmployerRow, rng: random.Random) -> None:
    """Small employers mostly have too few staff; larger ones never give that reason."""
    if e.employees < TOO_FEW_BELOW:
        if rng.random() < 0.6:
            e.no_union_reason = "too_few"
    elif e.no_union_reason == "too_few":
        e.no_union_reason = OTHER_REASONS[rng.randrange(len(OTHER_REASONS))]


def _union_facts(union: NodeRow, members: int, employers: list[EmployerRow],
                 rng: random.Random) -> None:
    """The survey facts: staff as the union's size allows (a full-time chair from 200
    members), a workers' congress in most larger employers, worker directors and supervisors
    in companies with boards (state companies must have them)."""
    staff = sum(e.employees for e in employers)
    union.full_time_staff = 0 if members < 200 else min(1 + members // 800, 6)
    union.part_time_staff = min(3 + members // 60, 15) + rng.randrange(3)
    chance = 0.85 if staff >= 100 else 0.45
    union.has_workers_congress = rng.random() < (chance if union.formation == "independent" else 0.6)
    # Under 100 staff the whole staff meets (职工大会); above, at least 30 delegates.
    delegates = min(staff, max(30, round(staff * 0.06)))
    union.congress_delegates = delegates if union.has_workers_congress else 0
    boarded = union.formation == "independent" and employers[0].economic_type in (
        "151", "159", "161", "169")
    state_owned = boarded and employers[0].ownership == "state"
    union.worker_directors = 1 if boarded and (state_owned or rng.random() < 0.3) else 0
    union.worker_supervisors = 1 + (staff >= 1000) if boarded and (state_owned or rng.random() < 0.4) else 0
