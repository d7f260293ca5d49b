"""History of unions and employers: before and after values, who and when, same transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from organizations import services
from organizations.lifecycle.ending import employer_close
from organizations.models import Employer, EmployerStatus, Formation, Level, Role, Union
from tests import factories as f
from tests.organizations.test_founding import new_employer

TODAY = timezone.localdate()


def test_an_edit_is_recorded_with_who_and_the_chinese_field_name(client_for, counted, editor_a):
    services.union_update(union=counted.union_a, by=editor_a, version=None, chair_name="王主席")
    page = client_for(editor_a).get(reverse("union_life", args=[counted.union_a.pk]))
    latest = page.context["timeline"][0]
    assert latest.who == "editor_a"
    assert [(c.label, c.before, c.after) for c in latest.changes] == [("工会主席", "—", "王主席")]
    assert "工会主席" in page.content.decode()


def test_a_refused_change_leaves_no_history(counted, editor_a):
    before = Union.history.count(), Employer.history.count()
    taken = new_employer(editor_a, counted.township_a)
    with pytest.raises(ValidationError), transaction.atomic():
        services.union_create(parent=counted.township_a, level=Level.GRASSROOTS, by=editor_a,
                              employers=[taken, counted.employer_a], name="冲突工会",
                              formation=Formation.JOINT)
    assert (Union.history.count(), Employer.history.count()) == (before[0], before[1] + 1)


def test_covering_by_bulk_update_is_recorded_for_each_employer(counted, editor_a):
    one, two = new_employer(editor_a, counted.village_a), new_employer(editor_a, counted.village_a)
    union = services.union_create(parent=counted.village_a, level=Level.GRASSROOTS, by=editor_a,
                                  employers=[one, two], name="联合工会", formation=Formation.JOINT)
    for employer in (one, two):
        latest = employer.history.order_by("-history_date", "-history_id").first()
        assert (latest.union_id, latest.history_user) == (union.pk, editor_a)


def test_the_employer_page_shows_its_timeline(client_for, counted, editor_a):
    employer_close(employer=counted.employer_a, by=editor_a, status=EmployerStatus.CLOSED,
                   on=TODAY, reason="注销登记")
    page = client_for(editor_a).get(reverse("employer_detail", args=[counted.employer_a.pk]))
    changes = {c.label: c.after for c in page.context["timeline"][0].changes}
    assert changes["经营状态"] == "已注销" and changes["注销原因"] == "注销登记"


def test_names_outside_the_scope_are_not_revealed(client_for, counted, city_officer):
    """A county editor sees where a union came from only if that place is in the county."""
    from organizations.lifecycle.moves import union_move

    union_move(union=counted.union_b, to_parent=counted.township_a, by=city_officer)
    editor = f.staff("editor_x", counted.county_a, Role.EDITOR)
    page = client_for(editor).get(reverse("union_life", args=[counted.union_b.pk]))
    body = page.content.decode()
    assert counted.county_b.name not in body
