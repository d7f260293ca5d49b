"""建会登记 and union edits through the browser forms."""

import pytest
from django.urls import reverse

from organizations import services
from organizations.models import Formation, Level, Union
from tests import factories as f


def parent_of(node: Union) -> Union:
    return Union.objects.get(path=node.path[: -Union.steplen])


def union_data(**overrides):
    data = {
        "name": "新建公司工会委员会",
        "formation": Formation.INDEPENDENT,
        "status": "active",
        "founded_on": "2024-05-01",
        "chair_name": "王主席",
        "chair_phone": "13900000000",
        "has_workers_congress": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def free_employers(tree):
    """Two employers in county A that no union covers yet."""
    return [f.employer(tree.township_a, name=f"待建会企业{i}") for i in (1, 2)]


def test_register_independent_union(client_for, editor_a, tree, free_employers):
    employer = free_employers[0]
    response = client_for(editor_a).post(
        reverse("union_create", args=[tree.township_a.pk]),
        union_data(employers=[employer.pk]),
    )
    union = Union.objects.get(name="新建公司工会委员会")
    assert response.status_code == 302
    assert response.url == reverse("union_detail", args=[union.pk])
    assert union.level == Level.GRASSROOTS
    assert parent_of(union) == tree.township_a
    assert union.has_workers_congress is True
    employer.refresh_from_db()
    assert employer.union == union


def test_register_joint_union(client_for, editor_a, tree, free_employers):
    response = client_for(editor_a).post(
        reverse("union_create", args=[tree.village_a.pk]),
        union_data(name="甲社区联合工会委员会", formation=Formation.JOINT,
                   employers=[e.pk for e in free_employers]),
    )
    assert response.status_code == 302
    union = Union.objects.get(name="甲社区联合工会委员会")
    assert set(union.employers.all()) == set(free_employers)


def test_joint_union_needs_two_employers(client_for, editor_a, tree, free_employers):
    response = client_for(editor_a).post(
        reverse("union_create", args=[tree.village_a.pk]),
        union_data(formation=Formation.JOINT, employers=[free_employers[0].pk]),
    )
    assert response.status_code == 200
    assert "employers" in response.context["form"].errors
    assert not Union.objects.filter(name="新建公司工会委员会").exists()
    # The chosen employer is still shown as a chip, so the editor only adds the second.
    assert response.context["selected"] == [free_employers[0]]


def test_employer_already_covered_is_refused(client_for, editor_a, tree):
    response = client_for(editor_a).post(
        reverse("union_create", args=[tree.township_a.pk]),
        union_data(employers=[tree.employer_a.pk]),
    )
    assert response.status_code == 200
    assert "employers" in response.context["form"].errors
    assert not Union.objects.filter(name="新建公司工会委员会").exists()
    tree.employer_a.refresh_from_db()
    assert tree.employer_a.union == tree.union_a


def test_employer_outside_scope_cannot_be_chosen(client_for, editor_a, tree):
    outside = f.employer(tree.county_b, name="乙区未建会企业")
    response = client_for(editor_a).post(
        reverse("union_create", args=[tree.township_a.pk]), union_data(employers=[outside.pk])
    )
    assert "employers" in response.context["form"].errors
    outside.refresh_from_db()
    assert outside.union is None


def test_union_under_grassroots_is_refused(client_for, editor_a, tree, free_employers):
    response = client_for(editor_a).post(
        reverse("union_create", args=[tree.union_a.pk]),
        union_data(employers=[free_employers[0].pk]),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_edit_union(client_for, editor_a, tree):
    url = reverse("union_edit", args=[tree.union_a.pk])
    c = client_for(editor_a)
    form = c.get(url).context["form"]
    assert form["version"].value() == tree.union_a.version
    response = c.post(url, union_data(name="甲公司工会（改）", employers=[tree.employer_a.pk],
                                      version=tree.union_a.version))
    assert response.status_code == 302
    tree.union_a.refresh_from_db()
    assert tree.union_a.name == "甲公司工会（改）"
    assert tree.union_a.version == 2


def test_stale_union_form_is_a_conflict(client_for, editor_a, tree):
    url = reverse("union_edit", args=[tree.union_a.pk])
    c = client_for(editor_a)
    seen_version = c.get(url).context["form"]["version"].value()
    services.union_update(union=tree.union_a, by=editor_a, version=seen_version, name="先保存的名称")
    response = c.post(url, union_data(name="后保存的名称", employers=[tree.employer_a.pk],
                                      version=seen_version))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    tree.union_a.refresh_from_db()
    assert tree.union_a.name == "先保存的名称"
    assert tree.union_a.version == seen_version + 1


def test_viewer_gets_403_on_union_forms(client_for, viewer_a, tree):
    c = client_for(viewer_a)
    assert c.get(reverse("union_edit", args=[tree.union_a.pk])).status_code == 403
    assert c.get(reverse("union_create", args=[tree.township_a.pk])).status_code == 403


def test_outsider_gets_404_on_union_forms(client_for, editor_a, tree):
    c = client_for(editor_a)
    assert c.get(reverse("union_edit", args=[tree.union_b.pk])).status_code == 404
    assert c.get(reverse("union_create", args=[tree.county_b.pk])).status_code == 404
    response = c.post(reverse("union_edit", args=[tree.union_b.pk]), union_data(version=1))
    assert response.status_code == 404
    tree.union_b.refresh_from_db()
    assert tree.union_b.name == "乙公司工会委员会"


def test_anonymous_is_sent_to_login_from_forms(client, tree):
    response = client.get(reverse("union_edit", args=[tree.union_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_picker_offers_uncovered_employers_in_scope(client_for, editor_a, tree, free_employers):
    f.employer(tree.county_b, name="乙区待建会企业")
    response = client_for(editor_a).get(reverse("employer_choices"), {"q": "待建会"})
    names = {r["name"] for r in response.json()["results"]}
    assert names == {"待建会企业1", "待建会企业2"}


def test_picker_for_a_union_includes_its_own_employers(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("employer_choices"), {"union": tree.union_a.pk})
    assert tree.employer_a.pk in {r["id"] for r in response.json()["results"]}


def test_picker_refuses_out_of_scope_union(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("employer_choices"), {"union": tree.union_b.pk})
    assert response.status_code == 404


def test_admin_creates_a_federation(client_for, city_officer, tree):
    response = client_for(city_officer).post(
        reverse("federation_create", args=[tree.county_b.pk]),
        {"name": "乙街道总工会", "level": Level.TOWNSHIP},
    )
    assert response.status_code == 302
    created = Union.objects.get(name="乙街道总工会")
    assert parent_of(created) == tree.county_b


def test_editor_cannot_create_a_federation(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("federation_create", args=[tree.county_a.pk]))
    assert response.status_code == 403
