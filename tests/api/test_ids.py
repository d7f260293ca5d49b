"""Resident IDs through the API: masked for every role, administrators included. The API offers
no full-ID read; a full ID goes in (create, change) and never comes back out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import Member
from tests import factories as f
from tests.members.pii_support import BIRTH, rebuildable

ROLES = ["viewer_a", "editor_a", "city_officer", "superuser"]


@pytest.mark.parametrize("who", ROLES)
def test_every_role_reads_masked_ids_only(request, api_for, tree, who):
    api = api_for(request.getfixturevalue(who))
    person = f.member(tree.union_a, resident_id=f.resident_id(birth=BIRTH))
    for url in (reverse("member-list"), reverse("member-detail", args=[person.pk]),
                reverse("member-list") + "?updated_since=2000-01-01T00:00:00Z"):
        response = api.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert person.masked_resident_id in text
        assert rebuildable(text, person) == []
        assert '"resident_id"' not in text


@pytest.mark.parametrize("who", ["editor_a", "city_officer"])
def test_written_ids_do_not_come_back(request, api_for, tree, who):
    api = api_for(request.getfixturevalue(who))
    new_id = f.resident_id(birth=BIRTH)
    created = api.post(reverse("member-list"), {
        "union": tree.union_a.pk, "name": "王五", "resident_id": new_id, "joined_on": "2025-01-02"})
    assert created.status_code == 201
    assert new_id not in created.content.decode()
    member = Member.objects.get(pk=created.json()["id"])
    assert member.has_resident_id(new_id)  # sealed: compared by keyed hash
    other = f.resident_id(birth=BIRTH)
    changed = api.patch(reverse("member-detail", args=[member.pk]), {"resident_id": other},
                        version=member.version)
    assert changed.status_code == 200 and other not in changed.content.decode()
    assert Member.objects.get(pk=member.pk).has_resident_id(other)


def test_schema_has_no_readable_full_id(api_for, editor_a):
    schema = api_for(editor_a).get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    member = schema["components"]["schemas"]["Member"]["properties"]
    assert "resident_id" not in member and "birth_date" not in member
    assert "resident_id" in schema["components"]["schemas"]["MemberWriteRequest"]["properties"]
