"""会员关系接转 through the page: scoped both ways, history kept, counts moved."""

import datetime

from members.models import Member, MemberStatus, MemberTransfer
from organizations.concurrency import ConflictError
from tests import factories as f
from tests.reports.conftest import assert_counts_agree_with_recount, counted  # noqa: F401


def test_editor_transfers_a_member_within_the_county(counted, editor_a, client_for):
    tree = counted
    other = f.node(tree.village_a, "grassroots", "甲社区联合工会委员会", formation="joint")
    client = client_for(editor_a)
    page = client.get(f"/members/{tree.member_a.pk}/transfer/", {"q": "联合"})
    assert other.name in page.content.decode()
    assert tree.union_b.name not in page.content.decode()

    response = client.post(f"/members/{tree.member_a.pk}/transfer/", {
        "version": tree.member_a.version, "to_union": other.pk, "on": "2026-03-01"})

    assert response.status_code == 302 and response.url == f"/unions/{other.pk}/"
    old = Member.objects.get(pk=tree.member_a.pk)
    assert (old.status, old.left_on) == (MemberStatus.TRANSFERRED, datetime.date(2026, 3, 1))
    moved = MemberTransfer.objects.get(from_member=old).to_member
    assert moved.union == other and moved.status == MemberStatus.ACTIVE
    assert_counts_agree_with_recount()


def test_transfer_into_another_county_is_not_found(tree, editor_a, client_for):
    response = client_for(editor_a).post(f"/members/{tree.member_a.pk}/transfer/", {
        "version": tree.member_a.version, "to_union": tree.union_b.pk})
    assert response.status_code == 404
    assert Member.objects.get(pk=tree.member_a.pk).status == MemberStatus.ACTIVE


def test_another_countys_member_is_not_found(tree, editor_a, client_for):
    assert client_for(editor_a).get(f"/members/{tree.member_b.pk}/transfer/").status_code == 404


def test_viewers_cannot_transfer(tree, viewer_a, client_for):
    assert client_for(viewer_a).get(f"/members/{tree.member_a.pk}/transfer/").status_code == 403


def test_a_stale_transfer_is_a_conflict(tree, editor_a, client_for):
    other = f.node(tree.township_a, "grassroots", "甲二公司工会委员会")
    stale = tree.member_a.version
    Member.objects.filter(pk=tree.member_a.pk).update(version=stale + 1)  # someone saved meanwhile
    response = client_for(editor_a).post(f"/members/{tree.member_a.pk}/transfer/", {
        "version": stale, "to_union": other.pk})
    assert response.status_code == 200
    assert str(ConflictError()) in response.content.decode()
    assert Member.objects.get(pk=tree.member_a.pk).status == MemberStatus.ACTIVE
    assert not MemberTransfer.objects.exists()


def test_a_bad_date_is_explained_and_nothing_moves(tree, editor_a, client_for):
    other = f.node(tree.township_a, "grassroots", "甲三公司工会委员会")
    response = client_for(editor_a).post(f"/members/{tree.member_a.pk}/transfer/", {
        "version": tree.member_a.version, "to_union": other.pk, "on": "2026-13-45"})
    assert response.status_code == 200
    assert "接转日期" in response.content.decode()  # the field named in the error
    assert response.context["form"].errors["on"]
    assert Member.objects.get(pk=tree.member_a.pk).status == MemberStatus.ACTIVE
    assert not MemberTransfer.objects.exists()
