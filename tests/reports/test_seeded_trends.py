"""The seeded data sets look real: joins follow the seasons (a Spring Festival dip, campaign
months up), the totals stay the published ones, and employers are named like real firms."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

import pytest

from counting.figures import Figures
from organizations.models import Employer, Union
from reports.models import MonthlySnapshot
from reports.selectors import rollup_by_child
from seeding.companies import place_stem
from seeding.generate import DataSet
from seeding.load import MEMBER_COLUMNS, load
from seeding.spec import DEMO


@pytest.fixture(scope="module")
def demo():
    return DataSet(DEMO, seed=1)


def _joins_by_month(data) -> Counter:
    joined = MEMBER_COLUMNS.index("joined_on")
    return Counter(row[joined].strftime("%Y-%m") for row in data.member_rows())


def test_joins_dip_at_the_spring_festival_and_rise_in_campaign_months(demo):
    joins = _joins_by_month(demo)
    for year in (2024, 2025, 2026):
        assert joins[f"{year}-02"] < joins[f"{year}-01"] < joins[f"{year}-03"]
        assert joins[f"{year}-03"] > 2 * joins[f"{year}-04"]
        assert joins[f"{year}-10"] > joins[f"{year}-09"]
    assert sum(joins.values()) == DEMO.members  # the published total, untouched


def test_the_seeded_trend_is_not_a_straight_line_and_ends_at_the_totals(db):
    spec = DEMO.scaled(0.05)
    load(DataSet(spec, seed=7))
    city = Union.objects.get_first_root_node()
    totals = sum(rollup_by_child(city).values(), Figures())
    assert totals.members == spec.members
    trend = list(MonthlySnapshot.objects.filter(node=city).order_by("month"))
    steps = [b.members - a.members for a, b in pairwise(trend)]
    assert len(set(steps)) > len(steps) // 2, steps  # month-to-month changes differ
    assert max(steps) > 2 * max(1, min(steps)), steps
    assert all(s.members <= spec.members for s in trend)


def test_employers_are_named_place_brand_trade_form(demo):
    city = place_stem(demo.nodes[0].name)
    firms = [e for e in demo.employers if e.ownership == "private" and e.economic_type == "170"]
    form = re.compile(rf"^(.+?)(..)({'|'.join(re.escape(e.industry) for e in firms)})有限公司$")
    assert all(form.match(e.name) for e in firms), [
        e.name for e in firms if not form.match(e.name)
    ][:5]
    assert sum(e.name.startswith(city) for e in firms) > len(firms) // 3
    assert len({e.name for e in demo.employers}) > 0.98 * len(demo.employers)
    independent = demo.grassroots[: DEMO.unions_independent]
    by_id = {e.id: e for e in demo.employers}
    assert all(u.name == by_id[u.employer_ids[0]].name + "工会委员会" for u in independent)


def test_the_seeded_names_reach_the_database(db):
    load(DataSet(DEMO.scaled(0.05), seed=7))
    assert Employer.objects.filter(name__endswith="有限公司").exists()
    assert not Employer.objects.filter(name__regex=r"^[王李张刘陈].{2}(纺织服装|物联网)").exists()
