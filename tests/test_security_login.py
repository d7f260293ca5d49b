"""Logins: lockout after repeated failures (django-axes), own password change, strong passwords."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

WRONG = {"username": "editor_a", "password": "not-the-password"}
RIGHT = {"username": "editor_a", "password": "pw-for-tests-1"}


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """These tests log in dozens of times; the real hasher costs half a second a try here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fail(client, times: int, **extra) -> None:
    for _ in range(times):
        response = client.post(reverse("login"), WRONG, **extra)
        assert response.status_code in (200, 429)


def test_five_failures_lock_the_account_even_with_the_right_password(client, editor_a):
    fail(client, 5)
    response = client.post(reverse("login"), RIGHT)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_chinese(client, editor_a):
    fail(client, 5)
    response = client.post(reverse("login"), RIGHT)
    text = response.content.decode()
    assert "登录失败次数过多" in text
    assert "30" in text and "分钟" in text
    assert 'href="/accounts/login/"' in text or "管理员" in text


def test_lockout_is_per_address_too(client, editor_a, viewer_a):
    """One address trying many names is stopped as well."""
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        client.post(reverse("login"), {"username": name, "password": "x"})
    response = client.post(reverse("login"), {"username": "viewer_a", "password": "pw-for-tests-1"})
    assert response.status_code == 429


def test_other_address_is_not_locked(client, editor_a):
    fail(client, 5, REMOTE_ADDR="10.0.0.1")
    response = client.post(reverse("login"), RIGHT, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, editor_a):
    """A client cannot dodge the per-address lockout by inventing X-Forwarded-For."""
    for i in range(5):
        client.post(reverse("login"), WRONG, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = client.post(reverse("login"), RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_admin_login_is_locked_too(client, superuser):
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "root", "password": "pw-for-tests-1"})
    assert response.status_code == 429


def test_admin_can_unlock(client, editor_a):
    fail(client, 5)
    call_command("axes_reset_username", "editor_a")
    # The address stays locked (five failures from it): unlock it as well, as the README says.
    call_command("axes_reset_ip", "127.0.0.1")
    assert client.post(reverse("login"), RIGHT).status_code == 302


def test_password_change_works(client, editor_a):
    client.post(reverse("login"), RIGHT)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": "pw-for-tests-1",
        "new_password1": "Tide-Lantern-4821",
        "new_password2": "Tide-Lantern-4821",
    })
    assert response.status_code == 302
    done = client.get(response.url)
    assert "密码已修改" in done.content.decode()
    editor_a.refresh_from_db()
    assert editor_a.check_password("Tide-Lantern-4821")


@pytest.mark.parametrize("password, message", [
    ("Ab3-xyz9q", "至少"),  # 9 characters: too short
    ("password1234", "太常见"),
    ("4829105738261", "全都是数字"),
    ("editor_a_2024", "相似"),
])
def test_password_change_enforces_the_validators(client, editor_a, password, message):
    client.force_login(editor_a)
    response = client.post(reverse("password_change"), {
        "old_password": "pw-for-tests-1", "new_password1": password, "new_password2": password,
    })
    assert response.status_code == 200
    assert message in response.content.decode()
    editor_a.refresh_from_db()
    assert editor_a.check_password("pw-for-tests-1")


def test_nav_links_to_password_change(client_for, editor_a):
    assert reverse("password_change") in client_for(editor_a).get(reverse("home"), follow=True).content.decode()


def test_password_change_needs_login(client, db):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert get_user_model().objects.count() == 0


@pytest.mark.parametrize("count, forwarded, expected", [
    (0, "6.6.6.6", "10.0.0.9"),  # no proxy: the header is the client's own invention
    (1, "203.0.113.7", "203.0.113.7"),  # one proxy appended the client's address
    (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # what the client wrote itself is ignored
    (2, "6.6.6.6, 203.0.113.7, 10.0.0.3", "203.0.113.7"),
    (1, "", "10.0.0.9"),
])
def test_client_address_behind_trusted_proxies(rf, settings, count, forwarded, expected):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert get_client_ip_address(request) == expected
