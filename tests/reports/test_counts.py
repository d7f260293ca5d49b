"""The counters the services keep equal a fresh recount after every kind of change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from counting.figures import Figures
from counting.models import NodeCounts
from counting.recount import counts_rebuild
from members import services as member_services
from members.models import Member
from members.signals import members_added
from organizations import services as org_services
from organizations.lifecycle.ending import union_dissolve as dissolve_union
from organizations.models import Formation, Level, Union, UnionStatus
from reports.selectors import rollup_by_child
from tests import factories as f
from tests.reports.conftest import assert_counts_agree_with_recount

TODAY = timezone.localdate()


def _totals(node: Union) -> Figures:
    return sum(rollup_by_child(Union.objects.get(pk=node.pk)).values(), Figures())


def test_the_recount_builds_the_counters_of_a_factory_built_tree(counted):
    city = _totals(counted.city)
    assert (city.members, city.unions_independent, city.employers_covered) == (2, 2, 2)
    assert _totals(counted.county_a).members == 1


def test_member_create_counts_each_flag(counted, city_officer):
    member_services.member_create(
        union=counted.union_a, by=city_officer, name="王芳", joined_on=TODAY,
        resident_id=f.resident_id(female=True), is_migrant=True, new_form_category="courier",
        eight_group="courier",
    )
    assert_counts_agree_with_recount()
    a = _totals(counted.county_a)
    assert (a.members, a.members_female, a.members_migrant, a.members_new_form,
            a.members_eight_group, a.members_new) == (2, 1, 1, 1, 1, 1)


def test_member_update_moves_flags_and_gender(counted, city_officer):
    member = Member.objects.get(pk=counted.member_a.pk)
    member_services.member_update(
        member=member, by=city_officer, version=member.version, is_migrant=True,
        resident_id=f.resident_id(female=True), eight_group="carer", joined_on=TODAY,
    )
    assert_counts_agree_with_recount()
    a = _totals(counted.county_a)
    assert (a.members, a.members_female, a.members_migrant, a.members_eight_group) == (1, 1, 1, 1)


def test_member_leave_and_transfer(counted, city_officer):
    member = Member.objects.get(pk=counted.member_a.pk)
    moved = member_services.member_transfer(member=member, to_union=counted.union_b, by=city_officer)
    assert_counts_agree_with_recount()
    assert (_totals(counted.county_a).members, _totals(counted.county_b).members) == (0, 2)
    member_services.member_leave(member=moved, by=city_officer, version=moved.version)
    assert_counts_agree_with_recount()
    assert _totals(counted.city).members == 1


def test_employers_created_covered_uncovered_and_resized(counted, city_officer):
    one = org_services.employer_create(
        by=city_officer, name="丙公司", credit_code=f.credit_code(), ownership="private",
        node=counted.village_a, employees=150, migrant_employees=20,
    )
    two = org_services.employer_create(
        by=city_officer, name="丁公司", credit_code=f.credit_code(), ownership="private",
        node=counted.village_a, employees=30,
    )
    assert_counts_agree_with_recount()
    joint = org_services.union_create(
        parent=counted.village_a, level=Level.GRASSROOTS, by=city_officer, employers=[one, two],
        name="联合工会", formation=Formation.JOINT, founded_on=TODAY, status=UnionStatus.ACTIVE,
    )
    assert_counts_agree_with_recount()
    a = _totals(counted.county_a)
    assert (a.unions_joint, a.unions_new, a.employers_covered, a.employers_100_covered) == (1, 1, 3, 1)
    three = org_services.employer_create(
        by=city_officer, name="戊公司", credit_code=f.credit_code(), ownership="private",
        node=counted.township_a, employees=10,
    )
    org_services.union_update(union=joint, by=city_officer, version=None, employers=[two, three])
    assert_counts_agree_with_recount()
    assert (_totals(counted.county_a).employers_covered, _totals(counted.county_a).employers) == (3, 4)
    one.refresh_from_db()
    org_services.employer_update(employer=one, by=city_officer, version=None, employees=90,
                                 node=counted.township_a)
    assert_counts_agree_with_recount()
    assert _totals(counted.county_a).employers_100 == 0


def test_dissolving_a_union_uncovers_its_employers_in_the_figures(counted, city_officer):
    member_services.member_leave(member=counted.member_a, by=city_officer, version=None)
    union = Union.objects.get(pk=counted.union_a.pk)
    dissolve_union(union=union, by=city_officer, on=TODAY, reason="企业停产", release_employers=True)
    assert_counts_agree_with_recount()
    a = _totals(counted.county_a)
    assert (a.unions_independent, a.employers, a.employers_covered, a.members) == (0, 1, 0, 0)
    assert a.unionization_rate == 0.0


def test_the_status_is_not_an_editable_field(counted, city_officer):
    """注销 only through the dissolution (which checks members and employers), not an edit."""
    union = Union.objects.get(pk=counted.union_a.pk)
    org_services.union_update(union=union, by=city_officer, version=None, status=UnionStatus.DISSOLVED)
    assert Union.objects.get(pk=union.pk).status == UnionStatus.ACTIVE
    assert_counts_agree_with_recount()


def test_a_moved_subtree_takes_its_counters_along(counted):
    union = Union.objects.get(pk=counted.union_a.pk)
    Union.objects.move(union, Union.objects.get(pk=counted.county_b.pk), "last-child")
    assert_counts_agree_with_recount()
    assert (_totals(counted.county_a).members, _totals(counted.county_b).members) == (0, 2)
    assert _totals(counted.county_b).unions == 2


def test_the_bulk_hook_counts_an_imported_batch_in_a_few_queries(counted, django_assert_max_num_queries):
    rows = [f.member(counted.union_a, is_migrant=True, joined_on=datetime.date(2020, 1, 1))
            for _ in range(5)]  # inserted behind the services' back, as a bulk import does
    # The union's row (locked, updated) and the roll-ups' deltas (its ancestors, one insert).
    with django_assert_max_num_queries(4):
        members_added.send(sender=None, rows=rows)
    assert_counts_agree_with_recount()


def test_the_recount_reports_and_repairs_a_drifted_counter(counted):
    NodeCounts.objects.filter(pk=counted.union_a.pk).update(members=99, path="bogus")
    found = counts_rebuild(repair=True)
    assert {(d[1], d[2], d[3]) for d in found.differences} == {
        ("members", 99, 1), ("path", "bogus", counted.union_a.path)}
    assert found.repaired
    assert_counts_agree_with_recount()


def test_a_stale_month_of_new_members_reads_as_zero(counted):
    last_year = TODAY.replace(day=1) - datetime.timedelta(days=400)
    NodeCounts.objects.filter(pk=counted.union_a.pk).update(members_new=7, new_month=last_year)
    assert _totals(counted.city).members_new == 0
    assert_counts_agree_with_recount()


# Each rate with its numerator and denominator: (rate, part, whole).
RATES = [
    ("unionization_rate", "employers_covered", "employers"),
    ("membership_rate", "members", "employees"),
    ("unionization_rate_100", "employers_100_covered", "employers_100"),
]


@pytest.mark.parametrize("rate, part, whole", RATES)
def test_a_rate_is_none_without_a_denominator_and_a_percentage_with_one(rate, part, whole):
    assert getattr(Figures(), rate) is None
    assert getattr(Figures(**{part: 3}), rate) is None  # a part of nothing is no rate at all
    assert getattr(Figures(**{whole: 4}), rate) == 0.0
    assert getattr(Figures(**{part: 3, whole: 4}), rate) == 75.0
