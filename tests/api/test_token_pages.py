"""The administrators' API token page: list, issue (the key shown once), revoke; only for
administrators, and only for the accounts of their area."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from api import tokens
from api.models import ApiToken
from organizations.models import AuditEntry, Role
from tests import factories as f
from tests.api.test_tokens import token_api

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_b(tree):
    """County B's administrator: the outsider for every account of county A."""
    return f.staff("admin_b", tree.county_b, Role.ADMIN)


@pytest.fixture
def editor_token(editor_a, city_officer):
    token, _key = tokens.token_issue(user=editor_a, name="HR system", days=30, by=city_officer)
    return token


def _issue(client, account, **data):
    return client.post(
        reverse("api_token_issue", args=[account.pk]), {"name": "Payroll", "days": 90, **data}
    )


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_the_admin_lists_the_tokens_of_the_area(client_for, city_officer, editor_token):
    editor_token.last_used_at = editor_token.created_at
    editor_token.save()
    response = client_for(city_officer).get(reverse("api_token_list"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "HR system" in text and "editor_a" in text and f"{editor_token.prefix}…" in text
    assert text.count(editor_token.created_at.strftime("%Y-%m-%d")) >= 2  # issued, last used


def test_the_staff_page_links_the_tokens(client_for, city_officer, editor_a):
    text = client_for(city_officer).get(reverse("staff_list")).content.decode()
    assert reverse("api_token_list") in text
    assert reverse("api_token_issue", args=[editor_a.staff.pk]) in text


def test_issuing_shows_the_key_once_and_it_opens_the_api_as_the_account(
    client_for, city_officer, editor_a, tree
):
    c = client_for(city_officer)
    response = _issue(c, editor_a.staff)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = response.context["key"]
    assert key.startswith(tokens.KEY_START) and key in response.content.decode()
    token = ApiToken.objects.get(user=editor_a)
    assert (token.name, token.created_by) == ("Payroll", city_officer)
    # As editor_a: county A's members, not county B's.
    members = token_api(key).get(reverse("member-list"))
    assert members.status_code == 200
    assert tree.member_a.pk in _ids(members) and tree.member_b.pk not in _ids(members)
    # Never again: not stored, not in the list, not in the session, not in the audit entry.
    assert not ApiToken.objects.filter(digest=key).exists()
    assert key not in c.get(reverse("api_token_list")).content.decode()
    assert key not in c.get(reverse("api_token_issue", args=[editor_a.staff.pk])).content.decode()
    assert key not in str(dict(c.session))
    entry = AuditEntry.objects.get(action="api_token.issue", object_id=str(token.pk))
    assert key not in str(entry.data) and entry.user == city_officer


def test_the_expiry_is_bounded(client_for, city_officer, editor_a):
    c = client_for(city_officer)
    for days in (0, tokens.MAX_DAYS + 1):
        response = _issue(c, editor_a.staff, days=days)
        assert response.status_code == 200 and "key" not in response.context
    assert not ApiToken.objects.exists()


def test_revoking_refuses_the_token_at_once(client_for, city_officer, editor_a):
    c = client_for(city_officer)
    key = _issue(c, editor_a.staff).context["key"]
    token = ApiToken.objects.get(user=editor_a)
    assert token_api(key).get(reverse("member-list")).status_code == 200
    response = c.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302 and response.url == reverse("api_token_list")
    assert token_api(key).get(reverse("member-list")).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


def test_revoking_is_post_only_and_needs_csrf(city_officer, editor_token):
    c = Client(enforce_csrf_checks=True)
    c.force_login(city_officer)
    url = reverse("api_token_revoke", args=[editor_token.pk])
    assert c.get(url).status_code == 405
    assert c.post(url).status_code == 403
    editor_token.refresh_from_db()
    assert editor_token.revoked_at is None


def test_other_roles_are_refused(client_for, editor_a, viewer_a, editor_token):
    """Like the staff accounts page, administrators' pages answer 404 to other roles."""
    for user in (editor_a, viewer_a):
        c = client_for(user)
        assert c.get(reverse("api_token_list")).status_code == 404
        assert _issue(c, viewer_a.staff).status_code == 404
        assert c.post(reverse("api_token_revoke", args=[editor_token.pk])).status_code == 404
    editor_token.refresh_from_db()
    assert editor_token.revoked_at is None and ApiToken.objects.count() == 1


def test_an_admin_of_another_county_cannot_see_issue_or_revoke(
    client_for, admin_b, editor_a, editor_token
):
    c = client_for(admin_b)
    assert "HR system" not in c.get(reverse("api_token_list")).content.decode()
    assert c.get(reverse("api_token_issue", args=[editor_a.staff.pk])).status_code == 404
    assert _issue(c, editor_a.staff).status_code == 404
    assert c.post(reverse("api_token_revoke", args=[editor_token.pk])).status_code == 404
    editor_token.refresh_from_db()
    assert editor_token.revoked_at is None and ApiToken.objects.count() == 1


def test_an_admin_issues_no_token_to_their_own_account(client_for, admin_b):
    """A token acts as its account: an administrator's own tokens come from above."""
    assert _issue(client_for(admin_b), admin_b.staff).status_code == 404
    assert not ApiToken.objects.exists()


def test_anonymous_users_are_sent_to_login(client, editor_token):
    response = client.get(reverse("api_token_list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
