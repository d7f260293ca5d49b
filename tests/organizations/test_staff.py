"""账号管理: an admin creates, re-scopes and disables the staff accounts of their own subtree."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from organizations.models import AuditEntry, Role, StaffAccount
from tests import factories as f

User = get_user_model()
PASSWORD = "a-long-pass-phrase-9"


@pytest.fixture
def admin_a(tree):
    """County A's administrator."""
    return f.staff("admin_a", tree.county_a, Role.ADMIN)


@pytest.fixture
def admin_b(tree):
    return f.staff("admin_b", tree.county_b, Role.ADMIN)


def _login(client: Client, username: str) -> bool:
    """Sign in through the login page, as a person would (the lockout needs the request)."""
    client.post(reverse("login"), {"username": username, "password": "pw-for-tests-1"})
    return "_auth_user_id" in client.session


def _create(client, node, **overrides):
    data = {"username": "new_clerk", "password": PASSWORD, "password2": PASSWORD,
            "node": node.pk, "role": Role.EDITOR, **overrides}
    return client.post(reverse("staff_create"), data)


def _urls(account_pk: int) -> list[tuple[str, str]]:
    return [("get", reverse("staff_list")), ("get", reverse("staff_create")),
            ("get", reverse("staff_edit", args=[account_pk])),
            ("post", reverse("staff_disable", args=[account_pk])),
            ("post", reverse("staff_enable", args=[account_pk]))]


def test_non_admins_get_404_everywhere(tree, editor_a, viewer_a, client_for):
    nobody = User.objects.create_user("nobody", password=PASSWORD)
    for user in (editor_a, viewer_a, nobody):
        client = client_for(user)
        for method, url in _urls(viewer_a.staff.pk):
            assert getattr(client, method)(url).status_code == 404, (user, url)
    assert User.objects.get(pk=viewer_a.pk).is_active


def test_another_countys_admin_gets_404_on_our_accounts(tree, admin_b, viewer_a, client_for):
    client = client_for(admin_b)
    for method, url in _urls(viewer_a.staff.pk)[2:]:
        assert getattr(client, method)(url).status_code == 404, url
    assert "viewer_a" not in client.get(reverse("staff_list")).content.decode()
    assert User.objects.get(pk=viewer_a.pk).is_active


def test_the_list_shows_the_subtree(tree, admin_a, viewer_a, editor_a, client_for):
    f.staff("clerk_b", tree.county_b, Role.EDITOR)
    page = client_for(admin_a).get(reverse("staff_list")).content.decode()
    assert "viewer_a" in page and "editor_a" in page and "clerk_b" not in page


def test_an_admin_creates_an_account_in_the_subtree(tree, admin_a, client_for):
    response = _create(client_for(admin_a), tree.township_a)
    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert user.check_password(PASSWORD) and user.is_active and not user.is_staff
    assert (user.staff.node, user.staff.role) == (tree.township_a, Role.EDITOR)
    entry = AuditEntry.objects.get(action="staff.create")
    assert (entry.username, entry.node_id, entry.data["role"]) == ("admin_a", tree.township_a.pk, "editor")
    assert PASSWORD not in str(entry.data)


@pytest.mark.parametrize("where", ["city", "county_b", "union_b"])
def test_no_account_outside_the_subtree(tree, admin_a, client_for, where):
    response = _create(client_for(admin_a), getattr(tree, where))
    assert response.status_code == 200
    assert not User.objects.filter(username="new_clerk").exists()


def test_a_weak_password_is_refused(tree, admin_a, client_for):
    response = _create(client_for(admin_a), tree.township_a, password="123456", password2="123456")
    assert response.status_code == 200
    assert not User.objects.filter(username="new_clerk").exists()


def test_a_taken_username_is_refused(tree, admin_a, viewer_a, client_for):
    response = _create(client_for(admin_a), tree.township_a, username="viewer_a")
    assert response.status_code == 200
    assert User.objects.get(username="viewer_a").staff.role == Role.VIEWER


def test_an_admin_rescopes_an_account(tree, admin_a, viewer_a, client_for):
    response = client_for(admin_a).post(reverse("staff_edit", args=[viewer_a.staff.pk]),
                                        {"node": tree.village_a.pk, "role": Role.EDITOR})
    assert response.status_code == 302
    account = StaffAccount.objects.get(pk=viewer_a.staff.pk)
    assert (account.node, account.role) == (tree.village_a, Role.EDITOR)
    entry = AuditEntry.objects.get(action="staff.update")
    assert entry.data == {"node": tree.village_a.name, "role": "editor"}


def test_an_account_cannot_be_moved_out_of_the_subtree(tree, admin_a, viewer_a, client_for):
    client = client_for(admin_a)
    for node in (tree.city, tree.county_b):
        response = client.post(reverse("staff_edit", args=[viewer_a.staff.pk]),
                               {"node": node.pk, "role": Role.ADMIN})
        assert response.status_code == 200
    account = StaffAccount.objects.get(pk=viewer_a.staff.pk)
    assert (account.node, account.role) == (tree.township_a, Role.VIEWER)


def test_an_admin_cannot_edit_or_disable_the_own_account(tree, admin_a, client_for):
    client = client_for(admin_a)
    own = admin_a.staff.pk
    assert client.post(reverse("staff_edit", args=[own]),
                       {"node": tree.township_a.pk, "role": Role.ADMIN}).status_code == 404
    assert client.post(reverse("staff_disable", args=[own])).status_code == 404
    account = StaffAccount.objects.get(pk=own)
    assert account.node == tree.county_a and User.objects.get(pk=admin_a.pk).is_active


def test_a_superusers_staff_account_is_not_managed_here(tree, admin_a, client_for):
    root = User.objects.create_superuser("root_a", password=PASSWORD)
    StaffAccount.objects.create(user=root, node=tree.township_a, role=Role.VIEWER)
    assert client_for(admin_a).post(reverse("staff_disable", args=[root.staff.pk])).status_code == 404
    assert User.objects.get(pk=root.pk).is_active


def test_disabling_ends_the_sessions_at_once(tree, admin_a, viewer_a, client_for):
    victim = Client()
    assert _login(victim, "viewer_a")
    assert victim.get(reverse("home")).status_code == 302  # to the own node: logged in
    assert victim.get(reverse("employer_list")).status_code == 200

    response = client_for(admin_a).post(reverse("staff_disable", args=[viewer_a.staff.pk]))
    assert response.status_code == 302
    assert not User.objects.get(pk=viewer_a.pk).is_active
    assert not [s for s in Session.objects.all()
                if s.get_decoded().get("_auth_user_id") == str(viewer_a.pk)]
    assert victim.get(reverse("employer_list"))["Location"].startswith(reverse("login"))
    assert not _login(Client(), "viewer_a")
    assert AuditEntry.objects.filter(action="staff.disable", object_id=str(viewer_a.staff.pk)).exists()

    client_for(admin_a).post(reverse("staff_enable", args=[viewer_a.staff.pk]))
    assert User.objects.get(pk=viewer_a.pk).is_active
    assert AuditEntry.objects.filter(action="staff.enable").exists()


def test_the_admins_own_session_survives(tree, admin_a, viewer_a, client):
    assert _login(client, "admin_a")
    client.post(reverse("staff_disable", args=[viewer_a.staff.pk]))
    assert client.get(reverse("staff_list")).status_code == 200


def test_a_superuser_creates_the_city_admin(tree, superuser, client_for):
    response = _create(client_for(superuser), tree.city, username="city_admin", role=Role.ADMIN)
    assert response.status_code == 302
    assert User.objects.get(username="city_admin").staff.role == Role.ADMIN
