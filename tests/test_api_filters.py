"""API filters: choices come from the caller's scope, and an out-of-scope id reads as unknown."""

from __future__ import annotations

import pytest
from django.urls import reverse

UNKNOWN = 987654321

CASES = [
    ("member-list", "union", "union_b"),
    ("member-list", "employer", "employer_b"),
    ("employer-list", "union", "union_b"),
    ("employer-list", "node", "county_b"),
    ("union-list", "below", "county_b"),
]


@pytest.mark.parametrize("name, field, attr", CASES)
def test_out_of_scope_id_answers_like_an_unknown_one(client_for, editor_a, tree, name, field, attr):
    c = client_for(editor_a)
    outside = c.get(reverse(name), {field: getattr(tree, attr).pk})
    unknown = c.get(reverse(name), {field: UNKNOWN})
    assert outside.status_code == unknown.status_code
    assert outside.content == unknown.content
    assert outside.status_code in (400, 404)


@pytest.mark.parametrize("name, field, attr", [
    ("member-list", "union", "union_a"), ("member-list", "employer", "employer_a"),
    ("employer-list", "union", "union_a"), ("employer-list", "node", "township_a"),
])
def test_in_scope_id_still_filters(client_for, editor_a, tree, name, field, attr):
    response = client_for(editor_a).get(reverse(name), {field: getattr(tree, attr).pk})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


@pytest.mark.parametrize("name", ["member-list", "employer-list", "union-list"])
def test_browsable_filter_form_lists_only_the_callers_scope(client_for, editor_a, tree, name):
    response = client_for(editor_a).get(reverse(name), HTTP_ACCEPT="text/html")
    html = response.content.decode()
    assert response.status_code == 200
    for outside in [tree.union_b, tree.county_b, tree.city, tree.employer_b]:
        assert outside.name not in html, outside.name
    assert 'name="q"' in html or 'name="name"' in html  # the filter form is there
