"""The `province` data set (bench-scale): ten cities shaped like `city` under one province node.

Each city is the city data set's generator (seeding.generate.DataSet) run with its own seed and
name, hung under the province node; ids continue from one city to the next (so credit codes,
which derive from the employer id, and card numbers, from the union id, stay unique), and so do
the resident IDs (each city's `first_person` starts after the members of the cities before).
The result quacks like a DataSet for seeding.load: about 26.7 million members in one COPY.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

from organizations.models import Union
from seeding.generate import DataSet, NodeRow
from seeding.spec import CITY, SeedSpec

PROVINCE_NAME = "江苏省总工会"
CITY_NAMES = (
    "无锡市总工会",
    "苏州市总工会",
    "常州市总工会",
    "南通市总工会",
    "扬州市总工会",
    "镇江市总工会",
    "泰州市总工会",
    "盐城市总工会",
    "淮安市总工会",
    "徐州市总工会",
)


class ProvinceDataSet:
    """The rows of the province: its node, then each city's DataSet in turn."""

    def __init__(self, *, seed: int = 1, first_id: int = 1, scale: float = 1.0, cities: int = 10):
        city_spec = CITY.scaled(scale)
        self.spec: SeedSpec = replace(city_spec, name="province", city_name=PROVINCE_NAME)
        self.seed = seed
        self.root = NodeRow(
            id=first_id,
            path=Union._get_path(None, 1, 1),
            depth=1,
            name=PROVINCE_NAME,
            level="province",
        )
        self.cities: list[DataSet] = []
        next_id, person = first_id + 1, 0
        for index, name in enumerate(CITY_NAMES[:cities]):
            city = DataSet(
                replace(city_spec, city_name=name),
                seed=seed * 1_000 + index,
                first_id=next_id,
                root=self.root,
                first_person=person,
            )
            self.cities.append(city)
            next_id = city.next_id + city_spec.members  # member ids follow the employers'
            person += city_spec.members
        self.next_id = next_id
        self.nodes = [self.root, *(n for c in self.cities for n in c.nodes)]
        self.grassroots = [u for c in self.cities for u in c.grassroots]
        self.members_per_union = [m for c in self.cities for m in c.members_per_union]
        self.federations_below_city = [f for c in self.cities for f in c.federations_below_city]

    @property
    def employers(self) -> Iterator:
        return itertools.chain.from_iterable(c.employers for c in self.cities)

    def member_rows(self, *, as_text: bool = False) -> Iterator[tuple | str]:
        return itertools.chain.from_iterable(c.member_rows(as_text=as_text) for c in self.cities)
