"""Typing an ID tells whether the person is a member elsewhere: recorded and rate-limited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import services
from members.models import Member
from organizations.models import AuditEntry
from tests import factories as f


def add(c, union, resident_id, **extra):
    return c.post(reverse("member_create", args=[union.pk]), {
        "name": "孙七", "resident_id": resident_id, "joined_on": "2025-03-01", **extra})


def lookups():
    return list(AuditEntry.objects.filter(action="member.lookup").order_by("pk"))


def test_a_hit_outside_the_scope_is_recorded_without_the_id(client_for, editor_a, tree):
    response = add(client_for(editor_a), tree.union_a, tree.member_b.resident_id)
    assert response.context["form"].has_error("resident_id")
    (entry,) = lookups()
    assert entry.user == editor_a
    assert entry.data == {"resident_id": tree.member_b.masked_resident_id,
                          "result": "outside_scope", "via": "form"}
    assert tree.member_b.resident_id not in str(entry.data)


def test_a_hit_inside_the_scope_is_recorded(client_for, city_officer, tree):
    add(client_for(city_officer), tree.union_a, tree.member_b.resident_id)
    (entry,) = lookups()
    assert entry.user == city_officer and entry.data["result"] == "inside_scope"


def test_changing_an_id_to_a_members_id_is_a_recorded_lookup(tree, editor_a):
    with pytest.raises(ValidationError):
        services.member_update(member=tree.member_a, by=editor_a, version=None,
                               resident_id=tree.member_b.resident_id)
    (entry,) = lookups()
    assert entry.data["result"] == "outside_scope"


def test_a_new_person_is_no_recorded_lookup(client_for, editor_a, tree):
    assert add(client_for(editor_a), tree.union_a, f.resident_id(901)).status_code == 302
    assert lookups() == []


def test_beyond_the_hourly_limit_nothing_is_looked_up(client_for, editor_a, tree, settings):
    settings.ID_LOOKUP_LIMIT_PER_HOUR = 2
    others = [f.member(tree.union_b) for _ in range(3)]
    c = client_for(editor_a)
    for other in others[:2]:
        add(c, tree.union_a, other.resident_id)
    response = add(c, tree.union_a, others[2].resident_id)
    form = response.context["form"]
    assert form.has_error("resident_id", "lookup_limit")
    assert "上限" in response.content.decode()
    assert len(lookups()) == 2
    # Not even a new person: an answer "not a member anywhere" is an answer too.
    fresh = f.resident_id(902)
    assert add(c, tree.union_a, fresh).context["form"].has_error("resident_id", "lookup_limit")
    assert not Member.objects.with_resident_id(fresh).exists()


def test_the_limit_is_per_user(tree, editor_a, city_officer, settings):
    settings.ID_LOOKUP_LIMIT_PER_HOUR = 1
    day = datetime.date(2025, 3, 1)
    for user in (editor_a, city_officer):
        with pytest.raises(ValidationError) as excinfo:
            services.member_create(union=tree.union_a, by=user, name="李四",
                                   resident_id=tree.member_b.resident_id, joined_on=day)
        assert excinfo.value.error_dict["resident_id"][0].code != "lookup_limit"
    with pytest.raises(ValidationError) as excinfo:
        services.member_create(union=tree.union_a, by=editor_a, name="李四",
                               resident_id=tree.member_b.resident_id, joined_on=day)
    assert excinfo.value.error_dict["resident_id"][0].code == "lookup_limit"
