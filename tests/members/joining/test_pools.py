"""兜底入会: a federation's pool is a joint grassroots union; its members are members, counted
in the federation's figures and shown apart; a bulk move takes them into a new union."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from members.joining import pools, selectors, services
from members.joining.models import Pool
from members.lifecycle import member_leave
from members.models import Member, MemberStatus
from organizations.models import Formation, Level, Union, UnionStatus
from reports.selectors import dashboard_get
from tests import factories as f
from tests.members.joining.support import apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(tree, editor_a):
    return pools.pool_open(federation=tree.township_a, by=editor_a)


def _admit(pool, editor, n=2):
    members = []
    for i in range(n):
        app = apply(pool.union, name=f"骑手{i}", employer_name="某外卖平台",
                    new_form_category="rider", eight_group="rider")
        members.append(services.application_approve(application=app, by=editor).member)
    return members


def test_a_pool_is_a_joint_grassroots_union_under_the_federation(pool, tree):
    union = pool.union
    assert union.name == "甲街道新就业形态劳动者会员池"
    assert (union.level, union.formation, union.status) == (
        Level.GRASSROOTS, Formation.JOINT, UnionStatus.ACTIVE)
    assert Union.objects.get_parent(union) == tree.township_a and pool.federation == tree.township_a
    assert pools.is_pool(union) and not pools.is_pool(tree.union_a)
    assert services.link_by_token(services.link_of(union).token) is not None


def test_a_pool_is_opened_by_a_county_township_or_village_only(tree, city_officer, editor_a):
    with pytest.raises(ValidationError):
        pools.pool_open(federation=tree.city, by=city_officer)
    with pytest.raises(ValidationError):
        pools.pool_open(federation=tree.union_a, by=editor_a)
    with pytest.raises(Http404):
        pools.pool_open(federation=tree.county_b, by=editor_a)


def test_pool_members_count_in_the_federations_figures_and_apart(pool, tree, editor_a):
    before = dashboard_get(user=editor_a, node=tree.township_a).totals
    members = _admit(pool, editor_a, n=2)
    assert all(m.card_no and m.union == pool.union for m in members)
    after = dashboard_get(user=editor_a, node=tree.township_a).totals
    assert after.members == before.members + 2
    assert after.members_new_form == before.members_new_form + 2
    assert selectors.pool_member_count(user=editor_a, node=tree.township_a) == 2
    assert selectors.pool_member_count(user=editor_a, node=tree.county_a) == 2
    assert selectors.joining_tile(user=editor_a, node=tree.county_a).pool_members == 2


def test_the_dashboard_shows_pool_members_apart(client_for, pool, tree, editor_a):
    _admit(pool, editor_a, n=3)
    text = client_for(editor_a).get(reverse("reports_dashboard")).content.decode()
    assert '<span id="pool-members">3</span>' in text


def test_moving_pool_members_into_a_new_union_is_one_bulk_action(pool, tree, editor_a):
    members = _admit(pool, editor_a, n=3)
    new_union = f.node(tree.township_a, Level.GRASSROOTS, "某外卖站点联合工会",
                       formation=Formation.JOINT)
    moved = pools.pool_move(pool=pool, to_union=new_union, members=members[:2], by=editor_a)
    assert [m.union for m in moved] == [new_union, new_union]
    assert [m.card_no for m in moved] == [m.card_no for m in members[:2]]
    assert selectors.pool_members(pool=pool).count() == 1
    assert Member.objects.filter(union=new_union, status=MemberStatus.ACTIVE).count() == 2


def test_a_bulk_move_refuses_members_not_in_the_pool(pool, tree, editor_a):
    members = _admit(pool, editor_a, n=2)
    new_union = f.node(tree.township_a, Level.GRASSROOTS, "新工会", formation=Formation.JOINT)
    with pytest.raises(ValidationError):
        pools.pool_move(pool=pool, to_union=new_union, members=[*members, tree.member_a],
                        by=editor_a)
    assert selectors.pool_members(pool=pool).count() == 2
    assert not Member.objects.filter(union=new_union).exists()


def test_a_bulk_move_that_fails_half_way_moves_no_one(pool, tree, editor_a):
    """One transaction: the second member left meanwhile (the page was stale), so the first
    member's move is undone too."""
    first, second = _admit(pool, editor_a, n=2)
    stale = Member.objects.get(pk=second.pk)
    member_leave(member=second, by=editor_a, version=second.version)
    new_union = f.node(tree.township_a, Level.GRASSROOTS, "新工会", formation=Formation.JOINT)
    with pytest.raises(ValidationError):
        pools.pool_move(pool=pool, to_union=new_union, members=[first, stale], by=editor_a)
    first.refresh_from_db()
    assert (first.union, first.status) == (pool.union, MemberStatus.ACTIVE)
    assert not Member.objects.filter(union=new_union).exists()


def test_a_move_into_another_pool_or_outside_the_area_is_refused(pool, tree, editor_a):
    members = _admit(pool, editor_a, n=1)
    other = pools.pool_open(federation=tree.village_a, by=editor_a)
    with pytest.raises(ValidationError):
        pools.pool_move(pool=pool, to_union=other.union, members=members, by=editor_a)
    with pytest.raises(Http404):
        pools.pool_move(pool=pool, to_union=tree.union_b, members=members, by=editor_a)


def test_the_pool_pages_move_members(client_for, pool, tree, editor_a):
    members = _admit(pool, editor_a, n=2)
    new_union = f.node(tree.township_a, Level.GRASSROOTS, "站点工会", formation=Formation.JOINT)
    c = client_for(editor_a)
    page = c.get(reverse("joining_pool", args=[pool.pk]), {"q": "站点"}).content.decode()
    assert f"?to={new_union.pk}" in page
    page = c.get(reverse("joining_pool", args=[pool.pk]), {"to": new_union.pk}).content.decode()
    assert 'name="members"' in page
    response = c.post(reverse("joining_pool_move", args=[pool.pk]), {
        "to_union": new_union.pk, "members": [m.pk for m in members], "on": ""})
    assert response.status_code == 302
    assert Member.objects.filter(union=new_union, status=MemberStatus.ACTIVE).count() == 2


def test_opening_a_pool_from_its_page(client_for, tree, editor_a):
    c = client_for(editor_a)
    page = c.get(reverse("joining_pool_new"), {"q": "甲街道"}).content.decode()
    assert "甲街道新就业形态劳动者会员池" in page
    response = c.post(reverse("joining_pool_new"), {"federation": tree.township_a.pk, "name": ""})
    pool = Pool.objects.get()
    assert response.url == reverse("joining_pool", args=[pool.pk])


def test_pool_pages_are_404_outside_the_area(client_for, tree, city_officer, editor_a):
    pool_b = pools.pool_open(federation=tree.county_b, by=city_officer)
    c = client_for(editor_a)
    assert c.get(reverse("joining_pool", args=[pool_b.pk])).status_code == 404
    assert c.post(reverse("joining_pool_move", args=[pool_b.pk]), {}).status_code == 404
    assert c.post(reverse("joining_pool_new"), {"federation": tree.county_b.pk}).status_code == 404
    assert Pool.objects.count() == 1
    assert pool_b.union.name not in c.get(reverse("joining_index")).content.decode()
