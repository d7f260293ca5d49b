"""API tokens: the token acts as its account (node and role); expired, revoked and unknown
tokens are refused; only a digest is stored; rates per token and per user."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from organizations.models import AuditEntry, Role
from tests import factories as f
from tests.api.conftest import Api


def token_api(key: str) -> Api:
    return Api(Client(), HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def editor_key(editor_a, city_officer):
    _token, key = tokens.token_issue(user=editor_a, name="HR system", days=30, by=city_officer)
    return key


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("name", ["union-list", "employer-list", "member-list"])
def test_token_sees_what_its_account_sees(api_for, editor_a, editor_key, tree, name):
    by_token, by_session = token_api(editor_key).get(reverse(name)), api_for(editor_a).get(reverse(name))
    assert by_token.status_code == 200
    assert _ids(by_token) == _ids(by_session)
    assert token_api(editor_key).get(
        reverse("member-detail", args=[tree.member_b.pk])).status_code == 404


def test_token_follows_its_account_when_the_account_moves(editor_a, editor_key, tree):
    editor_a.staff.node = tree.county_b
    editor_a.staff.save()
    assert _ids(token_api(editor_key).get(reverse("member-list"))) == {tree.member_b.pk}


def test_token_of_a_viewer_cannot_write(viewer_a, city_officer, tree):
    _t, key = tokens.token_issue(user=viewer_a, name="read only", days=5, by=city_officer)
    api = token_api(key)
    assert api.get(reverse("member-list")).status_code == 200
    response = api.patch(reverse("member-detail", args=[tree.member_a.pk]), {"phone": "1"},
                         version=tree.member_a.version)
    assert response.status_code == 403


def test_token_writes_need_no_csrf_and_are_audited_as_the_account(editor_a, editor_key, tree):
    response = token_api(editor_key).patch(
        reverse("employer-detail", args=[tree.employer_a.pk]), {"employees": 60},
        version=tree.employer_a.version)
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="employer.update").latest("at")
    assert entry.user == editor_a


def test_expired_token_is_refused(editor_key):
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = token_api(editor_key).get(reverse("member-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_revoked_token_is_refused(editor_key, city_officer):
    assert token_api(editor_key).get(reverse("member-list")).status_code == 200
    tokens.token_revoke(token=ApiToken.objects.get(), by=city_officer)
    assert token_api(editor_key).get(reverse("member-list")).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1


@pytest.mark.parametrize("header", ["Token nonsense", "Token a b", "Bearer urt_" + "x" * 43])
def test_unknown_or_malformed_token_is_refused(db, header):
    assert Client().get(reverse("member-list"), HTTP_AUTHORIZATION=header).status_code == 401


def test_inactive_account_token_is_refused(editor_a, editor_key):
    editor_a.is_active = False
    editor_a.save()
    assert token_api(editor_key).get(reverse("member-list")).status_code == 401


def test_only_a_digest_is_stored(editor_key):
    token = ApiToken.objects.get()
    assert editor_key not in str(vars(token))
    assert token.digest != editor_key and len(token.digest) == 64
    assert editor_key[4:].startswith(token.prefix)


def test_issue_is_audited_without_the_key(editor_key):
    entry = AuditEntry.objects.get(action="api_token.issue")
    assert editor_key not in str(entry.data)


def test_only_an_admin_of_the_accounts_area_issues(editor_a, viewer_a, tree):
    with pytest.raises(PermissionDenied):
        tokens.token_issue(user=viewer_a, name="x", days=1, by=editor_a)  # editors do not
    county_b_admin = f.staff("admin_b", tree.county_b, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        tokens.token_issue(user=viewer_a, name="x", days=1, by=county_b_admin)  # outside


@pytest.mark.parametrize("days", [0, 367])
def test_expiry_is_bounded(editor_a, city_officer, days):
    with pytest.raises(ValidationError):
        tokens.token_issue(user=editor_a, name="x", days=days, by=city_officer)


def test_tokens_are_for_staff_accounts_only(superuser, city_officer):
    with pytest.raises(ValidationError):
        tokens.token_issue(user=superuser, name="x", days=1, by=None)


def test_command_issues_lists_and_revokes(editor_a, capsys):
    call_command("api_token", "issue", "editor_a", "--name", "payroll", "--days", "10")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert token_api(key).get(reverse("member-list")).status_code == 200
    call_command("api_token", "list")
    assert "payroll" in capsys.readouterr().out
    call_command("api_token", "revoke", str(ApiToken.objects.get().pk))
    assert token_api(key).get(reverse("member-list")).status_code == 401


def test_rate_per_token(editor_key, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "token": "3/min", "user": "100/min"}}
    api = token_api(editor_key)
    assert [api.get(reverse("union-list")).status_code for _ in range(4)] == [200] * 3 + [429]


def test_rate_per_user_counts_sessions_and_tokens_together(api_for, editor_a, editor_key,
                                                           settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "token": "100/min", "user": "3/min"}}
    assert token_api(editor_key).get(reverse("union-list")).status_code == 200
    session = api_for(editor_a)
    assert [session.get(reverse("union-list")).status_code for _ in range(3)] == [200, 200, 429]
