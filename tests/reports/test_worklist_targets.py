"""Yearly targets: set by the parent only; progress against a recount from the raw rows."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from members.models import Member
from organizations.models import Level, Union
from reports.services import snapshots_write
from reports.worklist.models import Target
from reports.worklist.targets import target_progress
from tests import factories as f


def test_the_parent_sets_its_childrens_targets(client_for, city_officer, counted):
    year = timezone.localdate().year
    url = reverse("reports_targets", args=[counted.city.pk])
    data = {"year": year, f"unions_{counted.county_a.pk}": 12, f"members_{counted.county_a.pk}": 900}
    assert client_for(city_officer).post(url, data).status_code == 302
    target = Target.objects.get(node=counted.county_a, year=year)
    assert (target.new_unions, target.new_members) == (12, 900)


def test_a_child_cannot_set_its_own_target(client_for, editor_a, viewer_a, counted):
    data = {f"unions_{counted.county_a.pk}": 99}
    assert client_for(editor_a).post(reverse("reports_targets", args=[counted.city.pk]),
                                     data).status_code == 404
    # Its own form lists its children, never itself: the posted field is not even read.
    client_for(editor_a).post(reverse("reports_targets", args=[counted.county_a.pk]), data)
    assert not Target.objects.filter(node=counted.county_a).exists()
    assert client_for(viewer_a).post(reverse("reports_targets", args=[counted.township_a.pk]),
                                     {}).status_code == 403


def test_progress_agrees_with_a_recount_from_raw_rows(counted, city_officer):
    today = timezone.localdate()
    year = today.year
    jan = datetime.date(year, 1, 10)
    new_union = f.node(counted.township_a, Level.GRASSROOTS, "今年工会", status="active",
                       founded_on=jan)
    f.member(new_union, joined_on=jan)
    f.member(counted.union_b, joined_on=today)
    f.member(counted.union_b, joined_on=datetime.date(year - 1, 6, 1))
    from counting.recount import counts_rebuild
    counts_rebuild(repair=True)
    if today.month > 1:
        snapshots_write(first=datetime.date(year, 1, 1), last=datetime.date(year, today.month - 1, 1))
    progress = target_progress(user=city_officer, node=counted.city, year=year, today=today)
    got = {row.node.pk: (row.unions_done, row.members_done) for row in progress.rows}
    for county in (counted.county_a, counted.county_b):
        unions = Union.objects.filter(path__startswith=county.path, level=Level.GRASSROOTS,
                                      status="active", founded_on__year=year).count()
        members = Member.objects.filter(union__path__startswith=county.path, status="active",
                                        joined_on__year=year, joined_on__lte=today).count()
        assert got[county.pk] == (unions, members)
    assert got[counted.county_a.pk][0] == 1 and got[counted.county_b.pk][1] == 1
