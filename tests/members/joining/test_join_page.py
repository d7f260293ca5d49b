"""The public join page behind a union's QR code: no login, phone-first, same answer always."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.joining import services
from members.joining.models import ApplicationStatus, JoinApplication
from organizations.models import UnionStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_join_page_needs_no_login_and_shows_the_union(client, tree, link_a):
    response = client.get(reverse("join", args=[link_a.token]))
    assert response.status_code == 200
    text = response.content.decode()
    assert tree.union_a.name in text
    assert tree.employer_a.name in text  # picked from the union's employers
    assert 'name="consent"' in text and 'name="website"' in text
    assert "js/join.js" in text


def test_an_application_is_stored_and_answered_received(client, tree, link_a, applicant):
    data = applicant(tree, is_migrant="on", eight_group="courier")
    response = client.post(reverse("join", args=[link_a.token]), data)
    assert response.status_code == 302 and response.url == reverse("join_received")
    app = JoinApplication.objects.get()
    assert (app.union, app.name, app.employer, app.is_migrant, app.eight_group) == (
        tree.union_a, "王五", tree.employer_a, True, "courier")
    assert app.status == ApplicationStatus.PENDING and app.consent_at is not None
    assert "申请已收到" in client.get(response.url).content.decode()


def test_a_bad_id_is_refused_on_the_server(client, tree, link_a, applicant):
    good = f.resident_id()
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    response = client.post(reverse("join", args=[link_a.token]), applicant(tree, resident_id=bad))
    assert response.status_code == 200
    assert "校验" in response.content.decode()
    assert not JoinApplication.objects.exists()


def test_consent_is_required(client, tree, link_a, applicant):
    data = applicant(tree)
    del data["consent"]
    response = client.post(reverse("join", args=[link_a.token]), data)
    assert response.status_code == 200
    assert not JoinApplication.objects.exists()


def test_a_mobile_number_is_required(client, tree, link_a, applicant):
    response = client.post(reverse("join", args=[link_a.token]),
                           applicant(tree, phone="0510-82345678"))
    assert response.status_code == 200
    assert not JoinApplication.objects.exists()


def test_registered_and_unregistered_ids_get_identical_answers(client, tree, link_a, applicant):
    """Whether the ID belongs to a member (here or elsewhere) must not show."""
    answers = []
    for rid in (tree.member_a.resident_id, tree.member_b.resident_id, f.resident_id()):
        response = client.post(reverse("join", args=[link_a.token]),
                               applicant(tree, resident_id=rid))
        page = client.get(response.url)
        answers.append((response.status_code, response.url, page.status_code,
                        page.content.decode().replace(page.wsgi_request.META.get("CSRF_COOKIE", ""), "")))
    assert answers[0] == answers[1] == answers[2]
    assert tree.member_a.name not in answers[0][3] and tree.union_b.name not in answers[0][3]


def test_duplicate_pending_applications_are_merged(client, tree, link_a, applicant):
    data = applicant(tree)
    client.post(reverse("join", args=[link_a.token]), data)
    client.post(reverse("join", args=[link_a.token]), {**data, "phone": "13700000000"})
    app = JoinApplication.objects.get()
    assert (app.submissions, app.phone) == (2, "13700000000")


def test_the_honeypot_stores_nothing_and_answers_the_same(client, tree, link_a, applicant):
    response = client.post(reverse("join", args=[link_a.token]),
                           applicant(tree, website="http://spam.example"))
    assert response.status_code == 302 and response.url == reverse("join_received")
    assert not JoinApplication.objects.exists()


def test_a_renewed_token_stops_the_old_link(client, tree, link_a, city_officer, applicant):
    old = link_a.token
    services.link_renew(union=tree.union_a, by=city_officer)
    new = services.link_of(tree.union_a).token
    assert new != old
    response = client.get(reverse("join", args=[old]))
    assert response.status_code == 404
    assert "二维码已失效" in response.content.decode()
    assert client.post(reverse("join", args=[old]), applicant(tree)).status_code == 404
    assert not JoinApplication.objects.exists()
    assert client.get(reverse("join", args=[new])).status_code == 200


def test_an_unknown_token_and_a_dissolved_union_show_the_invalid_page(client, tree, link_a):
    assert client.get(reverse("join", args=["nope" * 8])).status_code == 404
    tree.union_a.status = UnionStatus.DISSOLVED
    tree.union_a.save()
    response = client.get(reverse("join", args=[link_a.token]))
    assert response.status_code == 404 and "二维码已失效" in response.content.decode()


def test_tokens_are_long_and_random(tree):
    a, b = services.link_of(tree.union_a), services.link_of(tree.union_b)
    assert len(a.token) >= 32 and a.token != b.token


def test_the_address_is_throttled(client, tree, link_a, applicant, settings):
    settings.JOIN_LIMIT_PER_ADDRESS_PER_HOUR = 3
    url = reverse("join", args=[link_a.token])
    codes = [client.post(url, applicant(tree)).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert "操作过于频繁" in client.post(url, applicant(tree)).content.decode()
    assert JoinApplication.objects.count() == 3


def test_one_id_is_throttled_with_the_same_answer(client, tree, link_a, applicant, settings):
    settings.JOIN_LIMIT_PER_ID_PER_DAY = 2
    data = applicant(tree)
    url = reverse("join", args=[link_a.token])
    answers = [client.post(url, {**data, "phone": f"1390000000{i}"}) for i in range(3)]
    assert [(r.status_code, r.url) for r in answers] == [(302, reverse("join_received"))] * 3
    app = JoinApplication.objects.get()
    assert (app.submissions, app.phone) == (2, "13900000001")  # the third was not stored


def test_a_pool_page_asks_for_the_employer_as_text(client, tree, city_officer):
    from members.joining.pools import pool_open

    pool = pool_open(federation=tree.township_a, by=city_officer)
    link = services.link_of(pool.union)
    text = client.get(reverse("join", args=[link.token])).content.decode()
    assert 'name="employer_name"' in text and 'name="employer"' not in text
    data = {"name": "赵六", "resident_id": f.resident_id(), "phone": "13912345678",
            "employer_name": "某某外卖平台", "new_form_category": "rider", "eight_group": "rider",
            "consent": "on"}
    assert client.post(reverse("join", args=[link.token]), data).status_code == 302
    app = JoinApplication.objects.get()
    assert (app.union, app.employer_name, app.employer) == (pool.union, "某某外卖平台", None)


def test_an_employer_of_another_union_is_not_taken(client, tree, link_a, applicant):
    response = client.post(reverse("join", args=[link_a.token]),
                           applicant(tree, employer=str(tree.employer_b.pk)))
    assert response.status_code == 200  # not one of the choices
    assert not JoinApplication.objects.exists()
