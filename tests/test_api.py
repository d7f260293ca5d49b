"""The API's reads: scoped lists and details, masked resident IDs (writes: tests/api/)."""

import pytest
from django.urls import reverse


def test_anonymous_is_refused(client, tree):
    response = client.get(reverse("union-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_union_list_is_scoped(client_for, editor_a, tree):
    data = client_for(editor_a).get(reverse("union-list")).json()
    names = {row["name"] for row in data["results"]}
    assert tree.union_a.name in names and tree.union_b.name not in names
    row = next(r for r in data["results"] if r["id"] == tree.union_a.pk)
    assert row["parent"] == tree.township_a.pk


def test_union_list_filters(client_for, city_officer, tree):
    c = client_for(city_officer)
    rows = c.get(reverse("union-list"), {"level": "grassroots"}).json()["results"]
    assert {r["id"] for r in rows} == {tree.union_a.pk, tree.union_b.pk}
    rows = c.get(reverse("union-list"), {"below": tree.county_b.pk}).json()["results"]
    assert {r["id"] for r in rows} == {tree.union_b.pk}


def test_employer_list_is_scoped_and_searchable(client_for, editor_a, tree):
    c = client_for(editor_a)
    rows = c.get(reverse("employer-list")).json()["results"]
    assert [r["id"] for r in rows] == [tree.employer_a.pk]
    rows = c.get(reverse("employer-list"), {"q": "乙"}).json()["results"]
    assert rows == []


def test_member_list_masks_resident_ids(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("member-list"))
    rows = response.json()["results"]
    assert [r["name"] for r in rows] == [tree.member_a.name]
    assert rows[0]["resident_id_masked"] == tree.member_a.masked_resident_id
    assert "resident_id" not in rows[0]
    assert tree.member_a.resident_id not in response.content.decode()


def test_member_search(client_for, editor_a, tree):
    rows = client_for(editor_a).get(reverse("member-list"), {"q": "1111"}).json()["results"]
    assert [r["id"] for r in rows] == [tree.member_a.pk]


@pytest.mark.parametrize("name, attr", [
    ("union-detail", "union_b"), ("employer-detail", "employer_b"), ("member-detail", "member_b"),
])
def test_outsider_gets_404_on_details(client_for, editor_a, tree, name, attr):
    c = client_for(editor_a)
    assert c.get(reverse(name, args=[getattr(tree, attr).pk])).status_code == 404


@pytest.mark.parametrize("name, attr", [
    ("union-detail", "union_a"), ("employer-detail", "employer_a"), ("member-detail", "member_a"),
])
def test_details_in_scope(client_for, editor_a, tree, name, attr):
    response = client_for(editor_a).get(reverse(name, args=[getattr(tree, attr).pk]))
    assert response.status_code == 200
    assert response.json()["id"] == getattr(tree, attr).pk


def test_api_offers_no_put_or_delete(client_for, editor_a, tree):
    c = client_for(editor_a)
    url = reverse("member-detail", args=[tree.member_a.pk])
    assert c.put(url, {}, content_type="application/json").status_code == 405
    assert c.delete(url).status_code == 405


def test_schema_generates(client_for, editor_a, tree):
    assert client_for(editor_a).get(reverse("api-schema")).status_code == 200


def test_member_list_pages_by_cursor_without_losing_anyone(client_for, city_officer, tree):
    from tests import factories as f

    extra = {f.member(tree.union_a).pk for _ in range(55)}
    client = client_for(city_officer)
    seen, url = [], reverse("member-list")
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 57
    assert extra <= set(seen)


def test_member_api_gives_nothing_that_completes_a_masked_id(client_for, viewer_a, tree):
    """Masked ID + full birth date = the full ID: the API gives year and month only."""
    from tests.members.pii_support import member_born_on_a_distinct_day, rebuildable

    person = member_born_on_a_distinct_day(tree.union_a)
    c = client_for(viewer_a)
    listed = c.get(reverse("member-list")).content.decode()
    detail = c.get(reverse("member-detail", args=[person.pk]))
    assert person.masked_resident_id in listed
    assert rebuildable(listed, person) == []
    assert rebuildable(detail.content.decode(), person) == []
    assert detail.json()["birth_month"] == f"{person.birth_date:%Y-%m}"


def test_member_api_search_does_not_confirm_hidden_id_digits(client_for, viewer_a, tree):
    from tests.members.pii_support import member_born_on_a_distinct_day

    person = member_born_on_a_distinct_day(tree.union_a)
    probe = person.resident_id[-6:]  # the birth day's two digits and the shown tail
    rows = client_for(viewer_a).get(reverse("member-list"), {"q": probe}).json()["results"]
    assert person.pk not in [r["id"] for r in rows]
