"""Optimistic concurrency over HTTP: the version is the ETag; a change without If-Match is
428, with a stale one 412, and nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import Member, MemberStatus

CHANGES = [
    ("patch", "union-detail", "union_a", {"chair_name": "新主席"}),
    ("patch", "employer-detail", "employer_a", {"employees": 99}),
    ("patch", "member-detail", "member_a", {"phone": "13700000000"}),
    ("post", "member-leave", "member_a", {}),
    ("post", "member-transfer", "member_a", None),  # body built below: needs a destination
]


def _body(tree, body):
    if body is not None:
        return body
    from tests import factories as f

    return {"to_union": f.node(tree.township_a, "grassroots", "接收工会").pk}


@pytest.mark.parametrize("method, name, attr, body", CHANGES, ids=[c[1] for c in CHANGES])
def test_missing_if_match_is_428(api_for, editor_a, tree, method, name, attr, body):
    obj = getattr(tree, attr)
    response = getattr(api_for(editor_a), method)(reverse(name, args=[obj.pk]), _body(tree, body))
    assert response.status_code == 428
    assert type(obj).objects.get(pk=obj.pk).version == obj.version


@pytest.mark.parametrize("stale", ['"0"', '"7"', "*", "garbage", 'W/"1"'])
@pytest.mark.parametrize("method, name, attr, body", CHANGES, ids=[c[1] for c in CHANGES])
def test_stale_or_unusable_if_match_is_412(api_for, editor_a, tree, method, name, attr, body,
                                           stale):
    obj = getattr(tree, attr)
    response = getattr(api_for(editor_a), method)(
        reverse(name, args=[obj.pk]), _body(tree, body), version=stale)
    assert response.status_code == 412
    assert type(obj).objects.get(pk=obj.pk).version == obj.version


def test_second_writer_with_the_same_etag_gets_412(api_for, editor_a, city_officer, tree):
    url = reverse("member-detail", args=[tree.member_a.pk])
    first, second = api_for(editor_a), api_for(city_officer)
    etag = first.get(url)["ETag"]
    assert etag == f'"{tree.member_a.version}"'
    assert first.patch(url, {"phone": "13800001111"}, version=etag).status_code == 200
    response = second.patch(url, {"phone": "13800002222"}, version=etag)
    assert response.status_code == 412
    assert Member.objects.get(pk=tree.member_a.pk).phone == "13800001111"


def test_every_answer_about_one_object_carries_its_etag(api_for, editor_a, tree):
    api = api_for(editor_a)
    url = reverse("employer-detail", args=[tree.employer_a.pk])
    assert api.get(url)["ETag"] == '"1"'
    changed = api.patch(url, {"employees": 51}, version='"1"')
    assert changed["ETag"] == '"2"' and changed.json()["version"] == 2
    assert api.get(url)["ETag"] == '"2"'


def test_leave_then_transfer_with_the_old_etag_is_412(api_for, editor_a, tree):
    api = api_for(editor_a)
    version = tree.member_a.version
    left = api.post(reverse("member-leave", args=[tree.member_a.pk]), {}, version=version)
    assert left.status_code == 200 and left.json()["status"] == MemberStatus.LEFT
    response = api.post(reverse("member-transfer", args=[tree.member_a.pk]),
                        {"to_union": tree.union_a.pk}, version=version)
    assert response.status_code == 412
