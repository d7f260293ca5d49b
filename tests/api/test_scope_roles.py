"""Every endpoint, every role: reads answer 404 outside the caller's subtree, writes 403 for
viewers (before any object is looked at), 404 for editors outside, and succeed inside."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f

DETAILS = [("union-detail", "union"), ("employer-detail", "employer"),
           ("member-detail", "member"), ("api-stats-node", "union")]


def _obj(tree, kind, side):
    return getattr(tree, f"{kind}_{side}")


@pytest.mark.parametrize("name, kind", DETAILS)
@pytest.mark.parametrize("who, inside, outside", [
    ("viewer_a", "a", "b"), ("editor_a", "a", "b"), ("viewer_b", "b", "a"),
])
def test_reads_are_scoped(request, api_for, tree, name, kind, who, inside, outside):
    api = api_for(request.getfixturevalue(who))
    assert api.get(reverse(name, args=[_obj(tree, kind, inside).pk])).status_code == 200
    assert api.get(reverse(name, args=[_obj(tree, kind, outside).pk])).status_code == 404


@pytest.mark.parametrize("name, kind", DETAILS)
def test_city_admin_reads_everything(api_for, city_officer, tree, name, kind):
    api = api_for(city_officer)
    for side in "ab":
        assert api.get(reverse(name, args=[_obj(tree, kind, side).pk])).status_code == 200


@pytest.mark.parametrize("name", ["union-list", "employer-list", "member-list", "api-stats"])
def test_lists_hold_only_the_callers_subtree(api_for, viewer_a, tree, name):
    content = api_for(viewer_a).get(reverse(name)).content.decode()
    for outside in (tree.union_b.name, tree.employer_b.name, tree.member_b.name):
        assert outside not in content


# Each write: (method, url name, which object's id goes in the URL, body builder).
def _union_body(tree, side):
    parent = tree.township_a if side == "a" else tree.county_b
    return {"parent": parent.pk, "name": "新建工会", "formation": "independent",
            "employers": [f.employer(parent).pk]}


def _employer_body(tree, side):
    return {"name": "新单位", "credit_code": f.credit_code(), "ownership": "private",
            "node": (tree.township_a if side == "a" else tree.county_b).pk, "employees": 10}


def _member_body(tree, side):
    return {"union": _obj(tree, "union", side).pk, "name": "王五",
            "resident_id": f.resident_id(), "joined_on": "2025-03-01"}


WRITES = [
    ("post", "union-list", None, _union_body, 201),
    ("patch", "union-detail", "union", lambda t, s: {"chair_name": "赵主席"}, 200),
    ("post", "employer-list", None, _employer_body, 201),
    ("patch", "employer-detail", "employer", lambda t, s: {"employees": 77}, 200),
    ("post", "member-list", None, _member_body, 201),
    ("patch", "member-detail", "member", lambda t, s: {"phone": "13900000000"}, 200),
    ("post", "member-leave", "member", lambda t, s: {"left_on": "2025-06-30"}, 200),
    ("post", "member-transfer", "member",
     lambda t, s: {"to_union": f.node(t.township_a if s == "a" else t.county_b, "grassroots",
                                      "接收工会").pk}, 201),
]


def _call(api, tree, write, side):
    method, name, kind, body, _ok = write
    url = reverse(name, args=[_obj(tree, kind, side).pk]) if kind else reverse(name)
    version = _obj(tree, kind, side).version if kind else None
    return getattr(api, method)(url, body(tree, side), version=version)


@pytest.mark.parametrize("write", WRITES, ids=[f"{w[0]} {w[1]}" for w in WRITES])
@pytest.mark.parametrize("side", ["a", "b"])
def test_viewers_may_not_write_anywhere(api_for, viewer_a, tree, write, side):
    assert _call(api_for(viewer_a), tree, write, side).status_code == 403


@pytest.mark.parametrize("write", WRITES, ids=[f"{w[0]} {w[1]}" for w in WRITES])
def test_editor_writes_inside(api_for, editor_a, tree, write):
    response = _call(api_for(editor_a), tree, write, "a")
    assert response.status_code == write[4], response.content
    assert response["ETag"] == f'"{response.json()["version"]}"'


@pytest.mark.parametrize("write", [w for w in WRITES if w[2]], ids=[
    f"{w[0]} {w[1]}" for w in WRITES if w[2]])
def test_editor_gets_404_on_objects_outside(api_for, editor_a, tree, write):
    assert _call(api_for(editor_a), tree, write, "b").status_code == 404


@pytest.mark.parametrize("write", [w for w in WRITES if not w[2]], ids=[
    f"{w[0]} {w[1]}" for w in WRITES if not w[2]])
def test_editor_creating_outside_is_told_the_id_does_not_exist(api_for, editor_a, tree, write):
    """A parent, node or union outside the scope is refused exactly like an unknown id."""
    response = _call(api_for(editor_a), tree, write, "b")
    assert response.status_code == 400
    assert "does not exist" in response.content.decode() or "不存在" in response.content.decode()
    assert tree.county_b.name not in response.content.decode()
    assert tree.union_b.name not in response.content.decode()


@pytest.mark.parametrize("write", WRITES, ids=[f"{w[0]} {w[1]}" for w in WRITES])
def test_city_admin_writes_in_both_counties(api_for, city_officer, tree, write):
    for side in "ab":
        response = _call(api_for(city_officer), tree, write, side)
        assert response.status_code == write[4], response.content
        tree = type(tree)(**{k: (v.__class__.objects.get(pk=v.pk) if hasattr(v, "pk") else v)
                            for k, v in vars(tree).items()})


def test_transfer_to_a_union_outside_is_refused_like_an_unknown_one(api_for, editor_a, tree):
    api = api_for(editor_a)
    url = reverse("member-transfer", args=[tree.member_a.pk])
    outside = api.post(url, {"to_union": tree.union_b.pk}, version=tree.member_a.version)
    unknown = api.post(url, {"to_union": 987654}, version=tree.member_a.version)
    assert outside.status_code == unknown.status_code == 400
    assert outside.content.replace(b"%d" % tree.union_b.pk, b"N") == \
        unknown.content.replace(b"987654", b"N")


def test_editor_may_not_create_a_federation_but_admin_may(api_for, editor_a, city_officer, tree):
    body = {"parent": tree.county_a.pk, "level": "township", "name": "新街道总工会"}
    assert api_for(editor_a).post(reverse("union-list"), body).status_code == 403
    assert api_for(city_officer).post(reverse("union-list"), body).status_code == 201
