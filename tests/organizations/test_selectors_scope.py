import pytest
from django.http import Http404

from members import selectors as member_selectors
from organizations import selectors
from organizations.scope import scope_of
from tests import factories as f


def test_county_editor_sees_only_county_a(tree, editor_a):
    names = set(selectors.union_list(user=editor_a).values_list("name", flat=True))
    assert tree.union_a.name in names and tree.county_a.name in names
    assert tree.union_b.name not in names and tree.city.name not in names
    assert list(selectors.employer_list(user=editor_a)) == [tree.employer_a]
    assert list(member_selectors.member_list(user=editor_a)) == [tree.member_a]


def test_out_of_scope_gets_404(tree, editor_a):
    with pytest.raises(Http404):
        selectors.union_get(user=editor_a, pk=tree.union_b.pk)
    with pytest.raises(Http404):
        selectors.employer_get(user=editor_a, pk=tree.employer_b.pk)
    with pytest.raises(Http404):
        member_selectors.member_get(user=editor_a, pk=tree.member_b.pk)


def test_city_officer_sees_everything(tree, city_officer):
    assert selectors.union_list(user=city_officer).count() == 7
    assert member_selectors.member_list(user=city_officer).count() == 2


def test_user_without_staff_account_sees_nothing(tree, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="pw-for-tests-1")
    assert scope_of(nobody) is None
    assert not selectors.union_list(user=nobody).exists()
    assert not member_selectors.member_list(user=nobody).exists()


def test_superuser_sees_the_whole_city(tree, superuser):
    assert scope_of(superuser) == tree.city


def test_roster_search_by_name_id_tail_and_phone(tree, city_officer):
    tail = tree.member_a.resident_id[-4:]
    for term in ("张三", tail, "0000111"):
        found = member_selectors.member_list(user=city_officer, search=term)
        assert list(found) == [tree.member_a], term


def test_similar_prefix_paths_do_not_leak(tree, editor_a):
    # Sibling paths share prefixes at shallower depths only; a deep sibling must still stay out.
    other = f.node(tree.county_b, "township", "乙街道总工会")
    assert not selectors.union_list(user=editor_a).filter(pk=other.pk).exists()
