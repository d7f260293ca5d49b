"""Elections replace the committee and keep the history; the 换届 list, under scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from governance import selectors, services
from governance.models import Committee, Election, Officer, OfficerRole
from organizations.models import AuditEntry, Level, Union, UnionStatus
from tests import factories as f
from tests.governance.conftest import elect, slate


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def test_election_replaces_the_committee_and_keeps_history(tree, editor_a, today):
    first = elect(tree.union_a, editor_a, held_on=today - days(2000))
    old = first.committee
    second = elect(tree.union_a, editor_a, held_on=today - days(10), years=3,
                   officers=slate(OfficerRole.CHAIR, OfficerRole.WOMEN_CHAIR))

    old.refresh_from_db()
    assert old.ended_on == today - days(10)
    assert second.replaced == old
    assert Committee.objects.filter(union=tree.union_a).count() == 2
    assert Committee.objects.current().get(union=tree.union_a) == second.committee
    # The old officers are still there, their roles ended on the election day.
    assert list(old.officers.values_list("end_on", flat=True)) == [today - days(10)] * 3
    assert second.committee.officers.current().count() == 2
    assert second.committee.term_end == (today - days(10)).replace(
        year=(today - days(10)).year + 3)
    history = selectors.committee_history(user=editor_a, union=tree.union_a)
    assert [c.pk for c in history] == [second.committee.pk, old.pk]


def test_election_updates_the_union_chair_and_is_audited(tree, editor_a, today):
    election = elect(tree.union_a, editor_a, held_on=today)
    tree.union_a.refresh_from_db()
    assert tree.union_a.chair_name == "干部0"
    entry = AuditEntry.objects.get(action="election.record")
    assert entry.object_id == str(election.pk) and entry.node == tree.union_a
    assert entry.user == editor_a
    assert "resident_id" not in str(entry.data)


def test_a_committee_has_exactly_one_chair(tree, editor_a, today):
    with pytest.raises(ValidationError):
        elect(tree.union_a, editor_a, held_on=today,
              officers=slate(OfficerRole.VICE_CHAIR, OfficerRole.MEMBER))
    with pytest.raises(ValidationError):
        elect(tree.union_a, editor_a, held_on=today,
              officers=slate(OfficerRole.CHAIR, OfficerRole.CHAIR))
    assert not Committee.objects.exists()


def test_a_wrong_resident_id_refuses_the_whole_election(tree, editor_a, today):
    officers = slate()
    officers[1]["resident_id"] = "110101199001010000"
    with pytest.raises(ValidationError):
        elect(tree.union_a, editor_a, held_on=today, officers=officers)
    assert not Officer.objects.exists() and not Election.objects.exists()


def test_an_election_before_the_current_term_is_refused(tree, editor_a, today):
    elect(tree.union_a, editor_a, held_on=today - days(100))
    with pytest.raises(ValidationError):
        elect(tree.union_a, editor_a, held_on=today - days(200))


def test_an_election_outside_the_scope_is_refused(tree, editor_a, today):
    with pytest.raises(Http404):
        elect(tree.union_b, editor_a, held_on=today)


def _committee(union, term_end: dt.date) -> Committee:
    """A committee whose term ends on `term_end` (elected the term's length before)."""
    start = term_end.replace(year=term_end.year - 5)
    return elect(union, f.staff(f"u{union.pk}-{term_end}", union, "editor"),
                 held_on=start).committee


def test_due_list_has_terms_ending_within_90_days_or_past(tree, city_officer, today):
    overdue = _committee(tree.union_a, today - days(30))
    soon = _committee(tree.union_b, today + days(90))
    later = f.node(tree.county_a, Level.GRASSROOTS, "丙公司工会委员会")
    _committee(later, today + days(91))

    rows = selectors.elections_due(user=city_officer, node=tree.city, today=today)
    assert [(r.committee.pk, r.days_overdue) for r in rows] == [(overdue.pk, 30), (soon.pk, -90)]


def test_due_list_under_scope(tree, editor_a, city_officer, today):
    _committee(tree.union_a, today - days(5))
    _committee(tree.union_b, today - days(5))  # county B: not editor_a's
    rows = selectors.elections_due(user=editor_a, node=tree.county_a, today=today)
    assert [r.union for r in rows] == [tree.union_a]
    with pytest.raises(Http404):
        selectors.elections_due(user=editor_a, node=tree.county_b, today=today)


def test_due_list_leaves_out_dissolved_unions_and_the_node_itself(tree, city_officer, today):
    _committee(tree.county_a, today - days(5))
    _committee(tree.union_a, today - days(5))
    Union.objects.filter(pk=tree.union_a.pk).update(status=UnionStatus.DISSOLVED)
    assert selectors.elections_due(user=city_officer, node=tree.county_a, today=today) == []
    assert selectors.elections_due_count(tree.county_a, today=today) == 0


def test_share_of_unions_with_a_current_committee(tree, today):
    _committee(tree.union_a, today + days(400))
    _committee(tree.union_b, today - days(1))  # ended: not current
    share = selectors.committee_share(tree.city, today=today)
    assert (share.with_current, share.unions) == (1, 2)
    assert share.percent == 50
    assert selectors.committee_share(tree.county_b, today=today).percent == 0


def test_by_election_and_ending_a_role(tree, editor_a, today):
    committee = elect(tree.union_a, editor_a, held_on=today - days(50)).committee
    chair = committee.officers.get(role=OfficerRole.CHAIR)
    with pytest.raises(ValidationError):
        services.officer_add(committee=committee, by=editor_a, start_on=today,
                             role=OfficerRole.CHAIR, name="新主席", resident_id=f.resident_id())
    services.officer_end(officer=chair, on=today - days(1), by=editor_a)
    services.officer_add(committee=committee, by=editor_a, start_on=today,
                         role=OfficerRole.CHAIR, name="新主席", resident_id=f.resident_id())
    assert committee.officers.count() == 4
    assert committee.officers.current().get(role=OfficerRole.CHAIR).name == "新主席"
    tree.union_a.refresh_from_db()
    assert tree.union_a.chair_name == "新主席"
