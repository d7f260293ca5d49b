"""Adding, editing and ending memberships through the forms."""

from django.urls import reverse

from members import services
from members.models import Member, MemberStatus
from tests import factories as f


def member_data(tree, **overrides):
    data = {
        "name": "孙七",
        "resident_id": f.resident_id(701),
        "phone": "13700007777",
        "employer": tree.employer_a.pk,
        "joined_on": "2025-03-01",
        "is_migrant": "on",
        "new_form_category": "",
        "eight_group": "courier",
    }
    data.update(overrides)
    return data


def test_add_member(client_for, editor_a, tree):
    response = client_for(editor_a).post(
        reverse("member_create", args=[tree.union_a.pk]), member_data(tree)
    )
    assert response.status_code == 302
    assert response.url == reverse("union_detail", args=[tree.union_a.pk])
    member = Member.objects.get(name="孙七")
    assert member.union == tree.union_a
    assert member.is_migrant is True
    assert member.gender == "M"


def test_add_another_returns_to_an_empty_form(client_for, editor_a, tree):
    response = client_for(editor_a).post(
        reverse("member_create", args=[tree.union_a.pk]), {**member_data(tree), "add_another": "1"}
    )
    assert response.url == reverse("member_create", args=[tree.union_a.pk])


def test_bad_checksum_is_an_error_on_the_id_field(client_for, editor_a, tree):
    good = f.resident_id(702)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client_for(editor_a).post(
        reverse("member_create", args=[tree.union_a.pk]), member_data(tree, resident_id=bad)
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("resident_id", "checksum")
    assert b'data-field="resident_id"' in response.content
    assert not Member.objects.filter(name="孙七").exists()


def test_duplicate_in_another_county_does_not_name_that_union(client_for, editor_a, tree):
    response = client_for(editor_a).post(
        reverse("member_create", args=[tree.union_a.pk]),
        member_data(tree, resident_id=tree.member_b.resident_id),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("resident_id")
    content = response.content.decode()
    assert tree.union_b.name not in content
    assert tree.county_b.name not in content
    assert Member.objects.with_resident_id(tree.member_b.resident_id).count() == 1


def test_employer_must_be_covered_by_the_union(client_for, editor_a, tree):
    elsewhere = f.employer(tree.township_a, name="未建会企业")
    response = client_for(editor_a).post(
        reverse("member_create", args=[tree.union_a.pk]), member_data(tree, employer=elsewhere.pk)
    )
    assert response.context["form"].has_error("employer")
    assert list(response.context["form"].fields["employer"].queryset) == [tree.employer_a]


def test_edit_form_shows_editors_the_masked_id_only(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("member_edit", args=[tree.member_a.pk]))
    assert response.status_code == 200
    assert tree.member_a.masked_resident_id in response.content.decode()
    assert tree.member_a.resident_id not in response.content.decode()


def test_edit_member(client_for, editor_a, tree):
    url = reverse("member_edit", args=[tree.member_a.pk])
    c = client_for(editor_a)
    version = c.get(url).context["form"]["version"].value()
    data = member_data(tree, name="张三丰", resident_id=tree.member_a.resident_id, version=version)
    assert c.post(url, data).status_code == 302
    tree.member_a.refresh_from_db()
    assert tree.member_a.name == "张三丰"


def test_stale_member_form_is_a_conflict(client_for, editor_a, tree):
    url = reverse("member_edit", args=[tree.member_a.pk])
    c = client_for(editor_a)
    version = c.get(url).context["form"]["version"].value()
    services.member_update(member=tree.member_a, by=editor_a, version=version, phone="13811112222")
    data = member_data(tree, name="张三", resident_id=tree.member_a.resident_id,
                       phone="13899998888", version=version)
    response = c.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    tree.member_a.refresh_from_db()
    assert tree.member_a.phone == "13811112222"
    assert tree.member_a.version == version + 1


def test_leave(client_for, editor_a, tree):
    response = client_for(editor_a).post(
        reverse("member_leave", args=[tree.member_a.pk]),
        {"version": tree.member_a.version, "left_on": "2025-06-30"},
    )
    assert response.status_code == 302
    tree.member_a.refresh_from_db()
    assert tree.member_a.status == MemberStatus.LEFT
    assert str(tree.member_a.left_on) == "2025-06-30"


def test_leave_with_stale_version_changes_nothing(client_for, editor_a, tree):
    response = client_for(editor_a).post(
        reverse("member_leave", args=[tree.member_a.pk]), {"version": tree.member_a.version + 5}
    )
    assert response.status_code == 302
    tree.member_a.refresh_from_db()
    assert tree.member_a.status == MemberStatus.ACTIVE


def test_viewer_gets_403_on_member_forms(client_for, viewer_a, tree):
    c = client_for(viewer_a)
    assert c.get(reverse("member_create", args=[tree.union_a.pk])).status_code == 403
    assert c.get(reverse("member_edit", args=[tree.member_a.pk])).status_code == 403
    assert c.post(reverse("member_leave", args=[tree.member_a.pk]), {}).status_code == 403


def test_outsider_gets_404_on_member_pages(client_for, editor_a, tree):
    c = client_for(editor_a)
    assert c.get(reverse("member_edit", args=[tree.member_b.pk])).status_code == 404
    assert c.get(reverse("member_create", args=[tree.union_b.pk])).status_code == 404
    leave = c.post(reverse("member_leave", args=[tree.member_b.pk]), {"version": 1})
    assert leave.status_code == 404
    tree.member_b.refresh_from_db()
    assert tree.member_b.status == MemberStatus.ACTIVE


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("member_edit", args=[tree.member_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_federation_has_no_member_form(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("member_create", args=[tree.township_a.pk]))
    assert response.status_code == 404
