"""会员接转申请: a transfer across areas is a request one side starts and the other decides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import Member, MemberStatus, TransferRequest, TransferStatus
from organizations.models import AuditEntry, Level, Role
from tests import factories as f
from tests.reports.conftest import assert_counts_agree_with_recount, counted  # noqa: F401


@pytest.fixture
def editor_b(tree):
    return f.staff("editor_b", tree.county_b, Role.EDITOR)


@pytest.fixture
def editor_c(tree):
    """A third county's editor: an outsider to both sides."""
    county_c = f.node(tree.city, Level.COUNTY, "丙区总工会")
    return f.staff("editor_c", county_c, Role.EDITOR)


def _ask_from_a(client, tree):
    url = reverse("member_transfer_request", args=[tree.member_a.pk])
    page = client.get(url, {"q": "乙公司"})
    assert tree.union_b.name in page.content.decode()
    response = client.post(url, {"to_union": tree.union_b.pk, "note": "换工作"})
    assert response.status_code == 302, response.content.decode()[:500]
    return TransferRequest.objects.get()


def test_a_starts_b_accepts_the_member_moves_with_the_card(counted, editor_a, editor_b, client):
    tree = counted
    client.force_login(editor_a)
    req = _ask_from_a(client, tree)
    # While pending the member stays in A and is counted there.
    assert Member.objects.get(pk=tree.member_a.pk).status == MemberStatus.ACTIVE
    assert_counts_agree_with_recount()

    client.force_login(editor_b)
    listing = client.get(reverse("transfer_requests")).context
    assert [r.pk for r in listing["incoming"]] == [req.pk] and listing["outgoing"] == []
    response = client.post(reverse("transfer_request_accept", args=[req.pk]),
                           {"employer": tree.employer_b.pk})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == TransferStatus.ACCEPTED
    moved = req.to_member
    assert (moved.union, moved.employer, moved.card_no) == (
        tree.union_b, tree.employer_b, tree.member_a.card_no)
    assert Member.objects.get(pk=tree.member_a.pk).status == MemberStatus.TRANSFERRED
    assert_counts_agree_with_recount()
    roster = client.get(reverse("union_detail", args=[tree.union_b.pk])).content.decode()
    assert tree.member_a.card_no in roster


def test_the_starting_side_sees_it_as_outgoing_and_cannot_accept(counted, editor_a, client):
    client.force_login(editor_a)
    req = _ask_from_a(client, counted)
    listing = client.get(reverse("transfer_requests")).context
    assert [r.pk for r in listing["outgoing"]] == [req.pk] and listing["incoming"] == []
    client.post(reverse("transfer_request_accept", args=[req.pk]), {})
    assert TransferRequest.objects.get().status == TransferStatus.PENDING


def test_b_rejects_with_a_reason_and_the_member_stays(counted, editor_a, editor_b, client):
    client.force_login(editor_a)
    req = _ask_from_a(client, counted)
    client.force_login(editor_b)
    client.post(reverse("transfer_request_reject", args=[req.pk]), {"reason": ""})
    assert TransferRequest.objects.get().status == TransferStatus.PENDING  # a reason is required
    client.post(reverse("transfer_request_reject", args=[req.pk]), {"reason": "查无此人"})
    req.refresh_from_db()
    assert (req.status, req.reject_reason) == (TransferStatus.REJECTED, "查无此人")
    assert Member.objects.get(pk=counted.member_a.pk).status == MemberStatus.ACTIVE
    client.force_login(editor_a)
    assert "查无此人" in client.get(reverse("transfer_request_detail", args=[req.pk])).content.decode()


