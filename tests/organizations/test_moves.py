"""组织关系转入/转出 and mergers: counters and future snapshots follow; past snapshots do not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from counting.figures import FIGURE_FIELDS
from counting.months import previous_month
from members.models import Member, MemberStatus
from members.union_merge.services import union_merge
from organizations.lifecycle.moves import union_move
from organizations.models import Employer, Formation, Level, Role, Union, UnionStatus
from reports.models import MonthlySnapshot
from reports.services import snapshot_month
from tests import factories as f
from tests.organizations.test_founding import _totals
from tests.reports.conftest import assert_counts_agree_with_recount

TODAY = timezone.localdate()


def _parent(union: Union) -> Union:
    return Union.objects.get(path=Union.objects.get(pk=union.pk).path[: -Union.steplen])


def _snapshot_rows() -> list[tuple]:
    return list(MonthlySnapshot.objects.order_by("node_id", "month")
                .values_list("node_id", "month", "path", *FIGURE_FIELDS))


def _version(union: Union) -> int:
    return Union.objects.get(pk=union.pk).version


def test_a_union_moves_within_the_editors_scope(counted, editor_a, city_officer):
    snapshot_month(month=previous_month(TODAY))
    past = _snapshot_rows()
    moved = union_move(union=counted.union_a, to_parent=counted.village_a, by=editor_a)
    assert _parent(moved) == counted.village_a
    assert_counts_agree_with_recount()
    union_move(union=moved, to_parent=counted.county_b, by=city_officer)  # across counties
    assert _parent(counted.union_a) == counted.county_b
    assert_counts_agree_with_recount()
    assert (_totals(counted.county_a).members, _totals(counted.county_b).members) == (0, 2)
    assert _snapshot_rows() == past  # the past month stays as it stood


def test_moving_outside_the_scope_is_404_and_tiers_hold(counted, editor_a, city_officer):
    with pytest.raises(Http404):  # county B is outside county A's editor's scope
        union_move(union=counted.union_a, to_parent=counted.county_b, by=editor_a)
    with pytest.raises(ValidationError):  # a grassroots union never hangs under the city
        union_move(union=counted.union_a, to_parent=counted.city, by=city_officer)
    assert _parent(counted.union_a) == counted.township_a


def test_a_move_is_in_the_unions_history(client_for, counted, editor_a):
    union_move(union=counted.union_a, to_parent=counted.village_a, by=editor_a)
    page = client_for(editor_a).get(reverse("union_life", args=[counted.union_a.pk]))
    entry = page.context["timeline"][0]
    assert entry.who == "editor_a"
    assert [(c.before, c.after) for c in entry.changes if c.label == "上级组织"] == [
        (counted.township_a.name, counted.village_a.name)]


def test_the_move_page_offers_only_federations_in_scope(client_for, counted, editor_a):
    client = client_for(editor_a)
    page = client.get(reverse("union_move", args=[counted.union_a.pk]))
    offered = set(page.context["form"].fields["to_parent"].queryset)
    assert counted.county_b not in offered and counted.village_a in offered
    forged = client.post(reverse("union_move", args=[counted.union_a.pk]),
                         {"to_parent": counted.county_b.pk})
    assert forged.status_code == 200 and forged.context["form"].errors
    assert _parent(counted.union_a) == counted.township_a
    outsider = client_for(f.staff("editor_b", counted.county_b, Role.EDITOR))
    assert outsider.get(reverse("union_move", args=[counted.union_a.pk])).status_code == 404


def test_a_merger_moves_members_and_employers_then_dissolves(counted, city_officer):
    f.member(counted.union_b, name="王五", joined_on=TODAY.replace(day=1), employer=counted.employer_b)
    from counting.recount import counts_rebuild
    counts_rebuild(repair=True)  # the factory member bypassed the services
    snapshot_month(month=previous_month(TODAY))
    past = _snapshot_rows()
    target = union_merge(source=counted.union_b, target=counted.union_a, by=city_officer)
    assert_counts_agree_with_recount()
    source = Union.objects.get(pk=counted.union_b.pk)
    assert (source.status, source.dissolved_on) == (UnionStatus.DISSOLVED, TODAY)
    assert Member.objects.filter(union=source, status=MemberStatus.ACTIVE).count() == 0
    moved = Member.objects.filter(union=target, status=MemberStatus.ACTIVE)
    assert moved.count() == 3
    assert set(moved.values_list("employer", flat=True)) == {counted.employer_a.pk, counted.employer_b.pk}
    assert set(Employer.objects.filter(union=target).values_list("pk", flat=True)) == {
        counted.employer_a.pk, counted.employer_b.pk}
    assert target.formation == Formation.JOINT
    assert _snapshot_rows() == past


def test_a_merger_needs_both_unions_in_scope(client_for, counted, editor_a):
    with pytest.raises(Http404):
        union_merge(source=counted.union_a, target=counted.union_b, by=editor_a)
    assert Union.objects.get(pk=counted.union_a.pk).status == UnionStatus.ACTIVE
    client = client_for(editor_a)
    page = client.get(reverse("union_merge", args=[counted.union_a.pk]))
    assert counted.union_b not in page.context["form"].fields["target"].queryset
    forged = client.post(reverse("union_merge", args=[counted.union_a.pk]),
                         {"target": counted.union_b.pk, "on": TODAY.isoformat()})
    assert forged.status_code == 200 and forged.context["form"].errors
    assert client.get(reverse("union_merge", args=[counted.union_b.pk])).status_code == 404


def test_merge_through_the_page(client_for, counted, editor_a):
    other = f.node(counted.village_a, Level.GRASSROOTS, "丙公司工会", founded_on=TODAY)
    from counting.recount import counts_rebuild
    counts_rebuild(repair=True)
    response = client_for(editor_a).post(reverse("union_merge", args=[counted.union_a.pk]),
                                         {"target": other.pk, "on": TODAY.isoformat()})
    assert response.status_code == 302
    assert Member.objects.get(union=other, status=MemberStatus.ACTIVE).name == "张三"
    assert_counts_agree_with_recount()


def test_only_an_administrator_moves_a_federation(client_for, counted, editor_a, city_officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        union_move(union=counted.township_a, to_parent=counted.county_a, by=editor_a)
    response = client_for(city_officer).post(reverse("union_move", args=[counted.township_a.pk]),
                                             {"to_parent": counted.county_b.pk,
                                              "version": _version(counted.township_a)})
    assert response.status_code == 302
    assert _parent(counted.township_a) == counted.county_b
    assert _parent(counted.village_a) == counted.township_a  # the subtree went along
    assert_counts_agree_with_recount()
    assert (_totals(counted.county_a).members, _totals(counted.county_b).members) == (0, 2)
