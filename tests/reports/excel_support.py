"""Shared fixtures of the report tests (not a test module)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from counting.recount import counts_rebuild
from organizations.models import Formation, Level, NoUnionReason
from reports.selectors import month_start
from reports.services import snapshots_backfill
from tests import factories as f


@pytest.fixture
def month() -> datetime.date:
    return month_start(timezone.localdate())


@pytest.fixture
def busy_city(tree, month):
    """The shared city with some life this month: a new union, new members, a large
    employer without a union, and a formula-like name."""
    today = timezone.localdate()
    new_union = f.node(
        tree.county_b,
        Level.GRASSROOTS,
        "=新成立联合工会",
        formation=Formation.JOINT,
        founded_on=today,
    )
    f.employer(tree.county_b, union=new_union, employees=120, migrant_employees=30)
    for n in range(3):
        f.member(new_union, joined_on=today, is_migrant=n != 0, new_form_category="courier")
    f.member(
        tree.union_a,
        joined_on=today,
        eight_group="security",
        resident_id=f.resident_id(female=True),
    )
    f.employer(
        tree.township_a,
        employees=300,
        name="大厂未建会",
        no_union_reason=NoUnionReason.EMPLOYER_UNWILLING,
    )
    counts_rebuild(repair=True)
    snapshots_backfill(months=2, until=month)  # last month and this one, for the trend
    return tree
