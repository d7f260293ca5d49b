"""Bulk reads for other systems: cursor pages per node with `updated_since`, and statistics
per node and month."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from counting.figures import Figures
from counting.months import month_start, previous_month
from members.models import Member
from organizations.models import Employer
from reports.models import MonthlySnapshot
from tests import factories as f


def _all_ids(api, url, params) -> list[int]:
    ids, page = [], api.get(url, params).json()
    while True:
        ids += [row["id"] for row in page["results"]]
        if not page["next"]:
            return ids
        page = api.get(page["next"]).json()


@pytest.mark.parametrize("name, model, make", [
    ("member-list", Member, lambda t: f.member(t.union_a)),
    ("employer-list", Employer, lambda t: f.employer(t.township_a)),
])
def test_updated_since_pages_only_what_changed(api_for, city_officer, tree, name, model, make):
    api = api_for(city_officer)
    extra = [make(tree) for _ in range(7)]
    old = timezone.now() - datetime.timedelta(days=3)
    model.objects.exclude(pk__in=[e.pk for e in extra[:3]]).update(updated_at=old)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    ids = _all_ids(api, reverse(name), {"updated_since": since, "page_size": 2})
    assert ids == sorted(e.pk for e in extra[:3])
    assert len(_all_ids(api, reverse(name), {"page_size": 2})) == model.objects.count()


def test_bad_updated_since_is_400(api_for, editor_a, tree):
    assert api_for(editor_a).get(reverse("member-list"), {"updated_since": "yesterday"}).status_code == 400


def test_within_selects_a_subtree(api_for, city_officer, tree):
    api = api_for(city_officer)
    rows = api.get(reverse("member-list"), {"within": tree.county_b.pk}).json()["results"]
    assert [r["id"] for r in rows] == [tree.member_b.pk]
    rows = api.get(reverse("employer-list"), {"within": tree.county_a.pk}).json()["results"]
    assert [r["id"] for r in rows] == [tree.employer_a.pk]


@pytest.mark.parametrize("name", ["member-list", "employer-list"])
def test_within_outside_the_scope_answers_like_an_unknown_node(api_for, editor_a, tree, name):
    api = api_for(editor_a)
    outside = api.get(reverse(name), {"within": tree.county_b.pk})
    unknown = api.get(reverse(name), {"within": 987654321})
    assert outside.status_code == unknown.status_code == 400
    assert outside.content.replace(str(tree.county_b.pk).encode(), b"N") == \
        unknown.content.replace(b"987654321", b"N")


def test_page_size_is_bounded(api_for, city_officer, tree):
    for _ in range(3):
        f.member(tree.union_a)
    rows = api_for(city_officer).get(reverse("member-list"), {"page_size": 100000}).json()["results"]
    assert len(rows) == 5  # all of them, within the 500 cap


def test_live_stats_are_the_dashboards_figures(api_for, editor_a, tree):
    from reports.selectors import dashboard_get

    data = api_for(editor_a).get(reverse("api-stats")).json()
    dash = dashboard_get(user=editor_a, node=tree.county_a)
    assert data["source"] == "live" and data["node"]["id"] == tree.county_a.pk
    assert data["month"] == f"{month_start(timezone.localdate()):%Y-%m}"
    assert {k: data["node"]["figures"][k] for k in dash.totals.as_dict()} == dash.totals.as_dict()
    assert {c["id"] for c in data["children"]} == {tree.township_a.pk}


def test_past_month_comes_from_the_snapshot(api_for, editor_a, tree):
    month = previous_month(month_start(timezone.localdate()))
    MonthlySnapshot.objects.create(node=tree.county_a, month=month, members=123, employers=4,
                                   employers_covered=1)
    MonthlySnapshot.objects.create(node=tree.township_a, month=month, members=100)
    data = api_for(editor_a).get(reverse("api-stats-node", args=[tree.county_a.pk]),
                                 {"month": f"{month:%Y-%m}"}).json()
    assert data["source"] == "snapshot"
    assert data["node"]["figures"]["unionization_rate"] == Figures(employers=4, employers_covered=1).unionization_rate
    assert [c["figures"]["members"] for c in data["children"]] == [100]


@pytest.mark.parametrize("month, code", [("2019-01", 404), ("2099-01", 400), ("13-2020", 400)])
def test_months_without_figures(api_for, editor_a, tree, month, code):
    response = api_for(editor_a).get(reverse("api-stats"), {"month": month})
    assert response.status_code == code
