"""No page a role sees gives back a full resident ID: masked ID + birth date = the ID.

Each test plays the viewer: take what the page shows (or what a search answers) and try to
complete the masked ID. The API and the roster export have theirs in tests/test_api.py and
tests/reports/test_export_roster.py.
"""

import pytest
from django.urls import reverse

from tests.members.pii_support import member_born_on_a_distinct_day, rebuildable


@pytest.fixture
def person(tree):
    return member_born_on_a_distinct_day(tree.union_a, name="周八")


def test_roster_page_shows_nothing_that_completes_a_masked_id(client_for, viewer_a, person):
    response = client_for(viewer_a).get(reverse("union_detail", args=[person.union_id]))
    content = response.content.decode()
    assert person.masked_resident_id in content
    assert rebuildable(content, person) == []


@pytest.mark.parametrize("length", [5, 6])
def test_roster_search_does_not_confirm_hidden_id_digits(client_for, viewer_a, person, length):
    """Searching the masked tail plus a guessed birth day would confirm the day digit by digit."""
    probe = person.resident_id[-length:]
    response = client_for(viewer_a).get(
        reverse("union_detail", args=[person.union_id]), {"q": probe})
    assert person not in response.context["page"].object_list


def test_member_page_shows_nothing_that_completes_a_masked_id(client_for, editor_a, person):
    response = client_for(editor_a).get(reverse("member_edit", args=[person.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert person.masked_resident_id in content
    assert rebuildable(content, person) == []


def test_admin_change_page_shows_the_masked_id_only(client_for, superuser, person):
    url = reverse("admin:members_member_change", args=[person.pk])
    response = client_for(superuser).get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert person.masked_resident_id in content
    assert rebuildable(content, person) == []


def test_admin_list_shows_the_masked_id_only(client_for, superuser, person):
    response = client_for(superuser).get(reverse("admin:members_member_changelist"))
    content = response.content.decode()
    assert person.masked_resident_id in content
    assert rebuildable(content, person) == []


@pytest.mark.parametrize("lookup", [
    "resident_id", "resident_id__startswith", "resident_id__contains", "birth_date",
    "birth_date__day", "resident_id_last4", "resident_id_enc__startswith", "resident_id_hash",
])
def test_admin_list_refuses_filters_on_hidden_id_digits(client_for, superuser, person, lookup):
    """The admin accepts any local-field filter in the URL: a door to confirm an ID bit by bit."""
    value = {
        "resident_id": person.resident_id, "resident_id__startswith": person.resident_id[:10],
        "resident_id__contains": person.resident_id[6:14],
        "resident_id_last4": person.resident_id[-4:], "resident_id_enc__startswith": "test1:",
        "resident_id_hash": "00",
        "birth_date": person.birth_date.isoformat(), "birth_date__day": person.birth_date.day,
    }[lookup]
    response = client_for(superuser).get(
        reverse("admin:members_member_changelist"), {lookup: value})
    assert response.status_code == 400
