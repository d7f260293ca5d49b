"""Deterministic rows for a data set: the tree, employers and members.

Everything is drawn from one random.Random(seed), in a fixed order, so the same seed and
spec always give the same rows. Totals are exact (see allocate.split_exact).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from organizations.models import Union
from seeding.allocate import lognormal_weights, split_capped, split_exact
from seeding.facts import assign_facts
from seeding.names import AREA_CODES, SURNAMES
from seeding.rows import member_rows
from seeding.spec import SeedSpec

TOWN_WORDS = ("街道", "镇", "园区")
PLACE = "东南西北中新前后上下大小长安和平兴隆福寿康宁金玉云山水田湖江河桥塘港湾泉林园"
VILLAGE_WORDS = ("村", "社区")
INDUSTRIES = (
    "纺织服装", "电子信息", "物联网", "机械制造", "快递物流", "建筑施工", "批发零售",
    "住宿餐饮", "交通运输", "医疗卫生", "教育", "信息技术服务", "金融", "物业管理",
)
OWNERSHIP_WEIGHTS = (
    ("private", 70), ("foreign", 8), ("state", 5), ("institution", 5),
    ("government", 2), ("social", 4), ("individual", 6),
)
NO_UNION_REASONS = ("too_few", "unwilling", "preparing", "closed", "no_contact", "other")
COMPANY_SUFFIX = ("有限公司", "股份有限公司", "科技有限公司", "制造有限公司", "商贸有限公司", "服务有限公司")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass
class NodeRow:
    id: int
    path: str
    depth: int
    name: str
    level: str
    formation: str = ""
    founded_on: datetime.date | None = None
    numchild: int = 0
    employer_ids: list[int] = field(default_factory=list)
    parent: "NodeRow | None" = None
    # Area code and survey facts (seeding.facts).
    area_code: str = ""
    has_workers_congress: bool = False
    full_time_staff: int = 0
    part_time_staff: int = 0
    congress_delegates: int = 0
    worker_directors: int = 0
    worker_supervisors: int = 0


@dataclass
class EmployerRow:
    id: int
    name: str
    credit_code: str
    ownership: str
    industry: str
    node_id: int
    employees: int
    migrant_employees: int
    union_id: int | None
    no_union_reason: str = ""
    # The 四清 facts (seeding.facts).
    address: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    industry_section: str = ""
    industry_division: str = ""
    economic_type: str = ""
    size_class: str = ""
    above_designated_size: bool = False
    special_kind: str = ""


class DataSet:
    """The rows of one data set; members are produced lazily (millions of them)."""

    def __init__(self, spec: SeedSpec, seed: int = 1, first_id: int = 1, *,
                 root: NodeRow | None = None, first_person: int = 0):
        self.spec = spec
        self.seed = seed
        self.rng = random.Random(seed)
        self.next_id = first_id
        # The province data set (seeding.province) hangs each city under its province node and
        # numbers resident IDs on from the cities before.
        self.root = root
        self.first_person = first_person
        self.nodes: list[NodeRow] = []
        self.federations_below_city: list[NodeRow] = []
        self.grassroots: list[NodeRow] = []
        self.employers: list[EmployerRow] = []
        self.members_per_union: list[int] = []
        self.migrants_per_union: list[int] = []
        self._build_tree()
        self._build_employers()
        self._allocate_members()
        assign_facts(self)

    # -- the tree -----------------------------------------------------------------------
    def _new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def _child(self, parent: NodeRow | None, name: str, level: str, **extra) -> NodeRow:
        if parent is None:
            path, depth = Union._get_path(None, 1, len([n for n in self.nodes if n.depth == 1]) + 1), 1
        else:
            parent.numchild += 1
            depth = parent.depth + 1
            path = Union._get_path(parent.path, depth, parent.numchild)
        node = NodeRow(id=self._new_id(), path=path, depth=depth, name=name, level=level,
                       parent=parent, **extra)
        self.nodes.append(node)
        return node

    def _place_name(self) -> str:
        return "".join(self.rng.sample(PLACE, 2))

    def _build_tree(self) -> None:
        spec, rng = self.spec, self.rng
        city = self._child(self.root, spec.city_name, "city")
        hosts: list[NodeRow] = []
        for county_name in spec.county_names:
            county = self._child(city, county_name, "county")
            hosts.append(county)
            for _t in range(spec.townships_per_county):
                town = self._child(county, f"{self._place_name()}{rng.choice(TOWN_WORDS)}总工会", "township")
                hosts.append(town)
                for _v in range(spec.villages_per_township):
                    word = rng.choice(VILLAGE_WORDS)
                    village = self._child(town, f"{self._place_name()}{word}联合工会", "village")
                    hosts.append(village)
        self.federations_below_city = hosts
        level_weight = {"county": 1.0, "township": 4.0, "village": 1.2}
        weights = [level_weight[h.level] for h in hosts]
        for i in range(spec.unions):
            formation = "independent" if i < spec.unions_independent else "joint"
            parent = rng.choices(hosts, weights=weights)[0]
            founded = spec.as_of - datetime.timedelta(days=int(rng.triangular(0, 13_000, 2_000)))
            suffix = "工会委员会" if formation == "independent" else "联合工会委员会"
            union = self._child(parent, "", "grassroots", formation=formation, founded_on=founded)
            # Independent unions are renamed after their employer below; a joint one keeps
            # a place-and-trade name, as 村/市场/行业 joint unions are called.
            union.name = f"{self._place_name()}{rng.choice(INDUSTRIES)}{suffix}"
            self.grassroots.append(union)

    # -- employers ----------------------------------------------------------------------
    def _credit_code(self, employer_id: int) -> str:
        code, n = "", employer_id + self.seed * 7_000_003
        for _ in range(9):
            n, r = divmod(n, len(USCC_ALPHABET))
            code = USCC_ALPHABET[r] + code
        body = "91" + AREA_CODES[employer_id % 8] + code
        return body + ric_free_uscc_check(body)

    def _company_name(self) -> str:
        return f"{SURNAMES[self.rng.randrange(len(SURNAMES))]}{self._place_name()}{self.rng.choice(INDUSTRIES)}{self.rng.choice(COMPANY_SUFFIX)}"

    def _employer(self, node_id: int, union_id: int | None) -> EmployerRow:
        employer_id = self._new_id()
        owners, weights = zip(*OWNERSHIP_WEIGHTS)
        row = EmployerRow(
            id=employer_id, name=self._company_name(), credit_code=self._credit_code(employer_id),
            ownership=self.rng.choices(owners, weights=weights)[0],
            industry=self.rng.choice(INDUSTRIES), node_id=node_id, employees=0,
            migrant_employees=0, union_id=union_id,
        )
        self.employers.append(row)
        return row

    def _build_employers(self) -> None:
        spec, rng = self.spec, self.rng
        extra = spec.employers_covered - spec.unions_independent - 2 * spec.unions_joint
        if extra < 0:
            raise ValueError("too few covered employers for the unions")
        joint = self.grassroots[spec.unions_independent:]
        extra_per_joint = split_exact(extra, lognormal_weights(rng, len(joint), 0.8)) if joint else []
        for union in self.grassroots[: spec.unions_independent]:
            employer = self._employer(union.parent.id, union.id)
            union.employer_ids.append(employer.id)
            union.name = employer.name + "工会委员会"
        for union, more in zip(joint, extra_per_joint):
            for _ in range(2 + more):
                union.employer_ids.append(self._employer(union.parent.id, union.id).id)
        hosts = [h for h in self.federations_below_city if h.level != "county"] or self.federations_below_city
        for _ in range(spec.employers_uncovered):
            employer = self._employer(rng.choice(hosts).id, None)
            big = rng.random() < 0.3
            employer.employees = rng.randint(100, 900) if big else rng.randint(3, 99)
            employer.migrant_employees = int(employer.employees * rng.uniform(0.2, 0.7))
            employer.no_union_reason = rng.choice(NO_UNION_REASONS)

    # -- members ------------------------------------------------------------------------
    def _allocate_members(self) -> None:
        spec, rng = self.spec, self.rng
        weights = [
            rng.lognormvariate(0, 1.0) * (1 if u.formation == "independent" else len(u.employer_ids) * 0.5)
            for u in self.grassroots
        ]
        self.members_per_union = split_exact(spec.members, weights)
        migrant_weights = [n * rng.uniform(0.3, 1.7) for n in self.members_per_union]
        self.migrants_per_union = split_capped(spec.migrant_members, migrant_weights, self.members_per_union)
        by_id = {e.id: e for e in self.employers}
        self.employer_slices: list[list[tuple[int, int, int]]] = []
        for union, members, migrants in zip(self.grassroots, self.members_per_union, self.migrants_per_union):
            counts = split_exact(members, lognormal_weights(rng, len(union.employer_ids), 0.6)) if members else [0] * len(union.employer_ids)
            slices, start = [], 0
            for employer_id, count in zip(union.employer_ids, counts):
                end = start + count
                employer = by_id[employer_id]
                migrant_members = _bresenham(end, members, migrants) - _bresenham(start, members, migrants)
                employer.employees = count + int(count * rng.uniform(0.02, 0.25)) + rng.randint(0, 3)
                employer.migrant_employees = min(employer.employees, migrant_members + rng.randint(0, 2))
                slices.append((employer_id, start, end))
                start = end
            self.employer_slices.append(slices)

    def member_rows(self, *, as_text: bool = False) -> Iterator[tuple | str]:
        """Member rows (see rows.member_rows); ids follow the tree's and the employers'."""
        return member_rows(self, as_text=as_text)


def _bresenham(j: int, total: int, marked: int) -> int:
    """How many of the first j of `total` items are marked, spreading `marked` evenly."""
    return (j * marked) // total if total else 0


def ric_free_uscc_check(body: str) -> str:
    from stdnum.cn import uscc

    return uscc.calc_check_digit(body)
