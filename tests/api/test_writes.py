"""Writes through the API go through the same services as the pages: tier rules, coverage,
the one-membership rule, counters and the audit log, with the services' own messages."""

from __future__ import annotations

from django.urls import reverse

from members.models import Member, MemberStatus, MemberTransfer
from organizations.models import AuditEntry, Employer, Union
from tests import factories as f


def _members_now(api, node) -> int:
    return api.get(reverse("api-stats-node", args=[node.pk])).json()["node"]["figures"]["members"]


def test_register_a_joint_union_covers_its_employers_and_counts(api_for, editor_a, tree):
    api = api_for(editor_a)
    employers = [f.employer(tree.township_a).pk for _ in range(2)]
    unions_before = api.get(reverse("api-stats-node", args=[tree.township_a.pk])).json()
    response = api.post(reverse("union-list"), {
        "parent": tree.township_a.pk, "name": "联合工会", "formation": "joint",
        "employers": employers, "founded_on": "2025-01-10", "status": "active"})
    assert response.status_code == 201, response.content
    union = Union.objects.get(pk=response.json()["id"])
    assert response.json()["parent"] == tree.township_a.pk
    assert set(Employer.objects.filter(union=union).values_list("pk", flat=True)) == set(employers)
    assert AuditEntry.objects.filter(action="union.create", object_id=str(union.pk)).exists()
    after = api.get(reverse("api-stats-node", args=[tree.township_a.pk])).json()
    assert after["node"]["figures"]["unions_joint"] == unions_before["node"]["figures"]["unions_joint"] + 1


def test_service_rules_answer_400_in_their_own_words(api_for, editor_a, tree):
    api = api_for(editor_a)
    response = api.post(reverse("union-list"), {
        "parent": tree.township_a.pk, "name": "独立工会", "formation": "independent",
        "employers": [tree.employer_a.pk]})  # already covered by union A
    assert response.status_code == 400
    assert tree.union_a.name in response.json()["employers"][0]
    tier = api.post(reverse("union-list"), {
        "parent": tree.village_a.pk, "level": "village", "name": "x"})
    assert tier.status_code in (400, 403)


def test_member_create_counts_and_refuses_a_second_membership(api_for, editor_a, tree):
    api = api_for(editor_a)
    before = _members_now(api, tree.union_a)
    body = {"union": tree.union_a.pk, "name": "王五", "resident_id": f.resident_id(),
            "joined_on": "2025-02-01", "employer": tree.employer_a.pk}
    assert api.post(reverse("member-list"), body).status_code == 201
    assert _members_now(api, tree.union_a) == before + 1
    again = api.post(reverse("member-list"), body)
    assert again.status_code == 400 and "resident_id" in again.json()


def test_member_employer_must_be_covered_by_the_union(api_for, editor_a, tree):
    stranger = f.employer(tree.township_a)
    response = api_for(editor_a).post(reverse("member-list"), {
        "union": tree.union_a.pk, "name": "王五", "resident_id": f.resident_id(),
        "joined_on": "2025-02-01", "employer": stranger.pk})
    assert response.status_code == 400 and "employer" in response.json()


def test_members_join_grassroots_unions_only(api_for, editor_a, tree):
    response = api_for(editor_a).post(reverse("member-list"), {
        "union": tree.township_a.pk, "name": "王五", "resident_id": f.resident_id(),
        "joined_on": "2025-02-01"})
    assert response.status_code == 400 and "union" in response.json()


def test_transfer_keeps_history_and_answers_the_new_membership(api_for, editor_a, tree):
    target = f.node(tree.township_a, "grassroots", "接收工会")
    api = api_for(editor_a)
    response = api.post(reverse("member-transfer", args=[tree.member_a.pk]),
                        {"to_union": target.pk, "on": "2025-05-01"}, version=tree.member_a.version)
    assert response.status_code == 201
    moved = Member.objects.get(pk=response.json()["id"])
    assert moved.union == target and moved.status == MemberStatus.ACTIVE
    assert Member.objects.get(pk=tree.member_a.pk).status == MemberStatus.TRANSFERRED
    assert MemberTransfer.objects.filter(from_member=tree.member_a, to_member=moved).exists()
    assert response["ETag"] == f'"{moved.version}"'


def test_leave_twice_is_400(api_for, editor_a, tree):
    api = api_for(editor_a)
    url = reverse("member-leave", args=[tree.member_a.pk])
    first = api.post(url, {"left_on": "2025-04-30"}, version=tree.member_a.version)
    assert first.status_code == 200 and first.json()["left_on"] == "2025-04-30"
    assert api.post(url, {}, version=first.json()["version"]).status_code == 400


def test_employer_update_validates_like_the_page(api_for, editor_a, tree):
    response = api_for(editor_a).patch(
        reverse("employer-detail", args=[tree.employer_a.pk]),
        {"employees": 5, "migrant_employees": 9}, version=tree.employer_a.version)
    assert response.status_code == 400 and "migrant_employees" in response.json()
    duplicate = api_for(editor_a).post(reverse("employer-list"), {
        "name": "重复", "credit_code": tree.employer_a.credit_code, "ownership": "private",
        "node": tree.township_a.pk})
    assert duplicate.status_code == 400 and "credit_code" in duplicate.json()
