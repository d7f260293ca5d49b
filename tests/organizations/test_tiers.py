import pytest
from django.core.exceptions import ValidationError

from organizations import services
from organizations.models import Formation, Level, Union, check_tier
from tests import factories as f


@pytest.mark.parametrize(
    ("parent_level", "level"),
    [
        (Level.CITY, Level.COUNTY),
        (Level.COUNTY, Level.TOWNSHIP),
        (Level.TOWNSHIP, Level.VILLAGE),
        (Level.COUNTY, Level.GRASSROOTS),
        (Level.TOWNSHIP, Level.GRASSROOTS),
        (Level.VILLAGE, Level.GRASSROOTS),
    ],
)
def test_allowed_tiers(parent_level, level):
    check_tier(parent=Union(level=parent_level), level=level)


@pytest.mark.parametrize(
    ("parent_level", "level"),
    [
        (Level.CITY, Level.GRASSROOTS),
        (Level.CITY, Level.TOWNSHIP),
        (Level.COUNTY, Level.VILLAGE),
        (Level.COUNTY, Level.COUNTY),
        (Level.VILLAGE, Level.TOWNSHIP),
        (Level.GRASSROOTS, Level.GRASSROOTS),
        (Level.GRASSROOTS, Level.VILLAGE),
    ],
)
def test_refused_tiers(parent_level, level):
    with pytest.raises(ValidationError) as excinfo:
        check_tier(parent=Union(level=parent_level), level=level)
    assert excinfo.value.code == "tier"


def test_only_a_city_is_a_root():
    check_tier(parent=None, level=Level.CITY)
    with pytest.raises(ValidationError):
        check_tier(parent=None, level=Level.COUNTY)


def test_service_refuses_a_grassroots_union_under_the_city(tree, city_officer):
    employer = f.employer(tree.township_a)
    before = Union.objects.count()
    with pytest.raises(ValidationError):
        services.union_create(
            parent=tree.city, level=Level.GRASSROOTS, by=city_officer, employers=[employer],
            name="错层工会", formation=Formation.INDEPENDENT,
        )
    assert Union.objects.count() == before


def test_formation_is_enforced_by_the_database(tree):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Union.objects.filter(pk=tree.union_a.pk).update(formation="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Union.objects.filter(pk=tree.county_a.pk).update(formation=Formation.JOINT)
