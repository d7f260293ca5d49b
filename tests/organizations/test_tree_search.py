"""The 组织树 page: a search for a union by name or credit code across the user's area, and
the tree's levels (with figures from the counters), both within the user's scope only."""

from __future__ import annotations

from django.urls import reverse

from counting.recount import counts_rebuild
from organizations import selectors
from organizations.models import Formation, Level
from tests import factories as f

CODE_A = f.credit_code(7101)
CODE_B = f.credit_code(7102)


def _unions(tree):
    a = f.node(tree.village_a, Level.GRASSROOTS, "甲社区快递物流联合工会",
               formation=Formation.JOINT, credit_code=CODE_A)
    b = f.node(tree.county_b, Level.GRASSROOTS, "乙区快递物流联合工会",
               formation=Formation.JOINT, credit_code=CODE_B)
    return a, b


def test_search_finds_by_name_and_credit_code_in_the_area(tree, editor_a):
    a, _ = _unions(tree)
    assert list(selectors.union_search(user=editor_a, term="快递物流")) == [a]
    assert list(selectors.union_search(user=editor_a, term=CODE_A.lower()[:12])) == [a]
    assert list(selectors.union_search(user=editor_a, term=CODE_B)) == []  # county B's
    assert list(selectors.union_search(user=editor_a, term="  ")) == []


def test_city_officer_finds_both_counties(tree, city_officer):
    a, b = _unions(tree)
    assert set(selectors.union_search(user=city_officer, term="快递物流")) == {a, b}


def test_node_page_search_looks_across_the_area_not_just_the_node(client_for, editor_a, tree):
    a, _ = _unions(tree)
    # From the township page, a union found anywhere in county A (here: under the village).
    response = client_for(editor_a).get(
        reverse("node_detail", args=[tree.township_a.pk]), {"q": CODE_A})
    assert [u.name for u in response.context["page"].object_list] == [a.name]
    assert CODE_A in response.content.decode()


def test_node_page_search_never_finds_outside_the_area(client_for, editor_a, tree):
    _, b = _unions(tree)
    c = client_for(editor_a)
    for term in [b.name, CODE_B, "乙区"]:
        response = c.get(reverse("node_detail", args=[tree.county_a.pk]), {"q": term})
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == [], term
        assert reverse("union_detail", args=[b.pk]) not in response.content.decode()


def test_tree_level_shows_children_with_their_figures(client_for, editor_a, tree):
    _unions(tree)
    f.member(tree.union_a, name="王五")
    counts_rebuild()  # the factories write rows directly, past the live counters
    response = client_for(editor_a).get(reverse("reports_tree_children", args=[tree.county_a.pk]))
    assert response.status_code == 200
    [row] = response.context["level"].rows
    assert row.node == tree.township_a
    assert row.figures.unions == 2  # union_a and the joint union under the village
    assert row.figures.members == 2  # 张三 and 王五
    html = response.content.decode()
    assert f'data-node="{tree.township_a.pk}"' in html
    assert reverse("reports_tree_children", args=[tree.township_a.pk]) in html


def test_tree_level_lists_grassroots_as_leaves(client_for, editor_a, tree):
    response = client_for(editor_a).get(
        reverse("reports_tree_children", args=[tree.township_a.pk]))
    rows = response.context["level"].rows
    assert [r.node for r in rows] == [tree.village_a, tree.union_a]  # federations first
    assert reverse("union_detail", args=[tree.union_a.pk]) in response.content.decode()


def test_tree_level_escapes_names(client_for, editor_a, tree):
    f.node(tree.county_a, Level.TOWNSHIP, '<img src=x onerror=alert(1)>街道')
    html = client_for(editor_a).get(
        reverse("reports_tree_children", args=[tree.county_a.pk])).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_tree_level_outside_the_area_is_404(client_for, editor_a, tree):
    c = client_for(editor_a)
    for node in [tree.county_b, tree.union_b, tree.city]:
        assert c.get(reverse("reports_tree_children", args=[node.pk])).status_code == 404


def test_tree_level_needs_a_login(client, tree):
    response = client.get(reverse("reports_tree_children", args=[tree.county_a.pk]))
    assert response.status_code == 302


def test_node_page_carries_the_tree(client_for, editor_a, tree):
    html = client_for(editor_a).get(
        reverse("node_detail", args=[tree.county_a.pk])).content.decode()
    assert f'data-children-url="{reverse("reports_tree_children", args=[tree.county_a.pk])}"' in html
    assert "js/tree.js" in html
