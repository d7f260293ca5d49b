"""The review queue: approve (a member with a card number), reject, transfer, scope."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from members.joining import selectors, services
from members.joining.models import ApplicationStatus, JoinApplication
from members.models import EventKind, Member, MemberStatus, TransferRequest
from organizations.models import AuditEntry, Role
from tests import factories as f
from tests.members.joining.support import apply

pytestmark = pytest.mark.django_db


def test_approving_creates_the_member_with_a_card_number(tree, editor_a):
    app = apply(tree.union_a, employer=tree.employer_a, is_migrant=True)
    outcome = services.application_approve(application=app, by=editor_a)
    member = outcome.member
    assert member.union == tree.union_a and member.status == MemberStatus.ACTIVE
    assert member.card_no and member.is_migrant and member.employer == tree.employer_a
    assert member.events.get().kind == EventKind.JOIN
    app.refresh_from_db()
    assert (app.status, app.member, app.decided_by) == (ApplicationStatus.APPROVED, member, editor_a)
    assert AuditEntry.objects.filter(action="joining.approve").exists()
    assert AuditEntry.objects.filter(action="member.create", object_id=str(member.pk)).exists()


def test_the_approve_page_puts_the_member_on_the_roster(client_for, tree, editor_a):
    app = apply(tree.union_a, employer=tree.employer_a)
    c = client_for(editor_a)
    response = c.post(reverse("joining_approve", args=[app.pk]),
                      {"employer": tree.employer_a.pk, "on": ""})
    assert response.status_code == 302
    member = Member.objects.get(name="王五")
    roster = c.get(reverse("union_detail", args=[tree.union_a.pk])).content.decode()
    assert "王五" in roster and member.card_no in roster


def test_rejecting_needs_a_reason(client_for, tree, editor_a):
    app = apply(tree.union_a)
    with pytest.raises(ValidationError):
        services.application_reject(application=app, by=editor_a, reason="  ")
    client_for(editor_a).post(reverse("joining_reject", args=[app.pk]), {"reason": "非本单位职工"})
    app.refresh_from_db()
    assert (app.status, app.reject_reason) == (ApplicationStatus.REJECTED, "非本单位职工")
    assert not Member.objects.filter(name="王五").exists()
    with pytest.raises(ValidationError):
        services.application_approve(application=app, by=editor_a)


def test_a_member_elsewhere_becomes_a_transfer_request(tree, editor_a):
    """李四 is a member in county B, outside county A's area: no second membership."""
    member_b = tree.member_b
    app = apply(tree.union_a, resident_id=member_b.resident_id, name=member_b.name)
    outcome = services.application_approve(application=app, by=editor_a,
                                           employer=tree.employer_a)
    req = outcome.transfer_request
    assert isinstance(req, TransferRequest)
    assert (req.member, req.from_union, req.to_union) == (member_b, tree.union_b, tree.union_a)
    assert Member.objects.with_resident_id(member_b.resident_id).count() == 1
    app.refresh_from_db()
    assert (app.status, app.transfer_request) == (ApplicationStatus.TRANSFER, req)
    # Asked through the recorded lookup.
    assert AuditEntry.objects.filter(action="member.lookup", object_id=str(member_b.pk)).exists()


def test_a_member_elsewhere_in_the_reviewers_area_moves_at_once(tree, city_officer):
    member_b = tree.member_b
    app = apply(tree.union_a, resident_id=member_b.resident_id, name=member_b.name)
    outcome = services.application_approve(application=app, by=city_officer)
    moved = outcome.member
    assert (moved.union, moved.card_no) == (tree.union_a, member_b.card_no)
    member_b.refresh_from_db()
    assert member_b.status == MemberStatus.TRANSFERRED
    assert Member.objects.with_resident_id(member_b.resident_id).filter(
        status=MemberStatus.ACTIVE).count() == 1


def test_a_member_of_this_union_is_not_admitted_again(tree, editor_a):
    member = tree.member_a
    app = apply(tree.union_a, resident_id=member.resident_id, name=member.name)
    outcome = services.application_approve(application=app, by=editor_a)
    assert outcome.member == member
    assert Member.objects.with_resident_id(member.resident_id).count() == 1


