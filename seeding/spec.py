"""The sizes of the deterministic data sets (DESIGN.md §5)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class SeedSpec:
    name: str
    city_name: str
    county_names: tuple[str, ...]
    townships_per_county: int
    villages_per_township: int
    unions_independent: int
    unions_joint: int
    employers_covered: int
    employers_uncovered: int
    members: int
    migrant_members: int
    as_of: datetime.date = datetime.date(2026, 10, 31)

    @property
    def unions(self) -> int:
        return self.unions_independent + self.unions_joint

    def scaled(self, factor: float) -> "SeedSpec":
        """The same shape at a fraction of the size; joint unions keep two employers each."""
        if factor >= 1:
            return self

        def part(n: int, minimum: int = 1) -> int:
            return max(minimum, round(n * factor))

        joint = part(self.unions_joint)
        independent = part(self.unions_independent)
        covered = max(part(self.employers_covered), independent + 2 * joint)
        members = part(self.members, minimum=self.unions * 0 + independent + joint)
        return replace(
            self,
            townships_per_county=max(1, min(self.townships_per_county, part(self.townships_per_county * 4))),
            villages_per_township=max(1, min(self.villages_per_township, part(self.villages_per_township * 4))),
            unions_independent=independent,
            unions_joint=joint,
            employers_covered=covered,
            employers_uncovered=part(self.employers_uncovered),
            members=members,
            migrant_members=min(members, part(self.migrant_members)),
        )


# About the size of Chongqing's Liangjiang New Area: 556 grassroots unions, 74,619 members.
DEMO = SeedSpec(
    name="demo",
    city_name="示范市总工会",
    county_names=("东湖区总工会", "西山区总工会", "南港县总工会"),
    townships_per_county=5,
    villages_per_township=4,
    unions_independent=500,
    unions_joint=56,
    employers_covered=820,
    employers_uncovered=240,
    members=74_619,
    migrant_members=39_210,
)

# Wuxi's published figures: these totals must show exactly on the dashboard.
CITY = SeedSpec(
    name="city",
    city_name="无锡市总工会",
    county_names=(
        "梁溪区总工会", "锡山区总工会", "惠山区总工会", "滨湖区总工会", "新吴区总工会",
        "经开区总工会", "江阴市总工会", "宜兴市总工会", "锡东新城总工会",
    ),
    townships_per_county=9,
    villages_per_township=12,
    unions_independent=12_980,
    unions_joint=1_348,
    employers_covered=66_312,
    employers_uncovered=9_800,
    members=2_667_000,
    migrant_members=1_412_000,
)

SPECS = {"demo": DEMO, "city": CITY}
