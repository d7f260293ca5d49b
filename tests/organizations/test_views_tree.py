"""The tree navigator and home page: scope, breadcrumb, counts, search."""

from django.urls import reverse

from organizations.models import Formation, Level
from tests import factories as f


def test_it_redirects_anonymous_to_login(client, tree):
    for url in [reverse("home"), reverse("node_detail", args=[tree.city.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_renders(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_home_goes_to_the_users_node(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("node_detail", args=[tree.county_a.pk])


def test_home_without_staff_account_is_refused(client_for, django_user_model, tree):
    user = django_user_model.objects.create_user("nobody", password="pw-for-tests-1")
    assert client_for(user).get(reverse("home")).status_code == 403


def test_node_page_shows_children_and_grassroots(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("node_detail", args=[tree.county_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert tree.township_a.name in content
    assert tree.union_a.name in content
    assert tree.union_b.name not in content
    [child] = response.context["children"]
    assert child == tree.township_a
    assert child.grassroots_count == 1
    assert child.employer_count == 1
    # The editor may register unions and employers here.
    assert reverse("union_create", args=[tree.county_a.pk]) in content


def test_breadcrumb_starts_at_the_users_node(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("node_detail", args=[tree.village_a.pk]))
    assert response.context["breadcrumb"] == [tree.county_a, tree.township_a, tree.village_a]


def test_node_page_searches_unions_by_name(client_for, city_officer, tree):
    f.node(tree.village_a, Level.GRASSROOTS, "丙物流联合工会", formation=Formation.JOINT)
    response = client_for(city_officer).get(
        reverse("node_detail", args=[tree.city.pk]), {"q": "物流"}
    )
    names = [u.name for u in response.context["page"].object_list]
    assert names == ["丙物流联合工会"]


def test_viewer_sees_no_edit_buttons(client_for, viewer_a, tree):
    response = client_for(viewer_a).get(reverse("node_detail", args=[tree.township_a.pk]))
    assert response.status_code == 200
    assert reverse("union_create", args=[tree.township_a.pk]) not in response.content.decode()


def test_outsider_gets_404_on_another_countys_node(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("node_detail", args=[tree.county_b.pk]))
    assert response.status_code == 404


def test_node_above_the_users_scope_is_404(client_for, editor_a, tree):
    assert client_for(editor_a).get(reverse("node_detail", args=[tree.city.pk])).status_code == 404


def test_grassroots_node_redirects_to_union_page(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("node_detail", args=[tree.union_a.pk]))
    assert response.status_code == 302
    assert response.url == reverse("union_detail", args=[tree.union_a.pk])


def test_admin_site_is_for_superusers_only(client, client_for, editor_a, superuser, tree):
    change = reverse("admin:organizations_union_change", args=[tree.union_b.pk])
    c = client_for(editor_a)
    assert c.get(change).status_code == 404
    assert c.get(reverse("admin:index")).status_code == 404
    c.logout()
    c = client_for(superuser)
    assert c.get(reverse("admin:index")).status_code == 200
    assert c.get(change).status_code == 200


def test_header_shows_node_role_and_a_post_logout(client_for, editor_a, tree):
    content = client_for(editor_a).get(
        reverse("node_detail", args=[tree.county_a.pk])
    ).content.decode()
    assert tree.county_a.name in content
    assert "badge-role" in content
    assert f'action="{reverse("logout")}" method="post"' in content
    assert f'action="{reverse("set_language")}"' in content


def test_logout_is_a_post(client_for, editor_a, tree):
    c = client_for(editor_a)
    response = c.post(reverse("logout"))
    assert response.status_code == 302
    assert c.get(reverse("home")).status_code == 302  # logged out: back to the login page