def test_b_asks_by_full_id_and_sees_only_name_masked_id_and_as_union(counted, editor_a, editor_b, client):
    tree = counted
    client.force_login(editor_b)
    response = client.post(reverse("union_transfer_in", args=[tree.union_b.pk]),
                           {"resident_id": tree.member_a.resident_id})
    assert response.status_code == 302
    req = TransferRequest.objects.get()
    assert AuditEntry.objects.filter(action="member.lookup", object_id=str(tree.member_a.pk)).exists()
    page = client.get(reverse("transfer_request_detail", args=[req.pk])).content.decode()
    assert tree.member_a.name in page and tree.member_a.masked_resident_id in page
    assert tree.union_a.name in page and tree.member_a.resident_id not in page
    assert f">{tree.employer_a.name}<" not in page and tree.member_a.phone not in page
    # Never A's roster, nor the member's page.
    assert client.get(reverse("union_detail", args=[tree.union_a.pk])).status_code == 404
    assert client.get(reverse("member_detail", args=[tree.member_a.pk])).status_code == 404

    client.force_login(editor_a)
    assert [r.pk for r in client.get(reverse("transfer_requests")).context["incoming"]] == [req.pk]
    client.post(reverse("transfer_request_accept", args=[req.pk]), {})
    req.refresh_from_db()
    assert req.status == TransferStatus.ACCEPTED and req.to_member.union == tree.union_b
    assert req.to_member.employer == tree.employer_b  # B's only employer, chosen by B's side
    assert_counts_agree_with_recount()


def test_an_outsider_sees_no_request_and_cannot_decide(counted, editor_a, editor_c, client):
    client.force_login(editor_a)
    req = _ask_from_a(client, counted)
    client.force_login(editor_c)
    listing = client.get(reverse("transfer_requests")).context
    assert listing["incoming"] == [] and listing["outgoing"] == [] and list(listing["recent"]) == []
    assert client.get(reverse("transfer_request_detail", args=[req.pk])).status_code == 404
    for name in ("transfer_request_accept", "transfer_request_reject", "transfer_request_cancel"):
        assert client.post(reverse(name, args=[req.pk]), {"reason": "x"}).status_code == 404
    assert TransferRequest.objects.get().status == TransferStatus.PENDING


def test_outsiders_cannot_start_requests_for_others(counted, editor_c, client):
    client.force_login(editor_c)
    tree = counted
    assert client.get(reverse("member_transfer_request", args=[tree.member_a.pk])).status_code == 404
    assert client.post(reverse("union_transfer_in", args=[tree.union_b.pk]),
                       {"resident_id": tree.member_a.resident_id}).status_code == 404
    assert not TransferRequest.objects.exists()


def test_within_one_scope_the_request_page_sends_to_the_direct_transfer(counted, city_officer, client):
    client.force_login(city_officer)
    response = client.post(reverse("member_transfer_request", args=[counted.member_a.pk]),
                           {"to_union": counted.union_b.pk})
    assert response.status_code == 200 and not TransferRequest.objects.exists()


def test_leaving_cancels_a_pending_request(counted, editor_a, client):
    from members import services

    client.force_login(editor_a)
    req = _ask_from_a(client, counted)
    services.member_leave(member=counted.member_a, by=editor_a, version=None)
    req.refresh_from_db()
    assert req.status == TransferStatus.CANCELLED


def test_one_pending_request_per_member(counted, editor_a, client):
    client.force_login(editor_a)
    _ask_from_a(client, counted)
    response = client.post(reverse("member_transfer_request", args=[counted.member_a.pk]),
                           {"to_union": counted.union_b.pk})
    assert response.status_code == 200 and TransferRequest.objects.count() == 1


def test_the_services_refuse_a_side_outside_the_scope(counted, editor_c):
    from django.http import Http404

    from members import transfers

    with pytest.raises(Http404):
        transfers.transfer_request_from_b(resident_id=counted.member_a.resident_id,
                                          to_union=counted.union_b, by=editor_c)
    with pytest.raises(Http404):
        transfers.transfer_request_from_a(member=counted.member_a, to_union=counted.union_b,
                                          by=editor_c)
    assert not TransferRequest.objects.exists()
