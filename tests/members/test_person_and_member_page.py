"""The member page (card, memberships in scope, events, timeline), keep/return through the
pages, and the person search across the user's area."""

from __future__ import annotations

import datetime

from django.urls import reverse

from members import services
from members.models import Member, MemberStatus
from organizations.models import AuditEntry
from tests.reports.conftest import assert_counts_agree_with_recount, counted  # noqa: F401


def test_the_member_page_shows_card_memberships_and_a_masked_timeline(counted, city_officer, client):
    tree = counted
    moved = services.member_transfer(member=tree.member_a, to_union=tree.union_b, by=city_officer,
                                     on=datetime.date(2025, 2, 1))
    services.member_update(member=moved, by=city_officer, version=None, phone="13911112222")
    client.force_login(city_officer)
    response = client.get(reverse("member_detail", args=[moved.pk]))
    page = response.content.decode()
    assert moved.card_no in page
    assert [m.pk for m in response.context["memberships"]] == [tree.member_a.pk, moved.pk]
    assert "13911112222" in page and "city_officer" in page  # who and what, in the timeline
    assert tree.member_a.resident_id not in page
    assert tree.member_a.masked_resident_id in page


def test_the_timeline_masks_a_changed_resident_id(counted, city_officer, client):
    from tests import factories as f

    new_id = f.resident_id()
    services.member_update(member=counted.member_a, by=city_officer, version=None, resident_id=new_id)
    client.force_login(city_officer)
    page = client.get(reverse("member_detail", args=[counted.member_a.pk])).content.decode()
    assert new_id not in page and counted.member_a.resident_id not in page


def test_memberships_outside_the_scope_are_not_shown(counted, city_officer, editor_a, client):
    moved = services.member_transfer(member=counted.member_a, to_union=counted.union_b,
                                     by=city_officer)
    client.force_login(editor_a)
    response = client.get(reverse("member_detail", args=[counted.member_a.pk]))
    assert [m.pk for m in response.context["memberships"]] == [counted.member_a.pk]
    assert counted.union_b.name not in response.content.decode()
    assert client.get(reverse("member_detail", args=[moved.pk])).status_code == 404


def test_keep_and_return_through_the_pages(counted, editor_a, client):
    member = counted.member_a
    client.force_login(editor_a)
    client.post(reverse("member_keep", args=[member.pk]),
                {"version": member.version, "reason": "3", "on": "2025-04-01"})
    member.refresh_from_db()
    assert member.status == MemberStatus.KEPT
    assert_counts_agree_with_recount()
    client.post(reverse("member_return", args=[member.pk]),
                {"version": member.version, "on": "2025-08-01", "employer": counted.employer_a.pk})
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert_counts_agree_with_recount()


def test_leave_with_a_reason_through_the_page(counted, editor_a, client):
    member = counted.member_a
    client.force_login(editor_a)
    client.post(reverse("member_leave", args=[member.pk]),
                {"version": member.version, "kind": "leave", "reason": "5", "left_on": "2023-01-01"})
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ACTIVE  # before joining
    client.post(reverse("member_leave", args=[member.pk]),
                {"version": member.version, "kind": "leave", "reason": "5", "left_on": "2025-01-01"})
    assert Member.objects.get(pk=member.pk).status == MemberStatus.LEFT


def test_outsiders_get_404_on_the_member_pages(tree, editor_a, client):
    client.force_login(editor_a)
    b = tree.member_b
    assert client.get(reverse("member_detail", args=[b.pk])).status_code == 404
    for name in ("member_keep", "member_return"):
        assert client.post(reverse(name, args=[b.pk]), {"version": b.version}).status_code == 404
    assert Member.objects.get(pk=b.pk).status == MemberStatus.ACTIVE


def test_person_search_by_name_phone_and_card_within_scope(tree, editor_a, client):
    client.force_login(editor_a)
    url = reverse("person_search")
    for term in (tree.member_a.name, tree.member_a.phone, tree.member_a.card_no):
        results = client.get(url, {"q": term}).context["results"]
        assert [m.pk for m in results] == [tree.member_a.pk], term
    assert client.get(url, {"q": tree.member_b.name}).context["results"] == []
    assert client.get(url, {"q": tree.member_b.card_no}).context["results"] == []


def test_person_search_by_full_id_is_posted_recorded_and_scoped(tree, editor_a, client):
    client.force_login(editor_a)
    url = reverse("person_search")
    response = client.post(url, {"resident_id": tree.member_a.resident_id})
    assert [m.pk for m in response.context["results"]] == [tree.member_a.pk]
    assert "no-store" in response["Cache-Control"]
    assert tree.member_a.resident_id not in response.content.decode()
    outside = client.post(url, {"resident_id": tree.member_b.resident_id})
    assert outside.context["results"] == []
    searches = AuditEntry.objects.filter(action="member.person_search")
    assert searches.count() == 2
    assert all(tree.member_b.resident_id not in str(e.data) for e in searches)
    # The full ID is never taken from the URL.
    assert client.get(url, {"resident_id": tree.member_a.resident_id}).context["results"] == []


def test_person_search_by_full_id_is_rate_limited(tree, editor_a, client, settings):
    settings.ID_LOOKUP_LIMIT_PER_HOUR = 2
    client.force_login(editor_a)
    url = reverse("person_search")
    for _ in range(2):
        client.post(url, {"resident_id": tree.member_b.resident_id})  # misses count too
    response = client.post(url, {"resident_id": tree.member_a.resident_id})
    assert response.context["results"] == []
    assert response.context["id_errors"]


def test_person_search_needs_a_login(client):
    assert client.get(reverse("person_search")).status_code == 302
