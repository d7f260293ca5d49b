"""The full resident ID: masked by default, shown to an administrator on purpose, audited."""

import pytest
from django.urls import reverse

from members.models import Member
from organizations.models import AuditEntry, Role
from tests import factories as f


@pytest.fixture
def admin_a(tree):
    """County A's administrator: may see full IDs in county A, and nothing of county B."""
    return f.staff("admin_a", tree.county_a, Role.ADMIN)


def full_id_url(member):
    return reverse("member_full_id", args=[member.pk])


def test_an_admin_asks_for_the_full_id_and_it_is_audited(client_for, admin_a, tree):
    response = client_for(admin_a).post(full_id_url(tree.member_a))
    assert response.status_code == 200
    assert response.json() == {"resident_id": tree.member_a.resident_id}
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="member.show_full_id")
    assert entry.user == admin_a and entry.node == tree.union_a
    assert entry.object_id == str(tree.member_a.pk)
    assert tree.member_a.resident_id not in str(entry.data)
    assert entry.data["resident_id"] == tree.member_a.masked_resident_id


def test_the_member_page_offers_the_action_to_admins_only(client_for, admin_a, editor_a, tree):
    url = reverse("member_edit", args=[tree.member_a.pk])
    assert full_id_url(tree.member_a) in client_for(admin_a).get(url).content.decode()
    assert full_id_url(tree.member_a) not in client_for(editor_a).get(url).content.decode()


def test_opening_the_member_page_is_not_showing_the_full_id(client_for, admin_a, tree):
    content = client_for(admin_a).get(reverse("member_edit", args=[tree.member_a.pk])).content
    assert tree.member_a.resident_id not in content.decode()
    assert not AuditEntry.objects.filter(action="member.show_full_id").exists()


def test_get_is_not_allowed(client_for, admin_a, tree):
    assert client_for(admin_a).get(full_id_url(tree.member_a)).status_code == 405
    assert not AuditEntry.objects.filter(action="member.show_full_id").exists()


def test_editors_and_viewers_get_403(client_for, editor_a, viewer_a, tree):
    for user in (editor_a, viewer_a):
        response = client_for(user).post(full_id_url(tree.member_a))
        assert response.status_code == 403
        assert tree.member_a.resident_id not in response.content.decode()
    assert not AuditEntry.objects.filter(action="member.show_full_id").exists()


def test_an_admin_outside_the_members_area_gets_404(client_for, admin_a, tree):
    response = client_for(admin_a).post(full_id_url(tree.member_b))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="member.show_full_id").exists()


def test_anonymous_is_sent_to_login(client, tree):
    response = client.post(full_id_url(tree.member_a))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _edit(c, member, **data):
    url = reverse("member_edit", args=[member.pk])
    version = c.get(url).context["form"]["version"].value()
    fields = {"name": member.name, "phone": member.phone, "joined_on": "2024-01-15",
              "employer": member.employer_id or "", "version": version}
    return c.post(url, {**fields, **data})


def test_edit_form_shows_the_masked_id_and_an_empty_new_id_field(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("member_edit", args=[tree.member_a.pk]))
    form = response.context["form"]
    assert form["resident_id"].value() in (None, "")
    assert not form.fields["resident_id"].required
    assert tree.member_a.masked_resident_id in response.content.decode()


def test_an_empty_new_id_keeps_the_id(client_for, editor_a, tree):
    response = _edit(client_for(editor_a), tree.member_a, name="张三丰", resident_id="")
    assert response.status_code == 302
    member = Member.objects.get(pk=tree.member_a.pk)
    assert (member.name, member.reveal_resident_id()) == ("张三丰", tree.member_a.resident_id)


def test_typing_a_new_id_changes_it(client_for, editor_a, tree):
    new_id = f.resident_id(801, female=True, birth="19850615")
    response = _edit(client_for(editor_a), tree.member_a, resident_id=new_id)
    assert response.status_code == 302
    member = Member.objects.get(pk=tree.member_a.pk)
    assert (member.reveal_resident_id(), member.gender) == (new_id, "F")
    entry = AuditEntry.objects.get(action="member.update")
    assert entry.data["resident_id"] == "***"


def test_a_wrong_new_id_is_an_error_on_the_field(client_for, editor_a, tree):
    good = f.resident_id(802)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = _edit(client_for(editor_a), tree.member_a, resident_id=bad)
    assert response.status_code == 200
    assert response.context["form"].has_error("resident_id", "checksum")
    assert Member.objects.get(pk=tree.member_a.pk).reveal_resident_id() == tree.member_a.resident_id
