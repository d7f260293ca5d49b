"""The subtree roll-ups (counting.rollup): exact through folds and months, read per child."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from counting.figures import Figures
from counting.models import NodeCounts, SubtreeDelta, SubtreeTotals
from counting.months import month_start
from counting.recount import counts_rebuild
from counting.rollup import subtree_figures, totals_fold
from members import services as member_services
from organizations.models import Formation, Level, Union
from reports.selectors import rollup_by_child
from tests import factories as f
from tests.reports.conftest import assert_counts_agree_with_recount

TODAY = timezone.localdate()
MONTH = month_start(TODAY)


def _figures(node) -> Figures:
    return subtree_figures([node.pk], month=MONTH).get(node.pk, Figures())


def _join(union, by, **extra):
    return member_services.member_create(
        union=union, by=by, name="王芳", joined_on=TODAY, resident_id=f.resident_id(), **extra
    )


def test_a_member_insert_writes_deltas_for_each_ancestor_and_no_total(counted, city_officer):
    folded = list(SubtreeTotals.objects.order_by("pk").values_list())
    SubtreeDelta.objects.all().delete()
    _join(counted.union_a, city_officer)
    # union_a, its township, its county, the city: inserted rows; no one's total row updated.
    assert set(SubtreeDelta.objects.values_list("node_id", flat=True)) == {
        counted.union_a.pk,
        counted.township_a.pk,
        counted.county_a.pk,
        counted.city.pk,
    }
    assert list(SubtreeTotals.objects.order_by("pk").values_list()) == folded
    assert _figures(counted.city).members == 3


def test_a_fold_keeps_every_figure_and_empties_the_ledger(counted, city_officer):
    _join(counted.union_a, city_officer, is_migrant=True)
    nodes = list(Union.objects.all())
    before = {n.pk: _figures(n) for n in nodes}
    assert totals_fold() > 0
    assert not SubtreeDelta.objects.exists()
    assert {n.pk: _figures(n) for n in nodes} == before
    assert before[counted.city.pk].members_new == 1
    assert_counts_agree_with_recount()


def test_new_members_of_an_earlier_month_read_as_zero_folded_or_not(counted, city_officer):
    _join(counted.union_a, city_officer)
    next_month = (MONTH + datetime.timedelta(days=32)).replace(day=1)
    assert subtree_figures([counted.city.pk], month=MONTH)[counted.city.pk].members_new == 1
    assert subtree_figures([counted.city.pk], month=next_month)[counted.city.pk].members_new == 0
    totals_fold()
    later = subtree_figures([counted.city.pk], month=next_month)[counted.city.pk]
    assert (later.members_new, later.members) == (0, 3)


def test_the_dashboard_reads_one_row_per_child_not_per_union(counted, city_officer):
    for i in range(30):  # thirty more unions under county A: the city's read must not grow
        f.node(counted.township_a, Level.GRASSROOTS, f"工会{i}", formation=Formation.INDEPENDENT)
    counts_rebuild(repair=True)
    totals_fold()
    city = Union.objects.get(pk=counted.city.pk)
    with CaptureQueriesContext(connection) as queries:
        groups = rollup_by_child(city)
    rollup_sql = [q["sql"] for q in queries if "subtree" in q["sql"]]
    assert len(rollup_sql) == 1 and NodeCounts._meta.db_table not in rollup_sql[0]
    assert sum(groups.values(), Figures()).unions_independent == 32
    # Read back: the rows summed are the city's and its two counties' (not 32 unions').
    rows = SubtreeTotals.objects.filter(node__in=[counted.city, counted.county_a, counted.county_b])
    assert rows.count() == 3


def test_the_recount_finds_and_repairs_a_drifted_rollup(counted):
    SubtreeTotals.objects.filter(pk=counted.county_a.pk).update(members=99)
    found = counts_rebuild(repair=True)
    assert ("subtree.members", 99, 1) in {
        d[1:] for d in found.differences if d[0] == counted.county_a.pk
    }
    assert _figures(counted.county_a).members == 1
    assert_counts_agree_with_recount()


def test_a_move_carries_the_subtree_figures_to_the_new_ancestors(counted, city_officer):
    _join(counted.union_a, city_officer)
    totals_fold()
    Union.objects.move(
        Union.objects.get(pk=counted.township_a.pk),
        Union.objects.get(pk=counted.county_b.pk),
        "last-child",
    )
    assert (_figures(counted.county_a).members, _figures(counted.county_b).members) == (0, 3)
    assert _figures(counted.township_a).members == 2
    assert _figures(counted.city).members == 3
    assert_counts_agree_with_recount()