def test_the_queue_hides_expired_applications_and_the_task_marks_them(tree, editor_a, settings):
    fresh = apply(tree.union_a)
    stale = apply(tree.union_a)
    JoinApplication.objects.filter(pk=stale.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert list(selectors.application_list(user=editor_a)) == [fresh]
    with pytest.raises(ValidationError):
        services.application_approve(application=stale, by=editor_a)
    from members.joining.tasks import applications_expire_task

    assert applications_expire_task.delay().get() == 1
    stale.refresh_from_db()
    assert stale.status == ApplicationStatus.EXPIRED


def test_an_expired_application_does_not_block_a_new_one(tree):
    old = apply(tree.union_a)
    JoinApplication.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    new = apply(tree.union_a, resident_id=old.resident_id)
    assert new.pk != old.pk and new.submissions == 1


def test_federations_above_see_the_queue(client_for, tree, city_officer, editor_a):
    app = apply(tree.union_a)
    for user in (city_officer, editor_a):
        text = client_for(user).get(reverse("joining_index")).content.decode()
        assert app.name in text


def test_every_review_page_is_404_outside_the_area(client_for, tree, editor_a):
    """editor_a (county A) and an application to union B (county B)."""
    app = apply(tree.union_b)
    c = client_for(editor_a)
    assert app.name not in c.get(reverse("joining_index")).content.decode()
    for url in (reverse("joining_application", args=[app.pk]),
                reverse("joining_union", args=[tree.union_b.pk]),
                reverse("joining_poster", args=[tree.union_b.pk])):
        assert c.get(url).status_code == 404, url
    for url in (reverse("joining_approve", args=[app.pk]),
                reverse("joining_reject", args=[app.pk]),
                reverse("joining_renew", args=[tree.union_b.pk])):
        assert c.post(url, {"reason": "x"}).status_code == 404, url
    app.refresh_from_db()
    assert app.status == ApplicationStatus.PENDING
    with pytest.raises(Http404):
        services.application_approve(application=app, by=editor_a)
    with pytest.raises(Http404):
        services.link_renew(union=tree.union_b, by=editor_a)


def test_viewers_cannot_decide(client_for, tree, viewer_a):
    app = apply(tree.union_a)
    c = client_for(viewer_a)
    assert c.get(reverse("joining_application", args=[app.pk])).status_code == 200
    assert c.post(reverse("joining_approve", args=[app.pk])).status_code == 403
    assert c.post(reverse("joining_renew", args=[tree.union_a.pk])).status_code == 403


def test_anonymous_users_are_sent_to_login(client, tree):
    app = apply(tree.union_a)
    for url in (reverse("joining_index"), reverse("joining_application", args=[app.pk]),
                reverse("joining_union", args=[tree.union_a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_review_page_shows_the_masked_id_only(client_for, tree, editor_a):
    rid = f.resident_id()
    app = apply(tree.union_a, resident_id=rid)
    text = client_for(editor_a).get(reverse("joining_application", args=[app.pk])).content.decode()
    assert rid not in text and "*" * 14 + rid[-4:] in text  # sealed: the last four only


def test_the_union_page_shows_the_link_and_the_poster(client_for, tree, editor_a):
    c = client_for(editor_a)
    link = services.link_of(tree.union_a)
    text = c.get(reverse("joining_union", args=[tree.union_a.pk])).content.decode()
    assert f"/j/{link.token}/" in text
    poster = c.get(reverse("joining_poster", args=[tree.union_a.pk]))
    assert poster["Content-Type"] == "image/svg+xml"
    assert tree.union_a.name.encode() in poster.content and b"<path" in poster.content
    c.post(reverse("joining_renew", args=[tree.union_a.pk]))
    assert services.link_of(tree.union_a).token != link.token
    assert c.get(reverse("joining_poster", args=[tree.union_a.pk])).content != poster.content


def test_the_poster_escapes_the_union_name(client_for, tree, city_officer):
    tree.union_a.name = '甲<script>alert(1)</script>&"工会'
    tree.union_a.save()
    body = client_for(city_officer).get(reverse("joining_poster", args=[tree.union_a.pk])).content
    assert b"<script>" not in body and b"&lt;script&gt;" in body


def test_the_monthly_figures_count_each_outcome(tree, editor_a, city_officer):
    approved, rejected, waiting = apply(tree.union_a), apply(tree.union_a), apply(tree.union_a)
    apply(tree.union_b)
    services.application_approve(application=approved, by=editor_a)
    services.application_reject(application=rejected, by=editor_a, reason="重复")
    [row] = selectors.application_stats(user=editor_a)
    assert (row.received, row.approved, row.rejected, row.waiting) == (3, 1, 1, 1)
    [row] = selectors.application_stats(user=city_officer)
    assert (row.received, row.waiting) == (4, 2)
    assert waiting.status == ApplicationStatus.PENDING


def test_the_dashboard_shows_the_joining_tile(client_for, tree, city_officer):
    apply(tree.union_a)
    text = client_for(city_officer).get(reverse("reports_dashboard")).content.decode()
    assert 'id="joining-tile"' in text and "本月网上入会申请" in text


def test_an_outsider_with_no_area_sees_nothing(client_for, tree):
    app = apply(tree.union_a)
    nobody = f.staff("nobody", tree.union_b, Role.EDITOR)
    c = client_for(nobody)
    assert c.get(reverse("joining_application", args=[app.pk])).status_code == 404


def test_the_queue_of_one_node_and_outside_it(client_for, tree, city_officer, editor_a):
    in_a, in_b = apply(tree.union_a, name="甲申请人"), apply(tree.union_b, name="乙申请人")
    text = client_for(city_officer).get(reverse("joining_index"),
                                        {"node": tree.county_b.pk}).content.decode()
    assert in_b.name in text and in_a.name not in text
    assert client_for(editor_a).get(reverse("joining_index"),
                                    {"node": tree.county_b.pk}).status_code == 404
