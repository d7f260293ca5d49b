"""Employer list, create and edit pages."""

from django.urls import reverse

from organizations.models import Employer
from tests import factories as f


def employer_data(tree, **overrides):
    data = {
        "name": "甲新材料有限公司",
        "credit_code": f.credit_code(9001),
        "ownership": "private",
        "industry": "制造业",
        "node": tree.township_a.pk,
        "employees": 120,
        "migrant_employees": 30,
        "no_union_reason": "preparing",
        "no_union_note": "",
    }
    data.update(overrides)
    return data


def test_list_is_scoped_and_searchable(client_for, editor_a, tree):
    c = client_for(editor_a)
    response = c.get(reverse("employer_list"))
    names = [e.name for e in response.context["page"].object_list]
    assert names == ["甲公司"]
    response = c.get(reverse("employer_list"), {"q": tree.employer_a.credit_code[:8]})
    assert [e.name for e in response.context["page"].object_list] == ["甲公司"]
    response = c.get(reverse("employer_list"), {"q": "乙公司"})
    assert list(response.context["page"].object_list) == []


def test_create_employer(client_for, editor_a, tree):
    response = client_for(editor_a).post(reverse("employer_create"), employer_data(tree))
    assert response.status_code == 302
    employer = Employer.objects.get(name="甲新材料有限公司")
    assert employer.node == tree.township_a
    assert employer.no_union_reason == "preparing"


def test_lower_case_code_with_spaces_is_accepted(client_for, editor_a, tree):
    code = f.credit_code(9002)
    messy = f"{code[:9]} {code[9:]}".lower()
    response = client_for(editor_a).post(reverse("employer_create"),
                                         employer_data(tree, credit_code=messy))
    assert response.status_code == 302
    assert Employer.objects.filter(credit_code=code).exists()


def test_bad_credit_code_shows_the_validator_message(client_for, editor_a, tree):
    good = f.credit_code(9003)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client_for(editor_a).post(reverse("employer_create"),
                                         employer_data(tree, credit_code=bad))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("credit_code", "checksum")
    assert not Employer.objects.filter(name="甲新材料有限公司").exists()


def test_duplicate_credit_code_shows_the_unique_message(client_for, editor_a, tree):
    response = client_for(editor_a).post(
        reverse("employer_create"), employer_data(tree, credit_code=tree.employer_a.credit_code)
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("credit_code", "unique")


def test_node_must_be_a_federation_in_scope(client_for, editor_a, tree):
    c = client_for(editor_a)
    for node in (tree.county_b, tree.union_a):
        response = c.post(reverse("employer_create"), employer_data(tree, node=node.pk))
        assert response.context["form"].has_error("node")


def test_edit_employer_and_conflict(client_for, editor_a, tree):
    url = reverse("employer_edit", args=[tree.employer_a.pk])
    c = client_for(editor_a)
    version = c.get(url).context["form"]["version"].value()
    data = employer_data(tree, name="甲公司（新名）", credit_code=tree.employer_a.credit_code,
                         version=version)
    assert c.post(url, data).status_code == 302
    tree.employer_a.refresh_from_db()
    assert tree.employer_a.name == "甲公司（新名）"
    # The same stale form again: refused, nothing overwritten.
    response = c.post(url, {**data, "name": "过期的名称"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    tree.employer_a.refresh_from_db()
    assert tree.employer_a.name == "甲公司（新名）"


def test_viewer_gets_403_on_employer_forms(client_for, viewer_a, tree):
    c = client_for(viewer_a)
    assert c.get(reverse("employer_create")).status_code == 403
    assert c.get(reverse("employer_edit", args=[tree.employer_a.pk])).status_code == 403


def test_outsider_gets_404_on_employer_edit(client_for, editor_a, tree):
    assert client_for(editor_a).get(
        reverse("employer_edit", args=[tree.employer_b.pk])
    ).status_code == 404
