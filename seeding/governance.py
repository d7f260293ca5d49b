"""The demo's committees, chair stipends, 职工之家 ratings and service sites (a few hundred rows).

Deterministic like the rest of the data set; written as plain rows, officers' IDs through
governance.officer_ids (the one place that touches that column). The demo only: the benchmark's
city has no use for them.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from governance.models import (
    ChairStipend,
    Committee,
    Election,
    HomeRating,
    Officer,
    OfficerRole,
    ServiceSite,
    SiteKind,
)
from governance.officer_ids import officer_id_set
from governance.terms import add_years
from seeding.generate import DataSet
from seeding.names import GIVEN, SURNAMES
from seeding.rows import resident_id

OFFICER_ID_BASE = 50_000_000  # far above the members' numbers: officers' IDs do not collide
COMMITTEES = 120  # grassroots unions given a committee
LEVELS = ("qualified", "advanced", "model")
BODIES = ("county", "city", "province", "national")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def seed_governance(data: DataSet) -> None:
    if data.spec.name != "demo":
        return
    rng = random.Random(data.seed * 7_919 + 18)
    as_of = data.spec.as_of
    unions = data.grassroots[:COMMITTEES]
    officers = _committees(rng, unions, as_of)
    Officer.objects.bulk_create(officers)
    chairs = [o for o in officers if o.role == OfficerRole.CHAIR][:46]
    ChairStipend.objects.bulk_create(_stipends(rng, chairs, as_of))
    HomeRating.objects.bulk_create(_ratings(rng, unions, as_of))
    ServiceSite.objects.bulk_create(_sites(rng, data))


def _committees(rng, unions, as_of) -> list[Officer]:
    officers: list[Officer] = []
    for index, node in enumerate(unions):
        years = 5 if index % 4 else 3
        # Spread the terms so that some are overdue, some due soon, most running.
        start = as_of - datetime.timedelta(days=rng.randint(30, years * 365 + 200))
        committee = Committee.objects.create(
            union_id=node.id, term_years=years, term_start=start,
            term_end=add_years(start, years))
        Election.objects.create(union_id=node.id, held_on=start, committee=committee)
        for slot, role in enumerate((OfficerRole.CHAIR, OfficerRole.VICE_CHAIR,
                                     OfficerRole.MEMBER, OfficerRole.WOMEN_CHAIR)):
            officer = Officer(committee=committee, role=role, name=_name(rng),
                              phone=f"139{rng.randrange(10**8):08d}", full_time=slot == 0
                              and index % 5 == 0, start_on=start)
            officer_id_set(officer, resident_id(OFFICER_ID_BASE + index * 4 + slot)[0])
            officers.append(officer)
    return officers


def _stipends(rng, chairs: list[Officer], as_of) -> list[ChairStipend]:
    """Like Liangjiang's: 46 chairs of small non-state enterprises, paid by the federation."""
    rows = []
    for chair in chairs:
        for quarter in range(4):
            start = datetime.date(as_of.year - 1, quarter * 3 + 1, 1)
            end = datetime.date(as_of.year - 1, quarter * 3 + 3, 28)
            rows.append(ChairStipend(
                officer=chair, union_id=chair.committee.union_id, amount=Decimal(rng.choice(
                    (600, 750, 900))), period_start=start, period_end=end,
                paid_on=end + datetime.timedelta(days=10), source="federation"))
    return rows


def _ratings(rng, unions, as_of) -> list[HomeRating]:
    rows = []
    for index, node in enumerate(unions[::2]):
        year = as_of.year - 1 - index % 3
        level = LEVELS[min(index % 7, 2)]
        body = BODIES[min(index % 9 // 3, 3)]
        rows.append(HomeRating(union_id=node.id, year=year, level=level, awarding_body=body,
                               document_number=f"示工发〔{year}〕{10 + index}号",
                               next_review_on=datetime.date(year + 3, 6, 30)))
    return rows


def _sites(rng, data: DataSet) -> list[ServiceSite]:
    rows = []
    for fed in data.federations_below_city:
        if fed.level == "county":
            rows.append(ServiceSite(node_id=fed.id, name=f"{fed.name}职工服务中心",
                                    kind=SiteKind.SERVICE_CENTER, address=f"{fed.name[:3]}人民路1号",
                                    opening_hours="9:00-17:00", area_m2=Decimal(rng.randint(300, 1200))))
        elif fed.level == "township":
            rows.append(ServiceSite(node_id=fed.id, name=f"{fed.name[:-3]}工会驿站",
                                    kind=SiteKind.STATION, address=f"{fed.name[:4]}服务中心一楼",
                                    opening_hours="8:00-20:00", area_m2=Decimal(rng.randint(15, 60))))
    return rows
