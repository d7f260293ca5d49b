"""Employer names that read like real ones: 地名 + 字号 + 行业 + 组织形式, e.g.
无锡华锐精密机械有限公司; schools, hospitals, organs and associations named as they are.

Drawn from a random.Random of their own after the facts (the trade word comes from the
industry seeding.facts gave the employer), so no other seeded row changes.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seeding.generate import DataSet, EmployerRow

# 字号: two characters, the way firms name themselves (no real firm's name meant).
BRAND = "华锐恒通金鼎瑞丰宏达永盛天成鑫源海创博远中晟隆泰新丰东辰佳禾汇川润华英特凯旋振华远航正元宝丰锦程华光通达明德安泰众诚嘉盛德润三和亿联卓越飞跃利民广源"
BRANDS = [BRAND[i : i + 2] for i in range(0, len(BRAND) - 1, 2)]
STATE_FORMS = ("有限公司", "集团有限公司", "有限责任公司")
NAMED_BY_TRADE = {
    "教育": ("实验小学", "第一中学", "第二中学", "中心小学", "中心幼儿园", "职业技术学校"),
    "卫生": ("人民医院", "中医医院", "妇幼保健院", "社区卫生服务中心"),
    "科研": ("科学技术研究所", "农业科学研究所", "产业技术研究院"),
    "文化": ("文化馆", "图书馆", "文化艺术中心"),
    "市政管理": ("市政设施管理所", "园林绿化管理所"),
    "国家机关": (
        "市场监督管理局",
        "人力资源和社会保障局",
        "住房和城乡建设局",
        "自然资源和规划局",
        "生态环境局",
        "司法所",
        "税务所",
    ),
    "党政机关": ("人民政府办公室", "党政办公室"),
    "社会保障": ("社会保险管理中心", "就业服务中心"),
    "社会团体": ("个体劳动者协会", "企业家协会", "物流行业协会", "餐饮行业协会", "慈善会"),
}
BRANDED_BY_TRADE = {"民办教育": "培训学校", "民办医疗": "门诊部", "社区服务": "社区服务中心"}
SHOP_FORMS = ("店", "经营部", "商行", "工作室")


def place_stem(name: str) -> str:
    """梁溪 of 梁溪区总工会, 江阴 of 江阴市总工会, 东南街道 of 东南街道总工会."""
    stem = name.removesuffix("总工会").removesuffix("联合工会")
    return stem[:-1] if stem.endswith(("区", "市", "县")) and len(stem) > 2 else stem


def company_name(e: EmployerRow, places: tuple[str, str, str], rng: random.Random) -> str:
    """`places`: the city's, the county's and the township's stems."""
    city, county, town = places
    brand = BRANDS[rng.randrange(len(BRANDS))]
    trade = e.industry
    if trade in NAMED_BY_TRADE:
        # Schools, hospitals and organs carry the township's (street's) name: 东南街道中心小学.
        return town + NAMED_BY_TRADE[trade][rng.randrange(len(NAMED_BY_TRADE[trade]))]
    if trade in BRANDED_BY_TRADE:
        return county + brand + BRANDED_BY_TRADE[trade]
    if e.ownership == "individual":
        return county + brand + trade + SHOP_FORMS[rng.randrange(len(SHOP_FORMS))]
    if e.ownership == "foreign":
        return f"{brand}{trade}（{city}）有限公司"
    place = city if rng.random() < 0.6 else county
    if e.economic_type in ("161", "169"):
        return place + brand + trade + "股份有限公司"
    if e.economic_type in ("110", "120"):
        return place + "市" * (place == city) + brand + trade + "厂"
    if e.ownership == "state":
        return place + brand + trade + STATE_FORMS[rng.randrange(len(STATE_FORMS))]
    return place + brand + trade + "有限公司"


def name_employers(data: DataSet) -> None:
    """Name every employer, and each independent union after its employer."""
    rng = random.Random(data.seed * 32_100 + 4_754)
    by_id = {n.id: n for n in data.nodes}
    city = place_stem(data.nodes[0].name)

    def places(node_id: int) -> tuple[str, str, str]:
        node, county, town = by_id[node_id], None, None
        while node is not None:
            county = node if node.level == "county" else county
            town = node if node.level == "township" else town
            node = node.parent
        county_stem = place_stem(county.name) if county else city
        if county_stem.endswith(("经开", "新城")):  # a zone, not a place name firms carry
            county_stem = city
        return city, county_stem, place_stem(town.name) if town else county_stem

    seen: set[str] = set()
    for e in data.employers:
        name = company_name(e, places(e.node_id), rng)
        for _retry in range(5):  # a firm's name is unique in its area: draw another 字号
            if name not in seen:
                break
            name = company_name(e, places(e.node_id), rng)
        seen.add(name)
        e.name = name
    employers = {e.id: e for e in data.employers}
    for union in data.grassroots:
        if union.formation == "independent":
            union.name = employers[union.employer_ids[0]].name + "工会委员会"
