"""注销: refused while members or employers remain; then the union and its employers are free."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members import services as member_services
from organizations import services
from organizations.lifecycle.ending import UnionStillInUse, union_dissolve
from organizations.models import AuditEntry, Employer, Formation, Level, Role, Union, UnionStatus
from tests import factories as f
from tests.organizations.test_founding import new_employer
from tests.reports.conftest import assert_counts_agree_with_recount

TODAY = timezone.localdate()


def _fresh(union: Union) -> Union:
    return Union.objects.get(pk=union.pk)


def test_refused_while_members_or_employers_remain(counted, editor_a):
    with pytest.raises(UnionStillInUse) as excinfo:
        union_dissolve(union=counted.union_a, by=editor_a, on=TODAY, reason="停产")
    assert (excinfo.value.members, excinfo.value.employers) == (1, 1)
    member_services.member_leave(member=counted.member_a, by=editor_a, version=None)
    with pytest.raises(UnionStillInUse) as excinfo:  # the employer still covered
        union_dissolve(union=counted.union_a, by=editor_a, on=TODAY, reason="停产")
    assert (excinfo.value.members, excinfo.value.employers) == (0, 1)
    assert _fresh(counted.union_a).status == UnionStatus.ACTIVE
    assert_counts_agree_with_recount()


def test_dissolved_with_date_and_reason_then_everything_is_free(counted, editor_a):
    member_services.member_leave(member=counted.member_a, by=editor_a, version=None)
    day = TODAY - datetime.timedelta(days=2)
    union_dissolve(union=counted.union_a, by=editor_a, on=day, reason="企业停产",
                   release_employers=True)
    union = _fresh(counted.union_a)
    assert (union.status, union.dissolved_on, union.dissolution_reason) == (
        UnionStatus.DISSOLVED, day, "企业停产")
    assert_counts_agree_with_recount()
    assert AuditEntry.objects.filter(action="union.dissolve", object_id=str(union.pk)).exists()
    # Its employer can be covered by another union …
    again = services.union_create(parent=counted.township_a, level=Level.GRASSROOTS, by=editor_a,
                                  employers=[counted.employer_a], name="新工会",
                                  formation=Formation.INDEPENDENT)
    assert Employer.objects.get(pk=counted.employer_a.pk).union == again
    # … and no member can be added to the dissolved union, nor transferred into it.
    with pytest.raises(ValidationError):
        member_services.member_create(union=union, by=editor_a, name="王五",
                                      resident_id=f.resident_id(), joined_on=TODAY)
    with pytest.raises(ValidationError):
        member_services.member_transfer(member=counted.member_b, to_union=union,
                                        by=f.staff("boss", counted.city, Role.ADMIN))
    assert_counts_agree_with_recount()


def test_a_dissolved_unions_employer_is_free_even_if_it_was_left_attached(counted, editor_a):
    """Unions dissolved before this release kept their employers attached: those are free."""
    Union.objects.filter(pk=counted.union_a.pk).update(status=UnionStatus.DISSOLVED)
    union = services.union_create(parent=counted.township_a, level=Level.GRASSROOTS, by=editor_a,
                                  employers=[counted.employer_a], name="接替工会",
                                  formation=Formation.INDEPENDENT)
    assert Employer.objects.get(pk=counted.employer_a.pk).union == union


def test_withdrawing_a_preparation_releases_its_reserved_employers(counted, editor_a):
    employer = new_employer(editor_a, counted.township_a)
    union = services.union_create(parent=counted.township_a, level=Level.GRASSROOTS, by=editor_a,
                                  employers=[employer], name="撤销工会",
                                  formation=Formation.INDEPENDENT)
    union_dissolve(union=union, by=editor_a, on=TODAY, reason="企业不同意")
    assert _fresh(union).status == UnionStatus.WITHDRAWN
    assert Employer.objects.get(pk=employer.pk).union is None
    assert_counts_agree_with_recount()


def test_the_page_shows_the_counts_and_ways_to_move_them(client_for, counted, editor_a):
    response = client_for(editor_a).post(
        reverse("union_dissolve", args=[counted.union_a.pk]),
        {"on": TODAY.isoformat(), "reason": "停产", "version": _fresh(counted.union_a).version})
    assert response.status_code == 200
    assert (response.context["in_use"].members, response.context["in_use"].employers) == (1, 1)
    body = response.content.decode()
    assert reverse("union_merge", args=[counted.union_a.pk]) in body
    assert reverse("employer_close", args=[counted.employer_a.pk]) in body
    assert _fresh(counted.union_a).status == UnionStatus.ACTIVE


def test_the_dissolution_page_is_404_outside_the_scope(client_for, counted):
    outsider = f.staff("editor_b", counted.county_b, Role.EDITOR)
    url = reverse("union_dissolve", args=[counted.union_a.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, {"on": TODAY.isoformat(), "reason": "x"}).status_code == 404
